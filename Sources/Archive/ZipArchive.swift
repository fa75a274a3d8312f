import CZlib

/// A zip archive (jar, war, ear, egg) read from bytes in memory: the central directory is parsed once, entries are
/// inflated on demand with a hard cap on their size, so a zip bomb ends in an error instead of exhausting memory.
///
/// Only stored and deflated entries are supported (what jar, wheel and egg tools write). Reading one entry costs
/// only that entry, which matters for fat jars with hundreds of nested archives.
public struct ZipArchive: Sendable {
    /// One central directory record.
    public struct Entry: Sendable, Hashable {
        /// The entry's path inside the archive.
        public var name: String
        /// The compression method (0 stored, 8 deflated).
        public var method: UInt16
        public var compressedSize: Int
        public var uncompressedSize: Int
        var localHeaderOffset: Int
        /// Whether the entry is a directory (its name ends in `/`).
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// The bytes of the entry named `name`, inflated up to `limit` bytes.
    public func contents(of name: String, limit: Int) throws(Error) -> [UInt8] {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw Error("no entry '\(name)' in the archive")
        }
        return try contents(of: entry, limit: limit)
    }

    /// Why a zip archive or one of its entries could not be read.
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// More entries than this is not an archive anyone built (the zip64 format allows 2⁶⁴).
    static let maximumEntries = 1_000_000

    /// The whole archive.
    public let bytes: [UInt8]
    /// The central directory, in archive order.
    public private(set) var entries: [Entry] = []

