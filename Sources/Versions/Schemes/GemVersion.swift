/// A RubyGems version ordered as `Gem::Version#<=>` (RubyGems 3.3, Ruby 3.1): segments of digits or letters,
/// `-` read as `.pre.`, letters marking a pre-release, trailing zeros of each part ignored.
struct GemVersion: Sendable {
    enum Segment: Sendable, Equatable {
        case number([UInt8])
        case text([UInt8])
    }

    /// The version after stripping and replacing `-` (equal text means equal versions).
    let normalized: [UInt8]
    let canonical: [Segment]

    init(_ text: String) throws(VersionError) {
        let bytes = Array(text.utf8)
        // Ruby's \s: space, \t, \n, \v, \f, \r.
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        let body = bytes.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
        let trimmed = Array(body)
        if trimmed.isEmpty {
            // RubyGems reads an empty or blank version as "0".
            normalized = [0x30]
            canonical = []
            return
        }
        guard Self.matchesPattern(trimmed) else {
            throw .invalid(scheme: .gem, version: text, reason: "malformed version number string")
        }
        var replaced: [UInt8] = []
        for byte in trimmed {
            if byte == UInt8(ascii: "-") { replaced += Array(".pre.".utf8) } else { replaced.append(byte) }
        }
        normalized = replaced
        canonical = Self.canonicalSegments(replaced)
    }

    /// `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`
    private static func matchesPattern(_ bytes: [UInt8]) -> Bool {
        func isAlnum(_ byte: UInt8) -> Bool { ByteOrder.isDigit(byte) || ByteOrder.isAlpha(byte) }
        var index = 0
        while index < bytes.count, ByteOrder.isDigit(bytes[index]) { index += 1 }
        if index == 0 { return false }
        while index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < bytes.count, isAlnum(bytes[index]) { index += 1 }
            if index == start { return false }
        }
        if index == bytes.count { return true }
        guard bytes[index] == UInt8(ascii: "-") else { return false }
        let tail = bytes[(index + 1)...]
        for part in tail.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            if part.isEmpty || !part.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: "-") }) { return false }
        }
        return true
    }

    private static func canonicalSegments(_ bytes: [UInt8]) -> [Segment] {
        var segments: [Segment] = []
        var index = 0
        while index < bytes.count {
            let start = index
            if ByteOrder.isDigit(bytes[index]) {
                while index < bytes.count, ByteOrder.isDigit(bytes[index]) { index += 1 }
                segments.append(.number(ByteOrder.strippingZeros(bytes[start..<index])))
            } else if ByteOrder.isAlpha(bytes[index]) {
                while index < bytes.count, ByteOrder.isAlpha(bytes[index]) { index += 1 }
                segments.append(.text(Array(bytes[start..<index])))
            } else {
                index += 1
            }
        }
        // Drop trailing zeros from the numeric release part and from the pre-release part separately.
        let split = segments.firstIndex(where: { if case .text = $0 { return true } else { return false } })
        var release = Array(segments[..<(split ?? segments.count)])
        var prerelease = Array(segments[(split ?? segments.count)...])
        while release.last == .number([]) { release.removeLast() }
        while prerelease.last == .number([]) { prerelease.removeLast() }
        return release + prerelease
    }

    static func compare(_ a: GemVersion, _ b: GemVersion) -> Int {
        if a.normalized == b.normalized || a.canonical == b.canonical { return 0 }
        let count = max(a.canonical.count, b.canonical.count)
        for index in 0..<count {
            let left = index < a.canonical.count ? a.canonical[index] : .number([])
            let right = index < b.canonical.count ? b.canonical[index] : .number([])
            if left == right { continue }
            switch (left, right) {
            case (.text, .number): return -1
            case (.number, .text): return 1
            case (.number(let x), .number(let y)): return ByteOrder.numeric(x, y)
            case (.text(let x), .text(let y)): return ByteOrder.lexicographic(x, y)
            }
        }
        return 0
    }
}
