import Catalog
import Foundation
import ImageSource
import Layers
import Model
import TestSupport
import Testing

/// This area's package types through the real pipeline (ImageLoader → LayerSquasher with `Cataloging.wants` →
/// `Cataloging.run`) on every shared image, against syft's baseline: same gems, Go modules (with locations and
/// purls), and no classifier, Rust, PHP or .NET packages (every classified program in these images belongs to
/// an OS package, which syft and we then leave out).
@Suite struct BinaryImagePipelineTests {
    static let types: Set<String> = ["gem", "go-module", "binary", "rust-crate", "php-composer", "dotnet"]

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

    @Test(arguments: ["debian-bookworm", "distroless-like", "alpine", "layered-whiteout"])
    func binaryAndLanguagePackagesMatchSyft(image: String) async throws {
        let sbom = try await sbom(image)
        let ours = sbom.packages.filter { Self.types.contains($0.type.rawValue) }.map {
            "\($0.type.rawValue)\t\($0.name)\t\($0.version)\t\($0.purl)\t\($0.locations.map(\.path).joined(separator: ","))"
        }.sorted()
        let baseline = try String(
            contentsOf: SharedData.images.appendingPathComponent("syft-baseline/\(image).tsv"), encoding: .utf8)
        let theirs = baseline.split(separator: "\n").filter {
            !$0.hasPrefix("#") && Self.types.contains(String($0.prefix { $0 != "\t" }))
        }.map(String.init).sorted()
        #expect(ours.count == theirs.count)
        #expect(Set(ours).symmetricDifference(theirs).isEmpty, "differs: \(Set(ours).symmetricDifference(theirs))")
        #expect(!sbom.warnings.contains { $0.contains("go build info") || $0.contains("malformed elf") })
    }

    /// The Go binary is attributed to the layer that added it and owned by its deb (from dpkg's file list).
    @Test func dockerRegistryIsOwnedAndLayered() async throws {
        let sbom = try await sbom("debian-bookworm")
        let go = sbom.packages.filter { $0.type == .goModule }
        #expect(go.count == 2)
        #expect(go.allSatisfy { $0.metadata["ownedBy"] == "deb:docker-registry" })
        #expect(go.allSatisfy { $0.locations.first?.layerIndex == 1 && $0.layerDigest != nil })
        let stdlib = try #require(go.first { $0.name == "stdlib" })
        #expect(stdlib.cpes == ["cpe:2.3:a:golang:go:1.19.8:-:*:*:*:*:*:*"])
    }

    /// distroless-like ships the registry outside any OS package: not owned.
    @Test func distrolessRegistryIsNotOwned() async throws {
        let sbom = try await sbom("distroless-like")
        let go = sbom.packages.filter { $0.type == .goModule }
        #expect(go.map(\.name).sorted() == ["github.com/docker/distribution/cmd/registry", "stdlib"])
        #expect(go.allSatisfy { $0.metadata["ownedBy"] == nil })
    }
}
