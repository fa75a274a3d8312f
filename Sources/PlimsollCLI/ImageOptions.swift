import ImageSource

/// The options every command that opens an image accepts, and how they become `SourceOptions`.
struct ImageOptions {
    static let options: Set<String> = [
        "--platform", "--username", "--password", "--ca-bundle", "--insecure-registry", "--docker-config",
        "--cache-dir",
    ]
    static let flags: Set<String> = ["--quiet"]

    static let help = """
          --platform OS/ARCH[/VARIANT]   platform to pick from a multi-platform image (default: linux/amd64)
          --username USER                registry user (env PLIMSOLL_REGISTRY_USERNAME)
          --password PASS                registry password or token (env PLIMSOLL_REGISTRY_PASSWORD)
          --ca-bundle FILE               extra CA certificates for registries (env PLIMSOLL_REGISTRY_CA)
          --insecure-registry HOST[:PORT]
                                         allow plain HTTP / unverified TLS for this registry (repeatable;
                                         env PLIMSOLL_REGISTRY_INSECURE, comma-separated)
          --docker-config FILE           docker config with auths/credHelpers (default ~/.docker/config.json)
          --cache-dir DIR                blob and database cache (env PLIMSOLL_CACHE_DIR)
          --quiet                        no progress output
        """

    /// Builds source options from parsed arguments and the environment.
    static func sourceOptions(_ arguments: ParsedArguments, terminal: Terminal, progress: ProgressDisplay?)
        -> SourceOptions
    {
        let environment = terminal.environment
        var insecure = arguments.values("--insecure-registry")
        if let fromEnvironment = environment["PLIMSOLL_REGISTRY_INSECURE"] {
            insecure += fromEnvironment.split(separator: ",").map { String($0) }
        }
        var options = SourceOptions(
            platform: arguments.value("--platform"),
            cacheDirectory: arguments.value("--cache-dir")
                ?? SourceOptions.defaultCacheDirectory(environment: environment),
            username: arguments.value("--username") ?? environment["PLIMSOLL_REGISTRY_USERNAME"],
            password: arguments.value("--password") ?? environment["PLIMSOLL_REGISTRY_PASSWORD"],
            caBundle: arguments.value("--ca-bundle") ?? environment["PLIMSOLL_REGISTRY_CA"],
            insecureRegistries: insecure,
            dockerConfigPath: arguments.value("--docker-config")
        )
        if let progress { options.progress = { event in progress.show(event) } }
        return options
    }
}
