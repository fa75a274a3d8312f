import Foundation

/// The rules of an `--ignore` file.
///
/// JSON: `{"ignore": [{"id": "CVE-…", "package": "openssl", "version": "…", "type": "deb", "path": "/usr/*",
/// "reason": "…", "expires": "2027-01-31"}]}` (or the bare array). The same keys in a YAML subset:
/// an `ignore:` key followed by `- key: value` list items (plain or quoted scalars, `#` comments).
public struct IgnoreRules: Sendable, Hashable {
    /// The rules in file order.
    public var rules: [IgnoreRule]

    public init(rules: [IgnoreRule]) {
        self.rules = rules
    }

    /// The largest ignore file read, so a wrong path (an image, a device) fails fast.
    public static let maximumFileSize = 8 << 20

    /// The keys a rule may have.
    static let keys: Set<String> = ["id", "vulnerability", "package", "version", "type", "path", "reason", "expires"]

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(MatchError) -> IgnoreRules {
        let bytes = try FileInput.read(path, limit: maximumFileSize, what: "ignore file")
        return try parse(bytes, path: path)
    }

    /// Parses JSON or the YAML subset; `path` names the input in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws(MatchError) -> IgnoreRules {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MatchError(path: path, "ignore file is not valid utf-8")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let entries: [[String: String]]
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            entries = try jsonEntries(Data(bytes), path: path)
        } else {
            entries = try yamlEntries(text, path: path)
        }
        var rules: [IgnoreRule] = []
        for (index, entry) in entries.enumerated() {
            rules.append(try rule(entry, position: index + 1, path: path))
        }
        return IgnoreRules(rules: rules)
    }

    private static func rule(_ entry: [String: String], position: Int, path: String) throws(MatchError) -> IgnoreRule {
        for key in entry.keys where !keys.contains(key) {
            throw MatchError(
                path: path,
                "ignore rule \(position): unknown key '\(key)' (expected one of: \(keys.sorted().joined(separator: ", ")))"
            )
        }
        for (key, value) in entry where value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw MatchError(path: path, "ignore rule \(position): '\(key)' is empty")
        }
        var rule = IgnoreRule(
            id: entry["id"] ?? entry["vulnerability"], packageName: entry["package"], packageVersion: entry["version"],
            packageType: entry["type"], pathGlob: entry["path"], reason: entry["reason"], position: position)
        if rule.id == nil && rule.packageName == nil && rule.pathGlob == nil {
            throw MatchError(path: path, "ignore rule \(position) selects nothing (give an id, a package or a path)")
        }
        if let text = entry["expires"] {
            guard let date = parseDate(text) else {
                throw MatchError(
                    path: path, "ignore rule \(position): expiry '\(text)' is not a date (expected YYYY-MM-DD)")
            }
            rule.expires = date
            rule.expiresText = text
        }
        return rule
    }

    /// `YYYY-MM-DD` (or a full RFC 3339 timestamp, of which the day counts) at 00:00 UTC.
    static func parseDate(_ text: String) -> Date? {
        let day = String(text.prefix(10))
        let parts = day.split(separator: "-")
        guard day.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
            let dayOfMonth = Int(parts[2]), (1...12).contains(month), (1...31).contains(dayOfMonth)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let components = DateComponents(year: year, month: month, day: dayOfMonth)
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == dayOfMonth
        else { return nil }
        return date
    }

    private static func jsonEntries(_ data: Data, path: String) throws(MatchError) -> [[String: String]] {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw MatchError(path: path, "ignore file is not valid json (\(error.localizedDescription))")
        }
        let list: Any?
        if let dictionary = object as? [String: Any] {
            for key in dictionary.keys where key != "ignore" {
                throw MatchError(path: path, "unknown top-level key '\(key)' (expected 'ignore')")
            }
            list = dictionary["ignore"]
        } else {
            list = object
        }
        guard let items = list as? [Any] else {
            throw MatchError(path: path, "'ignore' must be a list of rules")
        }
        var entries: [[String: String]] = []
        for (index, item) in items.enumerated() {
            guard let dictionary = item as? [String: Any] else {
                throw MatchError(path: path, "ignore rule \(index + 1) is not an object")
            }
            var entry: [String: String] = [:]
            for (key, value) in dictionary {
                if let text = value as? String {
                    entry[key] = text
                } else if let package = value as? [String: Any], key == "package" {
                    // grype style: "package": {"name": …, "version": …, "type": …}
                    for (subkey, subvalue) in package {
                        guard let text = subvalue as? String, ["name", "version", "type"].contains(subkey) else {
                            throw MatchError(
                                path: path, "ignore rule \(index + 1): unsupported package key '\(subkey)'")
                        }
                        entry[subkey == "name" ? "package" : subkey] = text
                    }
                } else {
                    throw MatchError(path: path, "ignore rule \(index + 1): value of '\(key)' must be a string")
                }
            }
            entries.append(entry)
        }
        return entries
    }

    private static func yamlEntries(_ text: String, path: String) throws(MatchError) -> [[String: String]] {
        var entries: [[String: String]] = []
        var sawIgnoreKey = false
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = stripComment(String(rawLine))
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let lineNumber = offset + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !line.hasPrefix(" ") && !line.hasPrefix("-") {
                guard trimmed == "ignore:" else {
                    throw MatchError(
                        path: path, "line \(lineNumber): expected 'ignore:' but found '\(trimmed.prefix(60))'")
                }
                sawIgnoreKey = true
                continue
            }
            guard sawIgnoreKey else { throw MatchError(path: path, "line \(lineNumber): rules must follow 'ignore:'") }
            var body = trimmed
            if body.hasPrefix("- ") || body == "-" {
                entries.append([:])
                body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces)
                if body.isEmpty { continue }
            }
            guard !entries.isEmpty else {
                throw MatchError(path: path, "line \(lineNumber): expected a '- ' list item")
            }
            guard let colon = body.firstIndex(of: ":") else {
                throw MatchError(path: path, "line \(lineNumber): expected 'key: value' but found '\(body.prefix(60))'")
            }
            let key = body[..<colon].trimmingCharacters(in: .whitespaces)
            let value = try scalar(
                body[body.index(after: colon)...].trimmingCharacters(in: .whitespaces), key: key, line: lineNumber,
                path: path)
            entries[entries.count - 1][key] = value
        }
        guard sawIgnoreKey else { throw MatchError(path: path, "ignore file has no 'ignore:' list") }
        return entries
    }

    private static func stripComment(_ line: String) -> String {
        var inQuote: Character?
        for index in line.indices {
            let character = line[index]
            if let quote = inQuote {
                if character == quote { inQuote = nil }
            } else if character == "\"" || character == "'" {
                inQuote = character
            } else if character == "#" && (index == line.startIndex || line[line.index(before: index)] == " ") {
                return String(line[..<index])
            }
        }
        return line
    }

    /// A quoted or plain YAML scalar; anything this subset does not read (an unterminated quote, a flow list
    /// or map, an anchor, a tag, a block scalar) is an error rather than a rule that silently means something else.
    private static func scalar(_ value: String, key: String, line: Int, path: String) throws(MatchError) -> String {
        guard let first = value.first else { return value }
        if first == "\"" || first == "'" {
            guard value.count >= 2, value.last == first else {
                throw MatchError(path: path, "line \(line): the quoted value of '\(key)' is not closed")
            }
            return String(value.dropFirst().dropLast())
        }
        if "[{&*|>!%@`".contains(first) {
            throw MatchError(
                path: path,
                "line \(line): '\(key)' must be a single plain or quoted value (lists, maps, anchors and tags are not supported)"
            )
        }
        return value
    }
}
