import Foundation
import Model
import TestSupport
import Testing

@testable import ImageSource

/// Basic auth, docker config credentials and credential helpers, against the real basic-auth registry.
@Suite(.enabled(if: RegistryTestEnvironment.basicAuth != nil, "needs PLIMSOLL_TEST_REGISTRY_AUTH"))
struct RegistryBasicAuthTests {
    typealias Env = RegistryTestEnvironment

    static var alpineDigest: String { Env.images.first { $0.name == "alpine" }?.digest ?? "" }

    /// A scratch directory with a cache, a docker config, and a `docker-credential-plimsolltest` helper that knows
    /// only the basic-auth registry (and logs each server it was asked about).
    struct Workspace {
        let root: URL
        var cache: URL { root.appendingPathComponent("cache") }
        var config: String { root.appendingPathComponent("docker/config.json").path }
        var helperLog: String { root.appendingPathComponent("bin/asked.log").path }
        var environment: [String: String] {
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] =
                root.appendingPathComponent("bin").path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            return environment
        }

        init(host: String) throws {
            root = try SharedData.makeTemporaryDirectory("plimsoll-registry-auth")
            let bin = root.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent("docker"), withIntermediateDirectories: true)
            let helper = """
                #!/bin/sh
                [ "$1" = get ] || exit 2
                read -r server
                echo "$server" >> "\(bin.path)/asked.log"
                if [ "$server" = "\(host)" ]; then
                    printf '{"ServerURL":"%s","Username":"\(Env.user)","Secret":"\(Env.password)"}' "$server"
                elif [ "$server" = broken ]; then
                    echo "keychain locked" >&2; exit 3
                else
                    echo "credentials not found in native keychain"; exit 1
                fi
                """
            let path = bin.appendingPathComponent("docker-credential-plimsolltest").path
            try helper.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }

        func writeConfig(_ json: String) throws { try json.write(toFile: config, atomically: true, encoding: .utf8) }

        func options(username: String? = nil, password: String? = nil) -> SourceOptions {
            Env.options(cache: cache, username: username, password: password, dockerConfig: config)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test("credentials from options pull the image")
    func credentialsFromOptions() async throws {
        let host = try #require(Env.basicAuth)
        let workspace = try Workspace(host: host)
        defer { workspace.remove() }
        let image = try await RegistryImageSource.open(
            "\(host)/alpine:3.14.10", options: workspace.options(username: Env.user, password: Env.password))
        #expect(image.description.manifestDigest?.description == Self.alpineDigest)
        #expect(image.layers.count == 1)
    }

    @Test("no credentials: a one-line 'requires authentication' error")
    func missingCredentials() async throws {
        let host = try #require(Env.basicAuth)
        let workspace = try Workspace(host: host)
        defer { workspace.remove() }
        let error = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open("\(host)/alpine:3.14.10", options: workspace.options())
        }
        #expect(error?.code == .unauthorized)
        #expect(
            error?.description
                == "\(host) requires authentication for manifest 'alpine:3.14.10' and no credentials were found (use --username/--password, PLIMSOLL_REGISTRY_USERNAME/PLIMSOLL_REGISTRY_PASSWORD, or docker login)"
        )
        #expect(error?.exitCode == .couldNotComplete)
    }

    @Test("a wrong password is reported as rejected, naming where the credentials came from")
    func wrongPassword() async throws {
        let host = try #require(Env.basicAuth)
        let workspace = try Workspace(host: host)
        defer { workspace.remove() }
        let error = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open(
                "\(host)/alpine:3.14.10", options: workspace.options(username: Env.user, password: "wrong"))
        }
        #expect(
            error?.description
                == "\(host) rejected the credentials from --username/--password for manifest 'alpine:3.14.10' (HTTP 401: UNAUTHORIZED: authentication required)"
        )
    }

    @Test("docker config auths: base64 user:password, under the host or a URL key", arguments: ["", "http://"])
    func dockerConfigAuths(prefix: String) async throws {
        let host = try #require(Env.basicAuth)
        let workspace = try Workspace(host: host)
        defer { workspace.remove() }
        let auth = Data("\(Env.user):\(Env.password)".utf8).base64EncodedString()
        try workspace.writeConfig(#"{"auths":{"\#(prefix)\#(host)/v2/":{"auth":"\#(auth)"}}}"#)
        let image = try await RegistryImageSource.open("\(host)/alpine:3.14.10", options: workspace.options())
        #expect(image.description.manifestDigest?.description == Self.alpineDigest)
    }

    @Test("flags win over the docker config")
    func optionsOverrideConfig() async throws {
        let host = try #require(Env.basicAuth)
        let workspace = try Workspace(host: host)
        defer { workspace.remove() }
        let wrong = Data("\(Env.user):nope".utf8).base64EncodedString()
        try workspace.writeConfig(#"{"auths":{"\#(host)":{"auth":"\#(wrong)"}}}"#)
        let image = try await RegistryImageSource.open(
            "\(host)/alpine:3.14.10", options: workspace.options(username: Env.user, password: Env.password))
        #expect(image.description.manifestDigest?.description == Self.alpineDigest)
    }

    @Test("credHelpers and credsStore run docker-credential-<name> get with the host on stdin")
    func credentialHelpers() async throws {
        let host = try #require(Env.basicAuth)
        for config in [#"{"credHelpers":{"\#(host)":"plimsolltest"}}"#, #"{"credsStore":"plimsolltest"}"#] {
            let workspace = try Workspace(host: host)
            defer { workspace.remove() }
            try workspace.writeConfig(config)
            let image = try await RegistryImageSource.open(
                "\(host)/alpine:3.14.10", options: workspace.options(), environment: workspace.environment)
            #expect(image.description.manifestDigest?.description == Self.alpineDigest)
            #expect(try String(contentsOfFile: workspace.helperLog, encoding: .utf8) == "\(host)\n")
        }
    }

    @Test("a helper with nothing stored means anonymous; a broken or missing helper is an error")
    func helperFailures() async throws {
        let host = try #require(Env.basicAuth)
        let workspace = try Workspace(host: host)
        defer { workspace.remove() }
        try workspace.writeConfig(#"{"credHelpers":{"\#(host)":"plimsolltest"}}"#)
        let store = DockerCredentialStore(options: workspace.options(), environment: workspace.environment)
        #expect(try await store.credential(for: "other.example:5000") == nil)
        let broken = await #expect(throws: RegistryError.self) {
            try await store.runHelper("plimsolltest", serverURL: "broken")
        }
        #expect(
            broken?.description
                == "credential helper 'docker-credential-plimsolltest' failed for 'broken' (exit 3): keychain locked")

        try workspace.writeConfig(#"{"credsStore":"absent-helper"}"#)
        let missing = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open(
                "\(host)/alpine:3.14.10", options: workspace.options(), environment: workspace.environment)
        }
        #expect(missing?.code == .credentials)
        #expect(
            missing?.description
                == "credential helper 'docker-credential-absent-helper' (from docker config) is not on PATH")
    }

    @Test("a broken docker config is an error naming the file and the entry")
    func brokenConfig() async throws {
        let host = try #require(Env.basicAuth)
        let workspace = try Workspace(host: host)
        defer { workspace.remove() }
        try workspace.writeConfig(#"{"auths":{"\#(host)":{"auth":"%%%not-base64"}}}"#)
        let badAuth = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open("\(host)/alpine:3.14.10", options: workspace.options())
        }
        #expect(
            badAuth?.description
                == "docker config '\(workspace.config)': auths['\(host)'].auth is not base64 of 'user:password'")
        try workspace.writeConfig("{\"auths\": [")
        let notJSON = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open("\(host)/alpine:3.14.10", options: workspace.options())
        }
        #expect(notJSON?.code == .credentials)
        #expect(notJSON?.description.hasPrefix("docker config '\(workspace.config)' is not valid JSON") == true)
    }
}

