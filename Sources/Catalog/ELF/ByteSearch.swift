import Foundation

/// Fast searches for byte patterns in large buffers (binaries up to the capture limit).
public enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack` at or after `start`, or nil.
    public static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard let first = needle.first, start >= 0, haystack.count - start >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay -> Int? in
            needle.withUnsafeBufferPointer { pattern -> Int? in
                guard let hayBase = hay.baseAddress, let patternBase = pattern.baseAddress else { return nil }
                var position = start
                let lastStart = hay.count - pattern.count
                while position <= lastStart {
                    // memchr skips quickly to the next candidate first byte.
                    guard let found = memchr(hayBase + position, Int32(first), lastStart - position + 1) else {
                        return nil
                    }
                    let offset = hayBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hayBase + offset, patternBase, pattern.count) == 0 { return offset }
                    position = offset + 1
                }
                return nil
            }
        }
    }

    /// Whether `byte` is an ASCII digit.
    @inline(__always) public static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Whether `byte` is a regular-expression word character (`[0-9A-Za-z_]`).
    @inline(__always) public static func isWord(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }
}
