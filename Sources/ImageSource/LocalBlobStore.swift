import Model

#if canImport(Glibc)
    import Glibc
#endif

/// Where the files of an image layout or archive are: a host directory or the members of an outer tar.
protocol LocalBlobStore: Sendable {
    /// The directory or archive path, for messages.
    var displayPath: String { get }
    /// A file of the layout by its relative path (`index.json`, `blobs/sha256/…`), or nil when absent.
    func file(_ relativePath: String) -> BlobLocation?
}

extension LocalBlobStore {
    /// The blob with `digest`, or nil when absent.
    func blob(_ digest: Digest) -> BlobLocation? { file("blobs/\(digest.algorithm)/\(digest.hex)") }
}

/// An OCI layout directory on the host; only paths Plimsoll builds itself are joined onto it.
struct LocalDirectoryStore: LocalBlobStore {
    let root: String

    var displayPath: String { root }

    func file(_ relativePath: String) -> BlobLocation? {
        let path = root + "/" + relativePath
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return BlobLocation(path: path, offset: 0, length: Int64(info.st_size))
    }
}

extension LocalTarIndex: LocalBlobStore {
    var displayPath: String { path }

    func file(_ relativePath: String) -> BlobLocation? { location(of: relativePath) }
}
