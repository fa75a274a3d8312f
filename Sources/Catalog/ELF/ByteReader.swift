/// Bounds-checked reads of fixed-width integers from a byte buffer; every read answers nil past the end.
public struct ByteReader: Sendable {
    /// The whole buffer (shared, never copied).
    public let bytes: [UInt8]
    /// Whether multi-byte integers are little-endian.
    public let littleEndian: Bool

    public init(_ bytes: [UInt8], littleEndian: Bool = true) {
        self.bytes = bytes
        self.littleEndian = littleEndian
    }

    /// The unsigned integer of `width` bytes (1…8) at `offset`, or nil when it does not fit.
    public func uint(at offset: Int, width: Int) -> UInt64? {
        guard width >= 1, width <= 8, offset >= 0, offset <= bytes.count - width else { return nil }
        var value: UInt64 = 0
        for index in 0..<width {
            let byte = UInt64(bytes[littleEndian ? offset + width - 1 - index : offset + index])
            value = value << 8 | byte
        }
        return value
    }

    /// A 16-bit unsigned integer at `offset`.
    public func u16(_ offset: Int) -> UInt16? { uint(at: offset, width: 2).map { UInt16(truncatingIfNeeded: $0) } }
    /// A 32-bit unsigned integer at `offset`.
    public func u32(_ offset: Int) -> UInt32? { uint(at: offset, width: 4).map { UInt32(truncatingIfNeeded: $0) } }
    /// A 64-bit unsigned integer at `offset`.
    public func u64(_ offset: Int) -> UInt64? { uint(at: offset, width: 8) }

    /// `count` bytes at `offset`, or nil when the range leaves the buffer.
    public func slice(_ offset: Int, count: Int) -> ArraySlice<UInt8>? {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else { return nil }
        return bytes[offset..<(offset + count)]
    }

    /// The NUL-terminated string starting at `offset` (at most `limit` bytes), or nil when it is not terminated.
    public func cString(at offset: Int, limit: Int = 4096) -> String? {
        guard offset >= 0, offset < bytes.count else { return nil }
        let end = min(bytes.count, offset + limit)
        guard let nul = bytes[offset..<end].firstIndex(of: 0) else { return nil }
        return String(decoding: bytes[offset..<nul], as: UTF8.self)
    }
}
