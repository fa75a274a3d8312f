/// A Go module version ordered as `golang.org/x/mod/semver` does (`v` optional here, as OSV writes
/// `1.2.3`; `+incompatible` and other build metadata ignored; pseudo-versions are ordinary pre-releases),
/// or a Go toolchain version `go1.21.0`, `go1.21rc1`, `go1.21` read the way govulncheck maps them to
/// semver (`v1.21.0`, `v1.21.0-rc.1`); a language version `go1.N` with N ≥ 21 sorts just below `go1.NrcX`.
struct GoVersion: Sendable {
    let major: [UInt8]
    let minor: [UInt8]
    let patch: [UInt8]
    /// The pre-release without its leading `-`; empty when there is none.
    let prerelease: [UInt8]
    /// A `go1.N` language version (N ≥ 21): below every pre-release of `1.N.0`.
    let isLanguageVersion: Bool

    init(_ text: String) throws(VersionError) {
        if text.isEmpty { throw .empty(scheme: .go) }
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "g"), bytes[1] == UInt8(ascii: "o"), ByteOrder.isDigit(bytes[2]) {
            guard let toolchain = Self.toolchain(Array(bytes[2...])) else {
                throw .invalid(
                    scheme: .go, version: text, reason: "not a go toolchain version like go1.21.0 or go1.21rc1")
            }
            self = toolchain
            return
        }
        let semver = bytes.first == UInt8(ascii: "v") ? bytes : [UInt8(ascii: "v")] + bytes
        guard let parsed = Self.parseSemver(semver) else {
            throw .invalid(scheme: .go, version: text, reason: "not a semantic version as go modules use them")
        }
        self = parsed
    }

    private init(major: [UInt8], minor: [UInt8], patch: [UInt8], prerelease: [UInt8], isLanguageVersion: Bool = false) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.isLanguageVersion = isLanguageVersion
    }

    /// A decimal number without leading zeros (`x/mod/semver`'s `parseInt`).
    private static func number(_ bytes: [UInt8], _ index: inout Int) -> [UInt8]? {
        let start = index
        while index < bytes.count, ByteOrder.isDigit(bytes[index]) { index += 1 }
        if index == start || (bytes[start] == 0x30 && index - start > 1) { return nil }
        return Array(bytes[start..<index])
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        ByteOrder.isDigit(byte) || ByteOrder.isAlpha(byte) || byte == UInt8(ascii: "-")
    }

    /// `x/mod/semver.parse`: vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]; shorthands take no suffix.
    static func parseSemver(_ bytes: [UInt8]) -> GoVersion? {
        var index = 1
        guard let major = number(bytes, &index) else { return nil }
        if index == bytes.count { return GoVersion(major: major, minor: [0x30], patch: [0x30], prerelease: []) }
        guard bytes[index] == UInt8(ascii: ".") else { return nil }
        index += 1
        guard let minor = number(bytes, &index) else { return nil }
        if index == bytes.count { return GoVersion(major: major, minor: minor, patch: [0x30], prerelease: []) }
        guard bytes[index] == UInt8(ascii: ".") else { return nil }
        index += 1
        guard let patch = number(bytes, &index) else { return nil }
        var prerelease: [UInt8] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            let end = bytes[index...].firstIndex(of: UInt8(ascii: "+")) ?? bytes.count
            let text = bytes[(index + 1)..<end]
            for part in text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                if part.isEmpty || !part.allSatisfy(isIdentifierByte) { return nil }
                // Numeric identifiers may not have leading zeros.
                if part.count > 1, part.allSatisfy(ByteOrder.isDigit), part.first == 0x30 { return nil }
            }
            prerelease = Array(text)
            index = end
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") {
            let build = bytes[(index + 1)...]
            for part in build.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            where part.isEmpty || !part.allSatisfy(isIdentifierByte) {
                return nil
            }
            index = bytes.count
        }
        guard index == bytes.count else { return nil }
        return GoVersion(major: major, minor: minor, patch: patch, prerelease: prerelease)
    }

    /// `1.21.0`, `1.21rc1`, `1.21beta2`, `1.21`, `1` (after the `go` prefix), as Go's `gover` reads them.
    private static func toolchain(_ bytes: [UInt8]) -> GoVersion? {
        var index = 0
        guard let major = number(bytes, &index) else { return nil }
        if index == bytes.count { return GoVersion(major: major, minor: [0x30], patch: [0x30], prerelease: []) }
        guard bytes[index] == UInt8(ascii: ".") else { return nil }
        index += 1
        guard let minor = number(bytes, &index) else { return nil }
        if index == bytes.count {
            // Before Go 1.21 "go1.N" named the first release; from 1.21 on it is the language version.
            let isLanguage = ByteOrder.numeric(minor, Array("21".utf8)) >= 0 && major == Array("1".utf8)
            return GoVersion(
                major: major, minor: minor, patch: [0x30], prerelease: isLanguage ? [0x30] : [],
                isLanguageVersion: isLanguage)
        }
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard let patch = number(bytes, &index), index == bytes.count else { return nil }
            return GoVersion(major: major, minor: minor, patch: patch, prerelease: [])
        }
        let kindStart = index
        while index < bytes.count, ByteOrder.isLower(bytes[index]) { index += 1 }
        let kind = String(decoding: bytes[kindStart..<index], as: UTF8.self)
        guard kind == "alpha" || kind == "beta" || kind == "rc", let pre = number(bytes, &index), index == bytes.count
        else { return nil }
        return GoVersion(major: major, minor: minor, patch: [0x30], prerelease: Array(kind.utf8) + [0x2E] + pre)
    }

    /// A key whose byte order is the order above: each number as a two-byte length and its digits, then a
    /// language version (lowest), a pre-release, or none (highest); pre-release identifiers numeric (by
    /// length, then digits) before text, a shorter list before a longer one.
    var sortKey: [UInt8] {
        var key: [UInt8] = []
        key.reserveCapacity(major.count + minor.count + patch.count + prerelease.count + 12)
        for number in [major, minor, patch] {
            key.append(UInt8(truncatingIfNeeded: number.count >> 8))
            key.append(UInt8(truncatingIfNeeded: number.count))
            key.append(contentsOf: number)
        }
        if isLanguageVersion {
            key.append(0)
            return key
        }
        if prerelease.isEmpty {
            key.append(2)
            return key
        }
        key.append(1)
        for identifier in prerelease.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            if identifier.allSatisfy(ByteOrder.isDigit) {
                key.append(1)
                key.append(UInt8(truncatingIfNeeded: identifier.count >> 8))
                key.append(UInt8(truncatingIfNeeded: identifier.count))
            } else {
                key.append(2)
            }
            key.append(contentsOf: identifier)
            key.append(0)
        }
        key.append(0)
        return key
    }
}
