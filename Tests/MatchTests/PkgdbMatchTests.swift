import Catalog
import Foundation
import Match
import Model
import TestSupport
import Testing

/// The real package databases of ../shared/feeds/pkgdb scanned against the real advisories, compared with
/// ../shared/feeds/README.md ("Which data matches which test input") and with an independent recomputation.
@Suite struct PkgdbMatchTests {
    static let feeds = SharedData.feeds

    /// Catalogs `root` and matches it against a database of `advisories` (plus `extra` feed paths).
    static func scan(_ root: PkgdbRoot, advisories: String, extra: [String] = []) throws -> MatchResult {
        let database = try AdvisoryDatabase(
            importing: [feeds.appendingPathComponent(advisories).path]
                + extra.map { feeds.appendingPathComponent($0).path })
        defer { database.remove() }
        let tree = try FixtureTree.load(root.directory)
        let sbom = Cataloging.run(
            tree: tree, source: ImageDescription(userInput: "dir:\(root.directory.path)", scheme: "dir"))
        return try Matcher(store: database.store).match(sbom)
    }

    static func pairs(_ result: MatchResult) -> Set<ReferenceMatcher.Match> {
        Set(result.findings.map { ReferenceMatcher.Match(package: $0.package.name, advisory: $0.id) })
    }

    @Test(arguments: [("debian-10", "10", 40, 28), ("debian-9", "9", 34, 23), ("debian-8", "8", 413, 146)])
    func debianReleases(name: String, release: String, matches: Int, advisories: Int) throws {
        let root = try PkgdbRoot(name)
        defer { root.remove() }
        let result = try Self.scan(root, advisories: "osv/Debian/\(release)")
        let found = Self.pairs(result)
        #expect(result.findings.count == matches)
        #expect(found.count == matches)
        #expect(Set(result.findings.map(\.id)).count == advisories)
        let expected = try ReferenceMatcher.debian(
            ReferenceMatcher.dpkgPackages(root.directory),
            advisories: Self.feeds.appendingPathComponent("osv/Debian/\(release)"))
        #expect(expected.count == matches)
        #expect(found.subtracting(expected).sorted() == [])
        #expect(expected.subtracting(found).sorted() == [])
        #expect(result.findings.allSatisfy { $0.namespace == "debian:\(release)" })
        #expect(result.warnings.isEmpty)
    }

    @Test func debian10ExamplesFromTheREADME() throws {
        let root = try PkgdbRoot("debian-10")
        defer { root.remove() }
        let result = try Self.scan(root, advisories: "osv/Debian/10")
        func finding(_ package: String, _ id: String) -> Finding? {
            result.findings.first { $0.package.name == package && $0.id == id }
        }
        let systemd = try #require(finding("libsystemd0", "DLA-3377-1"))
        #expect(systemd.installedVersion == "241-7~deb10u1")
        #expect(systemd.fixedVersions == ["241-7~deb10u9"])
        #expect(systemd.fixState == .fixed)
        #expect(systemd.matchType == "distro-source-package")
        #expect(systemd.urls.first == "https://security-tracker.debian.org/tracker/DLA-3377-1")
        #expect(systemd.package.locations.first?.path == "/var/lib/dpkg/status")
        #expect(finding("libgnutls30", "DLA-3321-1")?.fixedVersions == ["3.6.7-4+deb10u10"])
        #expect(finding("libtasn1-6", "DLA-3263-1")?.fixedVersions == ["4.13-3+deb10u1"])
        #expect(finding("ncurses-bin", "DLA-3167-1")?.fixedVersions == ["6.1+20181013-2+deb10u3"])
    }

    @Test func debian9ComparesTheSourceVersionOfABinNMU() throws {
        let root = try PkgdbRoot("debian-9")
        defer { root.remove() }
        let result = try Self.scan(root, advisories: "osv/Debian/9")
        let gzip = try #require(result.findings.first { $0.package.name == "gzip" && $0.id == "DLA-2976-1" })
        #expect(gzip.package.version == "1.6-5+b1")
        #expect(gzip.installedVersion == "1.6-5")
        #expect(gzip.fixedVersions == ["1.6-5+deb9u1"])
        #expect(result.findings.contains { $0.package.name == "dpkg" && $0.id == "DLA-3022-1" })
        #expect(result.findings.contains { $0.package.name == "libudev1" && $0.id == "DLA-3063-1" })
    }

