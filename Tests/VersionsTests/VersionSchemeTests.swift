import Testing

@testable import Versions

@Suite struct VersionSchemeTests {
    @Test(arguments: [
        ("Debian:10", VersionScheme.dpkg), ("Ubuntu:22.04:LTS", .dpkg), ("Alpine:v3.9", .apk), ("Wolfi", .apk),
        ("Chainguard", .apk), ("PyPI", .pep440), ("Go", .go), ("npm", .semver), ("crates.io", .semver),
        ("Maven", .maven), ("RubyGems", .gem), ("Red Hat:enterprise_linux:8::appstream", .rpm),
        ("Rocky Linux:8", .rpm), ("AlmaLinux:9", .rpm), ("SUSE:Linux Enterprise Server 15", .rpm),
        ("openSUSE:Leap 15.5", .rpm), ("Mariner:2.0", .rpm), ("Packagist", .generic), ("NuGet", .generic),
        ("Hackage", .generic), ("", .generic),
    ])
    func ecosystems(_ ecosystem: String, _ scheme: VersionScheme) {
        #expect(VersionScheme.forEcosystem(ecosystem) == scheme)
    }

    /// One line per rule of each scheme, beyond what the vectors and differential tests cover.
    @Test(arguments: [
        (VersionScheme.dpkg, "1:0.9", "2.0", 1), (.dpkg, "1.0~rc1", "1.0", -1), (.dpkg, "1.0~~", "1.0~", -1),
        (.dpkg, "1.0a", "1.0+", -1), (.dpkg, "1.0-1", "1.0-1+b1", -1), (.dpkg, "0:1.0", "1.0", 0),
        (.rpm, "1.0~rc1", "1.0", -1), (.rpm, "1.0^git1", "1.0", 1), (.rpm, "1.0^git1", "1.0.1", -1),
        (.rpm, "1.0-1.el8_4", "1.0-1.el8", 1), (.rpm, "1:1.0", "2.0", 1),
        (.apk, "1.0_alpha1", "1.0_beta", -1), (.apk, "1.0_rc1", "1.0", -1), (.apk, "1.0", "1.0_p1", -1),
        (.apk, "1.0-r1", "1.0-r10", -1), (.apk, "1.1.1b-r1", "1.1.1d-r0", -1), (.apk, "1.0_cvs1", "1.0_git1", -1),
        (.semver, "1.0.0-alpha", "1.0.0-alpha.1", -1), (.semver, "1.0.0-2", "1.0.0-10", -1),
        (.semver, "1.0.0+build.1", "1.0.0+build.2", 0), (.semver, "v1.2.3", "=1.2.3", 0), (.semver, "1.2", "1.2.0", 0),
        (.semver, "1.0.0-rc.1", "1.0.0", -1),
        (.pep440, "1.0RC1", "1.0rc1", 0), (.pep440, "1!0.1", "2.0", 1), (.pep440, "1.0.dev1", "1.0a1", -1),
        (.pep440, "1.0.post1", "1.0", 1), (.pep440, "1.0+local", "1.0", 1), (.pep440, "1.0-foo", "0.0.1", -1),
        (.pep440, "v1.0", "1.0.0", 0), (.pep440, "1.0a1.post1.dev1", "1.0a1.post1", -1),
        (.maven, "1.0-alpha-1", "1.0-beta", -1), (.maven, "1.0-SNAPSHOT", "1.0", -1), (.maven, "1.0", "1.0.0", 0),
        (.maven, "1.0-sp1", "1.0", 1), (.maven, "1.0.Final", "1.0", 0), (.maven, "1.0-RC1", "1.0-cr1", 0),
        (.maven, "1.0-milestone-1", "1.0-m1", 0),
        (.go, "v1.2.3", "1.2.3", 0), (.go, "v2.0.0+incompatible", "v2.0.0", 0),
        (.go, "v0.0.0-20210101000000-abcdef123456", "v0.0.0-20220101000000-abcdef123456", -1),
        (.go, "v1.2.4-0.20210101000000-abcdef123456", "v1.2.3", 1), (.go, "go1.21", "go1.21rc1", -1),
        (.go, "go1.21rc1", "go1.21.0", -1), (.go, "go1.21beta2", "go1.21rc1", -1), (.go, "go1.9", "go1.10", -1),
        (.go, "go1.20", "1.20.0", 0), (.go, "go1.19.8", "v1.19.8", 0), (.go, "go1", "v1.0.0", 0),
        (.gem, "1.0.a", "1.0", -1), (.gem, "1.0-1", "1.0.pre.1", 0), (.gem, "1.0.0", "1", 0),
        (.gem, "1.0.b1", "1.0.a2", 1), (.gem, "1.A", "1.a", -1), (.gem, "", "0", 0),
        (.generic, "1.0", "1.0.0", 0), (.generic, "v2", "1.9.9", 1), (.generic, "1.0rc1", "1.0rc1", 0),
    ])
    func orders(_ scheme: VersionScheme, _ first: String, _ second: String, _ expected: Int) throws {
        #expect(try scheme.compare(first, second) == expected)
        #expect(try scheme.compare(second, first) == -expected)
    }

