import Catalog
import Foundation
import Match
import Model
import TestSupport
import Testing
import VulnDB

/// ../shared/PITFALLS.md cases 1–5 and 10–12, on synthetic advisories imported by the real importer.
@Suite struct MatcherPitfallTests {
    static func package(
        _ name: String, _ version: String, type: PackageType, source: String? = nil, metadata: [String: String] = [:]
    ) -> Package {
        Package(
            name: name, version: version, type: type, purl: PURL(type: type.purlType, name: name, version: version),
            locations: [Location(path: type == .apk ? "/lib/apk/db/installed" : "/var/lib/rpm/rpmdb.sqlite")],
            sourceName: source, foundBy: "test", metadata: metadata)
    }

    static func sbom(_ distro: Distro, _ packages: [Package]) -> SBOM {
        SBOM(source: ImageDescription(userInput: "dir:/x", scheme: "dir"), distro: distro, packages: packages)
    }

    static func matches(
        _ advisories: [[String: Any]], _ distro: Distro, _ packages: [Package], override: Distro? = nil
    ) throws -> MatchResult {
        let database = try AdvisoryDatabase(advisories: advisories)
        defer { database.remove() }
        return try Matcher(store: database.store).match(sbom(distro, packages), distroOverride: override)
    }

    static let alpine318 = Distro(id: "alpine", versionID: "3.18.4")

    @Test func apkRevisionIsNotAPreRelease() throws {
        // PITFALLS 1: libzmq 4.3.3-r0 against "fixed 4.3.3" is not vulnerable; 4.3.2-r0 is.
        let advisory = AdvisoryDatabase.advisory(
            "ALPINE-CVE-2021-20235", ecosystem: "Alpine:v3.18", package: "zeromq", fixed: "4.3.3")
        let result = try Self.matches(
            [advisory], Self.alpine318,
            [
                Self.package("libzmq", "4.3.3-r0", type: .apk, source: "zeromq"),
                Self.package("libzmq-old", "4.3.2-r0", type: .apk, source: "zeromq"),
            ])
        #expect(result.findings.map(\.package.name) == ["libzmq-old"])
        #expect(result.findings.first?.fixedVersions == ["4.3.3"])
    }

    @Test func apkDotRevisionIsNormalisedNeverGuessed() throws {
        // PITFALLS 2: "fixed 20.10.11.r0" means 20.10.11-r0.
        let advisory = AdvisoryDatabase.advisory(
            "ALPINE-CVE-2021-41190", ecosystem: "Alpine:v3.18", package: "docker", fixed: "20.10.11.r0")
        let result = try Self.matches(
            [advisory], Self.alpine318,
            [
                Self.package("docker", "20.10.11-r0", type: .apk, source: "docker"),
                Self.package("docker-cli", "20.10.10-r0", type: .apk, source: "docker"),
            ])
        #expect(result.findings.map(\.package.name) == ["docker-cli"])
        #expect(result.findings.first?.fixState == .fixed)
    }

    @Test func unreadableAdvisoryVersionIsReportedNotMatched() throws {
        let advisory = AdvisoryDatabase.advisory(
            "ALPINE-X-1", ecosystem: "Alpine:v3.18", package: "busybox", fixed: "not a version!")
        let result = try Self.matches([advisory], Self.alpine318, [Self.package("busybox", "1.36.1-r2", type: .apk)])
        #expect(result.findings.isEmpty)
        #expect(result.warnings.contains { $0.contains("ALPINE-X-1") && $0.contains("could not be read") })
    }

    @Test func installedApkVersionOutsideTheGrammarIsOrderedAsApkDoes() throws {
        // Alpine ships versions apk's grammar rejects (libretls 3.3.3p1-r3); apk-tools orders them by its
        // fallback rule, and so must the matcher: a gate must not pass because a version looked odd.
        let advisory = AdvisoryDatabase.advisory(
            "ALPINE-CVE-2019-14697", ecosystem: "Alpine:v3.18", package: "musl", fixed: "1.1.22-r3")
        let result = try Self.matches(
            [advisory], Self.alpine318,
            [
                Self.package("musl", "1.1.20p1-r4", type: .apk),
                Self.package("musl-new", "1.1.22p1-r0", type: .apk, source: "musl"),
            ])
        #expect(result.findings.map(\.package.name) == ["musl"])
        #expect(result.warnings.isEmpty)
    }