/// The TLS registry with its self-signed certificate.
@Suite(.enabled(if: RegistryTestEnvironment.tls != nil, "needs PLIMSOLL_TEST_REGISTRY_TLS"))
struct RegistryTLSTests {
    typealias Env = RegistryTestEnvironment

    @Test("every shared image pulls over TLS with the CA bundle", arguments: RegistryTestEnvironment.images)
    func pullsWithCABundle(_ shared: Env.SharedImage) async throws {
        let host = try #require(Env.tls)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let image = try await RegistryImageSource.open(
            "\(host)/\(shared.name):\(shared.tag)", options: Env.options(cache: cache, caBundle: Env.tlsCA))
        let local = try Env.localManifest(
            shared.name, architecture: shared.mediaType.contains("index") ? "amd64" : nil)
        #expect(image.description.manifestDigest?.description == local.digest)
        #expect(image.layers.map(\.digest.description) == local.layers)
    }

    @Test("an untrusted certificate is an error (never a silent fall back to HTTP); --insecure-registry pulls")
    func untrustedCertificate() async throws {
        let host = try #require(Env.tls)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let error = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open("\(host)/alpine:3.14.10", options: Env.options(cache: cache))
        }
        #expect(error?.code == .network)
        #expect(
            error?.description.hasPrefix("TLS certificate of \(host) is not trusted: SSL certificate problem") == true)
        #expect(error?.description.hasSuffix("or --insecure-registry \(host))") == true)
        let image = try await RegistryImageSource.open(
            "\(host)/alpine:3.14.10", options: Env.options(cache: cache, insecure: [host]))
        #expect(image.description.manifestDigest?.description == Env.images.first { $0.name == "alpine" }?.digest)
    }
}

