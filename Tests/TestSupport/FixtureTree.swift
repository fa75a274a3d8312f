public import Foundation
public import Layers

/// Builds `FileTree`s for cataloger tests from fixture directories laid out like a root file system.
public enum FixtureTree {
    /// Every file under `directory` as one base layer; regular files' bytes are captured, symlinks kept.
    public static func load(_ directory: URL) throws -> FileTree {
        var tree = FileTree(layerDigests: [nil])
        let root = directory.standardizedFileURL.path
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: root) else { return tree }
        while let relative = enumerator.nextObject() as? String {
            let full = root + "/" + relative
            guard let path = FileTree.normalize(relative) else { continue }
            let attributes = try manager.attributesOfItem(atPath: full)
            let type = attributes[.type] as? FileAttributeType
            let mode = UInt32((attributes[.posixPermissions] as? Int) ?? 0o644)
            switch type {
            case .typeSymbolicLink:
                let target = try manager.destinationOfSymbolicLink(atPath: full)
                tree.insert(path, FileNode(kind: .symlink(target: target), mode: mode))
            case .typeDirectory:
                tree.insert(path, FileNode(kind: .directory, mode: mode))
            case .typeRegular:
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: full)))
                tree.insert(path, FileNode(kind: .regular, size: Int64(bytes.count), mode: mode, contents: bytes))
            default:
                tree.insert(path, FileNode(kind: .other, mode: mode))
            }
        }
        return tree
    }

    /// A tree holding the given files (path → text) in one base layer.
    public static func make(_ files: [String: String]) -> FileTree {
        var tree = FileTree(layerDigests: [nil])
        for (path, text) in files {
            guard let normalized = FileTree.normalize(path) else { continue }
            let bytes = Array(text.utf8)
            tree.insert(normalized, FileNode(kind: .regular, size: Int64(bytes.count), contents: bytes))
        }
        return tree
    }
}
