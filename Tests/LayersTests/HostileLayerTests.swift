import Foundation
import Hashing
import ImageSource
import Layers
import Model
import TestSupport
import Testing

/// Broken and malicious layers: each ends in a clear error or a recorded warning — no crash, no hang.
@Suite struct HostileLayerTests {
    static func tar(_ build: (inout TarBuilder) -> Void) -> [UInt8] {
        var builder = TarBuilder()
        build(&builder)
        return builder.finished
    }

    static func withLayout<T>(_ layers: [TestLayout.Layer], _ body: (TestLayout) async throws -> T) async throws -> T {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-hostile")
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(try TestLayout(layers, in: directory))
    }

    static func layerError(_ layers: [TestLayout.Layer], limits: LayerLimits = .default) async throws -> LayerError {
        try await withLayout(layers) { layout in
            await #expect(throws: LayerError.self) { _ = try await layout.squash(limits: limits) }
            do {
                _ = try await layout.squash(limits: limits)
                return LayerError(.io, "no error")
            } catch let error as LayerError {
                return error
            }
        }
    }

    static let sample = tar { builder in
        builder.add("etc/", kind: .directory, mode: 0o755)
        builder.file("etc/os-release", String(repeating: "ID=test\n", count: 2000))
    }

    @Test func corruptGzipLayer() async throws {
        var gzip = try TestLayout.Layer.gzip(Self.sample)
        for index in 40..<60 { gzip.blob[index] ^= 0xa5 }
        let error = try await Self.layerError([gzip])
        #expect(error.code == .corrupt)
        #expect(error.message.contains("gzip decompression failed"))
        #expect(error.message.contains("layer 1 of 1 (sha256:"))
    }

    @Test func truncatedTar() async throws {
        let truncated = Array(Self.sample.prefix(3000))
        let error = try await Self.layerError([.tar(truncated)])
        #expect(error.code == .corrupt)
        #expect(error.message.contains("truncated"), "\(error.message)")
    }

    @Test func truncatedGzipLayer() async throws {
        var gzip = try TestLayout.Layer.gzip(Self.sample)
        gzip.blob = Array(gzip.blob.prefix(gzip.blob.count / 2))
        let error = try await Self.layerError([gzip])
        #expect(error.code == .corrupt)
        #expect(error.message.contains("layer 1 of 1"))
    }

    @Test func layerBytesNotMatchingDigest() async throws {
        try await Self.withLayout([.tar(Self.sample)]) { layout in
            var tampered = Self.sample
            tampered[600] = UInt8(ascii: "X")  // inside the file data: still a valid tar
            try Data(tampered).write(to: URL(fileURLWithPath: layout.blobPath(Self.sample)))
            do {
                _ = try await layout.squash()
                Issue.record("tampered layer was accepted")
            } catch let error as LayerError {
                #expect(error.code == .digestMismatch)
                #expect(error.message.contains("does not match its digest"))
                #expect(error.message.contains("its bytes hash to \(SHA256Hasher.digest(tampered))"))
            }
        }
    }

    @Test func trailingBytesAfterTheTarAreHashed() async throws {
        let padded = Self.sample + Array("trailing".utf8)
        let tree = try await Self.withLayout([.tar(padded)]) { try await $0.squash() }
        #expect(tree.text("/etc/os-release")?.hasPrefix("ID=test\n") == true)
        try await Self.withLayout([.tar(padded)]) { layout in
            var tampered = padded
            tampered[tampered.count - 1] = UInt8(ascii: "X")
            try Data(tampered).write(to: URL(fileURLWithPath: layout.blobPath(padded)))
            await #expect(throws: LayerError.self) { _ = try await layout.squash() }
        }
    }

    @Test func notATarLayer() async throws {
        let garbage = TestLayout.Layer.tar(Array(repeating: 0x41, count: 4096))
        let error = try await Self.layerError([garbage])
        #expect(error.message.contains("unrecognized archive format"), "\(error.message)")
    }

    @Test func emptyLayerBlobHasNoEntries() async throws {
        let tree = try await Self.withLayout([.tar(Self.sample), .tar([])]) { try await $0.squash() }
        #expect(tree.nodes["/etc/os-release"]?.layerIndex == 0)
    }

    /// Media types lie (PITFALLS 27): the bytes decide the decompressor.
    @Test func mediaTypeLyingAboutCompression() async throws {
        let layers = [
            try TestLayout.Layer.gzip(Self.sample, mediaType: "application/vnd.oci.image.layer.v1.tar"),
            try TestLayout.Layer.zstd(
                Self.tar { $0.file("zstd.txt", "zstd") }, mediaType: "application/vnd.oci.image.layer.v1.tar+gzip"),
            TestLayout.Layer(
                blob: Self.tar { $0.file("plain.txt", "plain") }, tar: Self.tar { $0.file("plain.txt", "plain") },
                mediaType: "application/vnd.oci.image.layer.v1.tar+zstd"),
        ]
        let tree = try await Self.withLayout(layers) { try await $0.squash() }
        #expect(tree.text("/zstd.txt") == "zstd")
        #expect(tree.text("/plain.txt") == "plain")
        #expect(tree.nodes["/etc/os-release"]?.size == 16000)
    }

