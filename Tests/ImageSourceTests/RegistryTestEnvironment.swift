import Foundation
import Hashing
import ImageSource
import Model
import TestSupport

/// The registries `scripts/test-env.d/registry.sh` started, the shared images they serve, and helpers.
enum RegistryTestEnvironment {
    static let environment = ProcessInfo.processInfo.environment
    /// Plain HTTP, anonymous.
    static let plain = environment["PLIMSOLL_TEST_REGISTRY"]
    /// Plain HTTP with HTTP Basic auth.
    static let basicAuth = environment["PLIMSOLL_TEST_REGISTRY_AUTH"]
    static let user = environment["PLIMSOLL_TEST_REGISTRY_USER"] ?? "testuser"
    static let password = environment["PLIMSOLL_TEST_REGISTRY_PASS"] ?? "testpass"
    /// HTTPS with a self-signed certificate.
    static let tls = environment["PLIMSOLL_TEST_REGISTRY_TLS"]
    static let tlsCA = environment["PLIMSOLL_TEST_REGISTRY_CA"]
    /// `auth: token` registry and its issuer.
    static let token = environment["PLIMSOLL_TEST_REGISTRY_TOKEN"]
    static let tokenIssuerLog = environment["PLIMSOLL_TEST_TOKEN_ISSUER_LOG"]
    static let refreshToken = environment["PLIMSOLL_TEST_REGISTRY_REFRESH_TOKEN"]

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/registry")

    /// One entry of `../shared/images/images.json`.
    struct SharedImage: Decodable, Sendable, CustomStringConvertible {
        var name: String
        var tag: String
        var mediaType: String
        var digest: String
        var description: String { "\(name):\(tag)" }
    }

    static let images: [SharedImage] = {
        let url = SharedData.images.appendingPathComponent("images.json")
        guard let data = try? Data(contentsOf: url),
            let list = try? JSONDecoder().decode([SharedImage].self, from: data)
        else { return [] }
        return list
    }()

    /// Options with a fresh cache and a docker config that does not exist (the machine's own is never read).
    static func options(
        cache: URL, platform: String? = nil, username: String? = nil, password: String? = nil,
        caBundle: String? = nil, insecure: [String] = [], dockerConfig: String? = nil, retries: Int = 4,
        progress: (@Sendable (ProgressEvent) -> Void)? = nil
    ) -> SourceOptions {
        SourceOptions(
            platform: platform, cacheDirectory: cache.path, username: username, password: password, caBundle: caBundle,
            insecureRegistries: insecure,
            dockerConfigPath: dockerConfig ?? cache.appendingPathComponent("no-docker-config.json").path,
            retries: retries, progress: progress)
    }

    /// The manifest of `oci/<name>` in the shared images (for an index: the entry for `architecture`).
    static func localManifest(_ name: String, architecture: String? = nil) throws -> (digest: String, layers: [String])
    {
        let layout = SharedData.images.appendingPathComponent("oci/\(name)")
        func blob(_ digest: String) throws -> [String: Any] {
            let hex = digest.replacingOccurrences(of: "sha256:", with: "")
            let data = try Data(contentsOf: layout.appendingPathComponent("blobs/sha256/\(hex)"))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
        let index =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: layout.appendingPathComponent("index.json"))) as? [String: Any]
        var entry = (index?["manifests"] as? [[String: Any]])?.first ?? [:]
        var digest = entry["digest"] as? String ?? ""
        var manifest = try blob(digest)
        if let architecture, let entries = manifest["manifests"] as? [[String: Any]] {
            entry =
                entries.first { ($0["platform"] as? [String: Any])?["architecture"] as? String == architecture } ?? [:]
            digest = entry["digest"] as? String ?? ""
            manifest = try blob(digest)
        }
        let layers = (manifest["layers"] as? [[String: Any]] ?? []).compactMap { $0["digest"] as? String }
        return (digest, layers)
    }

    /// The SHA-256 of a file's bytes.
    static func digestOfFile(_ path: String) throws -> String {
        let hasher = SHA256Hasher()
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update([UInt8](chunk)) }
        return hasher.finalize().description
    }

    /// Every file under `<cache>/blobs/sha256`.
    static func cacheEntries(_ cache: URL) -> [String] {
        let directory = cache.appendingPathComponent("blobs/sha256").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }
}

/// A Python fixture server from Fixtures/registry, started for one test and killed afterwards.
final class FixtureServer {
    private let process = Process()
    /// A private directory for the port file and logs.
    let directory: URL
    /// `127.0.0.1:<port>`.
    let address: String

    init(script: String, arguments: [String] = []) throws {
        directory = try SharedData.makeTemporaryDirectory("plimsoll-fixture-server")
        let portFile = directory.appendingPathComponent("port").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", RegistryTestEnvironment.fixtures.appendingPathComponent(script).path, "--port-file", portFile]
            + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var port: String?
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), !text.isEmpty {
                port = text
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadNoSuchFile)
        }
        address = "127.0.0.1:\(port)"
    }

    func stop() {
        // SIGKILL: the test runner's threads block SIGTERM, and children inherit that mask.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A fault-injecting proxy (Fixtures/registry/fault_proxy.py) in front of a real registry, for one test.
final class FaultProxy {
    /// One logged request.
    struct Entry: Decodable, Equatable {
        var method: String
        var path: String
        var action: String
        var status: Int
    }

    private let server: FixtureServer
    /// `127.0.0.1:<port>`.
    var address: String { server.address }

    init(upstream: String, rules: [String] = []) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plimsoll-fault-\(UUID().uuidString).log")
        server = try FixtureServer(
            script: "fault_proxy.py",
            arguments: ["--upstream", upstream, "--log", log.path] + rules.flatMap { ["--rule", $0] })
        logURL = log
    }

    private let logURL: URL

    /// What the proxy saw, in order.
    func entries() -> [Entry] {
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
    }

    /// Logged requests whose path contains `fragment`.
    func entries(containing fragment: String) -> [Entry] { entries().filter { $0.path.contains(fragment) } }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: logURL)
    }
}