    @Test func invalidVersionsAreReportedWithTheValue() {
        #expect(
            throws: VersionError.invalid(
                scheme: .dpkg, version: "a1.0", reason: "version number does not start with digit")
        ) {
            try VersionScheme.dpkg.parse("a1.0")
        }
        #expect(throws: VersionError.empty(scheme: .rpm)) { try VersionScheme.rpm.parse("") }
        #expect(throws: VersionError.self) { try VersionScheme.go.parse("v01.2.3") }
        #expect(throws: VersionError.self) { try VersionScheme.go.parse("go1.21.x") }
        #expect(throws: VersionError.self) { try VersionScheme.gem.parse("1.0-") }
        #expect(throws: VersionError.self) { try VersionScheme.maven.parse("") }
        #expect(
            VersionError.invalid(scheme: .semver, version: "x\ty", reason: "does not start with a number").description
                == "invalid semver version 'x\\ty': does not start with a number")
        #expect(
            VersionError.unknownScheme("debian").description
                == "unknown version scheme 'debian' (expected one of: dpkg, rpm, apk, semver, pep440, maven, go, gem, generic)"
        )
        #expect(throws: VersionError.incomparable(scheme: .generic, first: "1.0a", second: "1.0b")) {
            try VersionScheme.generic.compare("1.0a", "1.0b")
        }
    }

    @Test func legacyFlags() throws {
        #expect(try VersionScheme.pep440.parse("french toast").isLegacy)
        #expect(try VersionScheme.pep440.parse("1.0").isLegacy == false)
        #expect(try VersionScheme.apk.parse("6.6.2p1").isLegacy)
        #expect(try VersionScheme.apk.parse("6.6.2_p1-r0").isLegacy == false)
        #expect(try VersionScheme.dpkg.parse("1.0").isLegacy == false)
    }

    @Test func parsedVersionsSort() throws {
        let texts = ["1.10", "1.2", "1.2~rc1", "1:0.1", "1.2-1"]
        let sorted = try texts.map { try VersionScheme.dpkg.parse($0) }.sorted().map(\.text)
        #expect(sorted == ["1.2~rc1", "1.2", "1.2-1", "1.10", "1:0.1"])
        let mixed = [try VersionScheme.semver.parse("1.0.0"), try VersionScheme.dpkg.parse("9.0")].sorted()
        #expect(mixed.map(\.scheme) == [.dpkg, .semver])
        #expect(try VersionScheme.generic.parse("1.0a") < VersionScheme.generic.parse("1.0b"))
        #expect(try VersionScheme.pep440.parse("1.0") == VersionScheme.pep440.parse("1.0.0"))
    }
}