    @Test func zstdLayerWrittenBySkopeo() async throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-zstd")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = SharedData.images.appendingPathComponent("oci/layered-whiteout").path
        let destination = directory.appendingPathComponent("zstd").path
        let copy = try ProcessRunner.run(
            "skopeo", ["copy", "-q", "--dest-compress-format", "zstd", "oci:\(source):v4", "oci:\(destination):v4"])
        try #require(copy.status == 0, "\(copy.error)")
        let images = try await ImageLoader.open(
            "oci-dir:" + destination, options: SourceOptions(cacheDirectory: directory.path + "/cache"))
        let image = try #require(images.first)
        #expect(image.layers.allSatisfy { $0.mediaType.hasSuffix("+zstd") })
        let tree = try await LayerSquasher.squash(image, wants: { $0.path == "/lib/apk/db/installed" })
        try LayeredWhiteoutFacts.check(image, tree)
    }

    @Test func entriesEscapingTheRoot() async throws {
        let layer = Self.tar { builder in
            builder.file("../../etc/passwd", "root::0:0::/:/bin/sh\n")
            builder.file("/etc/shadow", "root:x:1::::::\n")
            builder.file("usr/../../outside", "x")
            builder.add("usr/bin/ln", kind: .hardlink, link: "../../../etc/hosts")
        }
        let tree = try await Self.withLayout([.tar(layer)]) { try await $0.squash() }
        #expect(tree.nodes["/etc/passwd"] == nil)
        #expect(tree.text("/etc/shadow") == "root:x:1::::::\n")
        #expect(tree.nodes["/outside"] == nil)
        #expect(
            tree.warnings.contains(
                "skipped entry '../../etc/passwd' in layer 1 of 1 (\(SHA256Hasher.digest(layer))): its path escapes the image root"
            ))
        #expect(tree.warnings.contains { $0.contains("'usr/../../outside'") && $0.contains("escapes the image root") })
        #expect(tree.warnings.contains { $0.contains("hard link '/usr/bin/ln'") && $0.contains("escapes") })
    }

    @Test func symlinksOutOfTheRootAreClamped() async throws {
        let base = Self.tar { builder in
            builder.file("etc/passwd", "image passwd\n")
            builder.add("etc/relative", kind: .symlink, link: "../../../../../etc/passwd")
            builder.add("etc/absolute", kind: .symlink, link: "/etc/passwd")
            builder.add("host", kind: .symlink, link: "../../../../../../../")
            builder.add("data", kind: .symlink, link: "../../../../tmp/drop")
        }
        let upper = Self.tar { $0.file("data/file", "written through a symlink") }
        let tree = try await Self.withLayout([.tar(base), .tar(upper)]) { try await $0.squash() }
        #expect(tree.text("/etc/relative") == "image passwd\n")
        #expect(tree.text("/etc/absolute") == "image passwd\n")
        #expect(try tree.resolve("/host/etc/passwd") == "/etc/passwd")
        // The later layer's entry lands where the symlink points inside the root, never on the host.
        #expect(tree.text("/tmp/drop/file") == "written through a symlink")
        #expect(tree.nodes["/tmp/drop/file"]?.layerIndex == 1)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/drop/file"))
        #expect(tree.warnings.isEmpty)
    }

    @Test func symlinkLoopsAreWarnings() async throws {
        let layer = Self.tar { builder in
            builder.add("a", kind: .symlink, link: "b")
            builder.add("b", kind: .symlink, link: "/a")
            builder.add("self", kind: .symlink, link: "self/next")
            builder.file("ok", "fine")
        }
        let tree = try await Self.withLayout([.tar(layer)]) { try await $0.squash() }
        #expect(tree.node(at: "/a") == nil)
        #expect(tree.text("/ok") == "fine")
        #expect(tree.warnings.contains("symlink loop at '/a': not followed (more than 40 links)"))
        #expect(tree.warnings.contains("symlink loop at '/b': not followed (more than 40 links)"))
        #expect(tree.warnings.contains("symlink loop at '/self': not followed (more than 40 links)"))
        #expect(throws: FileTree.ResolveError.linkLoop("/a/x")) { try tree.resolve("/a/x") }
    }

    @Test func decompressionBombStopsAtTheImageLimit() async throws {
        let bomb = Self.tar { $0.add("zeros", kind: .regular, data: [UInt8](repeating: 0, count: 48 << 20)) }
        let layer = try TestLayout.Layer.gzip(bomb)
        #expect(layer.blob.count < 1 << 20)
        let limits = LayerLimits(maxImageBytes: 16 << 20)
        let error = try await Self.layerError([layer], limits: limits)
        #expect(error.code == .limitExceeded)
        #expect(error.message.hasPrefix("the image decompresses to more than 16777216 bytes (the per-image limit)"))
    }

    @Test func oversizedWantedFileIsSkippedWithAWarning() async throws {
        let layer = Self.tar { builder in
            builder.add("big", kind: .regular, data: [UInt8](repeating: 0x61, count: 3 << 20))
            builder.file("small", "ok")
        }
        let tree = try await Self.withLayout([.tar(layer)]) {
            try await $0.squash(limits: LayerLimits(maxFileBytes: 1 << 20))
        }
        #expect(tree.nodes["/big"]?.size == 3 << 20)
        #expect(tree.nodes["/big"]?.contents == nil)
        #expect(tree.text("/small") == "ok")
        #expect(tree.warnings.count == 1)
        #expect(tree.warnings.first?.contains("did not read '/big'") == true)
        #expect(tree.warnings.first?.contains("1048576-byte per-file limit") == true)
    }

    @Test func tooManyEntriesInOneLayer() async throws {
        let layer = Self.tar { builder in for index in 0..<50 { builder.file("f\(index)", "") } }
        let error = try await Self.layerError([.tar(layer)], limits: LayerLimits(maxEntriesPerLayer: 10))
        #expect(error.code == .limitExceeded)
        #expect(error.message.contains("has more than 10 entries (the per-layer limit)"))
    }
}