    /// Parses the central directory of `bytes`.
    public init(_ bytes: [UInt8]) throws(Error) {
        self.bytes = bytes
        let end = try Self.endOfCentralDirectory(bytes)
        var count = Int(Self.uint16(bytes, end + 10))
        var directorySize = Int(Self.uint32(bytes, end + 12))
        var directoryOffset = Int(Self.uint32(bytes, end + 16))
        // Zip64: the classic record holds 0xffff/0xffffffff and a locator just before it points to the real one.
        if count == 0xffff || directorySize == 0xffff_ffff || directoryOffset == 0xffff_ffff {
            guard end >= 20, Self.uint32(bytes, end - 20) == 0x0706_4b50 else {
                throw Error("zip64 end of central directory locator is missing")
            }
            let record = Int(clamping: Self.uint64(bytes, end - 12))
            guard record >= 0, record + 56 <= end, Self.uint32(bytes, record) == 0x0606_4b50 else {
                throw Error("zip64 end of central directory record at offset \(record) is invalid")
            }
            count = Int(clamping: Self.uint64(bytes, record + 32))
            directorySize = Int(clamping: Self.uint64(bytes, record + 40))
            directoryOffset = Int(clamping: Self.uint64(bytes, record + 48))
        }
        guard count <= Self.maximumEntries else { throw Error("archive claims \(count) entries") }
        guard directoryOffset >= 0, directorySize >= 0, directoryOffset <= bytes.count,
            directorySize <= bytes.count - directoryOffset
        else {
            throw Error(
                "central directory (offset \(directoryOffset), \(directorySize) bytes) lies outside the archive")
        }
        var position = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard position + 46 <= directoryEnd, Self.uint32(bytes, position) == 0x0201_4b50 else {
                throw Error("central directory record \(index) at offset \(position) is invalid")
            }
            let nameLength = Int(Self.uint16(bytes, position + 28))
            let extraLength = Int(Self.uint16(bytes, position + 30))
            let commentLength = Int(Self.uint16(bytes, position + 32))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= directoryEnd else { throw Error("central directory record \(index) runs past the directory") }
            var entry = Entry(
                name: String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self),
                method: Self.uint16(bytes, position + 10),
                compressedSize: Int(Self.uint32(bytes, position + 20)),
                uncompressedSize: Int(Self.uint32(bytes, position + 24)),
                localHeaderOffset: Int(Self.uint32(bytes, position + 42)))
            Self.applyZip64Extra(
                &entry, bytes[(position + 46 + nameLength)..<(position + 46 + nameLength + extraLength)])
            entries.append(entry)
            position = next
        }
    }

    /// The entry's bytes, inflated; throws when it would exceed `limit` bytes, whatever its header claims.
    public func contents(of entry: Entry, limit: Int) throws(Error) -> [UInt8] {
        let local = entry.localHeaderOffset
        guard local >= 0, local <= bytes.count - 30, Self.uint32(bytes, local) == 0x0403_4b50 else {
            throw Error("local header of '\(entry.name)' at offset \(local) is invalid")
        }
        let start = local + 30 + Int(Self.uint16(bytes, local + 26)) + Int(Self.uint16(bytes, local + 28))
        guard entry.compressedSize >= 0, start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw Error("data of '\(entry.name)' (\(entry.compressedSize) bytes) runs past the end of the archive")
        }
        let data = bytes[start..<(start + entry.compressedSize)]
        switch entry.method {
        case 0:
            guard data.count <= limit else {
                throw Error("'\(entry.name)' is \(data.count) bytes, over the \(limit)-byte limit")
            }
            return Array(data)
        case 8:
            return try Self.inflate(data, name: entry.name, limit: limit)
        default:
            throw Error("'\(entry.name)' uses unsupported compression method \(entry.method)")
        }
    }

    // MARK: Private

    private static func endOfCentralDirectory(_ bytes: [UInt8]) throws(Error) -> Int {
        guard bytes.count >= 22 else { throw Error("\(bytes.count) bytes is too short for a zip archive") }
        // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
        let lowest = max(0, bytes.count - 22 - 0xffff)
        var position = bytes.count - 22
        while position >= lowest {
            if bytes[position] == 0x50, uint32(bytes, position) == 0x0605_4b50 { return position }
            position -= 1
        }
        throw Error("no end of central directory record (not a zip archive)")
    }

    private static func applyZip64Extra(_ entry: inout Entry, _ extra: ArraySlice<UInt8>) {
        var position = extra.startIndex
        while position + 4 <= extra.endIndex {
            let id = uint16(extra, position)
            let size = Int(uint16(extra, position + 2))
            let body = position + 4
            guard body + size <= extra.endIndex else { return }
            if id == 0x0001 {
                var field = body
                func next() -> Int? {
                    guard field + 8 <= body + size else { return nil }
                    defer { field += 8 }
                    return Int(clamping: uint64(extra, field))
                }
                if entry.uncompressedSize == 0xffff_ffff, let value = next() { entry.uncompressedSize = value }
                if entry.compressedSize == 0xffff_ffff, let value = next() { entry.compressedSize = value }
                if entry.localHeaderOffset == 0xffff_ffff, let value = next() { entry.localHeaderOffset = value }
                return
            }
            position = body + size
        }
    }

    private static func inflate(_ data: ArraySlice<UInt8>, name: String, limit: Int) throws(Error) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Error("zlib could not start inflating '\(name)'")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = Array(data)
        let status: Int32 = input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    let result = zlib_inflate(&stream)
                    return (result, chunkBuffer.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > limit { return Z_MEM_ERROR }
                if result == Z_STREAM_END { return Z_OK }
                guard result == Z_OK else { return result }
                if produced == 0 && stream.avail_in == 0 { return Z_DATA_ERROR }
            }
        }
        if output.count > limit { throw Error("'\(name)' inflates past the \(limit)-byte limit (zip bomb?)") }
        guard status == Z_OK else { throw Error("'\(name)' is corrupt deflate data (zlib status \(status))") }
        return output
    }

    private static func zlib_inflate(_ stream: inout z_stream) -> Int32 { CZlib.inflate(&stream, Z_NO_FLUSH) }

    private static func uint16<C: RandomAccessCollection<UInt8>>(_ bytes: C, _ offset: C.Index) -> UInt16
    where C.Index == Int {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func uint32<C: RandomAccessCollection<UInt8>>(_ bytes: C, _ offset: C.Index) -> UInt32
    where C.Index == Int {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    private static func uint64<C: RandomAccessCollection<UInt8>>(_ bytes: C, _ offset: C.Index) -> UInt64
    where C.Index == Int {
        UInt64(uint32(bytes, offset)) | UInt64(uint32(bytes, offset + 4)) << 32
    }
}
