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
        let majorDigits = bytes.prefix(while: ByteOrder.isDigit)
        guard !majorDigits.isEmpty else { throw invalid("does not start with a number") }
        bytes = bytes.dropFirst(majorDigits.count)
        var minorDigits: ArraySlice<UInt8> = []
        if bytes.first == UInt8(ascii: ".") {
            minorDigits = bytes.dropFirst().prefix(while: ByteOrder.isDigit)
            if !minorDigits.isEmpty { bytes = bytes.dropFirst(1 + minorDigits.count) }
        }
        if !minorDigits.isEmpty, bytes.first == UInt8(ascii: "."),
            let patchRun = Optional(bytes.dropFirst().prefix(while: ByteOrder.isDigit)), !patchRun.isEmpty
        {
            // Full version. The loose pattern may give back trailing patch digits to an unhyphenated
            // pre-release (npm reads 1.2.10.0 as 1.2.1-0.0), so try the longest patch first.
            let afterPatch = bytes.dropFirst(1 + patchRun.count)
            for length in stride(from: patchRun.count, through: 1, by: -1) {
                let rest = Array(patchRun.dropFirst(length)) + Array(afterPatch)
                guard let prerelease = Self.looseTail(rest[...]) else { continue }
                major = try Self.component(majorDigits, invalid)
                minor = try Self.component(minorDigits, invalid)
                patch = try Self.component(patchRun.prefix(length), invalid)
                self.prerelease = prerelease
                return
            }
            throw invalid("unexpected text after the version numbers")
        }
        // Shorthand `1` or `1.2`, read as npm's coerce does: no leading zeros, an optional strict pre-release.
        for digits in [majorDigits, minorDigits] where digits.count > 1 && digits.first == 0x30 {
            throw invalid("leading zero in a shortened version")
        }
        if !minorDigits.isEmpty || bytes.first != UInt8(ascii: ".") {
            major = try Self.component(majorDigits, invalid)
            minor = minorDigits.isEmpty ? 0 : try Self.component(minorDigits, invalid)
            patch = 0
            if bytes.isEmpty {
                prerelease = []
                return
            }
            if bytes.first == UInt8(ascii: "-"), let identifiers = Self.identifiers(bytes.dropFirst(), strict: true) {
                prerelease = identifiers
                return
            }
        }
        throw invalid("not a version like 1.2.3, 1.2 or 1")
    }

    /// A version number: at most 2^53 - 1 (npm refuses larger ones).
    private static func component(
        _ digits: ArraySlice<UInt8>, _ invalid: (String) -> VersionError
    ) throws(VersionError) -> UInt64 {
        let value = ByteOrder.strippingZeros(digits)
        guard value.count <= 16, let number = UInt64(String(decoding: value.isEmpty ? [0x30] : value, as: UTF8.self)),
            number <= maximumSafeInteger
        else { throw invalid("version component is larger than \(maximumSafeInteger)") }
        return number
    }

    /// What may follow the patch number in loose mode: `-?prerelease` then `+build`; nil when nothing fits.
    private static func looseTail(_ rest: ArraySlice<UInt8>) -> [Identifier]? {
        let plus = rest.firstIndex(of: UInt8(ascii: "+")) ?? rest.endIndex
        if plus < rest.endIndex {
            let build = rest[(plus + 1)...]
            let parts = build.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            if parts.contains(where: { $0.isEmpty || !$0.allSatisfy(isIdentifierByte) }) { return nil }
        }
        let tail = rest[..<plus]
        if tail.isEmpty { return [] }
        // The hyphen is optional: taken when what follows is a valid pre-release, else part of the first one.
        if tail.first == UInt8(ascii: "-"), let identifiers = identifiers(tail.dropFirst(), strict: false) {
            return identifiers
        }
        return identifiers(tail, strict: false)
    }

    /// Dot-separated identifiers of `[0-9A-Za-z-]`; strict mode refuses numeric ones with leading zeros.
    private static func identifiers(_ bytes: ArraySlice<UInt8>, strict: Bool) -> [Identifier]? {
        var identifiers: [Identifier] = []
        for part in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.allSatisfy(isIdentifierByte) else { return nil }
            if part.allSatisfy(ByteOrder.isDigit) {
                if strict && part.count > 1 && part.first == 0x30 { return nil }
                // JavaScript compares numeric identifiers as doubles; keep exactly that value.
                identifiers.append(.number(Double(String(decoding: part, as: UTF8.self)) ?? .infinity))
            } else {
                identifiers.append(.text(Array(part)))
            }
        }
        return identifiers
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        ByteOrder.isDigit(byte) || ByteOrder.isAlpha(byte) || byte == UInt8(ascii: "-")
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

    /// A key whose byte order is npm's order: the three numbers, then no pre-release (highest) or the
    /// identifiers, numbers (as JavaScript doubles) before text, a shorter list before a longer one.
    var sortKey: [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(26 + prerelease.count * 9)
        for number in [major, minor, patch] {
            for shift in stride(from: 56, through: 0, by: -8) { key.append(UInt8(truncatingIfNeeded: number >> shift)) }
        }
        if prerelease.isEmpty {
            key.append(0xFF)
            return key
        }
        key.append(0)
        for identifier in prerelease {
            switch identifier {
            case .number(let value):
                // Non-negative doubles order like their bit patterns.
                key.append(1)
                let bits = value.bitPattern
                for shift in stride(from: 56, through: 0, by: -8) {
                    key.append(UInt8(truncatingIfNeeded: bits >> shift))
                }
            case .text(let bytes):
                key.append(2)
                key.append(contentsOf: bytes)
                key.append(0)
            }
        }
        key.append(0)
        return key
    }
}
