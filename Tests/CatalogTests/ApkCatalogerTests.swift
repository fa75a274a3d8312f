import Catalog
import Foundation
import Layers
import Model
import TestSupport
import Testing

@Suite struct ApkCatalogerTests {
    private func catalog(_ tree: FileTree, distro: Distro) throws -> (packages: [Package], warnings: [String]) {
        let context = CatalogContext(distro: distro)
        let packages = try ApkCataloger().catalog(tree, context: context)
        return (packages, context.warnings)
    }

    private func installed(_ text: String) -> FileTree {
        CatalogFixtures.tree(["/lib/apk/db/installed": Array(text.utf8)])
    }

    /// `name<TAB>version<TAB>arch<TAB>origin<TAB>license` of every record, read by awk from the same file.
    private func awkRows(_ file: URL) throws -> [String] {
        let program = """
            /^P:/ { p = substr($0, 3) } /^V:/ { v = substr($0, 3) } /^A:/ { a = substr($0, 3) }
            /^o:/ { o = substr($0, 3) } /^L:/ { l = substr($0, 3) }
            /^$/ { if (p != "") print p "\\t" v "\\t" a "\\t" o "\\t" l; p = "" }
            END { if (p != "") print p "\\t" v "\\t" a "\\t" o "\\t" l }
            """
        let result = try ProcessRunner.run("awk", [program, file.path])
        #expect(result.status == 0)
        return result.output.split(separator: "\n").map(String.init).sorted()
    }

    @Test(arguments: [("alpine-3.7", 11, "3.7.0"), ("alpine-3.9", 14, "3.9.4"), ("alpine-3.10", 14, "3.10.2")])
    func pkgdbCountsAndFieldsMatchTheFile(name: String, count: Int, version: String) throws {
        let tree = try CatalogFixtures.rootTree(pkgdb: name)
        let distro = DistroDetector.detect(tree)
        #expect(distro == Distro(id: "alpine", versionID: version, prettyName: distro.prettyName))
        let (packages, warnings) = try catalog(tree, distro: distro)
        #expect(warnings.isEmpty)
        #expect(packages.count == count)
        let rows = packages.map {
            [$0.name, $0.version, $0.architecture ?? "", $0.sourceName ?? "", $0.licenses.joined()].joined(
                separator: "\t")
        }.sorted()
        #expect(rows == (try awkRows(CatalogFixtures.pkgdb(name).appendingPathComponent("installed"))))
        #expect(packages.allSatisfy { $0.purl.qualifiers["distro"] == "alpine-\(version)" && $0.type == .apk })
    }

    @Test func fieldsOfOnePackage() throws {
        let tree = try CatalogFixtures.rootTree(pkgdb: "alpine-3.9")
        let (packages, _) = try catalog(tree, distro: DistroDetector.detect(tree))
        let musl = try #require(packages.first { $0.name == "musl" })
        #expect(musl.version == "1.1.20-r4")
        #expect(musl.architecture == "x86_64")
        #expect(musl.licenses == ["MIT"])
        #expect(musl.sourceName == "musl")
        #expect(musl.files == ["/lib/libc.musl-x86_64.so.1", "/lib/ld-musl-x86_64.so.1"])
        #expect(musl.metadata == ["buildTime": "1552989415", "commit": "924ee86d730895b7e33788d02187ff4e8cd25461"])
        #expect(musl.locations.map(\.path) == ["/lib/apk/db/installed"])
        #expect(musl.purl.description == "pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=alpine-3.9.4")
        let libssl = try #require(packages.first { $0.name == "libssl1.1" })
        #expect(libssl.sourceName == "openssl")
        #expect(libssl.purl.qualifiers["upstream"] == "openssl")
    }

