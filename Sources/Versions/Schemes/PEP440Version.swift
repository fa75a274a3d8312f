/// A Python package version: PEP 440 as `packaging.version.Version` reads and orders it; anything PEP 440
/// rejects is ordered by `packaging` 21.3's `LegacyVersion` rule, below every valid version.
struct PEP440Version: Sendable {
    enum Local: Sendable, Equatable {
        case number([UInt8])
        case text([UInt8])
    }

    /// Pre-release kinds in their order.
    enum PreKind: Int, Sendable { case a, b, rc }

    struct Valid: Sendable {
        var epoch: [UInt8] = []
        /// Release numbers with trailing zeros removed (`1.0` and `1` are equal).
        var release: [[UInt8]] = []
        var pre: (kind: PreKind, number: [UInt8])?
        var post: [UInt8]?
        var dev: [UInt8]?
        var local: [Local]?
    }

    let valid: Valid?
    /// The `LegacyVersion` key parts (only for strings PEP 440 rejects).
    let legacy: [[UInt32]]

    var isLegacy: Bool { valid == nil }

    init(_ text: String) {
        if let valid = Self.parseValid(text) {
            self.valid = valid
            self.legacy = []
        } else {
            self.valid = nil
            self.legacy = Self.legacyKey(text)
        }
    }