    @Test func distrolessDebian11HasNoFindings() throws {
        let root = try PkgdbRoot("debian-11-distroless")
        defer { root.remove() }
        let result = try Self.scan(root, advisories: "osv/Debian/11")
        #expect(result.findings.isEmpty)
        #expect(result.distro.id == "debian")
        #expect(result.warnings.isEmpty)
        let expected = try ReferenceMatcher.debian(
            ReferenceMatcher.dpkgPackages(root.directory),
            advisories: Self.feeds.appendingPathComponent("osv/Debian/11"))
        #expect(expected.isEmpty)
    }

    @Test(arguments: ["3.7", "3.9", "3.10"])
    func alpineReleases(release: String) throws {
        let root = try PkgdbRoot("alpine-\(release)")
        defer { root.remove() }
        let result = try Self.scan(root, advisories: "osv/Alpine/v\(release)")
        let expected = try ReferenceMatcher.alpine(
            ReferenceMatcher.apkPackages(root.directory),
            advisories: Self.feeds.appendingPathComponent("osv/Alpine/v\(release)"))
        #expect(!expected.isEmpty)
        #expect(Self.pairs(result) == expected)
        #expect(result.findings.count == expected.count)
        #expect(result.findings.allSatisfy { $0.namespace == "alpine:v\(release)" })
    }

    @Test func alpineExamplesFromTheREADME() throws {
        let alpine39 = try PkgdbRoot("alpine-3.9")
        defer { alpine39.remove() }
        let result39 = try Self.scan(alpine39, advisories: "osv/Alpine/v3.9", extra: ["nvd", "kev"])
        let pairs39 = Self.pairs(result39)
        #expect(pairs39.contains(.init(package: "musl", advisory: "ALPINE-CVE-2019-14697")))
        for package in ["libcrypto1.1", "libssl1.1"] {
            for id in ["ALPINE-CVE-2019-1547", "ALPINE-CVE-2019-1549", "ALPINE-CVE-2019-1563"] {
                #expect(pairs39.contains(.init(package: package, advisory: id)))
            }
        }
        #expect(!pairs39.contains(.init(package: "busybox", advisory: "ALPINE-CVE-2019-5747")))
        // Severity from NVD when the feed gives none, with its source shown.
        let musl = try #require(result39.findings.first { $0.id == "ALPINE-CVE-2019-14697" })
        #expect(musl.fixedVersions == ["1.1.20-r5"])
        #expect(musl.severity == .critical)
        #expect(musl.cvssScore == 9.8)
        #expect(musl.cvssVector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
        #expect(musl.severitySource == "nvd cvss 3.1 CVE-2019-14697")
        #expect(musl.urls.first == "https://security.alpinelinux.org/vuln/CVE-2019-14697")

        let alpine310 = try PkgdbRoot("alpine-3.10")
        defer { alpine310.remove() }
        let pairs310 = Self.pairs(try Self.scan(alpine310, advisories: "osv/Alpine/v3.10"))
        #expect(pairs310.contains(.init(package: "libcrypto1.1", advisory: "ALPINE-CVE-2019-1547")))
        #expect(!pairs310.contains(.init(package: "musl", advisory: "ALPINE-CVE-2019-14697")))

        let alpine37 = try PkgdbRoot("alpine-3.7")
        defer { alpine37.remove() }
        let result37 = try Self.scan(alpine37, advisories: "osv/Alpine/v3.7")
        let pairs37 = Self.pairs(result37)
        #expect(pairs37.contains(.init(package: "musl", advisory: "ALPINE-CVE-2019-14697")))
        #expect(pairs37.contains(.init(package: "libressl2.6-libcrypto", advisory: "ALPINE-CVE-2018-0732")))
        #expect(!pairs37.contains { $0.package == "busybox" && $0.advisory == "ALPINE-CVE-2019-5747" })
        let libressl = result37.findings.first {
            $0.package.name == "libressl2.6-libcrypto" && $0.id == "ALPINE-CVE-2018-0732"
        }
        #expect(libressl?.fixedVersions == ["2.6.5-r0"])
    }

    @Test func alpine3103MinirootfsEqualMeansFixed() throws {
        let root = try PkgdbRoot(minirootfs: "alpine-minirootfs-3.10.3-x86_64.tar.gz")
        defer { root.remove() }
        let result = try Self.scan(root, advisories: "osv/Alpine/v3.10")
        #expect(result.distro.versionID == "3.10.3")
        #expect(result.findings.isEmpty)
        #expect(result.warnings.isEmpty)
        let expected = try ReferenceMatcher.alpine(
            ReferenceMatcher.apkPackages(root.directory),
            advisories: Self.feeds.appendingPathComponent("osv/Alpine/v3.10"))
        #expect(expected.isEmpty)
    }
}
