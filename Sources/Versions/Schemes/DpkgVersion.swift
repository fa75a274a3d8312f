/// A Debian package version `[epoch:]upstream[-revision]`, read and ordered exactly as dpkg does
/// (`parseversion` and `verrevcmp` in dpkg's lib/dpkg/version.c and parsehelp.c).
struct DpkgVersion: Sendable {
    let epoch: Int
    let upstream: [UInt8]
    let revision: [UInt8]

    init(_ text: String) throws(VersionError) {
        var bytes = Array(text.utf8)[...]
        // dpkg trims blanks (space and tab only) at both ends and refuses blanks inside.
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        if bytes.isEmpty { throw .empty(scheme: .dpkg) }
        func invalid(_ reason: String) -> VersionError { .invalid(scheme: .dpkg, version: text, reason: reason) }
        if bytes.contains(where: { $0 == 0x20 || $0 == 0x09 }) { throw invalid("version string has embedded spaces") }
        if bytes.contains(0) { throw invalid("version string contains a nul byte") }

        var epoch = 0
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            epoch = try Self.parseEpoch(bytes[..<colon], invalid: invalid)
            bytes = bytes[(colon + 1)...]
            if bytes.isEmpty { throw invalid("nothing after colon in version number") }
        }
        var upstream = bytes
        var revision = bytes[bytes.endIndex...]
        if let hyphen = bytes.lastIndex(of: UInt8(ascii: "-")) {
            upstream = bytes[..<hyphen]
            revision = bytes[(hyphen + 1)...]
            if revision.isEmpty { throw invalid("revision number is empty") }
        }
        guard let first = upstream.first else { throw invalid("version number is empty") }
        if !ByteOrder.isDigit(first) { throw invalid("version number does not start with digit") }
        for byte in upstream where !(ByteOrder.isDigit(byte) || ByteOrder.isAlpha(byte) || Self.upstreamExtra(byte)) {
            throw invalid("invalid character in version number")
        }
        for byte in revision where !(ByteOrder.isDigit(byte) || ByteOrder.isAlpha(byte) || Self.revisionExtra(byte)) {
            throw invalid("invalid character in revision number")
        }
        self.epoch = epoch
        self.upstream = Array(upstream)
        self.revision = Array(revision)
    }

    private static func upstreamExtra(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "~")
            || byte == UInt8(ascii: ":")
    }

    private static func revisionExtra(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "~")
    }

    /// The epoch as C's `strtol` reads it: leading white space, an optional sign, then digits up to the colon.
    private static func parseEpoch(
        _ bytes: ArraySlice<UInt8>, invalid: (String) -> VersionError
    ) throws(VersionError) -> Int {
        var rest = bytes.drop(while: { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) })
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        if rest.isEmpty || !ByteOrder.isDigit(rest[rest.startIndex]) { throw invalid("epoch in version is empty") }
        var value = 0
        for byte in rest {
            guard ByteOrder.isDigit(byte) else { throw invalid("epoch in version is not number") }
            value = value * 10 + Int(byte - 0x30)
            if value > Int(Int32.max) { throw invalid("epoch in version is too big") }
        }
        if negative && value != 0 { throw invalid("epoch in version is negative") }
        return value
    }

    static func compare(_ a: DpkgVersion, _ b: DpkgVersion) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let upstream = verrevcmp(a.upstream, b.upstream)
        if upstream != 0 { return upstream }
        return verrevcmp(a.revision, b.revision)
    }

    /// dpkg's character weight: digits 0, letters themselves, `~` below everything, other symbols after letters.
    @inline(__always)
    private static func order(_ c: Int) -> Int {
        if c >= 0x30 && c <= 0x39 { return 0 }
        if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A { return c }
        if c == 0x7E { return -1 }
        if c != 0 { return c + 256 }
        return 0
    }

    private static func verrevcmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBufferPointer { left in
            b.withUnsafeBufferPointer { right in
                // Reading past the end yields 0, like the C string's terminator.
                @inline(__always) func at(_ buffer: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
                    index < buffer.count ? Int(buffer[index]) : 0
                }
                @inline(__always) func digit(_ c: Int) -> Bool { c >= 0x30 && c <= 0x39 }
                var i = 0
                var j = 0
                while i < left.count || j < right.count {
                    var firstDiff = 0
                    while (at(left, i) != 0 && !digit(at(left, i))) || (at(right, j) != 0 && !digit(at(right, j))) {
                        let ac = order(at(left, i))
                        let bc = order(at(right, j))
                        if ac != bc { return ac < bc ? -1 : 1 }
                        i += 1
                        j += 1
                    }
                    while at(left, i) == 0x30 { i += 1 }
                    while at(right, j) == 0x30 { j += 1 }
                    while digit(at(left, i)) && digit(at(right, j)) {
                        if firstDiff == 0 { firstDiff = at(left, i) - at(right, j) }
                        i += 1
                        j += 1
                    }
                    if digit(at(left, i)) { return 1 }
                    if digit(at(right, j)) { return -1 }
                    if firstDiff != 0 { return firstDiff < 0 ? -1 : 1 }
                }
                return 0
            }
        }
    }
}