    // MARK: - PEP 440 grammar (packaging's VERSION_PATTERN, case-insensitive, surrounding white space allowed)

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSeparator() -> Bool {
            if let byte = peek, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
                index += 1
                return true
            }
            return false
        }

        mutating func digits() -> [UInt8]? {
            let start = index
            while let byte = peek, ByteOrder.isDigit(byte) { index += 1 }
            return index > start ? Array(bytes[start..<index]) : nil
        }

        /// Consumes the first of `words` that follows (regex alternation order).
        mutating func word(_ words: [String]) -> String? {
            for word in words {
                let utf8 = Array(word.utf8)
                if index + utf8.count <= bytes.count && Array(bytes[index..<(index + utf8.count)]) == utf8 {
                    index += utf8.count
                    return word
                }
            }
            return nil
        }
    }

    /// Python's `str.isspace()` characters (what `\s` matches in `packaging`'s pattern).
    static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    private static func parseValid(_ text: String) -> Valid? {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isPythonSpace($0) }),
            let last = scalars.lastIndex(where: { !isPythonSpace($0) })
        else { return nil }
        var bytes: [UInt8] = []
        for scalar in scalars[start...last] {
            guard scalar.isASCII else { return nil }
            bytes.append(UInt8(scalar.value) | (ByteOrder.isAlpha(UInt8(scalar.value)) ? 0x20 : 0))
        }
        var scanner = Scanner(bytes: bytes)
        var version = Valid()
        if scanner.peek == UInt8(ascii: "v") { scanner.index += 1 }
        // Epoch: digits followed by '!'; otherwise those digits start the release.
        let mark = scanner.index
        if let epoch = scanner.digits(), scanner.peek == UInt8(ascii: "!") {
            version.epoch = ByteOrder.strippingZeros(epoch)
            scanner.index += 1
        } else {
            scanner.index = mark
        }
        guard let first = scanner.digits() else { return nil }
        var release = [ByteOrder.strippingZeros(first)]
        while scanner.peek == UInt8(ascii: "."), scanner.index + 1 < bytes.count,
            ByteOrder.isDigit(bytes[scanner.index + 1])
        {
            scanner.index += 1
            release.append(ByteOrder.strippingZeros(scanner.digits() ?? []))
        }
        while let tail = release.last, tail.isEmpty, release.count > 0 { release.removeLast() }
        version.release = release

        // Pre-release: [-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?[0-9]*
        var mark2 = scanner.index
        _ = scanner.skipSeparator()
        if let word = scanner.word(["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]) {
            let kind: PreKind = word.hasPrefix("a") ? .a : (word.hasPrefix("b") ? .b : .rc)
            // A separator with no number after it stays consumed, as the greedy pattern does.
            _ = scanner.skipSeparator()
            version.pre = (kind, ByteOrder.strippingZeros(scanner.digits() ?? []))
        } else {
            scanner.index = mark2
        }

        // Post-release: -N, or [-_.]?(post|rev|r)[-_.]?[0-9]*
        mark2 = scanner.index
        if scanner.peek == UInt8(ascii: "-"), scanner.index + 1 < bytes.count,
            ByteOrder.isDigit(bytes[scanner.index + 1])
        {
            scanner.index += 1
            version.post = ByteOrder.strippingZeros(scanner.digits() ?? [])
        } else {
            _ = scanner.skipSeparator()
            if scanner.word(["post", "rev", "r"]) != nil {
                _ = scanner.skipSeparator()
                version.post = ByteOrder.strippingZeros(scanner.digits() ?? [])
            } else {
                scanner.index = mark2
            }
        }

        // Development release: [-_.]?dev[-_.]?[0-9]*
        mark2 = scanner.index
        _ = scanner.skipSeparator()
        if scanner.word(["dev"]) != nil {
            _ = scanner.skipSeparator()
            version.dev = ByteOrder.strippingZeros(scanner.digits() ?? [])
        } else {
            scanner.index = mark2
        }

        // Local version: +[a-z0-9]+([-_.][a-z0-9]+)*
        if scanner.peek == UInt8(ascii: "+") {
            scanner.index += 1
            let rest = bytes[scanner.index...]
            let parts = rest.split(omittingEmptySubsequences: false) {
                $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
            }
            var local: [Local] = []
            for part in parts {
                guard !part.isEmpty, part.allSatisfy({ ByteOrder.isDigit($0) || ByteOrder.isLower($0) }) else {
                    return nil
                }
                local.append(
                    part.allSatisfy(ByteOrder.isDigit) ? .number(ByteOrder.strippingZeros(part)) : .text(Array(part)))
            }
            version.local = local
            scanner.index = bytes.count
        }
        return scanner.index == bytes.count ? version : nil
    }

    // MARK: - Order

    static func compare(_ a: PEP440Version, _ b: PEP440Version) -> Int {
        switch (a.valid, b.valid) {
        case (nil, nil): return compareLegacy(a.legacy, b.legacy)
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?): return compareValid(x, y)
        }
    }

    private static func compareValid(_ a: Valid, _ b: Valid) -> Int {
        var result = ByteOrder.numeric(a.epoch, b.epoch)
        if result != 0 { return result }
        for (x, y) in zip(a.release, b.release) {
            result = ByteOrder.numeric(x, y)
            if result != 0 { return result }
        }
        if a.release.count != b.release.count { return a.release.count < b.release.count ? -1 : 1 }
        // Pre-release key: a dev release with no pre or post release sorts before every pre-release.
        result = comparePre(preKey(a), preKey(b))
        if result != 0 { return result }
        // Post: absent is lowest.
        result = compareOptional(a.post, b.post, missing: -1)
        if result != 0 { return result }
        // Dev: absent is highest.
        result = compareOptional(a.dev, b.dev, missing: 1)
        if result != 0 { return result }
        return compareLocal(a.local, b.local)
    }

    /// -1 = negative infinity, 1 = positive infinity, 0 = the pre-release itself.
    private static func preKey(_ version: Valid) -> (Int, PreKind, [UInt8]) {
        if let pre = version.pre { return (0, pre.kind, pre.number) }
        if version.post == nil && version.dev != nil { return (-1, .a, []) }
        return (1, .a, [])
    }

    private static func comparePre(_ a: (Int, PreKind, [UInt8]), _ b: (Int, PreKind, [UInt8])) -> Int {
        if a.0 != b.0 { return a.0 < b.0 ? -1 : 1 }
        if a.0 != 0 { return 0 }
        if a.1 != b.1 { return a.1.rawValue < b.1.rawValue ? -1 : 1 }
        return ByteOrder.numeric(a.2, b.2)
    }

    private static func compareOptional(_ a: [UInt8]?, _ b: [UInt8]?, missing: Int) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return missing
        case (_, nil): return -missing
        case (let x?, let y?): return ByteOrder.numeric(x, y)
        }
    }

    private static func compareLocal(_ a: [Local]?, _ b: [Local]?) -> Int {
        guard let a, let b else { return a == nil ? (b == nil ? 0 : -1) : 1 }
        for (x, y) in zip(a, b) {
            switch (x, y) {
            case (.number(let m), .number(let n)):
                let result = ByteOrder.numeric(m, n)
                if result != 0 { return result }
            case (.number, .text): return 1
            case (.text, .number): return -1
            case (.text(let m), .text(let n)):
                let result = ByteOrder.lexicographic(m, n)
                if result != 0 { return result }
            }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    // MARK: - Legacy (packaging 21.3 `_legacy_cmpkey`)

    private static func legacyParts(_ text: String) -> [[UInt32]] {
        // Split into runs of digits, runs of a-z, '.', '-' and the text between them (Python's `\d` is any
        // Unicode decimal digit; the text is lower-cased first).
        var parts: [[UInt32]] = []
        var other: [UInt32] = []
        let scalars = Array(text.lowercased().unicodeScalars)
        func emit(_ part: [UInt32]) {
            if part.isEmpty || part == [0x2E] { return }
            if part == Array("pre".unicodeScalars.map(\.value)) || part == Array("preview".unicodeScalars.map(\.value))
                || part == Array("rc".unicodeScalars.map(\.value))
            {
                parts.append(star("c"))
            } else if part == [0x2D] {
                parts.append(star("final-"))
            } else if part == Array("dev".unicodeScalars.map(\.value)) {
                parts.append(star("@"))
            } else if let first = part.first, first >= 0x30 && first <= 0x39 {
                parts.append(part.count >= 8 ? part : Array(repeating: 0x30, count: 8 - part.count) + part)
            } else {
                parts.append([0x2A] + part)
            }
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            var run: [UInt32] = []
            if scalar.properties.generalCategory == .decimalNumber {
                while index < scalars.count, scalars[index].properties.generalCategory == .decimalNumber {
                    run.append(scalars[index].value)
                    index += 1
                }
            } else if scalar.value >= 0x61 && scalar.value <= 0x7A {
                while index < scalars.count, scalars[index].value >= 0x61 && scalars[index].value <= 0x7A {
                    run.append(scalars[index].value)
                    index += 1
                }
            } else if scalar == "." || scalar == "-" {
                run = [scalar.value]
                index += 1
            } else {
                other.append(scalar.value)
                index += 1
                continue
            }
            emit(other)
            other = []
            emit(run)
        }
        emit(other)
        parts.append(star("final"))
        return parts
    }

    private static func star(_ text: String) -> [UInt32] { [0x2A] + text.unicodeScalars.map(\.value) }

    private static func legacyKey(_ text: String) -> [[UInt32]] {
        let final = star("final")
        let finalDash = star("final-")
        let zeros = Array(repeating: UInt32(0x30), count: 8)
        var key: [[UInt32]] = []
        for part in legacyParts(text) {
            if part.first == 0x2A {
                // Remove '-' before a pre-release tag, then trailing zeros of each numeric series.
                if ByteOrder.lexicographicScalars(part, final) < 0 {
                    while key.last == finalDash { key.removeLast() }
                }
                while key.last == zeros { key.removeLast() }
            }
            key.append(part)
        }
        return key
    }

    private static func compareLegacy(_ a: [[UInt32]], _ b: [[UInt32]]) -> Int {
        for (x, y) in zip(a, b) {
            let result = ByteOrder.lexicographicScalars(x, y)
            if result != 0 { return result }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
