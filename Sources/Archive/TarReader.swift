internal import CArchive

/// Reads a tar stream (plain, gzip or zstd, recognised from the magic bytes, never from a name or media
/// type) entry by entry from bytes a caller supplies, without extracting anything to disk.
///
/// Not thread-safe: one reader belongs to one task. The source is called from inside libarchive; an error it
/// throws ends the read and is reported as an `ArchiveError` with code `.source` and the error attached.
public final class TarReader {
    /// Fills the buffer with the next bytes of the stream and returns how many; 0 means the stream ended.
    public typealias Source = (UnsafeMutableRawBufferPointer) throws -> Int

    private let archive: OpaquePointer
    private let source: Source
    private let buffer: UnsafeMutableRawBufferPointer
    private let name: String
    private var sourceError: (any Error)?
    private var sourceEnded = false

    /// Opens a reader over `source`; `name` (e.g. `layer sha256:ab12…`) is used in error messages.
    public init(name: String, bufferSize: Int = 1 << 20, source: @escaping Source) throws(ArchiveError) {
        guard let archive = archive_read_new() else {
            throw ArchiveError(.corrupt, "cannot allocate an archive reader for \(name)")
        }
        self.archive = archive
        self.source = source
        self.name = name
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bufferSize, 4096), alignment: 16)
        // Only what image layers use: tar (ustar, pax, GNU) and an empty stream; gzip and zstd filters.
        archive_read_support_format_tar(archive)
        archive_read_support_format_empty(archive)
        archive_read_support_filter_gzip(archive)
        archive_read_support_filter_zstd(archive)
        let status = archive_read_open(
            archive, Unmanaged.passUnretained(self).toOpaque(), nil,
            { _, clientData, output in
                guard let clientData, let output else { return Int(ARCHIVE_FATAL) }
                return Unmanaged<TarReader>.fromOpaque(clientData).takeUnretainedValue().fill(output)
            }, nil)
        if status != ARCHIVE_OK { throw failure("cannot open") }
    }

    deinit {
        archive_read_free(archive)
        buffer.deallocate()
    }

    /// The next entry's header, or nil at the end of the archive.
    public func next() throws(ArchiveError) -> TarEntry? {
        var entryPointer: OpaquePointer?
        let status = archive_read_next_header(archive, &entryPointer)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry = entryPointer else {
            throw failure("cannot read the next entry of")
        }
        return Self.header(of: entry)
    }

    /// The next block of the current entry's data and its offset within the entry, or nil when the entry's data
    /// is exhausted. Offsets can jump forward (sparse files); the bytes are valid until the next call.
    public func readBlock() throws(ArchiveError) -> (offset: Int64, bytes: UnsafeRawBufferPointer)? {
        var pointer: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        let status = archive_read_data_block(archive, &pointer, &size, &offset)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else { throw failure("cannot read entry data of") }
        return (Int64(offset), UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : size))
    }

    /// The compression libarchive recognised from the stream's first bytes.
    public var compression: Compression {
        switch archive_filter_code(archive, 0) {
        case ARCHIVE_FILTER_GZIP: .gzip
        case ARCHIVE_FILTER_ZSTD: .zstd
        default: .none
        }
    }

    /// How many uncompressed bytes the tar parser has consumed so far (headers, data, padding).
    public var uncompressedBytesRead: Int64 { Int64(archive_filter_bytes(archive, 0)) }

    /// Reads whatever the source still holds after the archive ended (trailing bytes the tar parser did not
    /// need) and returns how many there were; the source sees every byte, so a digest over it is complete.
    public func drainSource() throws(ArchiveError) -> Int64 {
        var total: Int64 = 0
        while !sourceEnded {
            let count: Int
            do { count = try source(buffer) } catch {
                throw ArchiveError(.source, "cannot read \(name): \(error)", underlying: error)
            }
            if count == 0 { sourceEnded = true }
            total += Int64(count)
        }
        return total
    }

    // Called by libarchive whenever it needs more input.
    fileprivate func fill(_ output: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        if sourceEnded { return 0 }
        do {
            let count = try source(buffer)
            if count == 0 { sourceEnded = true }
            output.pointee = UnsafeRawPointer(buffer.baseAddress)
            return count
        } catch {
            sourceError = error
            return Int(ARCHIVE_FATAL)
        }
    }

    private func failure(_ action: String) -> ArchiveError {
        if let sourceError {
            if let archiveError = sourceError as? ArchiveError { return archiveError }
            return ArchiveError(
                .source, "\(action) \(name): \(sourceError)", underlying: sourceError)
        }
        let detail = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
        let code: ArchiveError.Code =
            detail.lowercased().contains("unrecognized archive format") ? .unrecognizedFormat : .corrupt
        let lowered = detail.prefix(1).lowercased() + detail.dropFirst()
        return ArchiveError(code, "\(action) \(name): \(lowered)")
    }

    static func header(of entry: OpaquePointer) -> TarEntry {
        let path = archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
        let hardlink = archive_entry_hardlink(entry).map { String(cString: $0) }
        let symlink = archive_entry_symlink(entry).map { String(cString: $0) }
        let kind: TarEntry.Kind
        if hardlink != nil {
            kind = .hardlink
        } else {
            switch UInt32(archive_entry_filetype(entry)) & 0o170000 {
            case 0o100000: kind = .regular
            case 0o040000: kind = .directory
            case 0o120000: kind = .symlink
            case 0o020000: kind = .characterDevice
            case 0o060000: kind = .blockDevice
            case 0o010000: kind = .fifo
            case 0o140000: kind = .socket
            default: kind = .unknown
            }
        }
        return TarEntry(
            path: path, kind: kind, size: archive_entry_size_is_set(entry) != 0 ? Int64(archive_entry_size(entry)) : 0,
            mode: UInt32(archive_entry_perm(entry)) & 0o7777, uid: Int64(archive_entry_uid(entry)),
            gid: Int64(archive_entry_gid(entry)), linkTarget: kind == .symlink ? symlink : nil,
            hardlinkTarget: hardlink)
    }
}
