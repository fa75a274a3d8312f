import Catalog
import Foundation
import Layers
import Model
import TestSupport
import Testing

@Suite struct DpkgCatalogerTests {
    private static let queryFormat =
        "${db:Status-Status}\t${Package}\t${Version}\t${source:Package}\t${source:Version}\t${Architecture}\n"

    private func catalog(_ tree: FileTree, distro: Distro = Distro(id: "debian", versionID: "12")) throws -> (
        packages: [Package], warnings: [String]
    ) {
        let context = CatalogContext(distro: distro)
        let packages = try DpkgCataloger().catalog(tree, context: context)
        return (packages, context.warnings)
    }

    /// dpkg-query's view, restricted to the states whose files are on disk, as `DpkgCataloger` lists them.
    private func referenceRows(_ status: [UInt8]) throws -> [String] {
        try CatalogFixtures.dpkgQuery(status: status, format: Self.queryFormat).compactMap { row in
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 6,
                [
                    "installed", "half-configured", "unpacked", "half-installed",
                    "triggers-awaiting", "triggers-pending",
                ].contains(String(fields[0]))
            else { return nil }
            return fields.dropFirst().joined(separator: "\t")
        }.sorted()
    }

    private func rows(_ packages: [Package]) -> [String] {
        packages.map {
            [$0.name, $0.version, $0.sourceName ?? "", $0.sourceVersion ?? $0.version, $0.architecture ?? ""]
                .joined(separator: "\t")
        }.sorted()
    }

    @Test(arguments: [("debian-8", 381), ("debian-9", 83), ("debian-10", 84), ("ubuntu-18.04", 89)])
    func pkgdbMatchesDpkgQuery(name: String, count: Int) throws {
        let tree = try CatalogFixtures.rootTree(pkgdb: name)
        let status = try #require(tree.contents(of: DpkgCataloger.statusPath))
        let (packages, warnings) = try catalog(tree)
        #expect(packages.count == count)
        #expect(warnings.isEmpty)
        let expected = try referenceRows(status)
        #expect(expected.count == count)
        #expect(rows(packages) == expected)
    }

    @Test func distrolessStatusDMatchesDpkgQueryOfTheSameParagraphs() throws {
        let tree = try CatalogFixtures.rootTree(pkgdb: "debian-11-distroless")
        let (packages, warnings) = try catalog(tree, distro: Distro(id: "debian", versionID: "11"))
        #expect(warnings.isEmpty)
        #expect(packages.map(\.name).sorted() == ["base-files", "netbase", "tzdata"])
        let baseFiles = try #require(packages.first { $0.name == "base-files" })
        #expect(baseFiles.version == "11.1+deb11u1")
        #expect(baseFiles.locations.first?.path == "/var/lib/dpkg/status.d/base")
        #expect(baseFiles.purl.description == "pkg:deb/debian/base-files@11.1%2Bdeb11u1?arch=amd64&distro=debian-11")
        // dpkg-query reads only a status file: give it the same paragraphs with the Status line dpkg would write.
        var status: [UInt8] = []
        for file in ["base", "netbase", "tzdata"] {
            let text = String(
                decoding: try CatalogFixtures.bytes(
                    CatalogFixtures.pkgdb("debian-11-distroless").appendingPathComponent("status.d/\(file)")),
                as: UTF8.self)
            let withStatus = text.replacingOccurrences(
                of: "\nVersion:", with: "\nStatus: install ok installed\nVersion:")
            status += Array((withStatus.hasSuffix("\n") ? withStatus : withStatus + "\n").utf8) + Array("\n".utf8)
        }
        #expect(rows(packages) == (try referenceRows(status)))
    }

    @Test func purlsHaveSyftsFormIncludingSourceVersion() throws {
        let tree = try CatalogFixtures.rootTree(pkgdb: "debian-10")
        let (packages, _) = try catalog(tree, distro: Distro(id: "debian", versionID: "10", codename: "buster"))
        let byName = Dictionary(packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(
            byName["libc6"]?.purl.description
                == "pkg:deb/debian/libc6@2.28-10?arch=amd64&distro=debian-10&upstream=glibc")
        #expect(byName["adduser"]?.purl.description == "pkg:deb/debian/adduser@3.118?arch=all&distro=debian-10")
        let bsdutils = try #require(byName["bsdutils"])
        #expect(bsdutils.version == "1:2.33.1-0.1")
        #expect(bsdutils.sourceName == "util-linux")
        #expect(bsdutils.sourceVersion == "2.33.1-0.1")
        #expect(
            bsdutils.purl.description
                == "pkg:deb/debian/bsdutils@1:2.33.1-0.1?arch=amd64&distro=debian-10&upstream=util-linux%402.33.1-0.1")
    }

