#if canImport(Glibc)
    import Glibc
#endif

/// Reads an unpacked root file system on the host (`dir:` sources) into a `FileTree`. Every directory is opened
/// relative to its parent's descriptor with `O_NOFOLLOW`, and files with `openat(…, O_NOFOLLOW)`, so a symlink
/// inside the root is recorded as a symlink and never followed out of it; no image path is joined onto a host
/// path.
struct DirectoryWalker {
    let root: String
    let wants: @Sendable (FileEntryInfo) -> Bool
    let limits: LayerLimits

    func load() throws -> FileTree {
        var tree = FileTree(layerDigests: [nil])
        tree.maxLinkDepth = limits.maxLinkDepth
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw LayerError(.io, "cannot open directory '\(root)': \(String(cString: strerror(errno)).lowercased())")
        }
        var entries = 0
        try walk(descriptor, path: "", into: &tree, entries: &entries, depth: 0)
        return tree
    }

    private func walk(_ directory: Int32, path: String, into tree: inout FileTree, entries: inout Int, depth: Int)
        throws
    {
        guard let stream = fdopendir(directory) else {
            close(directory)
            throw LayerError(.io, "cannot list '\(root)\(path)'")
        }
        defer { closedir(stream) }
        guard depth < 256 else {
            tree.warnings.append("did not descend into '\(path)': more than 256 directory levels")
            return
        }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        for name in names.sorted() {
            entries += 1
            guard entries <= limits.maxEntriesPerLayer else {
                throw LayerError(
                    .limitExceeded, "'\(root)' has more than \(limits.maxEntriesPerLayer) entries (the limit)")
            }
            let childPath = path + "/" + name
            var info = stat()
            guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                tree.warnings.append("skipped '\(childPath)': cannot stat it")
                continue
            }
            let mode = UInt32(info.st_mode) & 0o7777
            let uid = Int(info.st_uid)
            let gid = Int(info.st_gid)
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                tree.insert(childPath, FileNode(kind: .directory, mode: mode, uid: uid, gid: gid))
                let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else {
                    tree.warnings.append("skipped directory '\(childPath)': cannot open it")
                    continue
                }
                try walk(child, path: childPath, into: &tree, entries: &entries, depth: depth + 1)
            case S_IFLNK:
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = readlinkat(directory, name, &buffer, buffer.count)
                let target = count >= 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
                tree.insert(childPath, FileNode(kind: .symlink(target: target), mode: mode, uid: uid, gid: gid))
            case S_IFREG:
                let size = Int64(info.st_size)
                var node = FileNode(kind: .regular, size: size, mode: mode, uid: uid, gid: gid)
                if wants(FileEntryInfo(path: childPath, kind: .regular, size: size, mode: mode)) {
                    if size > limits.maxFileBytes {
                        tree.warnings.append(
                            "did not read '\(childPath)': \(size) bytes is more than the \(limits.maxFileBytes)-byte per-file limit"
                        )
                    } else {
                        node.contents = try read(directory, name, size: size, path: childPath)
                    }
                }
                tree.insert(childPath, node)
            default:
                tree.insert(childPath, FileNode(kind: .other, mode: mode, uid: uid, gid: gid))
            }
        }
    }

    private func read(_ directory: Int32, _ name: String, size: Int64, path: String) throws -> [UInt8] {
        let file = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard file >= 0 else { throw LayerError(.io, "cannot open '\(root)\(path)'") }
        defer { close(file) }
        var data = [UInt8](repeating: 0, count: Int(size))
        var filled = 0
        while filled < data.count {
            let got = data.withUnsafeMutableBytes { buffer in
                let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
                return Glibc.read(file, rest.baseAddress, rest.count)
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            filled += got
        }
        return Array(data[0..<filled])
    }
}
