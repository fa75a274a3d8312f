import CArchive

/// Reads the entries of an archive (zip, tar, tar.gz, …) or the contents of a single compressed file (`.gz`,
/// `.xz`, `.zst`) through libarchive.
///
/// A private wrapper until the Archive module offers readers; one owner at a time.
final class FeedArchiveReader {
    /// One entry's header.
    struct Entry {
        /// The path inside the archive; for a single compressed file, `data`.
        var name: String
        /// Whether it is a regular file (directories and links are skipped by callers).
        var isRegularFile: Bool
        /// The size the header claims, when it claims one.
        var size: Int64?
    }

    private let handle: OpaquePointer
    /// The archive file, for errors.
    let path: String

    /// Opens `path`; `raw` also accepts a single compressed file with no archive inside.
    init(path: String) throws(VulnDBError) {
        self.path = path
        guard let archive = archive_read_new() else {
            throw VulnDBError(.io, "cannot allocate an archive reader for '\(path)'")
        }
        handle = archive
        archive_read_support_filter_all(archive)
        archive_read_support_format_zip(archive)
        archive_read_support_format_tar(archive)
        archive_read_support_format_gnutar(archive)
        // Raw last: a gzip holding a tar is read as a tar, a gzip holding a CSV as one raw entry.
        archive_read_support_format_raw(archive)
        guard archive_read_open_filename(archive, path, 1 << 16) == ARCHIVE_OK else {
            let message = Self.message(archive)
            archive_read_free(archive)
            throw VulnDBError(.input, "cannot read archive '\(path)': \(message)")
        }
    }

    deinit {
        archive_read_free(handle)
    }

    /// Whether the archive turned out to be a single compressed file rather than an archive of entries.
    var isRawStream: Bool { archive_format(handle) == ARCHIVE_FORMAT_RAW }

    /// The next entry's header, or nil at the end.
    func next() throws(VulnDBError) -> Entry? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(handle, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
            throw VulnDBError(.input, "corrupt archive '\(path)': \(Self.message(handle))")
        }
        let name = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
        let isRegular = archive_entry_filetype(entry) == Self.regularFileType || isRawStream
        let size = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil
        return Entry(name: name, isRegularFile: isRegular, size: size)
    }

    /// The current entry's bytes; an entry larger than `limit` is an error rather than a memory hazard.
    func readData(limit: Int) throws(VulnDBError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                archive_read_data(handle, buffer.baseAddress, buffer.count)
            }
            if count == 0 { return bytes }
            guard count > 0 else {
                throw VulnDBError(.input, "corrupt archive '\(path)': \(Self.message(handle))")
            }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= limit else {
                throw VulnDBError(.input, "archive entry in '\(path)' is larger than \(limit) bytes")
            }
        }
    }

    /// Streams the current entry to `body` in chunks (for large entries written to disk).
    func readChunks(_ body: (UnsafeRawBufferPointer) throws(VulnDBError) -> Void) throws(VulnDBError) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = archive_read_data(handle, chunk.baseAddress, chunk.count)
            if count == 0 { return }
            guard count > 0 else {
                throw VulnDBError(.input, "corrupt archive '\(path)': \(Self.message(handle))")
            }
            try body(UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
        }
    }

    /// `AE_IFREG`, a cast macro that does not import into Swift.
    private static let regularFileType: UInt32 = 0o100000

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0).lowercased() } ?? "unknown libarchive error"
    }
}
