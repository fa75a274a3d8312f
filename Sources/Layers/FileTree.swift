public import Model

/// What kind of file system object a path names.
public enum FileKind: Sendable, Hashable {
    case regular
    case directory
    /// A symbolic link and its target exactly as stored.
    case symlink(target: String)
    /// Devices, FIFOs, sockets.
    case other
}

/// Metadata of one path in the squashed image, and its captured bytes when a cataloger asked for them.
public struct FileNode: Sendable, Hashable {
    public var kind: FileKind
    public var size: Int64
    /// Permission and setuid/setgid/sticky bits (`0o7777`).
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    /// The layer that last wrote this path, 0 for the base layer.
    public var layerIndex: Int
    /// The file's bytes, when its path was requested before the layer was read.
    public var contents: [UInt8]?

    public init(
        kind: FileKind, size: Int64 = 0, mode: UInt32 = 0o644, uid: Int = 0, gid: Int = 0, layerIndex: Int = 0,
        contents: [UInt8]? = nil
    ) {
        self.kind = kind
        self.size = size
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.layerIndex = layerIndex
        self.contents = contents
    }
}

/// What a cataloger sees of a tar entry when deciding whether it wants the bytes captured.
public struct FileEntryInfo: Sendable, Hashable {
    /// Normalised absolute path, e.g. `/var/lib/dpkg/status`.
    public var path: String
    public var kind: FileKind
    public var size: Int64
    public var mode: UInt32

    public init(path: String, kind: FileKind, size: Int64, mode: UInt32) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mode = mode
    }
}

/// One captured version of a path, from one layer (for attributing packages to the layer that added them).
public struct LayerVersion: Sendable, Hashable {
    public var layerIndex: Int
    public var contents: [UInt8]

    public init(layerIndex: Int, contents: [UInt8]) {
        self.layerIndex = layerIndex
        self.contents = contents
    }
}

/// The squashed file system of an image: every path's final metadata, captured bytes of requested files,
/// and symlink resolution confined to the image root as `chroot` would.
public struct FileTree: Sendable {
    /// Final nodes by normalised absolute path.
    public private(set) var nodes: [String: FileNode] = [:]
    /// Every captured version of requested paths, oldest layer first.
    public private(set) var versions: [String: [LayerVersion]] = [:]
    /// The layers' diff IDs, base first, for turning layer indexes into `Location`s.
    public var layerDigests: [Digest?]
    /// Things that were skipped or looked wrong while building the tree.
    public var warnings: [String] = []
    /// The most symlinks followed while resolving one path before it counts as a loop.
    public var maxLinkDepth = FileTree.maximumLinkDepth
    /// Child paths by parent path (including parents that have no node of their own), so whiteouts of a
    /// directory cost the size of that directory, not of the whole tree.
    private var children: [String: Set<String>] = [:]

    /// The default for `maxLinkDepth`.
    public static let maximumLinkDepth = 40

    public init(layerDigests: [Digest?] = []) {
        self.layerDigests = layerDigests
    }

    // MARK: Building

    /// Sets `path` to `node`, creating nothing else; `path` must be normalised (see `normalize`).
    public mutating func insert(_ path: String, _ node: FileNode) {
        if let contents = node.contents {
            versions[path, default: []].append(LayerVersion(layerIndex: node.layerIndex, contents: contents))
        }
        if nodes.updateValue(node, forKey: path) == nil { link(path) }
    }

    /// Sets the captured bytes of the node at `path` (stored path, no symlinks followed) when it exists.
    public mutating func setContents(_ contents: [UInt8], at path: String) {
        guard var node = nodes[path] else { return }
        node.contents = contents
        nodes[path] = node
        versions[path, default: []].append(LayerVersion(layerIndex: node.layerIndex, contents: contents))
    }

    /// Removes `path` and everything below it (a whiteout).
    public mutating func remove(_ path: String) {
        removeSubtree(path) { _ in true }
    }

    /// Removes `path` and everything below it that a layer older than `layerIndex` wrote: a whiteout in layer
    /// `layerIndex` hides lower layers only, whatever the order of entries within its own layer.
    public mutating func remove(_ path: String, olderThan layerIndex: Int) {
        removeSubtree(path) { $0.layerIndex < layerIndex }
    }