    /// The host is Debian: its own dpkg database, `.list` files and copyright files are real inputs, and
    /// `dpkg-query -L` is the reference for a package's files.
    @Test func hostDatabaseFilesAndLicensesMatchDpkg() throws {
        let dpkgStatus = try CatalogFixtures.bytes(URL(fileURLWithPath: "/var/lib/dpkg/status"))
        var files: [String: [UInt8]] = [DpkgCataloger.statusPath: dpkgStatus]
        for name in ["dpkg", "bash"] {
            let list = "/var/lib/dpkg/info/\(name).list"
            files[list] = try CatalogFixtures.bytes(URL(fileURLWithPath: list))
            let copyright = "/usr/share/doc/\(name)/copyright"
            files[copyright] = try CatalogFixtures.bytes(URL(fileURLWithPath: copyright))
        }
        // The directories dpkg lists are directories in the tree too, as the layer squasher would record them.
        let listed = try ProcessRunner.run("dpkg-query", ["-L", "dpkg"]).output.split(separator: "\n").map(String.init)
        func isHostDirectory(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        var tree = CatalogFixtures.tree(files)
        for path in listed where path != "/." && isHostDirectory(path) {
            tree.insert(path, FileNode(kind: .directory))
        }
        let (packages, warnings) = try catalog(tree)
        #expect(warnings.isEmpty)
        #expect(rows(packages) == (try referenceRows(dpkgStatus)))

        let dpkg = try #require(packages.first { $0.name == "dpkg" })
        #expect(dpkg.licenses == ["BSD-2-clause", "GPL-2", "GPL-2+", "public-domain-s-s-d"])
        #expect(
            dpkg.locations.map(\.path) == [
                "/var/lib/dpkg/status", "/var/lib/dpkg/info/dpkg.list", "/usr/share/doc/dpkg/copyright",
            ])
        // Files: what `dpkg-query -L` lists, less what is a directory on this (Debian) host.
        #expect(dpkg.files == listed.filter { $0 != "/." && !isHostDirectory($0) })
        #expect(dpkg.files.contains("/usr/bin/dpkg"))
    }

