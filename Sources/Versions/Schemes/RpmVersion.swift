/// An RPM `[epoch:]version[-release]`, split and ordered as rpm 4.18's `rpmverParse` / `rpmverCmp` /
/// `rpmvercmp` do (what `rpm.vercmp()` and `rpmdev-vercmp` print).
struct RpmVersion: Sendable {
    /// The epoch text; nil when the string has none (compared as `0`).
    let epoch: [UInt8]?
    let version: [UInt8]
    /// The release; nil when there is no `-` (a missing release sorts before any release).
    let release: [UInt8]?

    init(_ text: String) throws(VersionError) {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { throw .empty(scheme: .rpm) }
        if bytes.contains(0) {
            throw .invalid(scheme: .rpm, version: text, reason: "version string contains a nul byte")
        }
        // Epoch: leading digits followed by ':'. The release starts after the last '-' after those digits.
        var index = 0
        while index < bytes.count && ByteOrder.isDigit(bytes[index]) { index += 1 }
        let hyphen = bytes[index...].lastIndex(of: UInt8(ascii: "-"))
        var versionStart = 0
        if index < bytes.count && bytes[index] == UInt8(ascii: ":") {
            epoch = index == 0 ? Array("0".utf8) : Array(bytes[..<index])
            versionStart = index + 1
        } else {
            epoch = nil
        }
        if let hyphen {
            version = Array(bytes[versionStart..<hyphen])
            release = Array(bytes[(hyphen + 1)...])
        } else {
            version = Array(bytes[versionStart...])
            release = nil
        }
    }

    static func compare(_ a: RpmVersion, _ b: RpmVersion) -> Int {
        let zero: [UInt8] = [0x30]
        let epochs = rpmvercmp(a.epoch ?? zero, b.epoch ?? zero)
        if epochs != 0 { return epochs }
        let versions = rpmvercmp(a.version, b.version)
        if versions != 0 { return versions }
        // A missing release sorts before any release, even an empty one (rpm's compare_values).
        switch (a.release, b.release) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let left?, let right?): return rpmvercmp(left, right)
        }
    }

    private static func isAlnum(_ c: UInt8) -> Bool { ByteOrder.isDigit(c) || ByteOrder.isAlpha(c) }

    /// rpm's segment comparison: `~` sorts before anything, `^` after the base but before anything else,
    /// numeric segments beat alphabetic ones, leading zeros are ignored.
    static func rpmvercmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a == b { return 0 }
        // 0 marks the end, as in the C string.
        func at(_ bytes: [UInt8], _ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }
        let tilde = UInt8(ascii: "~")
        let caret = UInt8(ascii: "^")
        var one = 0
        var two = 0
        while at(a, one) != 0 || at(b, two) != 0 {
            while at(a, one) != 0 && !isAlnum(at(a, one)) && at(a, one) != tilde && at(a, one) != caret { one += 1 }
            while at(b, two) != 0 && !isAlnum(at(b, two)) && at(b, two) != tilde && at(b, two) != caret { two += 1 }
            let c1 = at(a, one)
            let c2 = at(b, two)
            if c1 == tilde || c2 == tilde {
                if c1 != tilde { return 1 }
                if c2 != tilde { return -1 }
                one += 1
                two += 1
                continue
            }
            if c1 == caret || c2 == caret {
                if c1 == 0 { return -1 }
                if c2 == 0 { return 1 }
                if c1 != caret { return 1 }
                if c2 != caret { return -1 }
                one += 1
                two += 1
                continue
            }
            if c1 == 0 || c2 == 0 { break }
            var end1 = one
            var end2 = two
            let isNumber = ByteOrder.isDigit(c1)
            if isNumber {
                while ByteOrder.isDigit(at(a, end1)) { end1 += 1 }
                while ByteOrder.isDigit(at(b, end2)) { end2 += 1 }
            } else {
                while ByteOrder.isAlpha(at(a, end1)) { end1 += 1 }
                while ByteOrder.isAlpha(at(b, end2)) { end2 += 1 }
            }
            // Segments of different kinds: the numeric one is newer.
            if end2 == two { return isNumber ? 1 : -1 }
            var segment1 = a[one..<end1]
            var segment2 = b[two..<end2]
            if isNumber {
                segment1 = segment1.drop(while: { $0 == 0x30 })
                segment2 = segment2.drop(while: { $0 == 0x30 })
                if segment1.count != segment2.count { return segment1.count > segment2.count ? 1 : -1 }
            }
            let result = ByteOrder.lexicographic(segment1, segment2)
            if result != 0 { return result }
            one = end1
            two = end2
        }
        if at(a, one) == 0 && at(b, two) == 0 { return 0 }
        return at(a, one) == 0 ? -1 : 1
    }
}