    /// The real minirootfs is the only layer of `../shared/images` `alpine`: its purls must be syft's exactly.
    @Test func minirootfsPurlsEqualSyftBaseline() throws {
        let tree = try CatalogFixtures.alpineTree("3.14.10")
        let (packages, warnings) = try catalog(tree, distro: DistroDetector.detect(tree))
        #expect(warnings.isEmpty)
        let baseline = try String(
            contentsOf: SharedData.images.appendingPathComponent("syft-baseline/alpine.tsv"), encoding: .utf8)
        let expected = baseline.split(separator: "\n").filter { $0.hasPrefix("apk\t") }.map {
            String($0.split(separator: "\t")[3])
        }.sorted()
        #expect(expected.count == 14)
        #expect(packages.map(\.purl.description).sorted() == expected)
    }

    @Test func unknownDistroStillListsPackagesWithoutDistroQualifier() throws {
        let (packages, _) = try catalog(
            installed("P:zlib\nV:1.2.12-r3\nA:x86_64\no:zlib\n"), distro: Distro(id: "unknown"))
        #expect(packages.map(\.purl.description) == ["pkg:apk/alpine/zlib@1.2.12-r3?arch=x86_64"])
    }

    // MARK: Hostile input

    @Test func truncatedRecordWithoutVersionIsSkippedWithAWarning() throws {
        let full = try String(
            contentsOf: CatalogFixtures.pkgdb("alpine-3.9").appendingPathComponent("installed"), encoding: .utf8)
        let start = try #require(full.range(of: "P:busybox\n"))
        let text = String(full[..<start.upperBound])
        let (packages, warnings) = try catalog(installed(text), distro: Distro(id: "alpine", versionID: "3.9.4"))
        #expect(packages.map(\.name) == ["musl"])
        // The record starts at its `C:` checksum line, the one before `P:busybox`.
        let line = text.filter { $0 == "\n" }.count - 1
        #expect(warnings == ["/lib/apk/db/installed:\(line): skipped a record: package 'busybox' has no version (V:)"])
    }

    @Test func binaryGarbageGivesNoPackagesAndCappedWarnings() throws {
        var generator = SplitMix64(seed: 7)
        let garbage = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let (packages, warnings) = try catalog(
            CatalogFixtures.tree(["/lib/apk/db/installed": garbage]), distro: Distro(id: "alpine"))
        #expect(packages.isEmpty)
        #expect(warnings.count == CatalogContext.warningsPerFile + 1)
        #expect(warnings.last?.hasSuffix("more problems not shown") == true)
    }

    @Test func fiftyMegabyteSingleLineIsOneWarning() throws {
        var huge = Array("P:".utf8)
        huge += [UInt8](repeating: UInt8(ascii: "x"), count: 50 * 1024 * 1024)
        let (packages, warnings) = try catalog(
            CatalogFixtures.tree(["/lib/apk/db/installed": huge]), distro: Distro(id: "alpine"))
        #expect(packages.isEmpty)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasSuffix("has no version (V:)") == true)
    }

    @Test func duplicateAndMissingVersionRecords() throws {
        let text = """
            P:zlib
            V:1.2.12-r3
            A:x86_64

            P:zlib
            V:1.2.12-r3
            A:x86_64

            P:nover
            A:x86_64

            V:1.0
            junk line

            P:ok
            V:1.0-r0

            """
        let (packages, warnings) = try catalog(installed(text), distro: Distro(id: "alpine", versionID: "3.14.10"))
        #expect(packages.map(\.name) == ["zlib", "ok"])
        #expect(
            warnings == [
                "/lib/apk/db/installed:5: skipped duplicate package 'zlib' 1.2.12-r3 (already listed at line 1)",
                "/lib/apk/db/installed:9: skipped a record: package 'nover' has no version (V:)",
                "/lib/apk/db/installed:13: ignored a line that is not 'K:value': 'junk line'",
                "/lib/apk/db/installed:12: skipped a record: no package name (P:)",
            ])
    }

    @Test func mergedUsrDatabaseIsReadOnce() throws {
        var tree = installed("P:zlib\nV:1.2.12-r3\n")
        tree.insert("/usr/lib", FileNode(kind: .symlink(target: "/lib")))
        let (packages, _) = try catalog(tree, distro: Distro(id: "alpine"))
        #expect(packages.count == 1)
    }
}
