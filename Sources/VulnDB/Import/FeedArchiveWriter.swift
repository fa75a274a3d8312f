import CArchive

/// Writes a tar+gzip archive of regular files through libarchive (for `db export`).
final class FeedArchiveWriter {
    private let handle: OpaquePointer
    private let path: String
    private var closed = false

    /// Creates `path` (replacing it) as a pax tar compressed with gzip.
    init(path: String) throws(VulnDBError) {
        self.path = path
        guard let archive = archive_write_new() else {
            throw VulnDBError(.io, "cannot allocate an archive writer for '\(path)'")
        }
        handle = archive
        guard archive_write_add_filter_gzip(archive) == ARCHIVE_OK,
            archive_write_set_format_pax_restricted(archive) == ARCHIVE_OK,
            archive_write_open_filename(archive, path) == ARCHIVE_OK
        else {
            let message = Self.message(archive)
            archive_write_free(archive)
            throw VulnDBError(.io, "cannot create archive '\(path)': \(message)")
        }
    }

    deinit {
        if !closed { archive_write_close(handle) }
        archive_write_free(handle)
    }

    /// Adds a regular file named `name` of `size` bytes whose contents `produce` writes through the given closure.
    func addFile(
        name: String, size: Int64,
        _ produce: ((UnsafeRawBufferPointer) throws(VulnDBError) -> Void) throws(VulnDBError) -> Void
    ) throws(VulnDBError) {
        guard let entry = archive_entry_new() else { throw VulnDBError(.io, "cannot allocate an archive entry") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, name)
        archive_entry_set_size(entry, size)
        archive_entry_set_filetype(entry, 0o100000)  // AE_IFREG, a cast macro that does not import.
        archive_entry_set_perm(entry, 0o644)
        guard archive_write_header(handle, entry) == ARCHIVE_OK else {
            throw VulnDBError(.io, "cannot write '\(name)' into '\(path)': \(Self.message(handle))")
        }
        var written: Int64 = 0
        try produce { buffer throws(VulnDBError) in
            guard buffer.count > 0 else { return }
            guard archive_write_data(handle, buffer.baseAddress, buffer.count) == buffer.count else {
                throw VulnDBError(.io, "cannot write '\(name)' into '\(path)': \(Self.message(handle))")
            }
            written += Int64(buffer.count)
        }
        guard written == size else {
            throw VulnDBError(.io, "'\(name)' changed size while being archived (\(written) of \(size) bytes)")
        }
    }

    /// Flushes and closes the archive; errors here mean the archive is incomplete.
    func close() throws(VulnDBError) {
        closed = true
        guard archive_write_close(handle) == ARCHIVE_OK else {
            throw VulnDBError(.io, "cannot finish archive '\(path)': \(Self.message(handle))")
        }
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0).lowercased() } ?? "unknown libarchive error"
    }
}
