/// Small helpers shared by the comparators: they work on UTF-8 bytes, never on `Character`s, for speed.
enum ByteOrder {
    /// -1, 0 or 1 for two byte strings in `memcmp` order, the shorter first when one is a prefix.
    static func lexicographic(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Int {
        var left = a.makeIterator()
        var right = b.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// Compares two unbounded decimal numbers written without leading zeros: longer is larger.
    static func numeric(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        return lexicographic(a, b)
    }

    /// The digits with leading zeros removed (zero becomes the empty array).
    static func strippingZeros(_ digits: some Collection<UInt8>) -> [UInt8] {
        Array(digits.drop(while: { $0 == UInt8(ascii: "0") }))
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }

    static func sign(_ value: Int) -> Int { value < 0 ? -1 : (value > 0 ? 1 : 0) }
}

extension ByteOrder {
    /// Python's string order: code point by code point, the shorter first when one is a prefix.
    static func lexicographicScalars(_ a: [UInt32], _ b: [UInt32]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