    /// Removes everything below `directory` that an earlier layer than `layerIndex` wrote (an opaque directory).
    public mutating func removeChildren(of directory: String, olderThan layerIndex: Int) {
        for child in children[directory] ?? [] {
            removeSubtree(child) { $0.layerIndex < layerIndex }
        }
    }

    /// Paths directly below `directory` (stored paths, no symlinks followed), sorted.
    public func childPaths(of directory: String) -> [String] {
        (children[directory] ?? []).sorted()
    }

    /// Whether anything is stored below `directory`.
    public func hasChildren(_ directory: String) -> Bool {
        !(children[directory]?.isEmpty ?? true)
    }

    private mutating func link(_ path: String) {
        var child = path
        while child != "/" {
            let parent = Self.parent(of: child)
            let inserted = children[parent, default: []].insert(child).inserted
            if !inserted { return }
            child = parent
        }
    }

    private mutating func removeSubtree(_ path: String, where shouldRemove: (FileNode) -> Bool) {
        for child in children[path] ?? [] { removeSubtree(child, where: shouldRemove) }
        if let node = nodes[path], shouldRemove(node) { nodes[path] = nil }
        if children[path]?.isEmpty ?? true {
            children[path] = nil
            if nodes[path] == nil, path != "/" {
                let parent = Self.parent(of: path)
                children[parent]?.remove(path)
            }
        }
    }

    /// `/a/b` → `/a`; `/a` → `/`.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    // MARK: Reading

    /// The node at `path` after resolving symlinks in every component, or nil.
    public func node(at path: String) -> FileNode? {
        guard let resolved = try? resolve(path) else { return nil }
        return nodes[resolved]
    }

    /// The captured bytes at `path` (symlinks followed), or nil when absent or not captured.
    public func contents(of path: String) -> [UInt8]? {
        node(at: path)?.contents
    }

    /// Every regular file path (as stored, not through symlinks) for which `predicate` holds, sorted.
    public func regularFiles(where predicate: (String) -> Bool) -> [String] {
        nodes.compactMap { key, node in node.kind == .regular && predicate(key) ? key : nil }.sorted()
    }

    /// Captured versions of `path`, oldest first (the last is the final one unless it was deleted).
    public func history(of path: String) -> [LayerVersion] {
        guard let resolved = try? resolve(path) else { return versions[path] ?? [] }
        return versions[resolved] ?? []
    }

    /// A `Location` for `path` with the layer that last wrote it.
    public func location(of path: String) -> Location {
        let resolved = (try? resolve(path)) ?? path
        let layer = nodes[resolved]?.layerIndex
        let digest = layer.flatMap { $0 < layerDigests.count ? layerDigests[$0] : nil }
        return Location(path: resolved, layerDigest: digest, layerIndex: layer)
    }

    /// Why a path could not be resolved.
    public enum ResolveError: Error, Equatable, CustomStringConvertible {
        /// More than `maximumLinkDepth` symlinks were followed.
        case linkLoop(String)

        public var description: String {
            switch self {
            case .linkLoop(let path):
                "symlink loop (or too many links) resolving '\(path)'"
            }
        }
    }

    /// Resolves symlinks in every component of `path` inside the image root; `..` and absolute targets
    /// never leave the root. Returns the real stored path (which may not exist).
    public func resolve(_ path: String) throws(ResolveError) -> String {
        var pending = Self.components(of: path)[...]
        var resolved: [String] = []
        var linksFollowed = 0
        while let component = pending.popFirst() {
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = "/" + (resolved + [component]).joined(separator: "/")
            if case .symlink(let target) = nodes[candidate]?.kind {
                linksFollowed += 1
                if linksFollowed > maxLinkDepth { throw .linkLoop(path) }
                if target.hasPrefix("/") { resolved = [] }
                pending = (Self.rawComponents(of: target) + pending)[...]
            } else {
                resolved.append(component)
            }
        }
        return "/" + resolved.joined(separator: "/")
    }

    /// Normalises an archive path to `/a/b`: strips `./`, collapses `//` and `.`, resolves `..` lexically.
    /// Returns nil when `..` would climb above the root (the entry escapes the image).
    public static func normalize(_ path: String) -> String? {
        var parts: [String] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func components(of path: String) -> [String] {
        rawComponents(of: path)
    }

    private static func rawComponents(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).compactMap { $0 == "." ? nil : String($0) }
    }
}
