/// An Alpine package version `digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}`, ordered as apk-tools 3
/// does (src/version.c). Strings apk-tools 3 refuses are still ordered, by the vectors' fallback rule
/// (`ApkFallbackOrder`); `isValid` says whether apk-tools 3's `apk vertest` would accept them.
struct ApkVersion: Sendable {
    let bytes: [UInt8]
    let isValid: Bool

    init(_ text: String) throws(VersionError) {
        bytes = Array(text.utf8)
        if bytes.isEmpty { throw .empty(scheme: .apk) }
        isValid = Self.validate(bytes)
    }

    enum Token: Int, Comparable {
        case initialDigit, digit, letter, suffix, suffixNumber, commitHash, revisionNumber, end, invalid

        static func < (lhs: Token, rhs: Token) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Suffix ranks: the pre-release ones sort below `none` (a plain release), the others above.
    enum Suffix: Int {
        case invalid, alpha, beta, pre, rc, none, cvs, svn, git, hg, p
    }

    struct TokenState {
        var token: Token = .initialDigit
        var suffix: Suffix = .invalid
        var number: UInt64 = 0
        var value: Range<Int> = 0..<0
    }

    struct Cursor {
        let bytes: [UInt8]
        var position = 0

        var isAtEnd: Bool { position >= bytes.count }
        var current: UInt8 { bytes[position] }
    }

    private static func parseDigits(_ state: inout TokenState, _ cursor: inout Cursor) {
        let start = cursor.position
        var number: UInt64 = 0
        // apk_blob_pull_uint: wraps on overflow, stops at a nul byte or a non-digit.
        while !cursor.isAtEnd, ByteOrder.isDigit(cursor.current) {
            number = number &* 10 &+ UInt64(cursor.current - 0x30)
            cursor.position += 1
        }
        state.number = number
        state.value = start..<cursor.position
        if state.value.isEmpty { state.token = .invalid }
    }

    private static func first(_ state: inout TokenState, _ cursor: inout Cursor) {
        state.token = .initialDigit
        parseDigits(&state, &cursor)
    }

    private static func suffixValue(_ bytes: ArraySlice<UInt8>) -> Suffix {
        switch String(decoding: bytes, as: UTF8.self) {
        case "alpha": return .alpha
        case "beta": return .beta
        case "pre": return .pre
        case "rc": return .rc
        case "cvs": return .cvs
        case "svn": return .svn
        case "git": return .git
        case "hg": return .hg
        case "p": return .p
        default: return .invalid
        }
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        ByteOrder.isDigit(byte) || (byte >= 0x61 && byte <= 0x66)
    }

    private static func next(_ state: inout TokenState, _ cursor: inout Cursor) {
        if cursor.isAtEnd {
            state.token = .end
            return
        }
        let byte = cursor.current
        switch byte {
        case 0x61...0x7A:
            if state.token > .digit { break }
            state.value = cursor.position..<(cursor.position + 1)
            state.token = .letter
            cursor.position += 1
            return
        case UInt8(ascii: "."), 0x30...0x39:
            if byte == UInt8(ascii: ".") {
                if state.token > .digit { break }
                cursor.position += 1
            }
            switch state.token {
            case .initialDigit, .digit: state.token = .digit
            case .suffix: state.token = .suffixNumber
            default:
                state.token = .invalid
                return
            }
            parseDigits(&state, &cursor)
            return
        case UInt8(ascii: "_"):
            if state.token > .suffixNumber { break }
            cursor.position += 1
            let start = cursor.position
            while !cursor.isAtEnd, ByteOrder.isLower(cursor.current) { cursor.position += 1 }
            state.value = start..<cursor.position
            state.suffix = suffixValue(cursor.bytes[state.value])
            if state.suffix == .invalid { break }
            state.token = .suffix
            return
        case UInt8(ascii: "~"):
            if state.token >= .commitHash { break }
            cursor.position += 1
            let start = cursor.position
            while !cursor.isAtEnd, isHex(cursor.current) { cursor.position += 1 }
            state.value = start..<cursor.position
            if state.value.isEmpty { break }
            state.token = .commitHash
            return
        case UInt8(ascii: "-"):
            if state.token >= .revisionNumber { break }
            guard cursor.position + 1 < cursor.bytes.count, cursor.bytes[cursor.position + 1] == UInt8(ascii: "r")
            else { break }
            cursor.position += 2
            state.token = .revisionNumber
            parseDigits(&state, &cursor)
            return
        default:
            break
        }
        state.token = .invalid
    }

    private static func validate(_ bytes: [UInt8]) -> Bool {
        var cursor = Cursor(bytes: bytes)
        var state = TokenState()
        first(&state, &cursor)
        while state.token < .end { next(&state, &cursor) }
        return state.token == .end
    }

    private static func tokenCompare(_ a: TokenState, _ b: TokenState, _ left: [UInt8], _ right: [UInt8]) -> Int {
        let x: UInt64
        let y: UInt64
        switch a.token {
        case .digit where left[a.value.lowerBound] == 0x30 || right[b.value.lowerBound] == 0x30:
            // A leading zero makes apk compare the digits as text (the Gentoo rule).
            return ByteOrder.lexicographic(left[a.value], right[b.value])
        case .digit, .initialDigit, .suffixNumber, .revisionNumber:
            x = a.number
            y = b.number
        case .letter:
            x = UInt64(left[a.value.lowerBound])
            y = UInt64(right[b.value.lowerBound])
        case .suffix:
            x = UInt64(a.suffix.rawValue)
            y = UInt64(b.suffix.rawValue)
        default:
            return ByteOrder.lexicographic(left[a.value], right[b.value])
        }
        return x < y ? -1 : (x > y ? 1 : 0)
    }

    static func compare(_ a: ApkVersion, _ b: ApkVersion) -> Int {
        if !a.isValid || !b.isValid { return ApkFallbackOrder.compare(a.bytes, b.bytes) }
        var ca = Cursor(bytes: a.bytes)
        var cb = Cursor(bytes: b.bytes)
        var ta = TokenState()
        var tb = TokenState()
        first(&ta, &ca)
        first(&tb, &cb)
        while ta.token == tb.token && ta.token < .end {
            let result = tokenCompare(ta, tb, a.bytes, b.bytes)
            if result != 0 { return result }
            next(&ta, &ca)
            next(&tb, &cb)
        }
        if ta.token == tb.token { return 0 }
        // Equal so far: the longer one is newer unless what follows is a pre-release suffix.
        if ta.token == .suffix && ta.suffix.rawValue < Suffix.none.rawValue { return -1 }
        if tb.token == .suffix && tb.suffix.rawValue < Suffix.none.rawValue { return 1 }
        if ta.token > tb.token { return -1 }
        if tb.token > ta.token { return 1 }
        return 0
    }
}
