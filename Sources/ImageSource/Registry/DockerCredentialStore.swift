import Foundation

/// Finds credentials for a registry: explicit options first, then the docker config file
/// (`credHelpers` for the host, then `credsStore`, then `auths`), as `docker login` left them.
struct DockerCredentialStore: Sendable {
    var options: SourceOptions
    var environment: [String: String]

    /// The docker config file to read: the option, else `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
    var configPath: String {
        if let path = options.dockerConfigPath { return path }
        if let directory = environment["DOCKER_CONFIG"], !directory.isEmpty { return directory + "/config.json" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.docker/config.json"
    }

    /// The credential for `registry` (as written in the reference, e.g. `docker.io`, `localhost:5000`), or nil.
    func credential(for registry: String) async throws(RegistryError) -> RegistryCredential? {
        if options.username != nil || options.password != nil {
            return RegistryCredential(
                username: options.username, password: options.password, source: "--username/--password")
        }
        guard let config = try loadConfig() else { return nil }
        let keys = Self.lookupKeys(for: registry)
        if let helper = Self.value(in: config.credHelpers, forAnyOf: keys) {
            if let found = try await runHelper(helper, serverURL: Self.serverURL(for: registry)) { return found }
        } else if let store = config.credsStore, !store.isEmpty {
            if let found = try await runHelper(store, serverURL: Self.serverURL(for: registry)) { return found }
        }
        guard let auths = config.auths else { return nil }
        for (key, entry) in auths where keys.contains(Self.normalizeKey(key)) {
            return try entry.credential(key: key, file: configPath)
        }
        return nil
    }

    private func loadConfig() throws(RegistryError) -> DockerConfigFile? {
        let path = configPath
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RegistryError(.credentials, "cannot read docker config '\(path)'")
        }
        guard data.count <= 4 << 20 else {
            throw RegistryError(.credentials, "docker config '\(path)' is larger than 4 MiB")
        }
        do { return try JSONDecoder().decode(DockerConfigFile.self, from: data) } catch {
            throw RegistryError(.credentials, "docker config '\(path)' is not valid JSON: \(Self.describe(error))")
        }
    }

    /// The keys `registry` may be stored under, normalised (scheme and path removed, lowercased).
    static func lookupKeys(for registry: String) -> Set<String> {
        let host = registry.lowercased()
        if host == "docker.io" || host == "index.docker.io" || host == "registry-1.docker.io" {
            return ["docker.io", "index.docker.io", "registry-1.docker.io"]
        }
        return [host]
    }

    /// `https://host/v1/` → `host`.
    static func normalizeKey(_ key: String) -> String {
        var text = Substring(key.lowercased())
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        return String(text)
    }

    /// What a credential helper is asked for: Docker Hub's legacy index URL, else the host.
    static func serverURL(for registry: String) -> String {
        lookupKeys(for: registry).contains("docker.io") ? "https://index.docker.io/v1/" : registry
    }

    private static func value(in map: [String: String]?, forAnyOf keys: Set<String>) -> String? {
        guard let map else { return nil }
        return map.first { keys.contains(normalizeKey($0.key)) }?.value
    }

    /// Runs `docker-credential-<name> get` with the server URL on stdin; nil when it has no credentials.
    func runHelper(_ name: String, serverURL: String) async throws(RegistryError) -> RegistryCredential? {
        let program = "docker-credential-" + name
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw RegistryError(.credentials, "credential helper name '\(name.prefix(100))' is not valid")
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        guard
            let executable = path.split(separator: ":").map({ "\($0)/\(program)" }).first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw RegistryError(.credentials, "credential helper '\(program)' (from docker config) is not on PATH")
        }
        let result: HelperResult
        do { result = try await HelperProcess.run(executable, arguments: ["get"], input: serverURL, timeout: 30) } catch
        {
            throw RegistryError(.credentials, "credential helper '\(program)' could not run: \(error)")
        }
        let output = String(decoding: result.output, as: UTF8.self)
        if result.status != 0 {
            // The helper protocol's "nothing stored" answer is not an error: pull anonymously.
            if output.lowercased().contains("credentials not found") { return nil }
            let detail =
                (output.isEmpty ? String(decoding: result.error, as: UTF8.self) : output)
                .split(whereSeparator: \.isNewline).first.map(String.init) ?? "no output"
            throw RegistryError(
                .credentials,
                "credential helper '\(program)' failed for '\(serverURL)' (exit \(result.status)): \(detail.prefix(200))"
            )
        }
        struct Answer: Decodable {
            var Username: String?
            var Secret: String?
        }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: result.output) else {
            throw RegistryError(.credentials, "credential helper '\(program)' printed something that is not JSON")
        }
        if answer.Username == "<token>" {
            return RegistryCredential(identityToken: answer.Secret, source: program)
        }
        return RegistryCredential(username: answer.Username, password: answer.Secret, source: program)
    }

    static func describe(_ error: any Error) -> String {
        if let decoding = error as? DecodingError {
            switch decoding {
            case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
                .valueNotFound(_, let context):
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
            @unknown default: return "\(error)"
            }
        }
        return "\(error)"
    }
}

/// The parts of `~/.docker/config.json` that hold credentials.
struct DockerConfigFile: Decodable {
    var auths: [String: AuthEntry]?
    var credHelpers: [String: String]?
    var credsStore: String?

    /// One `auths` entry: `auth` (base64 `user:password`), or `username`/`password`, or `identitytoken`.
    struct AuthEntry: Decodable {
        var auth: String?
        var username: String?
        var password: String?
        var identitytoken: String?

        func credential(key: String, file: String) throws(RegistryError) -> RegistryCredential? {
            let source = "\(file) auths[\(key)]"
            if let token = identitytoken, !token.isEmpty {
                return RegistryCredential(identityToken: token, source: source)
            }
            if let auth, !auth.isEmpty {
                guard let data = Data(base64Encoded: auth), let text = String(data: data, encoding: .utf8),
                    let colon = text.firstIndex(of: ":")
                else {
                    throw RegistryError(
                        .credentials, "docker config '\(file)': auths['\(key)'].auth is not base64 of 'user:password'")
                }
                return RegistryCredential(
                    username: String(text[..<colon]), password: String(text[text.index(after: colon)...]),
                    source: source)
            }
            if username != nil || password != nil {
                return RegistryCredential(username: username, password: password, source: source)
            }
            return nil
        }
    }
}
