/// Applies one layer's changes to the tree of the layers below it, as a container runtime would extract it.
struct ChangeApplier {
    /// A hard link made to a file whose bytes were not captured, and where those bytes are.
    struct MissingContent: Sendable {
        var linkPath: String
        var sourceLayer: Int
        var sourcePath: String
    }

    private(set) var missingContents: [MissingContent] = []
    /// Where the bytes of each hard link made so far come from, so links to links find the original.
    private var hardlinkOrigins: [String: (layer: Int, path: String)] = [:]

    mutating func apply(_ changes: [LayerChange], layerIndex: Int, to tree: inout FileTree) {
        for change in changes {
            switch change {
            case .whiteout(let path):
                guard let resolved = resolvedPath(path, in: &tree) else { continue }
                tree.remove(resolved, olderThan: layerIndex)
            case .opaque(let directory):
                let resolved = directory == "/" ? "/" : resolvedPath(directory, in: &tree)
                guard let resolved else { continue }
                tree.removeChildren(of: resolved, olderThan: layerIndex)
            case .entry(let path, let node):
                guard let resolved = resolvedPath(path, in: &tree) else { continue }
                place(node, at: resolved, in: &tree)
                hardlinkOrigins[resolved] = nil
            case .hardlink(let path, let target, let mode, let uid, let gid):
                guard let resolved = resolvedPath(path, in: &tree) else { continue }
                let targetPath = (try? tree.resolve(FileTree.parent(of: target))).map {
                    ($0 == "/" ? "" : $0) + "/" + Self.baseName(target)
                }
                guard let targetPath, let source = tree.nodes[targetPath], source.kind == .regular else {
                    tree.warnings.append(
                        "hard link '\(path)' in layer \(layerIndex + 1) points to '\(target)', which is not a regular file there; skipped"
                    )
                    continue
                }
                // The link shares the target's content as it is now; later changes to the target don't reach it.
                var node = source
                node.mode = mode
                node.uid = uid
                node.gid = gid
                node.layerIndex = layerIndex
                place(node, at: resolved, in: &tree)
                let origin = hardlinkOrigins[targetPath] ?? (source.layerIndex, targetPath)
                hardlinkOrigins[resolved] = origin
                if source.contents == nil {
                    missingContents.append(
                        MissingContent(linkPath: resolved, sourceLayer: origin.layer, sourcePath: origin.path))
                }
            }
        }
    }

    /// Writing a non-directory over a directory replaces the whole directory, as tar extraction does.
    private func place(_ node: FileNode, at path: String, in tree: inout FileTree) {
        if node.kind != .directory, tree.nodes[path]?.kind == .directory || tree.hasChildren(path) { tree.remove(path) }
        tree.insert(path, node)
    }

    /// `path` with the symlinks in its parent directories resolved inside the root (where extraction would
    /// really write it); nil, with a warning, when the parents loop.
    private func resolvedPath(_ path: String, in tree: inout FileTree) -> String? {
        let parent = FileTree.parent(of: path)
        if parent == "/" { return path }
        do {
            let resolvedParent = try tree.resolve(parent)
            return resolvedParent == parent
                ? path : (resolvedParent == "/" ? "" : resolvedParent) + "/" + Self.baseName(path)
        } catch {
            tree.warnings.append("skipped '\(path)': \(error)")
            return nil
        }
    }

    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