    @Test func rpmEpochFromThePackageDatabaseOrTheAdvisory() throws {
        // PITFALLS 3: perl-libs epoch 4, 5.26.3-419.el8 vs fixed 4:5.26.3-416.el8: not vulnerable,
        // whether the cataloger put the epoch in the version, in metadata, or (truly) nowhere.
        let advisories = [
            AdvisoryDatabase.advisory(
                "RLSA-2021:1", ecosystem: "Rocky Linux:8", package: "perl-libs", fixed: "4:5.26.3-416.el8")
        ]
        let result = try Self.matches(
            advisories, Distro(id: "rocky", versionID: "8.5"),
            [
                Self.package("perl-libs", "4:5.26.3-419.el8", type: .rpm),
                Self.package("perl-libs", "5.26.3-419.el8", type: .rpm, metadata: ["epoch": "4"]),
                Self.package("perl-libs", "5.26.3-419.el8", type: .rpm),
                Self.package("perl-libs", "4:5.26.3-410.el8", type: .rpm),
            ])
        #expect(result.findings.map(\.installedVersion) == ["4:5.26.3-410.el8"])
        #expect(result.findings.first?.fixedVersions == ["4:5.26.3-416.el8"])
    }

    @Test func rpmEqualVersionAndOlderBranchFixAreNotVulnerable() throws {
        // PITFALLS 4.
        let name = "java-1.8.0-openjdk-headless"
        let advisories = [
            AdvisoryDatabase.advisory(
                "RHSA-2021:2845", ecosystem: "Red Hat:7", package: name, fixed: "1:1.8.0.302.b08-0.el7_9"),
            AdvisoryDatabase.advisory(
                "RHSA-2015:1228", ecosystem: "Red Hat:7", package: name, fixed: "1:1.8.0.51-1.b16.el7_1"),
        ]
        let result = try Self.matches(
            advisories, Distro(id: "centos", versionID: "7"),
            [
                Self.package(name, "1:1.8.0.302.b08-0.el7_9", type: .rpm),
                Self.package(name, "1:1.8.0.292.b10-1.el7_9", type: .rpm),
            ])
        #expect(result.findings.map(\.id) == ["RHSA-2021:2845"])
        #expect(result.findings.first?.installedVersion == "1:1.8.0.292.b10-1.el7_9")
    }

    @Test func rpmModuleStreamsDoNotCross() throws {
        // PITFALLS 5: postgresql from stream 9.6 vs a fix for stream 12.
        let advisories = [
            AdvisoryDatabase.advisory(
                "ALSA-2020:5619", ecosystem: "AlmaLinux:8", package: "postgresql",
                fixed: "12.5-1.module_el8.3.0+6656+95b6d4f5", extra: ["ecosystem_specific": ["module": "postgresql:12"]]
            ),
            AdvisoryDatabase.advisory(
                "ALSA-2021:9999", ecosystem: "AlmaLinux:8", package: "postgresql",
                fixed: "9.6.24-1.module_el8.6.0+1000+aaaaaaaa",
                extra: ["ecosystem_specific": ["module": "postgresql:9.6"]]),
        ]
        let result = try Self.matches(
            advisories, Distro(id: "almalinux", versionID: "8.5"),
            [
                Self.package(
                    "postgresql", "9.6.22-1.module_el8.5.0+826+29c1ad77", type: .rpm,
                    metadata: ["modularityLabel": "postgresql:9.6:8050020210805155211:c5368500"])
            ])
        #expect(result.findings.map(\.id) == ["ALSA-2021:9999"])
    }

    @Test func alpineSubPackagesMatchTheirOrigin() throws {
        // PITFALLS 10: libssl1.1 from openssl1.1-compat is not matched against openssl 3.x.
        let advisories = [
            AdvisoryDatabase.advisory(
                "ALPINE-CVE-2023-5678", ecosystem: "Alpine:v3.18", package: "openssl", fixed: "3.1.4-r1"),
            AdvisoryDatabase.advisory(
                "ALPINE-CVE-2023-0001", ecosystem: "Alpine:v3.18", package: "openssl1.1-compat", fixed: "1.1.1w-r2"),
        ]
        let result = try Self.matches(
            advisories, Self.alpine318,
            [Self.package("libssl1.1", "1.1.1w-r1", type: .apk, source: "openssl1.1-compat")])
        #expect(result.findings.map(\.id) == ["ALPINE-CVE-2023-0001"])
        #expect(result.findings.first?.matchType == "distro-source-package")
        #expect(result.findings.first?.namespace == "alpine:v3.18")
    }

    @Test func debianTestingWithoutVersionIDUsesItsCodename() throws {
        // PITFALLS 11: trixie/sid without VERSION_ID is Debian 13, not "unknown, zero findings".
        let advisories = [
            AdvisoryDatabase.advisory("DSA-5999-1", ecosystem: "Debian:13", package: "glibc", fixed: "2.41-7")
        ]
        var libc = Self.package("libc6", "2.41-6", type: .deb, source: "glibc")
        libc.locations = [Location(path: "/var/lib/dpkg/status")]
        let result = try Self.matches(advisories, Distro(id: "debian", codename: "trixie"), [libc])
        #expect(result.findings.map(\.id) == ["DSA-5999-1"])
        #expect(result.findings.first?.namespace == "debian:13")
        #expect(result.warnings.isEmpty)
    }

