internal import CArchive

/// Reads a ZIP archive held in memory (jars, wheels, eggs): lists its entries and reads one entry's bytes up
/// to a size cap. Uses the central directory, so entries written with data descriptors are sized correctly.
public struct ZipReader: Sendable {
    /// One member of the archive.
    public struct Entry: Sendable, Hashable {
        /// The member's path as stored.
        public var path: String
        /// The uncompressed size the archive declares (0 when unknown).
        public var size: Int64
        /// Whether the member is a directory.
        public var isDirectory: Bool

        /// Creates an entry description.
        public init(path: String, size: Int64, isDirectory: Bool) {
            self.path = path
            self.size = size
            self.isDirectory = isDirectory
        }
    }

    /// The archive's bytes.
    public let bytes: [UInt8]
    /// Used in error messages, e.g. the jar's path inside the image.
    public let name: String

    /// Creates a reader over `bytes`; nothing is parsed until `entries()` or `read(_:maxBytes:)`.
    public init(bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    /// Every member, in central-directory order.
    public func entries() throws(ArchiveError) -> [Entry] {
        var result: [Entry] = []
        try withArchive { archive throws(ArchiveError) in
            while let entry = try nextHeader(archive) {
                let header = TarReader.header(of: entry)
                result.append(Entry(path: header.path, size: header.size, isDirectory: header.kind == .directory))
            }
        }
        return result
    }

    /// The bytes of the first member named `path`; throws `.notFound` when there is none and `.tooLarge` when it
    /// holds more than `maxBytes` (checked against the real inflated bytes, not only the declared size).
    public func read(_ path: String, maxBytes: Int) throws(ArchiveError) -> [UInt8] {
        var found: [UInt8]?
        try withArchive { archive throws(ArchiveError) in
            while let entry = try nextHeader(archive) {
                guard TarReader.header(of: entry).path == path else { continue }
                let declared = archive_entry_size_is_set(entry) != 0 ? Int64(archive_entry_size(entry)) : 0
                if declared > Int64(maxBytes) { throw tooLarge(path, maxBytes) }
                var data: [UInt8] = []
                data.reserveCapacity(Int(declared))
                var chunk = [UInt8](repeating: 0, count: 64 * 1024)
                while true {
                    let count = chunk.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                    if count == 0 { break }
                    if count < 0 { throw failure(archive, "cannot inflate '\(path)' in") }
                    if data.count + count > maxBytes { throw tooLarge(path, maxBytes) }
                    data.append(contentsOf: chunk[0..<count])
                }
                found = data
                return
            }
        }
        guard let found else { throw ArchiveError(.notFound, "no entry '\(path)' in \(name)") }
        return found
    }

    private func tooLarge(_ path: String, _ maxBytes: Int) -> ArchiveError {
        ArchiveError(.tooLarge, "entry '\(path)' in \(name) is larger than the \(maxBytes)-byte limit")
    }

    private func withArchive(_ body: (OpaquePointer) throws(ArchiveError) -> Void) throws(ArchiveError) {
        guard let archive = archive_read_new() else {
            throw ArchiveError(.corrupt, "cannot allocate an archive reader for \(name)")
        }
        defer { archive_read_free(archive) }
        archive_read_support_format_zip_seekable(archive)
        let result: Result<Void, ArchiveError> = bytes.withUnsafeBytes { buffer in
            guard archive_read_open_memory(archive, buffer.baseAddress, buffer.count) == ARCHIVE_OK else {
                return .failure(failure(archive, "cannot open"))
            }
            do throws(ArchiveError) {
                try body(archive)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    private func nextHeader(_ archive: OpaquePointer) throws(ArchiveError) -> OpaquePointer? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
            throw failure(archive, "cannot read the next entry of")
        }
        return entry
    }

    private func failure(_ archive: OpaquePointer, _ action: String) -> ArchiveError {
        let detail = archive_error_string(archive).map { String(cString: $0) } ?? "not a zip archive"
        let code: ArchiveError.Code =
            detail.lowercased().contains("unrecognized archive format") ? .unrecognizedFormat : .corrupt
        return ArchiveError(code, "\(action) \(name): \(detail.prefix(1).lowercased() + detail.dropFirst())")
    }
}
