import Catalog
import Foundation
import ImageSource
import Layers
import Model
import TestSupport
import Testing

/// The language catalogers through the real pipeline (ImageLoader → LayerSquasher with `Cataloging.wants` →
/// `Cataloging.run`) on the shared images, against syft's baseline.
@Suite struct PythonJavaJavaScriptImageTests {
    private func sbom(_ image: String) async throws -> SBOM {
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let images = try await ImageLoader.open(
            SharedData.images.appendingPathComponent("oci/\(image)").path,
            options: SourceOptions(cacheDirectory: cache.path))
        let loaded = try #require(images.first)
        let tree = try await LayerSquasher.squash(loaded, wants: { Cataloging.wants($0) })
        return Cataloging.run(tree: tree, source: loaded.description)
    }

    /// syft's name column: PEP 503 names for Python, as written otherwise.
    private func syftName(_ package: Package) -> String {
        package.type == .python ? package.purl.name : package.name
    }

    @Test(arguments: ["debian-bookworm", "layered-whiteout"])
    func installedLanguagePackagesMatchSyft(image: String) async throws {
        let sbom = try await sbom(image)
        let installed: Set<String> = [
            "python-installed-package-cataloger", "javascript-package-cataloger", "java-archive-cataloger",
        ]
        let ours = sbom.packages.filter { installed.contains($0.foundBy) }.map {
            "\($0.type.rawValue) \(syftName($0)) \($0.version) \($0.purl) \($0.locations.first?.path ?? "")"
        }
        var theirs: [String] = []
        for type in ["python", "npm", "java-archive"] {
            for row in try OCILayerFixture.syftRows(image: image, type: type) {
                theirs.append("\(type) \(row.name) \(row.version) \(row.purl) \(row.locations.first ?? "")")
            }
        }
        #expect(ours.sorted() == theirs.sorted())
        #expect(!sbom.packages.contains { $0.type == .rpm })
    }

    /// Layer attribution through the pipeline: the pip packages of debian-bookworm come from layer 3 (index 2).
    @Test func pythonPackagesAreAttributedToThePipLayer() async throws {
        let sbom = try await sbom("debian-bookworm")
        let python = sbom.packages.filter { $0.foundBy == "python-installed-package-cataloger" }
        #expect(python.count == 11)
        let layers = Set(python.compactMap(\.layerDigest))
        #expect(layers.count == 1)
        #expect(python.allSatisfy { $0.locations.first?.layerIndex == 2 })
        // /app/requirements.txt pins the same 11 (declared packages; syft runs no declared catalogers on images).
        #expect(sbom.packages.filter { $0.foundBy == "python-package-cataloger" }.count == 11)
    }
}
