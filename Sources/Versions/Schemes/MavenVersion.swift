/// A Maven version ordered by the POM reference's "version order specification" (what today's
/// `ComparableVersion` documents and the osv-scalibr Maven vectors encode): tokens split at `.`, `-` and
/// digit/letter transitions, each remembering its separator; `.qualifier < -qualifier < -number < .number`;
/// qualifiers `alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp`, then
/// unknown qualifiers in lexical order; trailing null tokens (`0`, `""`) trimmed before each hyphen.
struct MavenVersion: Sendable {
    enum Separator: UInt8, Sendable { case none, dot, hyphen }

    struct Token: Sendable, Equatable {
        let separator: Separator
        /// The lower-cased value; numbers without leading zeros.
        let value: [UInt8]
        let isNumber: Bool
        /// A padding token standing in for a missing one.
        let isNull: Bool

        init(_ separator: Separator, _ value: [UInt8], isNull: Bool = false) {
            self.separator = separator
            self.value = value
            self.isNumber = !value.isEmpty && value.allSatisfy(ByteOrder.isDigit)
            self.isNull = isNull
        }

        static func == (lhs: Token, rhs: Token) -> Bool { lhs.separator == rhs.separator && lhs.value == rhs.value }

        var shouldTrim: Bool { value == [0x30] || value.isEmpty }
    }

    let tokens: [Token]

    init(_ text: String) throws(VersionError) {
        if text.isEmpty { throw .empty(scheme: .maven) }
        tokens = Self.tokenize(text)
    }

    private static let keywords = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"].map { Array($0.utf8) }
    private static let releaseAliases = ["ga", "final", "release"].map { Array($0.utf8) }

    private static func tokenize(_ text: String) -> [Token] {
        let bytes = Array(text.lowercased().utf8)
        var tokens: [Token] = []
        var separator = Separator.none
        var start = 0
        func addRaw(_ raw: ArraySlice<UInt8>, _ separator: Separator) {
            // Split at every digit/non-digit transition; later pieces count as hyphen-separated.
            var pieceStart = raw.startIndex
            var pieceSeparator = separator
            var index = raw.startIndex
            while index <= raw.endIndex {
                let atTransition =
                    index < raw.endIndex && index > pieceStart
                    && ByteOrder.isDigit(raw[index]) != ByteOrder.isDigit(raw[index - 1])
                if index == raw.endIndex || atTransition {
                    var value = Array(raw[pieceStart..<index])
                    if value.isEmpty { value = [0x30] }
                    if value == Array("cr".utf8) { value = Array("rc".utf8) }
                    if releaseAliases.contains(value) { value = [] }
                    if index != raw.endIndex {
                        // a1, b1, m1 = alpha-1, beta-1, milestone-1 when a number follows directly.
                        switch value {
                        case [0x61]: value = Array("alpha".utf8)
                        case [0x62]: value = Array("beta".utf8)
                        case [0x6D]: value = Array("milestone".utf8)
                        default: break
                        }
                    }
                    if !value.isEmpty && value.allSatisfy(ByteOrder.isDigit) {
                        value = ByteOrder.strippingZeros(value)
                        if value.isEmpty { value = [0x30] }
                    }
                    tokens.append(Token(pieceSeparator, value))
                    pieceSeparator = .hyphen
                    pieceStart = index
                }
                index += 1
            }
        }
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") {
            addRaw(bytes[start..<index], separator)
            separator = byte == UInt8(ascii: ".") ? .dot : .hyphen
            start = index + 1
        }
        addRaw(bytes[start...], separator)

        // From the end, trim null tokens; repeat before each remaining hyphen.
        var index = tokens.count - 1
        while index > 0 {
            if tokens[index].shouldTrim {
                tokens.remove(at: index)
                index -= 1
                continue
            }
            while index >= 0 && tokens[index].separator != .hyphen { index -= 1 }
            index -= 1
        }
        return tokens
    }

    private static func keywordIndex(_ value: [UInt8]) -> Int { keywords.firstIndex(of: value) ?? keywords.count }

    /// `.qualifier < -qualifier < -number < .number`
    private static func separatorRank(_ token: Token) -> Int {
        switch (token.isNumber, token.separator) {
        case (true, .hyphen): return 2
        case (true, _): return 3
        case (false, .hyphen): return 1
        case (false, _): return 0
        }
    }

    private static func isLess(_ v: Token, _ w: Token) -> Bool {
        guard v.separator == w.separator else { return separatorRank(v) < separatorRank(w) }
        if v.isNumber && w.isNumber { return ByteOrder.numeric(v.value, w.value) < 0 }
        // Numbers sort after qualifiers, unless they are padding.
        if v.isNumber && !v.isNull { return false }
        if w.isNumber && !w.isNull { return true }
        let left = keywordIndex(v.value)
        let right = keywordIndex(w.value)
        if left == keywords.count && right == keywords.count { return ByteOrder.lexicographic(v.value, w.value) < 0 }
        return left < right
    }

    /// The token standing in for a missing one opposite `token`: `0` after a dot (`""` against `sp`), `""`
    /// after a hyphen.
    private static func padding(against token: Token) -> Token {
        if token.separator == .hyphen { return Token(.hyphen, [], isNull: true) }
        return Token(.dot, token.value == Array("sp".utf8) ? [] : [0x30], isNull: true)
    }

    static func compare(_ a: MavenVersion, _ b: MavenVersion) -> Int {
        if a.tokens == b.tokens { return 0 }
        for index in 0..<max(a.tokens.count, b.tokens.count) {
            let left = index < a.tokens.count ? a.tokens[index] : padding(against: b.tokens[index])
            let right = index < b.tokens.count ? b.tokens[index] : padding(against: a.tokens[index])
            if left == right { continue }
            return isLess(left, right) ? -1 : 1
        }
        return 1
    }
}
