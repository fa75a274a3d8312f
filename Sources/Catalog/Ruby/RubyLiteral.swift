/// Reads the Ruby literals that generated gemspecs assign: `"text".freeze`, `'text'`, `["a".freeze, "b"]`.
enum RubyLiteral {
    /// The string literals at the start of `text` (one for a string, each element for an array); nil when the
    /// value is not a literal (a method call such as `Rack.release`).
    static func strings(_ text: Substring) -> [String]? {
        var rest = text.drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("Gem::Version.new(") { rest = rest.dropFirst("Gem::Version.new(".count) }
        if rest.first == "[" {
            var values: [String] = []
            rest = rest.dropFirst()
            while true {
                rest = rest.drop { $0 == " " || $0 == "," }
                if rest.first == "]" || rest.isEmpty { return values }
                guard let (value, after) = string(rest) else { return nil }
                values.append(value)
                rest = after.hasPrefix(".freeze") ? after.dropFirst(".freeze".count) : after
            }
        }
        guard let (value, _) = string(rest) else { return nil }
        return [value]
    }

    /// One quoted string at the start of `text` and what follows it.
    private static func string(_ text: Substring) -> (String, Substring)? {
        guard let quote = text.first, quote == "\"" || quote == "'" else { return nil }
        var value = ""
        var escaped = false
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                value.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == quote {
                return (value, text[text.index(after: index)...])
            } else {
                value.append(character)
            }
            index = text.index(after: index)
        }
        return nil
    }
}
