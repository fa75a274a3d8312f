import Foundation
import TestSupport
import Testing

/// `plimsoll sbom` pulling from the real registries `scripts/test-env.d/registry.sh` starts (plain, basic auth,
/// TLS, token auth): the same packages as syft lists for the same images.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PLIMSOLL_TEST_REGISTRY"] != nil))
struct RegistrySBOMTests {
    static let environment = ProcessInfo.processInfo.environment
    static let images = [
        ("debian-bookworm", "12"), ("alpine", "3.14.10"), ("alpine-3.10", "3.10.3"),
        ("distroless-like", "nonroot"), ("layered-whiteout", "v4"),
    ]

    /// Runs `plimsoll sbom -o json` with a private cache, so every run really pulls.
    static func rows(_ arguments: [String]) throws -> (status: Int32, rows: [SBOMCommandTests.Row], error: String) {
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-sbom")
        defer { try? FileManager.default.removeItem(at: cache) }
        let result = try ProcessRunner.run(
            ProcessRunner.plimsollBinary, ["sbom", "--quiet", "-o", "json"] + arguments,
            environment: ["PLIMSOLL_CACHE_DIR": cache.path])
        guard result.status == 0 else { return (result.status, [], result.error) }
        let document = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let rows = (document?["packages"] as? [[String: Any]] ?? []).compactMap { package in
            (package["type"] as? String).flatMap { type in
                (package["name"] as? String).flatMap { name in
                    (package["version"] as? String).map {
                        SBOMCommandTests.comparable(SBOMCommandTests.Row(type: type, name: name, version: $0))
                    }
                }
            }
        }
        return (result.status, rows.sorted(), result.error)
    }

    static func baseline(_ name: String) throws -> [SBOMCommandTests.Row] {
        try SBOMCommandTests.syftBaseline(name).map(SBOMCommandTests.comparable).sorted()
    }

    @Test(arguments: images)
    func plainRegistryGivesSyftsPackages(_ name: String, _ tag: String) throws {
        let registry = try #require(Self.environment["PLIMSOLL_TEST_REGISTRY"])
        let result = try Self.rows(["\(registry)/\(name):\(tag)"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.rows == (try Self.baseline(name)))
    }

    @Test func basicAuthRegistryNeedsAndUsesCredentials() throws {
        let registry = try #require(Self.environment["PLIMSOLL_TEST_REGISTRY_AUTH"])
        let user = try #require(Self.environment["PLIMSOLL_TEST_REGISTRY_USER"])
        let password = try #require(Self.environment["PLIMSOLL_TEST_REGISTRY_PASS"])
        let anonymous = try Self.rows(["\(registry)/alpine:3.14.10"])
        #expect(anonymous.status == 2)
        #expect(anonymous.error.split(separator: "\n").count == 1)
        let authenticated = try Self.rows(["--username", user, "--password", password, "\(registry)/alpine:3.14.10"])
        #expect(authenticated.rows == (try Self.baseline("alpine")))
    }

    @Test func tlsRegistryWithTheCABundle() throws {
        let registry = try #require(Self.environment["PLIMSOLL_TEST_REGISTRY_TLS"])
        let authority = try #require(Self.environment["PLIMSOLL_TEST_REGISTRY_CA"])
        let result = try Self.rows(["--ca-bundle", authority, "\(registry)/layered-whiteout:v4"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.rows == (try Self.baseline("layered-whiteout")))
    }

    @Test func multiPlatformIndexFromTheRegistry() throws {
        let registry = try #require(Self.environment["PLIMSOLL_TEST_REGISTRY"])
        let result = try Self.rows(["--platform", "linux/arm64", "\(registry)/alpine-multiarch:3.14.10"])
        #expect(result.rows.filter { $0.type == "apk" } == (try Self.baseline("alpine-multiarch.arm64")))
    }
}
