import Catalog
import Foundation
import ImageSource
import Layers
import Model
import TestSupport
import Testing

/// Every image in `../shared/images/oci`, opened and squashed by the real pipeline, gives the OS packages
/// syft 1.18.1 lists for it (`syft-baseline/*.tsv`): same name + version set, same purls.
@Suite struct CatalogingImageTests {
    /// An image layout, the platform to pick, and its syft baseline file.
    struct Image: Sendable, CustomStringConvertible {
        var layout: String
        var platform: String?
        var baseline: String
        var description: String { "\(layout) \(platform ?? "")" }
    }

    static let images: [Image] = [
        Image(layout: "alpine", baseline: "alpine"),
        Image(layout: "alpine-3.10", baseline: "alpine-3.10"),
        Image(layout: "alpine-multiarch", platform: "linux/amd64", baseline: "alpine-multiarch.amd64"),
        Image(layout: "alpine-multiarch", platform: "linux/arm64", baseline: "alpine-multiarch.arm64"),
        Image(layout: "debian-bookworm", baseline: "debian-bookworm"),
        Image(layout: "distroless-like", baseline: "distroless-like"),
        Image(layout: "layered-whiteout", baseline: "layered-whiteout"),
    ]

    static func sbom(_ layout: String, platform: String? = nil) async throws -> (SBOM, [Digest?]) {
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let path = SharedData.images.appendingPathComponent("oci").appendingPathComponent(layout).path
        let images = try await ImageLoader.open(
            "oci-dir:" + path, options: SourceOptions(platform: platform, cacheDirectory: cache.path))
        let image = try #require(images.first)
        let tree = try await LayerSquasher.squash(image, wants: { Cataloging.wants($0) })
        return (Cataloging.run(tree: tree, source: image.description), image.layers.map(\.diffID))
    }

    /// `type name version purl` rows of the baseline for OS package types.
    static func baselineRows(_ name: String) throws -> [String] {
        let text = try String(
            contentsOf: SharedData.images.appendingPathComponent("syft-baseline/\(name).tsv"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 4, fields[0] == "deb" || fields[0] == "apk" else { return nil }
            return fields[0..<4].joined(separator: "\t")
        }.sorted()
    }

    @Test(arguments: images)
    func osPackagesEqualSyftBaseline(_ image: Image) async throws {
        let (sbom, _) = try await Self.sbom(image.layout, platform: image.platform)
        let ours = sbom.packages.filter(\.type.isOSPackage).map {
            [$0.type.rawValue, $0.name, $0.version, $0.purl.description].joined(separator: "\t")
        }.sorted()
        let expected = try Self.baselineRows(image.baseline)
        #expect(!expected.isEmpty)
        #expect(ours == expected)
        #expect(!sbom.distro.isUnknown)
        #expect(sbom.warnings.isEmpty, "\(sbom.warnings)")
    }

    /// debian-bookworm: layer 1 is a minbase debootstrap (88 packages), layer 2 installs 71 more and rewrites
    /// the status file; each package belongs to the layer that brought it.
    @Test func debianPackagesAreAttributedToTheirLayers() async throws {
        let (sbom, layers) = try await Self.sbom("debian-bookworm")
        #expect(
            sbom.distro
                == Distro(
                    id: "debian", versionID: "12", codename: "bookworm", prettyName: "Debian GNU/Linux 12 (bookworm)"))
        let debs = sbom.packages.filter { $0.type == .deb }
        #expect(debs.count == 159)
        #expect(debs.filter { $0.layerDigest == layers[0] }.count == 88)
        #expect(debs.filter { $0.layerDigest == layers[1] }.count == 71)
        let curl = try #require(debs.first { $0.name == "curl" })
        #expect(curl.layerDigest == layers[1])
        #expect(curl.locations.first?.layerIndex == 1)
        let base = try #require(debs.first { $0.name == "base-files" })
        #expect(base.layerDigest == layers[0])
        #expect(base.files.contains("/etc/debian_version"))
        // The docs were excluded by the minbase build except copyright files, which give the licenses.
        #expect(base.licenses == ["GPL"])
        #expect(base.locations.map(\.path).last == "/usr/share/doc/base-files/copyright")
    }

    /// layered-whiteout: layer 3 runs `apk del` (three packages gone, database rewritten); the eleven left
    /// came with layer 1.
    @Test func apkPackagesSurviveARewrittenDatabaseInTheirLayer() async throws {
        let (sbom, layers) = try await Self.sbom("layered-whiteout")
        let apks = sbom.packages.filter { $0.type == .apk }
        #expect(apks.count == 11)
        #expect(apks.allSatisfy { $0.layerDigest == layers[0] })
        #expect(apks.allSatisfy { $0.locations.first?.layerIndex == 2 })
        #expect(!apks.contains { $0.name == "libc-utils" || $0.name == "musl-utils" || $0.name == "scanelf" })
    }

    @Test func distrolessLikeReadsStatusDAndItsMd5sums() async throws {
        let (sbom, _) = try await Self.sbom("distroless-like")
        let libc = try #require(sbom.packages.first { $0.name == "libc6" })
        #expect(libc.version == "2.36-9+deb12u14")
        #expect(libc.sourceName == "glibc")
        #expect(
            libc.locations.map(\.path) == [
                "/var/lib/dpkg/status.d/libc6", "/var/lib/dpkg/status.d/libc6.md5sums",
                "/usr/share/doc/libc6/copyright",
            ])
        #expect(libc.files.contains("/lib/x86_64-linux-gnu/libc.so.6"))
    }
}
