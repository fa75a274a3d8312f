/// A SemVer 2.0 version as npm's `semver` package reads it in loose mode (`v1.2.3`, `=1.2.3`, `1.2.3beta`,
/// leading zeros), plus the shorthands `1` and `1.2` (read as `1.0.0` and `1.2.0`, as `semver.coerce` does).
/// Build metadata is kept out of the order.
struct SemanticVersion: Sendable {
    let major: UInt64
    let minor: UInt64
    let patch: UInt64
    /// Pre-release identifiers; numeric ones hold a value, as npm turns them into JavaScript numbers.
    let prerelease: [Identifier]

    enum Identifier: Sendable, Equatable {
        case number(Double)
        case text([UInt8])
    }

    /// npm refuses version strings longer than this (in UTF-16 units) and numbers above 2^53 - 1.
    static let maximumLength = 256
    static let maximumSafeInteger: UInt64 = 9_007_199_254_740_991

    init(_ text: String) throws(VersionError) {
        func invalid(_ reason: String) -> VersionError { .invalid(scheme: .semver, version: text, reason: reason) }
        if text.utf16.count > Self.maximumLength {
            throw invalid("longer than \(Self.maximumLength) characters")
        }
        let trimmed = Self.trimmingJavaScriptSpace(text)
        if trimmed.isEmpty { throw .empty(scheme: .semver) }
        var bytes = Array(trimmed.utf8)[...]
        // Loose mode skips any run of 'v', '=' and white space before the numbers.
        bytes = bytes.drop(while: { $0 == UInt8(ascii: "v") || $0 == UInt8(ascii: "=") || Self.isSpace($0) })
        var numbers: [UInt64] = []
        while numbers.count < 3 {
            let digits = bytes.prefix(while: ByteOrder.isDigit)
            if digits.isEmpty {
                throw invalid(numbers.isEmpty ? "does not start with a number" : "empty version component")
            }
            bytes = bytes.dropFirst(digits.count)
            let value = ByteOrder.strippingZeros(digits)
            guard value.count <= 16,
                let number = UInt64(String(decoding: value.isEmpty ? [0x30] : value, as: UTF8.self)),
                number <= Self.maximumSafeInteger
            else { throw invalid("version component is larger than \(Self.maximumSafeInteger)") }
            numbers.append(number)
            guard let next = bytes.first, next == UInt8(ascii: "."), numbers.count < 3 else { break }
            bytes = bytes.dropFirst()
        }
        let isShorthand = numbers.count < 3
        while numbers.count < 3 { numbers.append(0) }
        (major, minor, patch) = (numbers[0], numbers[1], numbers[2])

        var identifiers: [Identifier] = []
        // Pre-release: loose mode makes the '-' optional after a full version, never after a shorthand.
        if let next = bytes.first, next != UInt8(ascii: "+") {
            if next == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            } else if isShorthand {
                throw invalid("unexpected '\(Character(Unicode.Scalar(next)))' after the version numbers")
            }
            let end = bytes.firstIndex(of: UInt8(ascii: "+")) ?? bytes.endIndex
            for part in bytes[..<end].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                identifiers.append(try Self.identifier(part, invalid: invalid))
            }
            bytes = bytes[end...]
        }
        if let next = bytes.first, next == UInt8(ascii: "+") {
            let build = bytes.dropFirst()
            for part in build.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            where part.isEmpty || !part.allSatisfy(Self.isIdentifierByte) {
                throw invalid("invalid build metadata")
            }
            bytes = bytes[bytes.endIndex...]
        }
        prerelease = identifiers
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        ByteOrder.isDigit(byte) || ByteOrder.isAlpha(byte) || byte == UInt8(ascii: "-")
    }

    private static func identifier(
        _ part: ArraySlice<UInt8>, invalid: (String) -> VersionError
    ) throws(VersionError) -> Identifier {
        if part.isEmpty { throw invalid("empty pre-release identifier") }
        guard part.allSatisfy(isIdentifierByte) else { throw invalid("invalid pre-release identifier") }
        if part.allSatisfy(ByteOrder.isDigit) {
            // JavaScript compares numeric identifiers as doubles; keep exactly that value.
            return .number(Double(String(decoding: part, as: UTF8.self)) ?? .infinity)
        }
        return .text(Array(part))
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// `String.prototype.trim`: JavaScript's white space and line terminators.
    static func trimmingJavaScriptSpace(_ text: String) -> Substring {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09...0x0D, 0x20, 0xA0, 0xFEFF, 0x2028, 0x2029: return true
            default: return scalar.properties.generalCategory == .spaceSeparator
            }
        }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return Substring(scalars[start...last])
    }

    static func compare(_ a: SemanticVersion, _ b: SemanticVersion) -> Int {
        if a.major != b.major { return a.major < b.major ? -1 : 1 }
        if a.minor != b.minor { return a.minor < b.minor ? -1 : 1 }
        if a.patch != b.patch { return a.patch < b.patch ? -1 : 1 }
        return comparePrerelease(a.prerelease, b.prerelease)
    }

    static func comparePrerelease(_ a: [Identifier], _ b: [Identifier]) -> Int {
        // No pre-release is newer than any pre-release.
        if a.isEmpty || b.isEmpty { return a.isEmpty == b.isEmpty ? 0 : (a.isEmpty ? 1 : -1) }
        var index = 0
        while true {
            if index == a.count && index == b.count { return 0 }
            if index == b.count { return 1 }
            if index == a.count { return -1 }
            switch (a[index], b[index]) {
            case (.number(let x), .number(let y)):
                if x != y { return x < y ? -1 : 1 }
            case (.number, .text): return -1
            case (.text, .number): return 1
            case (.text(let x), .text(let y)):
                let result = ByteOrder.lexicographic(x, y)
                if result != 0 { return result }
            }
            index += 1
        }
    }
}
