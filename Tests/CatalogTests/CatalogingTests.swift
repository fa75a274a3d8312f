import Catalog
import Foundation
import Layers
import Model
import TestSupport
import Testing

@Suite struct CatalogingTests {
    private let source = ImageDescription(userInput: "test", scheme: "dir")

    private func stanza(_ name: String, _ version: String) -> String {
        "Package: \(name)\nStatus: install ok installed\nVersion: \(version)\nArchitecture: amd64\n\n"
    }

    @Test func alpineMinirootfsGivesASortedSBOM() throws {
        let tree = try CatalogFixtures.alpineTree("3.14.10")
        let sbom = Cataloging.run(tree: tree, source: source)
        #expect(sbom.distro.id == "alpine")
        #expect(sbom.distro.versionID == "3.14.10")
        let apks = sbom.packages.filter { $0.type == .apk }
        #expect(apks.count == 14)
        #expect(sbom.packages.map(\.sortKey) == sbom.packages.map(\.sortKey).sorted())
        #expect(apks.first?.name == "alpine-baselayout")
        #expect(sbom.warnings.isEmpty)
    }

    @Test func packagesAreAttributedToTheLayerThatIntroducedThem() {
        var tree = FileTree(layerDigests: (0..<3).map { CatalogFixtures.layerDigest($0) })
        func write(_ text: String, layer: Int) {
            let bytes = Array(text.utf8)
            tree.insert(
                DpkgCataloger.statusPath,
                FileNode(kind: .regular, size: Int64(bytes.count), layerIndex: layer, contents: bytes))
        }
        write(stanza("base", "1") + stanza("upgraded", "1") + stanza("readded", "1"), layer: 0)
        write(stanza("base", "1") + stanza("upgraded", "2") + stanza("added", "1"), layer: 1)
        write(stanza("base", "1") + stanza("upgraded", "2") + stanza("added", "1") + stanza("readded", "1"), layer: 2)
        let sbom = Cataloging.run(tree: tree, source: source, catalogers: [DpkgCataloger()])
        let layers = Dictionary(uniqueKeysWithValues: sbom.packages.map { ($0.name, $0.layerDigest) })
        #expect(layers["base"] == CatalogFixtures.layerDigest(0))
        #expect(layers["upgraded"] == CatalogFixtures.layerDigest(1))
        #expect(layers["added"] == CatalogFixtures.layerDigest(1))
        // Removed in layer 1 and installed again in layer 2: layer 2 brought what is there now.
        #expect(layers["readded"] == CatalogFixtures.layerDigest(2))
        // The location still names the layer that last wrote the database.
        #expect(sbom.packages.allSatisfy { $0.locations.first?.layerIndex == 2 })
    }

    @Test func apkDatabaseUnderAnotherDistroIsListedWithAWarning() throws {
        let installed = try CatalogFixtures.bytes(
            CatalogFixtures.pkgdb("alpine-3.9").appendingPathComponent("installed"))
        let debian = CatalogFixtures.tree([
            "/lib/apk/db/installed": installed, "/etc/os-release": Array("ID=debian\nVERSION_ID=12\n".utf8),
        ])
        let sbom = Cataloging.run(tree: debian, source: source)
        #expect(sbom.packages.count == 14)
        #expect(
            sbom.warnings == [
                "14 OS packages (14 apk) can't be matched against distro advisories: the distro 'debian' is not the one these packages are for (set it with --distro)"
            ])
        let unknown = Cataloging.run(tree: CatalogFixtures.tree(["/lib/apk/db/installed": installed]), source: source)
        #expect(unknown.distro.isUnknown)
        #expect(unknown.packages.count == 14)
        #expect(
            unknown.warnings == [
                "14 OS packages (14 apk) can't be matched against distro advisories: the distro is unknown (set it with --distro)"
            ])
    }

    @Test func distroOverrideReplacesDetection() throws {
        let installed = try CatalogFixtures.bytes(
            CatalogFixtures.pkgdb("alpine-3.9").appendingPathComponent("installed"))
        let tree = CatalogFixtures.tree(["/lib/apk/db/installed": installed])
        let sbom = Cataloging.run(tree: tree, source: source, distro: Distro(id: "alpine", versionID: "3.9.4"))
        #expect(sbom.distro.id == "alpine")
        #expect(sbom.warnings.isEmpty)
        #expect(sbom.packages.allSatisfy { $0.purl.qualifiers["distro"] == "alpine-3.9.4" })
    }

    @Test func ubuntuIsDebianLikeForDpkgPackages() throws {
        let sbom = Cataloging.run(tree: try CatalogFixtures.rootTree(pkgdb: "ubuntu-18.04"), source: source)
        #expect(sbom.distro.id == "ubuntu")
        #expect(sbom.packages.count == 89)
        #expect(sbom.warnings.isEmpty)
        #expect(
            sbom.packages.first { $0.name == "bash" }?.purl.description
                == "pkg:deb/ubuntu/bash@4.4.18-2ubuntu1?arch=amd64&distro=ubuntu-18.04")
    }

    struct FailingCataloger: Cataloger {
        struct Failure: Error, CustomStringConvertible {
            var description: String { "database '/x' is locked" }
        }
        let name = "failing"
        func wants(_ entry: FileEntryInfo) -> Bool { entry.path == "/x" }
        func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] { throw Failure() }
    }

    @Test func aFailingCatalogerBecomesAWarningAndTheOthersStillRun() throws {
        let tree = try CatalogFixtures.rootTree(pkgdb: "debian-9")
        let sbom = Cataloging.run(tree: tree, source: source, catalogers: [FailingCataloger(), DpkgCataloger()])
        #expect(sbom.packages.count == 83)
        #expect(sbom.warnings == ["the failing cataloger failed, its packages are missing: database '/x' is locked"])
    }

    @Test func treeWarningsAreCarriedIntoTheSBOM() {
        var tree = FileTree(layerDigests: [nil])
        tree.warnings = ["skipped '../../etc/passwd': escapes the image root"]
        let sbom = Cataloging.run(tree: tree, source: source)
        #expect(sbom.warnings == ["skipped '../../etc/passwd': escapes the image root"])
        #expect(sbom.packages.isEmpty)
    }

    @Test func exactRepeatsAreRemoved() throws {
        let tree = try CatalogFixtures.rootTree(pkgdb: "debian-9")
        let sbom = Cataloging.run(tree: tree, source: source, catalogers: [DpkgCataloger(), DpkgCataloger()])
        #expect(sbom.packages.count == 83)
    }

    @Test func wantsIsTheUnionOfDetectionAndCatalogers() {
        func wants(_ path: String) -> Bool {
            Cataloging.wants(FileEntryInfo(path: path, kind: .regular, size: 100, mode: 0o644))
        }
        #expect(wants("/etc/os-release"))
        #expect(wants("/var/lib/dpkg/status"))
        #expect(wants("/lib/apk/db/installed"))
        #expect(!wants("/usr/share/zoneinfo/UTC"))
        #expect(
            Cataloging.wants(
                FileEntryInfo(path: "/x", kind: .regular, size: 1, mode: 0), catalogers: [FailingCataloger()]))
    }

    @Test func registryListsEachCatalogerOnce() {
        var names: [String] = []
        for cataloger in CatalogerRegistry.all { names.append(cataloger.name) }
        #expect(names.contains("apk"))
        #expect(names.contains("dpkg"))
        #expect(Set(names).count == names.count)
    }
}
