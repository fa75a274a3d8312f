/// How to find and fetch an image: shared by every source (registry, archives, directories).
public struct SourceOptions: Sendable {
    /// `os/arch[/variant]` to pick from a multi-platform index; nil means the host's (`linux/amd64` here).
    public var platform: String?
    /// Where blobs are cached by digest (`<cache>/blobs/sha256/…`); see `defaultCacheDirectory`.
    public var cacheDirectory: String
    /// Registry user name from flags or env (`PLIMSOLL_REGISTRY_USERNAME`); overrides docker config.
    public var username: String?
    /// Registry password or token from flags or env (`PLIMSOLL_REGISTRY_PASSWORD`).
    public var password: String?
    /// A PEM bundle of extra CA certificates for registries.
    public var caBundle: String?
    /// Registries (`host[:port]`) that may be reached over plain HTTP or with an unverified certificate.
    public var insecureRegistries: [String]
    /// The docker config file with `auths`, `credHelpers`, `credsStore`; nil means `~/.docker/config.json`
    /// (or `$DOCKER_CONFIG/config.json`).
    public var dockerConfigPath: String?
    /// How many times a failed request (429, 5xx, dropped connection) is retried.
    public var retries: Int
    /// Receives progress events; shown on a terminal, ignored otherwise.
    public var progress: (@Sendable (ProgressEvent) -> Void)?

    public init(
        platform: String? = nil, cacheDirectory: String, username: String? = nil, password: String? = nil,
        caBundle: String? = nil, insecureRegistries: [String] = [], dockerConfigPath: String? = nil,
        retries: Int = 4, progress: (@Sendable (ProgressEvent) -> Void)? = nil
    ) {
        self.platform = platform
        self.cacheDirectory = cacheDirectory
        self.username = username
        self.password = password
        self.caBundle = caBundle
        self.insecureRegistries = insecureRegistries
        self.dockerConfigPath = dockerConfigPath
        self.retries = retries
        self.progress = progress
    }

    /// `$PLIMSOLL_CACHE_DIR`, else `$XDG_CACHE_HOME/plimsoll`, else `$HOME/.cache/plimsoll`.
    public static func defaultCacheDirectory(environment: [String: String]) -> String {
        if let explicit = environment["PLIMSOLL_CACHE_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/plimsoll" }
        return (environment["HOME"] ?? "/root") + "/.cache/plimsoll"
    }
}

/// Something worth showing on a progress line.
public enum ProgressEvent: Sendable {
    /// A blob download advanced: digest, bytes so far, total when known.
    case downloading(digest: String, bytes: Int64, total: Int64?)
    /// A layer is being read: index (0-based), count, bytes read so far.
    case readingLayer(index: Int, count: Int, bytes: Int64)
    /// A free-form step, e.g. `resolving manifest`.
    case step(String)
}
