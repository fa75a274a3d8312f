/// A shell-style `KEY=value` file such as os-release(5) or `/etc/lsb-release`.
///
/// Follows os-release(5): one assignment per line, values optionally in single or double quotes, backslash
/// escapes inside double quotes, `#` comments; lines that are not assignments are ignored, as the spec says.
struct KeyValueFile {
    /// The assignments, last one wins, keys as written.
    private(set) var values: [String: String] = [:]

    init(_ bytes: [UInt8]) {
        for line in TextLines(bytes) {
            let text = line.text.trimmingWhitespace()
            guard !text.isEmpty, !text.hasPrefix("#"), let equals = text.firstIndex(of: "=") else { continue }
            let key = String(text[..<equals])
            guard !key.isEmpty, key.unicodeScalars.allSatisfy(Self.isKeyScalar) else { continue }
            guard let value = Self.unquote(text[text.index(after: equals)...]) else { continue }
            values[key] = value
        }
    }

    /// The value of `key`, nil when absent or empty.
    subscript(key: String) -> String? {
        guard let value = values[key], !value.isEmpty else { return nil }
        return value
    }

    private static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }

    /// The value with shell quoting removed; nil when a quote is left open.
    private static func unquote(_ raw: Substring) -> String? {
        guard let first = raw.first, first == "\"" || first == "'" else {
            return String(raw).trimmingWhitespace()
        }
        var result = ""
        var escaped = false
        var closed = false
        for character in raw.dropFirst() {
            if closed {
                // Text after the closing quote (`ID="a"b`) is invalid shell for os-release: drop the line.
                if character != " " && character != "\t" { return nil }
                continue
            }
            if escaped {
                result.append(character)
                escaped = false
            } else if first == "\"" && character == "\\" {
                escaped = true
            } else if character == first {
                closed = true
            } else {
                result.append(character)
            }
        }
        return closed ? result : nil
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and carriage returns.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