    @Test func debianSidRootIsDetectedAndMatchedEndToEnd() throws {
        // PITFALLS 11 through the real distro detection and dpkg cataloger.
        let tree = FixtureTree.make([
            "/etc/os-release":
                "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nNAME=\"Debian GNU/Linux\"\nVERSION_CODENAME=trixie\nID=debian\n",
            "/etc/debian_version": "trixie/sid\n",
            "/var/lib/dpkg/status": """
            Package: libc6
            Status: install ok installed
            Architecture: amd64
            Source: glibc
            Version: 2.41-6

            """,
        ])
        let sbom = Cataloging.run(tree: tree, source: ImageDescription(userInput: "dir:/sid", scheme: "dir"))
        let database = try AdvisoryDatabase(advisories: [
            AdvisoryDatabase.advisory("DSA-5999-1", ecosystem: "Debian:13", package: "glibc", fixed: "2.41-7")
        ])
        defer { database.remove() }
        let result = try Matcher(store: database.store).match(sbom)
        #expect(result.findings.map(\.id) == ["DSA-5999-1"])
        #expect(result.findings.first?.package.name == "libc6")
        #expect(result.warnings.isEmpty)
    }

    @Test func apkPackagesUnderAnUnknownDistroAreReportedNotSilent() throws {
        // PITFALLS 12: no Alpine os-release → say N packages could not be matched; --distro fixes it.
        let advisories = [
            AdvisoryDatabase.advisory(
                "ALPINE-CVE-2019-14697", ecosystem: "Alpine:v3.9", package: "musl", fixed: "1.1.20-r5")
        ]
        let packages = [
            Self.package("musl", "1.1.20-r4", type: .apk), Self.package("busybox", "1.29.3-r10", type: .apk),
        ]
        let unknown = try Self.matches(advisories, Distro(id: "unknown"), packages)
        #expect(unknown.findings.isEmpty)
        #expect(
            unknown.warnings == [
                "2 OS packages (apk) could not be matched: the distro is unknown; use --distro id:version to name it"
            ])
        let overridden = try Self.matches(
            advisories, Distro(id: "unknown"), packages, override: DistroNamespace.parseOverride("alpine:3.9"))
        #expect(overridden.findings.map(\.id) == ["ALPINE-CVE-2019-14697"])
        #expect(overridden.warnings.isEmpty)
    }

    @Test func releaseWithoutDataInTheDatabaseIsReported() throws {
        let advisories = [
            AdvisoryDatabase.advisory(
                "ALPINE-CVE-2019-14697", ecosystem: "Alpine:v3.9", package: "musl", fixed: "1.1.20-r5")
        ]
        let result = try Self.matches(
            advisories, Distro(id: "alpine", versionID: "3.14.10"), [Self.package("musl", "1.2.2-r3", type: .apk)])
        #expect(result.findings.isEmpty)
        #expect(result.warnings == ["the database has no advisories for alpine:v3.14: 1 OS packages were not matched"])
    }

    @Test func noFixYetAndWontFixAreKept() throws {
        var unfixed = AdvisoryDatabase.advisory("DLA-1-1", ecosystem: "Debian:10", package: "tiff", fixed: nil)
        unfixed["database_specific"] = ["tracker_status": "<unfixed>"]
        var affectedEntry = (unfixed["affected"] as? [[String: Any]])?.first ?? [:]
        affectedEntry["database_specific"] = ["tracker_status": "<unfixed>"]
        unfixed["affected"] = [affectedEntry]
        var endOfLife = AdvisoryDatabase.advisory("DLA-2-1", ecosystem: "Debian:10", package: "tiff", fixed: nil)
        var eolEntry = (endOfLife["affected"] as? [[String: Any]])?.first ?? [:]
        eolEntry["database_specific"] = ["tracker_status": "<end-of-life>"]
        endOfLife["affected"] = [eolEntry]
        var tiff = Self.package("libtiff5", "4.1.0+git191117-2~deb10u1", type: .deb, source: "tiff")
        tiff.locations = [Location(path: "/var/lib/dpkg/status")]
        let result = try Self.matches([unfixed, endOfLife], Distro(id: "debian", versionID: "10"), [tiff])
        #expect(result.findings.map(\.id) == ["DLA-1-1", "DLA-2-1"])
        #expect(result.findings.map(\.fixState) == [.notFixed, .wontFix])
        #expect(result.findings.allSatisfy { $0.fixedVersions.isEmpty })
    }
}