/// docker-registry in `auth: token` mode with the PyJWT token issuer (Fixtures/registry/token_issuer.py).
@Suite(.enabled(if: RegistryTestEnvironment.token != nil, "needs PLIMSOLL_TEST_REGISTRY_TOKEN"))
struct RegistryTokenAuthTests {
    typealias Env = RegistryTestEnvironment

    func issuerLog() -> [[String: String]] {
        let text = (try? String(contentsOfFile: Env.tokenIssuerLog ?? "", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?.mapValues { "\($0)" }
        }
    }

    @Test("the bearer flow: challenge, token from the realm with Basic credentials, pull (index → arm64 too)")
    func pullsWithToken() async throws {
        let host = try #require(Env.token)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let before = issuerLog().count
        let image = try await RegistryImageSource.open(
            "\(host)/alpine-multiarch:3.14.10",
            options: Env.options(cache: cache, platform: "linux/arm64", username: Env.user, password: Env.password))
        #expect(
            image.description.manifestDigest?.description
                == (try Env.localManifest("alpine-multiarch", architecture: "arm64").digest))
        let requests = issuerLog().dropFirst(before).filter {
            $0["path"]?.contains("scope=repository:alpine-multiarch:pull") == true
        }
        #expect(requests.first?["user"] == Env.user)
        #expect(requests.first?["status"] == "200")
    }

    @Test("anonymous gets a token without access: 'requires authentication'; wrong password: the token server rejects")
    func tokenFailures() async throws {
        let host = try #require(Env.token)
        let issuer = try #require(Env.environment["PLIMSOLL_TEST_TOKEN_ISSUER"])
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let anonymous = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open("\(host)/alpine:3.14.10", options: Env.options(cache: cache))
        }
        #expect(anonymous?.code == .unauthorized)
        #expect(
            anonymous?.description.hasPrefix("\(host) requires authentication for manifest 'alpine:3.14.10'") == true)
        let wrong = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open(
                "\(host)/alpine:3.14.10", options: Env.options(cache: cache, username: Env.user, password: "bad"))
        }
        #expect(
            wrong?.description
                == "token server 'http://\(issuer)/token' rejected credentials from --username/--password for alpine (HTTP 401: UNAUTHORIZED: invalid username or password)"
        )
    }

    @Test("an identitytoken in docker config is exchanged for an access token (OAuth2 refresh grant)")
    func identityToken() async throws {
        let host = try #require(Env.token)
        let refresh = try #require(Env.refreshToken)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let config = cache.appendingPathComponent("config.json").path
        try #"{"auths":{"\#(host)":{"identitytoken":"\#(refresh)"}}}"#.write(
            toFile: config, atomically: true, encoding: .utf8)
        let before = issuerLog().count
        let image = try await RegistryImageSource.open(
            "\(host)/alpine:3.14.10", options: Env.options(cache: cache, dockerConfig: config))
        #expect(image.description.manifestDigest?.description == Env.images.first { $0.name == "alpine" }?.digest)
        #expect(issuerLog().dropFirst(before).contains { $0["method"] == "POST" && $0["grant"] == "refresh_token" })
    }
}
