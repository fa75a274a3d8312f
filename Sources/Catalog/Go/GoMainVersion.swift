/// Decides the version of a Go binary's main module when build info says `(devel)` (PITFALLS 9 and 15).
///
/// Order, first answer wins: the build info's own version; a version set with `-ldflags -X pkg.version=…`
/// as recorded in the `-ldflags` build setting (as syft matches it); the string a `*.version` symbol points to
/// (binaries built with `-trimpath` don't record ldflags, but unstripped ones keep the symbol); the first
/// NUL-delimited semantic version in the bytes (syft's content heuristic, which finds Debian's
/// `docker-registry` 2.8.2+ds1). Never a pseudo-version synthesised from VCS stamps: that would match
/// advisories against a version nobody released.
public enum GoMainVersion {
    /// Where a main-module version came from (recorded as `metadata["mainVersionSource"]`).
    public enum Source: String, Sendable {
        case buildInfo = "buildinfo"
        case ldflags
        case symbol
        case contents
        case none
    }

    /// The devel marker Go writes for modules built from a checkout.
    public static let devel = "(devel)"

    /// The main module's version and where it came from; `(devel)` with `.none` when nothing says.
    public static func resolve(_ info: GoBuildInfo, elf: ELFFile?) -> (version: String, source: Source) {
        if let version = info.main?.version, !version.isEmpty, version != devel { return (version, .buildInfo) }
        if let ldflags = info.setting("-ldflags"), let version = fromLDFlags(ldflags) { return (version, .ldflags) }
        if let elf {
            if let version = fromSymbols(elf) { return (version, .symbol) }
            if let version = fromContents(elf.bytes) { return (version, .contents) }
        }
        return (devel, .none)
    }

    /// The version in `-X …version=…`/`-X …tag=…` flags (syft's patterns), `v`-prefixed.
    public static func fromLDFlags(_ ldflags: String) -> String? {
        for token in ldflags.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "'" || $0 == "\"" }) {
            guard let equals = token.firstIndex(of: "=") else { continue }
            let key = token[..<equals]
            guard let dot = key.lastIndex(of: ".") else { continue }
            let field = key[key.index(after: dot)...].lowercased()
            guard ["version", "gitversion", "buildversion", "gitbuildversion", "tag"].contains(field) else { continue }
            var value = token[token.index(after: equals)...]
            if let slash = value.lastIndex(of: "/") { value = value[value.index(after: slash)...] }
            if let version = semanticPrefix(Array(value.utf8), allowPlus: false) { return version }
        }
        return nil
    }

    /// The string held by a `main.version`-like symbol (a Go string header: pointer, length), `v`-prefixed.
    static func fromSymbols(_ elf: ELFFile) -> String? {
        guard let symbols = try? elf.symbols() else { return nil }
        let names: Set<String> = ["version", "Version", "gitVersion", "GitVersion", "buildVersion", "BuildVersion"]
        let pointerSize = elf.pointerSize
        for symbol in symbols where symbol.size == UInt64(2 * pointerSize) {
            guard let dot = symbol.name.lastIndex(of: "."),
                names.contains(String(symbol.name[symbol.name.index(after: dot)...])),
                symbol.name.hasPrefix("main.")
            else { continue }
            guard let header = elf.bytes(atAddress: symbol.value, count: 2 * pointerSize) else { continue }
            let reader = ByteReader(Array(header), littleEndian: elf.isLittleEndian)
            guard let address = reader.uint(at: 0, width: pointerSize),
                let length = reader.uint(at: pointerSize, width: pointerSize), length > 0, length <= 128,
                let text = elf.bytes(atAddress: address, count: Int(length))
            else { continue }
            let bytes = Array(text)
            let body = bytes.first == UInt8(ascii: "v") ? bytes.count - 1 : bytes.count
            // Only a string that is wholly a version counts; anything else is not what -X set.
            if let version = semanticPrefix(bytes, allowPlus: true), version.utf8.count - 1 == body { return version }
        }
        return nil
    }

    /// The first `\0 v?1.2.3[-\w]*[+\w]* \0` in `bytes` (an invalid UTF-8 byte may stand for the leading NUL).
    static func fromContents(_ bytes: [UInt8]) -> String? {
        var position = 0
        let dot = [UInt8(ascii: ".")]
        while let found = ByteSearch.firstIndex(of: dot, in: bytes, from: position) {
            position = found + 1
            // Walk back over the first number to its start.
            var start = found
            while start > 0, ByteSearch.isDigit(bytes[start - 1]) { start -= 1 }
            guard start < found, start > 0 else { continue }
            var before = start - 1
            if bytes[before] == UInt8(ascii: "v"), before > 0 { before -= 1 }
            guard bytes[before] == 0 || bytes[before] >= 0x80 else { continue }
            // Parse forward: \d+\.\d+\.\d+ then [-\w]* then [+\w]*, then a NUL.
            var index = found + 1
            var digitRuns = 1
            while digitRuns < 3 {
                let runStart = index
                while index < bytes.count, ByteSearch.isDigit(bytes[index]) { index += 1 }
                guard index > runStart else { break }
                digitRuns += 1
                if digitRuns < 3 {
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { break }
                    index += 1
                }
            }
            guard digitRuns == 3 else { continue }
            while index < bytes.count, ByteSearch.isWord(bytes[index]) || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            while index < bytes.count, ByteSearch.isWord(bytes[index]) || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
            guard index < bytes.count, bytes[index] == 0 else { continue }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            return "v" + text
        }
        return nil
    }

    /// `v`-prefixed `\d+.\d+.\d+[-\w]*` (plus `+…` when allowed) at the start of `bytes`, or nil.
    static func semanticPrefix(_ bytes: [UInt8], allowPlus: Bool) -> String? {
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "v") { index += 1 }
        let start = index
        for run in 0..<3 {
            let runStart = index
            while index < bytes.count, ByteSearch.isDigit(bytes[index]) { index += 1 }
            guard index > runStart else { return nil }
            if run < 2 {
                guard index < bytes.count else { return nil }
                index += 1  // any separator, as syft's unescaped '.' allows
            }
        }
        while index < bytes.count, ByteSearch.isWord(bytes[index]) || bytes[index] == UInt8(ascii: "-") { index += 1 }
        if allowPlus {
            while index < bytes.count, ByteSearch.isWord(bytes[index]) || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
        }
        return "v" + String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
