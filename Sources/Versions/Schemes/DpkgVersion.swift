/// A Debian package version `[epoch:]upstream[-revision]`, read as dpkg's `parseversion` does and turned
/// into a sort key whose byte order is `verrevcmp`'s order (dpkg's lib/dpkg/version.c), so comparing two
/// versions is one `memcmp`.
///
/// Each part becomes segments of (non-digit run, digit run): every non-digit character gets dpkg's weight
/// (`~` lowest, then the end of a run, letters, other symbols), the run ends with `term`, and the number
/// follows as a two-byte length and its digits without leading zeros. dpkg reads past the end of a string
/// as an endless "end of run, zero" pattern: the key ends with one such segment and `end`, which sorts just
/// above `~` as the end of a run does.
struct DpkgVersion: Sendable {
    let key: [UInt8]

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
        var key: [UInt8] = []
        key.reserveCapacity(upstream.count + revision.count + 20)
        for shift in stride(from: 24, through: 0, by: -8) { key.append(UInt8(truncatingIfNeeded: epoch >> shift)) }
        Self.appendKey(upstream, to: &key)
        Self.appendKey(revision, to: &key)
        self.key = key
    }

    private static let tilde: UInt8 = 1
    private static let end: UInt8 = 2
    private static let term: UInt8 = 3

    private static func appendKey(_ bytes: ArraySlice<UInt8>, to key: inout [UInt8]) {
        let start = key.count
        var meaningfulEnd = start
        var index = bytes.startIndex
        while index < bytes.endIndex {
            var runIsEmpty = true
            while index < bytes.endIndex, !ByteOrder.isDigit(bytes[index]) {
                let byte = bytes[index]
                key.append(byte == UInt8(ascii: "~") ? tilde : (ByteOrder.isAlpha(byte) ? byte : 128 | byte))
                runIsEmpty = false
                index += 1
            }
            key.append(term)
            while index < bytes.endIndex, bytes[index] == UInt8(ascii: "0") { index += 1 }
            let digitsStart = index
            while index < bytes.endIndex, ByteOrder.isDigit(bytes[index]) { index += 1 }
            let length = index - digitsStart
            key.append(UInt8(truncatingIfNeeded: length >> 8))
            key.append(UInt8(truncatingIfNeeded: length))
            key.append(contentsOf: bytes[digitsStart..<index])
            // Only a leading "0…" segment can be empty and zero; alone it equals the empty string.
            if !runIsEmpty || length > 0 { meaningfulEnd = key.count }
        }
        key.removeSubrange(meaningfulEnd...)
        key.append(contentsOf: [term, 0, 0, end])
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
}
