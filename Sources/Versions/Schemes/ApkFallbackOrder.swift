/// The order for Alpine version strings that apk-tools 3 refuses (`6.6.2p1`, `1-r`, `0..1`, `a`), as the
/// shared apk vectors (osv-scalibr's hand-written and generated Alpine files) specify it: numbers, then an
/// optional letter, `_suffix` parts, an ignored `~hash`, `-rN`, and whatever is left; two strings that are
/// both malformed compare as plain text (the "invalid, do string sort" rule of the apk-tools test data).
struct ApkFallbackOrder {
    struct Component {
        let original: [UInt8]
        let value: [UInt8]
        let index: Int
    }

    var components: [Component] = []
    var letter: UInt8?
    var suffixes: [(weight: Int, number: [UInt8])] = []
    var build: [UInt8] = []
    var remainder: ArraySlice<UInt8> = []
    var isMalformed = false

    private static let suffixWords = ["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"].map {
        Array($0.utf8)
    }
    private static let weights = ["alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg"].map { Array($0.utf8) }

    init(_ bytes: [UInt8]) {
        var rest = bytes[...]
        // Numbers: ((\d+)\.?)*
        var end = rest.startIndex
        while end < rest.endIndex, ByteOrder.isDigit(rest[end]) {
            while end < rest.endIndex, ByteOrder.isDigit(rest[end]) { end += 1 }
            if end < rest.endIndex, rest[end] == UInt8(ascii: ".") { end += 1 }
        }
        if end > rest.startIndex {
            for (index, part) in rest[..<end].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
                .enumerated()
            {
                components.append(Component(original: Array(part), value: ByteOrder.strippingZeros(part), index: index))
            }
            rest = rest[end...]
        }
        if let first = rest.first, ByteOrder.isLower(first) {
            letter = first
            rest = rest.dropFirst()
        }
        // Every _suffix match counts; only those at the front are consumed.
        var scan = rest.startIndex
        while let underscore = rest[scan...].firstIndex(of: UInt8(ascii: "_")) {
            var matched = false
            for (word, bytes) in Self.suffixWords.enumerated() {
                let wordEnd = underscore + 1 + bytes.count
                guard wordEnd <= rest.endIndex, rest[(underscore + 1)..<wordEnd].elementsEqual(bytes) else { continue }
                var numberEnd = wordEnd
                while numberEnd < rest.endIndex, ByteOrder.isDigit(rest[numberEnd]) { numberEnd += 1 }
                let name = Self.suffixWords[word]
                suffixes.append(
                    (
                        Self.weights.firstIndex(of: name) ?? Self.weights.count,
                        ByteOrder.strippingZeros(rest[wordEnd..<numberEnd])
                    ))
                if underscore == rest.startIndex { rest = rest[numberEnd...] }
                scan = numberEnd
                matched = true
                break
            }
            if !matched { scan = underscore + 1 }
            if scan == rest.endIndex { break }
        }
        // ~hash (ignored in the order).
        if rest.first == UInt8(ascii: "~"), rest.count > 1, Self.isHex(rest[rest.startIndex + 1]) {
            rest = rest.dropFirst().drop(while: Self.isHex)
        }
        if !rest.isEmpty {
            if rest.starts(with: Array("-r".utf8)) {
                rest = rest.dropFirst(2)
                let digits = rest.prefix(while: ByteOrder.isDigit)
                build = ByteOrder.strippingZeros(digits)
                rest = rest.dropFirst(digits.count)
            } else {
                isMalformed = true
            }
        }
        remainder = rest
    }

    private static func isHex(_ byte: UInt8) -> Bool { ByteOrder.isDigit(byte) || (byte >= 0x61 && byte <= 0x66) }

    private static func compare(_ a: Component, _ b: Component) -> Int {
        // After the first number, a leading zero makes the numbers compare as text.
        if a.index != 0 && b.index != 0 && (a.original.first == 0x30 || b.original.first == 0x30) {
            return ByteOrder.lexicographic(a.original, b.original)
        }
        return ByteOrder.numeric(a.value, b.value)
    }

    static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
        let a = ApkFallbackOrder(left)
        let b = ApkFallbackOrder(right)
        if a.isMalformed && b.isMalformed { return ByteOrder.lexicographic(left, right) }
        let zero = Component(original: [0x30], value: [], index: 0)
        for index in 0..<max(a.components.count, b.components.count) {
            let x = index < a.components.count ? a.components[index] : zero
            let y = index < b.components.count ? b.components[index] : zero
            let result = compare(x, y)
            if result != 0 { return result }
        }
        if a.letter != b.letter {
            guard let x = a.letter else { return -1 }
            guard let y = b.letter else { return 1 }
            return x < y ? -1 : 1
        }
        for index in 0..<max(a.suffixes.count, b.suffixes.count) {
            let x = index < a.suffixes.count ? a.suffixes[index] : (4, [])
            let y = index < b.suffixes.count ? b.suffixes[index] : (4, [])
            if x.0 != y.0 { return x.0 < y.0 ? -1 : 1 }
            let result = ByteOrder.numeric(x.1, y.1)
            if result != 0 { return result }
        }
        let build = ByteOrder.numeric(a.build, b.build)
        if build != 0 { return build }
        if a.remainder.isEmpty != b.remainder.isEmpty { return a.remainder.isEmpty ? 1 : -1 }
        return 0
    }
}
