import Foundation
import Match
import Model
import Testing

/// Language packages: ecosystem + normalised name, alias merging, feed severity, distro precedence.
@Suite struct LanguageMatchTests {
    static func package(
        _ type: PackageType, namespace: String? = nil, _ name: String, _ version: String, path: String
    ) -> Package {
        Package(
            name: name, version: version, type: type,
            purl: PURL(type: type.purlType, namespace: namespace, name: name, version: version),
            locations: [Location(path: path)], foundBy: "test")
    }

    static func range(_ ecosystem: String, _ name: String, introduced: String = "0", fixed: String) -> [String: Any] {
        [
            "package": ["ecosystem": ecosystem, "name": name],
            "ranges": [
                [
                    "type": ecosystem == "Go" || ecosystem == "npm" ? "SEMVER" : "ECOSYSTEM",
                    "events": [["introduced": introduced], ["fixed": fixed]],
                ]
            ],
        ]
    }

    @Test func ecosystemsAndNormalisedNames() throws {
        let advisories: [[String: Any]] = [
            [
                "id": "PYSEC-2024-1", "aliases": ["CVE-2024-22195"],
                "affected": [Self.range("PyPI", "jinja2", fixed: "3.1.3")],
            ],
            [
                "id": "GHSA-h5c8-rqwp-cp95", "aliases": ["CVE-2024-22195"],
                "database_specific": ["severity": "MODERATE"],
                "affected": [Self.range("PyPI", "Jinja2", fixed: "3.1.3")],
            ],
            ["id": "PYSEC-2021-1", "affected": [Self.range("PyPI", "pyyaml", fixed: "5.4")]],
            [
                "id": "GHSA-57j2-w4cx-62h2",
                "affected": [
                    Self.range(
                        "Maven", "com.fasterxml.jackson.core:jackson-databind", introduced: "0", fixed: "2.12.6.1")
                ],
            ],
            ["id": "GHSA-67hx-6x53-jw92", "affected": [Self.range("npm", "@babel/traverse", fixed: "7.23.2")]],
            [
                "id": "GO-2023-1737",
                "affected": [
                    Self.range(
                        "Go", "github.com/gin-gonic/gin", introduced: "1.3.1-0.20190301021747-ccb9e902956d",
                        fixed: "1.9.1")
                ],
            ],
            ["id": "GO-2099-0001", "affected": [Self.range("Go", "github.com/gin-gonic/gin", fixed: "1.2.0")]],
        ]
        let packages = [
            Self.package(
                .python, "Jinja2", "3.1.2",
                path: "/usr/local/lib/python3.11/site-packages/Jinja2-3.1.2.dist-info/METADATA"),
            Self.package(
                .python, "PyYAML", "5.3.1",
                path: "/usr/local/lib/python3.11/site-packages/PyYAML-5.3.1.dist-info/METADATA"),
            Self.package(
                .javaArchive, namespace: "com.fasterxml.jackson.core", "jackson-databind", "2.12.6",
                path: "/app/lib/jackson-databind-2.12.6.jar"),
            Self.package(
                .npm, namespace: "@babel", "traverse", "7.22.0", path: "/app/node_modules/@babel/traverse/package.json"),
            Self.package(.goModule, namespace: "github.com/gin-gonic", "gin", "v1.9.0", path: "/app/server"),
        ]
        let database = try AdvisoryDatabase(advisories: advisories)
        defer { database.remove() }
        let sbom = SBOM(
            source: ImageDescription(userInput: "x", scheme: "dir"), distro: Distro(id: "unknown"), packages: packages)
        let result = try Matcher(store: database.store).match(sbom)
        let pairs = result.findings.map { "\($0.package.name) \($0.id)" }.sorted()
        #expect(
            pairs == [
                "Jinja2 GHSA-h5c8-rqwp-cp95", "PyYAML PYSEC-2021-1", "gin GO-2023-1737",
                "jackson-databind GHSA-57j2-w4cx-62h2", "traverse GHSA-67hx-6x53-jw92",
            ])
        let jinja = try #require(result.findings.first { $0.package.name == "Jinja2" })
        // The GHSA and the PYSEC record for the same CVE are one finding, GHSA's id first.
        #expect(jinja.aliases == ["CVE-2024-22195", "PYSEC-2024-1"])
        #expect(jinja.severity == .medium)
        #expect(jinja.severitySource == "ghsa")
        #expect(jinja.namespace == "pypi")
        #expect(jinja.matchType == "ecosystem")
        #expect(result.findings.first { $0.package.name == "jackson-databind" }?.fixedVersions == ["2.12.6.1"])
        #expect(result.findings.first { $0.package.name == "gin" }?.fixedVersions == ["1.9.1"])
        #expect(result.warnings.isEmpty)
    }

    /// PYSEC-2023-74: requests fixed in 2.31.0.
    static func requestsAdvisory() -> [String: Any] {
        [
            "id": "PYSEC-2023-74", "aliases": ["CVE-2023-32681"],
            "affected": [range("PyPI", "requests", fixed: "2.31.0")],
        ]
    }
    static let ownedRequestsPath = "/usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO"

    /// Debian's `python3-requests`, whose file list is `files`.
    static func python3Requests(files: [String]) -> Package {
        Package(
            name: "python3-requests", version: "2.28.1+dfsg-1", type: .deb,
            purl: PURL(type: "deb", namespace: "debian", name: "python3-requests", version: "2.28.1+dfsg-1"),
            locations: [Location(path: "/var/lib/dpkg/status")], sourceName: "requests", files: files,
            foundBy: "dpkg")
    }

    @Test func languagePackageInstalledByAnOSPackageDefersToTheDistro() throws {
        let advisories = [Self.requestsAdvisory()]
        let owned = Self.ownedRequestsPath
        let deb = Self.python3Requests(files: ["/usr", "/usr/lib/python3/dist-packages", owned])
        let packages = [
            deb, Self.package(.python, "requests", "2.28.1", path: owned),
            Self.package(
                .python, "requests", "2.28.1",
                path: "/usr/local/lib/python3.11/dist-packages/requests-2.28.1.dist-info/METADATA"),
        ]
        let database = try AdvisoryDatabase(advisories: advisories)
        defer { database.remove() }
        let sbom = SBOM(
            source: ImageDescription(userInput: "x", scheme: "dir"), distro: Distro(id: "debian", versionID: "12"),
            packages: packages)
        let result = try Matcher(store: database.store).match(sbom)
        #expect(result.findings.count == 2)
        let suppressed = result.findings.filter { $0.suppressedBy != nil }
        #expect(suppressed.map(\.package.locations.first?.path) == [owned])
        #expect(suppressed.first?.suppressionKind == .distroPrecedence)
        #expect(
            suppressed.first?.suppressedBy
                == "installed by OS package python3-requests: the distro's advisories apply, not the ecosystem's")
    }

    @Test func compiledBinaryInstalledByAnOSPackageIsStillMatched() throws {
        let advisories: [[String: Any]] = [
            [
                "id": "GO-2023-1878", "aliases": ["CVE-2023-29406"],
                "affected": [Self.range("Go", "stdlib", fixed: "1.19.11")],
            ]
        ]
        let binary = "/usr/bin/docker-registry"
        let deb = Package(
            name: "docker-registry", version: "2.8.2+ds1-1", type: .deb,
            purl: PURL(type: "deb", namespace: "debian", name: "docker-registry", version: "2.8.2+ds1-1"),
            locations: [Location(path: "/var/lib/dpkg/status")], files: ["/usr/bin", binary], foundBy: "dpkg")
        let stdlib = Package(
            name: "stdlib", version: "go1.19.8", type: .goModule,
            purl: PURL(type: "golang", name: "stdlib", version: "go1.19.8"), locations: [Location(path: binary)],
            foundBy: "go-module-binary-cataloger")
        let database = try AdvisoryDatabase(advisories: advisories)
        defer { database.remove() }
        let sbom = SBOM(
            source: ImageDescription(userInput: "x", scheme: "dir"), distro: Distro(id: "debian", versionID: "12"),
            packages: [deb, stdlib])
        let result = try Matcher(store: database.store).match(sbom)
        #expect(result.findings.map(\.id) == ["GO-2023-1878"])
        #expect(result.findings.first?.suppressedBy == nil)
    }

    @Test func matchOSOwnedKeepsOwnedLanguageFindingsLive() throws {
        let advisories = [Self.requestsAdvisory()]
        let owned = Self.ownedRequestsPath
        let deb = Self.python3Requests(files: [owned])
        let database = try AdvisoryDatabase(advisories: advisories)
        defer { database.remove() }
        let sbom = SBOM(
            source: ImageDescription(userInput: "x", scheme: "dir"), distro: Distro(id: "debian", versionID: "12"),
            packages: [deb, Self.package(.python, "requests", "2.28.1", path: owned)])
        let result = try Matcher(store: database.store, matchOSOwned: true).match(sbom)
        #expect(result.findings.count == 1)
        #expect(result.findings.first?.suppressedBy == nil)
    }
}
