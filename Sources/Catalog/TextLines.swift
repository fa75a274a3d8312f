/// Splits captured file bytes into lines without copying the whole file into a `String` first.
///
/// Package databases are line-oriented text, but the bytes come from an untrusted image: they may be
/// binary, lack a final newline, use CRLF, or be one huge line. Lines are byte slices; callers decode only
/// the parts they keep.
struct TextLines: Sequence {
    /// One line: its 1-based number and its bytes without the line terminator.
    struct Line {
        var number: Int
        var bytes: ArraySlice<UInt8>

        /// Whether the line is empty or holds only spaces and tabs.
        var isBlank: Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

        /// The line decoded as UTF-8 (invalid sequences replaced).
        var text: String { String(decoding: bytes, as: UTF8.self) }

        /// The start of the line for quoting in a message, decoding no more than needed.
        func quoted(_ limit: Int = 60) -> String {
            String(decoding: bytes.prefix(limit * 4), as: UTF8.self).quotedPrefix(limit)
        }
    }

    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func makeIterator() -> Iterator {
        Iterator(bytes: bytes)
    }

    struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        var position = 0
        var number = 0

        mutating func next() -> Line? {
            guard position < bytes.count else { return nil }
            number += 1
            let start = position
            var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            position = end < bytes.count ? end + 1 : end
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            return Line(number: number, bytes: bytes[start..<end])
        }
    }
}

extension String {
    /// The text cut to `limit` characters with an ellipsis, for quoting untrusted values in messages.
    func quotedPrefix(_ limit: Int = 60) -> String {
        let cleaned = String(unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return cleaned.count > limit ? String(cleaned.prefix(limit)) + "…" : cleaned
    }
}
