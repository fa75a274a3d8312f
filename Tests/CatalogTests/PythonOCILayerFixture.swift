import Foundation
import Layers
import Model
import TestSupport

/// Squashed file trees of the shared OCI images for cataloger tests, built with GNU tar and the whiteout rules of
/// the OCI image spec. Only members matching the given tar wildcards (plus every whiteout) are extracted, so a test
/// reads a few megabytes of a large image; the extracted files go to a private temporary directory.
enum OCILayerFixture {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The tree of image `name` (`../shared/images/oci/<name>`), one layer per layer blob, holding the members that
    /// match `patterns` (GNU tar wildcards, `*` crossing `/`).
    static func tree(image name: String, patterns: [String]) throws -> FileTree {
        let layout = SharedData.images.appendingPathComponent("oci/\(name)")
        func blob(_ digest: String) -> URL {
            layout.appendingPathComponent("blobs/sha256/\(digest.dropFirst("sha256:".count))")
        }
        func json(_ url: URL) throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
                throw Failure(description: "\(url.path) is not a json object")
            }
            return object
        }
        let index = try json(layout.appendingPathComponent("index.json"))
        guard let manifestDigest = (index["manifests"] as? [[String: Any]])?.first?["digest"] as? String else {
            throw Failure(description: "no manifest in \(layout.path)")
        }
        let manifest = try json(blob(manifestDigest))
        guard let layers = manifest["layers"] as? [[String: Any]],
            let configDigest = (manifest["config"] as? [String: Any])?["digest"] as? String,
            let diffIDs = (try json(blob(configDigest))["rootfs"] as? [String: Any])?["diff_ids"] as? [String]
        else { throw Failure(description: "manifest \(manifestDigest) has no layers or config") }

        var tree = FileTree(layerDigests: try diffIDs.map { try Digest(parsing: $0) })
        let scratch = try SharedData.makeTemporaryDirectory("oci-layers")
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (layerIndex, layer) in layers.enumerated() {
            guard let digest = layer["digest"] as? String else { throw Failure(description: "layer without digest") }
            let directory = scratch.appendingPathComponent("\(layerIndex)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let result = try ProcessRunner.run(
                "tar", ["-xzf", blob(digest).path, "-C", directory.path, "--wildcards"] + patterns + ["*.wh.*"])
            // Patterns that match nothing in this layer are normal; anything else is a real failure.
            let problems = result.error.split(separator: "\n").filter {
                !$0.contains("Not found in archive") && !$0.contains("Exiting with failure status")
            }
            guard problems.isEmpty else { throw Failure(description: "tar on layer \(layerIndex): \(problems)") }
            try apply(directory, layerIndex: layerIndex, to: &tree)
        }
        return tree
    }

    private static func apply(_ directory: URL, layerIndex: Int, to tree: inout FileTree) throws {
        let manager = FileManager.default
        let relatives = (manager.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []).sorted()
        // Whiteouts first: they delete what lower layers wrote, never what this layer adds.
        for relative in relatives {
            let name = (relative as NSString).lastPathComponent
            guard name.hasPrefix(".wh."), let path = FileTree.normalize(relative) else { continue }
            let parent = (path as NSString).deletingLastPathComponent
            if name == ".wh..wh..opq" {
                tree.removeChildren(of: parent, olderThan: layerIndex)
            } else {
                tree.remove((parent == "/" ? "" : parent) + "/" + name.dropFirst(4))
            }
        }
        for relative in relatives {
            let name = (relative as NSString).lastPathComponent
            guard !name.hasPrefix(".wh."), let path = FileTree.normalize(relative) else { continue }
            let full = directory.appendingPathComponent(relative).path
            let attributes = try manager.attributesOfItem(atPath: full)
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink:
                let target = try manager.destinationOfSymbolicLink(atPath: full)
                tree.insert(path, FileNode(kind: .symlink(target: target), layerIndex: layerIndex))
            case .typeDirectory:
                tree.insert(path, FileNode(kind: .directory, layerIndex: layerIndex))
            case .typeRegular:
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: full)))
                tree.insert(
                    path, FileNode(kind: .regular, size: Int64(bytes.count), layerIndex: layerIndex, contents: bytes))
            default:
                continue
            }
        }
    }

    /// The syft baseline rows of `image` for package `type`: (name, version, purl, locations).
    static func syftRows(image: String, type: String) throws -> [(
        name: String, version: String, purl: String, locations: [String]
    )] {
        let text = try String(
            contentsOf: SharedData.images.appendingPathComponent("syft-baseline/\(image).tsv"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5, fields[0] == type else { return nil }
            return (fields[1], fields[2], fields[3], fields[4].split(separator: ",").map(String.init))
        }
    }
}
