import Catalog
import Foundation
import Model
import TestSupport
import Testing

@Suite struct BinaryClassifierCatalogerTests {
    struct Case: Sendable, CustomStringConvertible {
        var debs: [String]
        /// The package whose upstream version the binary must report.
        var versionFrom: String
        var name: String
        var path: String
        var classifier: String
        var purlPrefix = "pkg:generic/"
        var description: String { debs.joined(separator: "+") }
    }

    static let cases: [Case] = [
        Case(
            debs: ["busybox"], versionFrom: "busybox", name: "busybox", path: "/bin/busybox",
            classifier: "busybox-binary"),
        Case(
            debs: ["openssl"], versionFrom: "openssl", name: "openssl", path: "/usr/bin/openssl",
            classifier: "openssl-binary"),
        // libssl.so.3 holds no version string; libcrypto.so.3 from the same package does.
        Case(
            debs: ["libssl3"], versionFrom: "libssl3", name: "openssl",
            path: "/usr/lib/x86_64-linux-gnu/libcrypto.so.3", classifier: "openssl-library"),
        Case(
            debs: ["python3.11-minimal"], versionFrom: "python3.11-minimal", name: "python",
            path: "/usr/bin/python3.11",
            classifier: "python-binary"),
        // Debian's node is a stub linked against libnode, which holds the version.
        Case(
            debs: ["libnode108"], versionFrom: "libnode108", name: "node",
            path: "/usr/lib/x86_64-linux-gnu/libnode.so.108", classifier: "nodejs-binary"),
        Case(
            debs: ["openjdk-17-jre-headless"], versionFrom: "openjdk-17-jre-headless", name: "openjdk",
            path: "/usr/lib/jvm/java-17-openjdk-amd64/bin/java", classifier: "java-binary-openjdk",
            purlPrefix: "pkg:generic/oracle/"),
        Case(debs: ["nginx"], versionFrom: "nginx", name: "nginx", path: "/usr/sbin/nginx", classifier: "nginx-binary"),
        Case(
            debs: ["apache2-bin"], versionFrom: "apache2-bin", name: "httpd", path: "/usr/sbin/apache2",
            classifier: "httpd-binary"),
        // redis-server is a symlink to redis-check-rdb (in redis-tools); the location is the real file.
        Case(
            debs: ["redis-server", "redis-tools"], versionFrom: "redis-server", name: "redis",
            path: "/usr/bin/redis-check-rdb", classifier: "redis-binary"),
        Case(
            debs: ["postgresql-15"], versionFrom: "postgresql-15", name: "postgresql",
            path: "/usr/lib/postgresql/15/bin/postgres", classifier: "postgresql-binary"),
        Case(debs: ["curl"], versionFrom: "curl", name: "curl", path: "/usr/bin/curl", classifier: "curl-binary"),
        Case(
            debs: ["libcurl4"], versionFrom: "libcurl4", name: "curl",
            path: "/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0",
            classifier: "curl-binary"),
    ]

    @Test(arguments: cases) func classifiesRealDebianBinary(_ item: Case) throws {
        let cataloger = BinaryClassifierCataloger()
        let tree = try BinaryDebianPackages.tree(item.debs, wants: cataloger.wants)
        let expectedVersion = try BinaryDebianPackages.upstreamVersion(item.versionFrom)
        let context = CatalogContext(distro: Distro(id: "debian", versionID: "12"))
        let packages = try cataloger.catalog(tree, context: context)
        #expect(context.warnings.isEmpty)
        #expect(packages.count == 1)
        let package = try #require(packages.first)
        #expect(package.name == item.name)
        #expect(package.version == expectedVersion)
        #expect(package.type == .binary)
        #expect(package.locations.map(\.path) == [item.path])
        #expect(package.metadata["classifier"] == item.classifier)
        #expect(package.foundBy == "binary-classifier-cataloger")
        #expect(package.purl.description == item.purlPrefix + item.name + "@" + PURLText.encode(expectedVersion))
        let cpe = try CPE(parsing: try #require(package.cpes.first))
        #expect(CPE.unescape(cpe.version.description) == expectedVersion)
    }

    @Test func goToolchainBinary() throws {
        let goRoot = try runTool("go", ["env", "GOROOT"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let goVersion = try runTool("go", ["env", "GOVERSION"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: goRoot + "/bin/go")))
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try BinaryClassifierCataloger().catalog(
            binaryTree(["/usr/local/go/bin/go": bytes]), context: context)
        #expect(packages.map(\.version) == [String(goVersion.dropFirst(2))])
        #expect(packages.first?.cpes == ["cpe:2.3:a:golang:go:\(goVersion.dropFirst(2)):*:*:*:*:*:*:*"])
    }

    @Test func namesThatDoNotMatchAreIgnoredAndUnversionedFilesYieldNothing() throws {
        let tree = binaryTree([
            "/usr/bin/not-busybox": Array("\0BusyBox v1.36.1 (2023)\0".utf8),
            "/bin/busybox": Array("\0BusyBox without a version\0".utf8),
            "/usr/bin/openssl": Array("\0OpenSSL 1.1.1w  11 Sep 2023\0".utf8),
        ])
        let packages = try BinaryClassifierCataloger().catalog(tree, context: CatalogContext(distro: Distro(id: "x")))
        #expect(packages.map { "\($0.name)@\($0.version)" } == ["openssl@1.1.1w"])
    }
}

/// Percent-encoding as purls write versions (`+` → `%2B`).
enum PURLText {
    static func encode(_ text: String) -> String {
        PURL(type: "generic", name: "x", version: text).description.replacingOccurrences(of: "pkg:generic/x@", with: "")
    }
}
