import Foundation
import ImageSource
import Layers
import Model
import TestSupport
import Testing

/// `dir:` roots: walked without following symlinks out of the root.
@Suite struct DirectoryRootTests {
    @Test func walksARootWithoutLeavingIt() async throws {
        let root = try SharedData.makeTemporaryDirectory("plimsoll-root")
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        try manager.createDirectory(at: root.appendingPathComponent("usr/lib"), withIntermediateDirectories: true)
        try Data("ID=test\n".utf8).write(to: root.appendingPathComponent("usr/lib/os-release"))
        try manager.createSymbolicLink(
            atPath: root.path + "/etc/os-release", withDestinationPath: "../usr/lib/os-release")
        try manager.createSymbolicLink(atPath: root.path + "/etc/passwd", withDestinationPath: "/etc/shadow")
        try manager.createSymbolicLink(atPath: root.path + "/hostroot", withDestinationPath: "../../../../..")
        try manager.createSymbolicLink(atPath: root.path + "/loop", withDestinationPath: "loop")
        let image = try #require(
            try await ImageLoader.open("dir:" + root.path, options: SourceOptions(cacheDirectory: "/x")).first)
        let tree = try await LayerSquasher.squash(image, wants: { _ in true })
        #expect(tree.text("/etc/os-release") == "ID=test\n")
        #expect(tree.nodes["/usr/lib/os-release"]?.layerIndex == 0)
        // The host's /etc/shadow is never read: inside the root the link points at a path that does not exist.
        #expect(tree.nodes["/etc/passwd"]?.kind == .symlink(target: "/etc/shadow"))
        #expect(tree.contents(of: "/etc/passwd") == nil)
        #expect(tree.nodes["/hostroot"]?.kind == .symlink(target: "../../../../.."))
        #expect(!tree.nodes.keys.contains { $0.hasPrefix("/hostroot/") })
        #expect(try tree.resolve("/hostroot/etc/os-release") == "/usr/lib/os-release")
        #expect(tree.warnings == ["symlink loop at '/loop': not followed (more than 40 links)"])
    }

    @Test func oversizedFileInARootIsAWarning() async throws {
        let root = try SharedData.makeTemporaryDirectory("plimsoll-root")
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(repeating: 0x61, count: 4096).write(to: root.appendingPathComponent("big"))
        let image = try #require(
            try await ImageLoader.open("dir:" + root.path, options: SourceOptions(cacheDirectory: "/x")).first)
        let tree = try await LayerSquasher.squash(image, wants: { _ in true }, limits: LayerLimits(maxFileBytes: 1000))
        #expect(tree.nodes["/big"]?.size == 4096)
        #expect(tree.nodes["/big"]?.contents == nil)
        #expect(tree.warnings == ["did not read '/big': 4096 bytes is more than the 1000-byte per-file limit"])
    }
}

/// Reading images writes nothing: not next to the image, not in the cache.
@Suite struct NoWritesTests {
    static func snapshot(_ directory: URL) throws -> [String: Int] {
        var result: [String: Int] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        while let relative = enumerator?.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/" + relative)
            result[relative] = (attributes[.size] as? Int) ?? -1
        }
        return result
    }

    @Test func openingAndSquashingWritesNothing() async throws {
        let work = try SharedData.makeTemporaryDirectory("plimsoll-nowrite")
        defer { try? FileManager.default.removeItem(at: work) }
        let formats = try ImageForms.formats()
        try FileManager.default.copyItem(
            atPath: formats + "/oci-archive/layered-whiteout.tar", toPath: work.path + "/image.tar")
        _ = try ProcessRunner.run(
            "cp", ["-r", SharedData.images.appendingPathComponent("oci/alpine").path, work.path + "/layout"])
        let cache = work.appendingPathComponent("cache")
        let before = try Self.snapshot(work)
        for input in ["oci-archive:" + work.path + "/image.tar", "oci-dir:" + work.path + "/layout"] {
            let images = try await ImageLoader.open(input, options: SourceOptions(cacheDirectory: cache.path))
            _ = try await LayerSquasher.squash(images[0], wants: { _ in true })
        }
        #expect(try Self.snapshot(work) == before)
        #expect(!FileManager.default.fileExists(atPath: cache.path))
    }
}