    @Test func directoriesFromListFilesAreNotFiles() throws {
        var tree = CatalogFixtures.tree([
            DpkgCataloger.statusPath: Array(
                "Package: tool\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n".utf8),
            "/var/lib/dpkg/info/tool:amd64.list": Array("/.\n/usr\n/usr/bin\n/usr/bin/tool\n".utf8),
        ])
        tree.insert("/usr", FileNode(kind: .directory))
        tree.insert("/usr/bin", FileNode(kind: .directory))
        let (packages, _) = try catalog(tree)
        #expect(packages.first?.files == ["/usr/bin/tool"])
        #expect(
            packages.first?.locations.map(\.path) == [DpkgCataloger.statusPath, "/var/lib/dpkg/info/tool:amd64.list"])
    }

    @Test func removedAndNotInstalledPackagesAreNotListed() throws {
        let status = """
            Package: kept
            Status: deinstall ok installed
            Version: 1
            Architecture: amd64

            Package: gone
            Status: deinstall ok config-files
            Version: 2
            Architecture: amd64

            Package: half
            Status: install reinstreq half-configured
            Version: 3
            Architecture: amd64

            """
        let (packages, warnings) = try catalog(CatalogFixtures.tree([DpkgCataloger.statusPath: Array(status.utf8)]))
        #expect(packages.map(\.name) == ["kept", "half"])
        #expect(warnings.isEmpty)
        #expect(rows(packages) == (try referenceRows(Array(status.utf8))))
    }

    @Test func multiArchInstancesAreTwoPackages() throws {
        let status = """
            Package: libc6
            Status: install ok installed
            Multi-Arch: same
            Version: 2.36-9
            Architecture: amd64
            Source: glibc

            Package: libc6
            Status: install ok installed
            Multi-Arch: same
            Version: 2.36-9
            Architecture: i386
            Source: glibc

            """
        let (packages, warnings) = try catalog(CatalogFixtures.tree([DpkgCataloger.statusPath: Array(status.utf8)]))
        #expect(warnings.isEmpty)
        #expect(
            packages.map(\.purl.description) == [
                "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12&upstream=glibc",
                "pkg:deb/debian/libc6@2.36-9?arch=i386&distro=debian-12&upstream=glibc",
            ])
    }

    // MARK: Hostile input

    @Test func truncatedStatusKeepsCompleteParagraphsAndWarnsAboutTheCutOne() throws {
        let full = try CatalogFixtures.bytes(CatalogFixtures.pkgdb("debian-10").appendingPathComponent("status"))
        let text = String(decoding: full, as: UTF8.self)
        // Cut right after the Status line of the paragraph of `zlib1g`, before its Version.
        let start = try #require(text.range(of: "Package: zlib1g\n"))
        let statusLine = try #require(
            text.range(of: "Status: install ok installed\n", range: start.upperBound..<text.endIndex))
        let cut = Array(text[..<statusLine.upperBound].utf8)
        let (packages, warnings) = try catalog(CatalogFixtures.tree([DpkgCataloger.statusPath: cut]))
        #expect(packages.count == text[..<start.lowerBound].components(separatedBy: "Package: ").count - 1)
        #expect(!packages.contains { $0.name == "zlib1g" })
        let line = text[..<start.lowerBound].filter { $0 == "\n" }.count + 1
        #expect(warnings == ["/var/lib/dpkg/status:\(line): skipped package 'zlib1g': no Version field"])
    }

    @Test func binaryGarbageGivesNoPackagesAndFewWarnings() throws {
        var generator = SplitMix64(seed: 42)
        let garbage = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let (packages, warnings) = try catalog(CatalogFixtures.tree([DpkgCataloger.statusPath: garbage]))
        #expect(packages.isEmpty)
        #expect(!warnings.isEmpty)
        #expect(warnings.count <= CatalogContext.warningsPerFile + 1)
        #expect(warnings.allSatisfy { $0.hasPrefix("/var/lib/dpkg/status") })
    }

    @Test func fiftyMegabyteSingleLineIsOneWarning() throws {
        let huge = [UInt8](repeating: UInt8(ascii: "A"), count: 50 * 1024 * 1024)
        let (packages, warnings) = try catalog(CatalogFixtures.tree([DpkgCataloger.statusPath: huge]))
        #expect(packages.isEmpty)
        #expect(warnings.count == 1)
        #expect(
            warnings.first?.hasPrefix(
                "/var/lib/dpkg/status:1: skipped the paragraph: expected 'Field: value', found 'AAAA") == true)
    }

    @Test func duplicatePackageIsListedOnceWithAWarning() throws {
        let status = """
            Package: foo
            Status: install ok installed
            Version: 1
            Architecture: amd64

            Package: foo
            Status: install ok installed
            Version: 2
            Architecture: amd64

            """
        let (packages, warnings) = try catalog(CatalogFixtures.tree([DpkgCataloger.statusPath: Array(status.utf8)]))
        #expect(packages.map(\.version) == ["1"])
        #expect(
            warnings == [
                "/var/lib/dpkg/status:6: skipped duplicate package 'foo' (already listed at /var/lib/dpkg/status:1)"
            ])
    }

    @Test func missingVersionAndMalformedParagraphsAreSkippedWithWarnings() throws {
        let status = """
            Package: noversion
            Status: install ok installed
            Architecture: amd64

            Package: twice
            Status: install ok installed
            Version: 1
            Version: 2

            Package: badstatus
            Status: installed
            Version: 1

            this line has no colon
            Package: nocolon
            Version: 1

            Package: good
            Status: install ok installed
            Version: 1.0
            Architecture: amd64

            """
        let (packages, warnings) = try catalog(CatalogFixtures.tree([DpkgCataloger.statusPath: Array(status.utf8)]))
        #expect(packages.map(\.name) == ["good"])
        // Syntax problems are found while reading the file, missing fields afterwards.
        #expect(
            warnings == [
                "/var/lib/dpkg/status:8: skipped the paragraph of package 'twice': field 'version' appears twice",
                "/var/lib/dpkg/status:14: skipped the paragraph: expected 'Field: value', found 'this line has no colon'",
                "/var/lib/dpkg/status:1: skipped package 'noversion': no Version field",
                "/var/lib/dpkg/status:10: skipped package 'badstatus': malformed Status 'installed'",
            ])
    }

    @Test func wantsTheDatabaseListsAndCopyrightsOnly() {
        let cataloger = DpkgCataloger()
        func wants(_ path: String) -> Bool {
            cataloger.wants(FileEntryInfo(path: path, kind: .regular, size: 10, mode: 0o644))
        }
        #expect(wants("/var/lib/dpkg/status"))
        #expect(wants("/var/lib/dpkg/status.d/libc6"))
        #expect(wants("/var/lib/dpkg/status.d/libc6.md5sums"))
        #expect(wants("/var/lib/dpkg/info/libc6:amd64.list"))
        #expect(wants("/usr/share/doc/libc6/copyright"))
        #expect(!wants("/var/lib/dpkg/status-old"))
        #expect(!wants("/var/lib/dpkg/info/libc6.md5sums"))
        #expect(!wants("/usr/share/doc/libc6/examples/copyright"))
        #expect(!wants("/etc/passwd"))
    }
}

/// A small deterministic generator so "random" garbage is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
