/// A version of an ecosystem without its own scheme: a dotted number `1.2.3` (optional `v`) with an optional
/// suffix. Numbers are compared; a difference only in the suffix text cannot be ordered (it might be a
/// pre-release or a patch level), so `compare` refuses instead of guessing.
struct GenericVersion: Sendable {
    let numbers: [[UInt8]]
    let suffix: [UInt8]

    init(_ text: String) throws(VersionError) {
        var bytes = Array(text.utf8)[...]
        if bytes.isEmpty { throw .empty(scheme: .generic) }
        func invalid(_ reason: String) -> VersionError { .invalid(scheme: .generic, version: text, reason: reason) }
        if let first = bytes.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "V") {
            bytes = bytes.dropFirst()
        }
        guard let first = bytes.first, ByteOrder.isDigit(first) else { throw invalid("does not start with a number") }
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw invalid("contains white space, control or non-ASCII characters")
        }
        var numbers: [[UInt8]] = []
        while let next = bytes.first, ByteOrder.isDigit(next) {
            let digits = bytes.prefix(while: ByteOrder.isDigit)
            numbers.append(ByteOrder.strippingZeros(digits))
            bytes = bytes.dropFirst(digits.count)
            guard bytes.count >= 2, bytes.first == UInt8(ascii: "."), ByteOrder.isDigit(bytes[bytes.startIndex + 1])
            else { break }
            bytes = bytes.dropFirst()
        }
        while numbers.last == [] { numbers.removeLast() }
        self.numbers = numbers
        self.suffix = Array(bytes)
    }

    private static func compareNumbers(_ a: GenericVersion, _ b: GenericVersion) -> Int {
        for index in 0..<max(a.numbers.count, b.numbers.count) {
            let x = index < a.numbers.count ? a.numbers[index] : []
            let y = index < b.numbers.count ? b.numbers[index] : []
            let result = ByteOrder.numeric(x, y)
            if result != 0 { return result }
        }
        return 0
    }

    /// The order when it can be justified: nil when only the suffixes differ.
    static func strictCompare(_ a: GenericVersion, _ b: GenericVersion) -> Int? {
        let result = compareNumbers(a, b)
        if result != 0 { return result }
        return a.suffix == b.suffix ? 0 : nil
    }

    /// A total order for sorting: numbers, then no suffix before any suffix, then suffix bytes.
    static func totalCompare(_ a: GenericVersion, _ b: GenericVersion) -> Int {
        let result = compareNumbers(a, b)
        if result != 0 { return result }
        if a.suffix.isEmpty != b.suffix.isEmpty { return a.suffix.isEmpty ? -1 : 1 }
        return ByteOrder.lexicographic(a.suffix, b.suffix)
    }
}
