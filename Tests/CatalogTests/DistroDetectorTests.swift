import Catalog
import Foundation
import Layers
import Model
import TestSupport
import Testing

@Suite struct DistroDetectorTests {
    private func detect(_ files: [String: String]) -> (distro: Distro, warnings: [String]) {
        var warnings: [String] = []
        let distro = DistroDetector.detect(FixtureTree.make(files)) { warnings.append($0) }
        return (distro, warnings)
    }

    /// One row: release files, then the expected id, version, codename.
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var files: [String: String]
        var id: String
        var version: String?
        var codename: String?
    }

    static let cases: [Case] = [
        Case(
            description: "debian 12",
            files: [
                "/usr/lib/os-release":
                    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n",
                "/etc/debian_version": "12.15\n",
            ],
            id: "debian", version: "12", codename: "bookworm"),
        Case(
            description: "debian testing (PITFALLS 11)",
            files: [
                "/etc/os-release":
                    "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nNAME=\"Debian GNU/Linux\"\nVERSION_CODENAME=trixie\nID=debian\n",
                "/etc/debian_version": "trixie/sid\n",
            ],
            id: "debian", version: nil, codename: "trixie"),
        Case(
            description: "debian sid without VERSION_CODENAME",
            files: [
                "/etc/os-release": "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nID=debian\n",
                "/etc/debian_version": "trixie/sid\n",
            ],
            id: "debian", version: nil, codename: "trixie"),
        Case(
            description: "debian_version only", files: ["/etc/debian_version": "bookworm/sid\n"], id: "debian",
            version: nil, codename: "bookworm"),
        Case(
            description: "debian_version 11.2 only", files: ["/etc/debian_version": "11.2\n"], id: "debian",
            version: "11"),
        Case(
            description: "alpine-release only", files: ["/etc/alpine-release": "3.14.10\n"], id: "alpine",
            version: "3.14.10"),
        Case(
            description: "lsb-release only",
            files: [
                "/etc/lsb-release":
                    "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=18.04\nDISTRIB_CODENAME=bionic\nDISTRIB_DESCRIPTION=\"Ubuntu 18.04.1 LTS\"\n"
            ],
            id: "ubuntu", version: "18.04", codename: "bionic"),
        Case(
            description: "rhel 7 redhat-release",
            files: ["/etc/redhat-release": "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n"], id: "rhel",
            version: "7.9"),
        Case(
            description: "centos 7 centos-release",
            files: [
                "/etc/centos-release": "CentOS Linux release 7.9.2009 (Core)\n",
                "/etc/redhat-release": "CentOS Linux release 7.9.2009 (Core)\n",
            ],
            id: "centos", version: "7"),
        Case(
            description: "amazon linux 2 system-release",
            files: ["/etc/system-release": "Amazon Linux release 2 (Karoo)\n"], id: "amzn", version: "2"),
        Case(
            description: "sles 12 SuSE-release",
            files: ["/etc/SuSE-release": "SUSE Linux Enterprise Server 12 (x86_64)\nVERSION = 12\nPATCHLEVEL = 3\n"],
            id: "sles", version: "12.3"),
        Case(description: "nothing", files: [:], id: "unknown"),
        Case(
            description: "an unknown product is not guessed",
            files: ["/etc/redhat-release": "Acme OS release 9 (Roadrunner)\n"], id: "unknown"),
        Case(
            description: "os-release without ID falls back",
            files: ["/etc/os-release": "NAME=Something\n", "/etc/alpine-release": "3.19.1\n"], id: "alpine",
            version: "3.19.1"),
        Case(
            description: "package databases alone say nothing",
            files: ["/var/lib/dpkg/status": "Package: x\n", "/lib/apk/db/installed": "P:x\n"], id: "unknown"),
    ]

    @Test(arguments: cases)
    func detects(_ row: Case) {
        let (distro, warnings) = detect(row.files)
        #expect(distro.id == row.id)
        #expect(distro.versionID == row.version)
        #expect(distro.codename == row.codename)
        #expect(warnings.isEmpty)
    }

    @Test(arguments: [
        ("alpine-3.9", "alpine", "3.9.4", [String]()), ("debian-8", "debian", "8", []),
        ("debian-11-distroless", "debian", "11", []), ("ubuntu-18.04", "ubuntu", "18.04", ["debian"]),
        ("rhel-8-libuuid-single", "rhel", "8.8", ["fedora"]), ("sles-15.3", "sles", "15.3", ["suse"]),
        ("amazonlinux-2023", "amzn", "2023", ["fedora"]), ("cbl-mariner-2.0", "mariner", "2.0", []),
    ])
    func detectsTheSharedOSReleaseFiles(name: String, id: String, version: String, idLike: [String]) throws {
        let bytes = try CatalogFixtures.bytes(CatalogFixtures.pkgdb(name).appendingPathComponent("os-release"))
        let distro = DistroDetector.detect(CatalogFixtures.tree(["/etc/os-release": bytes]))
        #expect(distro.id == id)
        #expect(distro.versionID == version)
        #expect(distro.idLike == idLike)
    }

    @Test func debian8CodenameComesFromVersion() throws {
        let bytes = try CatalogFixtures.bytes(CatalogFixtures.pkgdb("debian-8").appendingPathComponent("os-release"))
        let distro = DistroDetector.detect(CatalogFixtures.tree(["/etc/os-release": bytes]))
        #expect(distro.codename == "jessie")
        #expect(distro.prettyName == "Debian GNU/Linux 8 (jessie)")
    }

    @Test func distrolessKeepsItsPrettyName() throws {
        let tree = try CatalogFixtures.rootTree(pkgdb: "debian-11-distroless")
        #expect(tree.contents(of: DpkgCataloger.statusPath) == nil)
        let distro = DistroDetector.detect(tree)
        // The codename comes from `VERSION="Debian GNU/Linux 11 (bullseye)"`.
        #expect(distro == Distro(id: "debian", versionID: "11", codename: "bullseye", prettyName: "Distroless"))
    }

    @Test func osReleaseSymlinkIsFollowed() {
        var tree = FixtureTree.make(["/usr/lib/os-release": "ID=alpine\nVERSION_ID=3.14.10\n"])
        tree.insert("/etc/os-release", FileNode(kind: .symlink(target: "../usr/lib/os-release")))
        #expect(DistroDetector.detect(tree).id == "alpine")
        // Precedence: /etc/os-release wins over the other release files.
        tree.insert("/etc/debian_version", FileNode(kind: .regular, contents: Array("12.1\n".utf8)))
        #expect(DistroDetector.detect(tree).id == "alpine")
    }

    /// The real BusyBox binary of the Alpine minirootfs, without any release file beside it.
    @Test func busyboxOnlyImageIsReportedAsBusyBox() throws {
        let full = try CatalogFixtures.alpineTree("3.14.10")
        let busybox = try #require(full.contents(of: "/bin/busybox"))
        #expect(busybox.count > 100_000)
        let distro = DistroDetector.detect(CatalogFixtures.tree(["/bin/busybox": busybox]))
        #expect(distro == Distro(id: "busybox", versionID: "1.33.1", prettyName: "BusyBox v1.33.1"))
        // With merged /usr the binary is at /usr/bin/busybox.
        #expect(DistroDetector.detect(CatalogFixtures.tree(["/usr/bin/busybox": busybox])).id == "busybox")
        // The full minirootfs has os-release, which wins.
        #expect(
            DistroDetector.detect(full) == Distro(id: "alpine", versionID: "3.14.10", prettyName: "Alpine Linux v3.14"))
    }

    @Test func busyboxWithoutBannerIsUnknown() {
        let distro = DistroDetector.detect(FixtureTree.make(["/bin/busybox": "\u{7F}ELF BusyBox v%s (%s) multi-call"]))
        #expect(distro.isUnknown)
    }

    // MARK: Hostile input

    @Test func oversizedOSReleaseIsIgnoredWithAWarning() {
        let huge = "ID=debian\n" + String(repeating: "#", count: 100_000)
        let (distro, warnings) = detect(["/etc/os-release": huge, "/etc/alpine-release": "3.14.10\n"])
        #expect(distro.id == "alpine")
        #expect(warnings == ["ignored /etc/os-release: 100010 bytes is too large for a release file (limit 65536)"])
    }

    @Test func invalidIDIsNotTrusted() {
        let (distro, warnings) = detect(["/etc/os-release": "ID=\"../../etc\u{1B}[31m\"\nVERSION_ID=1\n"])
        #expect(distro.isUnknown)
        #expect(warnings == ["ignored /etc/os-release: ID '../../etc?[31m' is not an os-release identifier"])
    }

    @Test func osReleaseSymlinkLoopFallsBackToTheOtherFiles() {
        var tree = FixtureTree.make(["/etc/alpine-release": "3.14.10\n"])
        tree.insert("/etc/os-release", FileNode(kind: .symlink(target: "/usr/lib/os-release")))
        tree.insert("/usr/lib/os-release", FileNode(kind: .symlink(target: "/etc/os-release")))
        #expect(
            DistroDetector.detect(tree)
                == Distro(id: "alpine", versionID: "3.14.10", prettyName: "Alpine Linux v3.14.10"))
    }

    @Test func binaryGarbageIsUnknown() {
        var generator = SplitMix64(seed: 3)
        let garbage = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let tree = CatalogFixtures.tree(["/etc/os-release": garbage, "/etc/debian_version": garbage])
        #expect(DistroDetector.detect(tree).isUnknown)
    }

    @Test func unterminatedQuoteDropsTheLine() {
        let (distro, _) = detect(["/etc/os-release": "ID=alpine\nVERSION_ID=\"3.14\nPRETTY_NAME='x'\n"])
        #expect(distro.id == "alpine")
        #expect(distro.versionID == nil)
        #expect(distro.prettyName == "x")
    }

    @Test func wantsReleaseFilesAndBusyBox() {
        func wants(_ path: String, size: Int64 = 100) -> Bool {
            DistroDetector.wants(FileEntryInfo(path: path, kind: .regular, size: size, mode: 0o644))
        }
        for path in DistroDetector.releaseFilePaths { #expect(wants(path)) }
        #expect(wants("/bin/busybox", size: 900_000))
        #expect(!wants("/bin/busybox", size: 20_000_000))
        #expect(!wants("/etc/passwd"))
    }
}
