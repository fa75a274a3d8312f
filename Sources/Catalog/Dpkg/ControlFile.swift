/// One paragraph of a Debian control file (deb822): field names are case-insensitive.
struct ControlStanza {
    /// The 1-based line the paragraph starts on.
    var line: Int
    /// Values of the kept fields by lowercased name; continuation lines are joined with newlines.
    var fields: [String: String] = [:]
    /// Every field name seen, lowercased (to catch repeated fields).
    var names: Set<String> = []

    /// The value of `name` (any case), trimmed; nil when absent or empty.
    subscript(name: String) -> String? {
        guard let value = fields[name.lowercased()]?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }
}

/// Reads the paragraphs of a dpkg `status` file or a distroless `status.d` file.
///
/// Malformed paragraphs (a line that is neither `Name: value` nor a continuation, a repeated field) are
/// skipped whole with a warning naming the file and line, since their boundaries and values can't be
/// trusted; dpkg itself refuses the whole file in these cases.
enum ControlFile {
    /// The paragraphs of `bytes`, keeping the values of the `keep` fields (lowercase names) only, so a
    /// multi-megabyte `Description` is never decoded.
    static func parse(
        _ bytes: [UInt8], keep: Set<String>, path: String, context: CatalogContext
    ) -> [ControlStanza] {
        var stanzas: [ControlStanza] = []
        var current: ControlStanza?
        var currentField: String?
        var broken = false

        func finish() {
            if let stanza = current, !broken { stanzas.append(stanza) }
            current = nil
            currentField = nil
            broken = false
        }
        func reject(_ line: TextLines.Line, _ why: String) {
            let package = current?["package"].map { " of package '\($0.quotedPrefix())'" } ?? ""
            context.warn("skipped the paragraph\(package): \(why)", path: path, line: line.number)
            broken = true
        }

        for line in TextLines(bytes) {
            if line.isBlank {
                finish()
                continue
            }
            guard let first = line.bytes.first else { continue }
            if current == nil {
                current = ControlStanza(line: line.number)
            }
            if broken { continue }
            if first == 0x20 || first == 0x09 {
                guard let field = currentField else {
                    reject(line, "continuation line without a field: '\(line.quoted())'")
                    continue
                }
                if keep.contains(field) {
                    current?.fields[field, default: ""] += "\n" + line.text.trimmingWhitespace()
                }
                continue
            }
            if first == UInt8(ascii: "#") { continue }
            guard let colon = line.bytes.firstIndex(of: UInt8(ascii: ":")), colon > line.bytes.startIndex,
                line.bytes[line.bytes.startIndex..<colon].allSatisfy({ (0x21...0x7E).contains($0) })
            else {
                reject(line, "expected 'Field: value', found '\(line.quoted())'")
                continue
            }
            let name = String(decoding: line.bytes[line.bytes.startIndex..<colon], as: UTF8.self).lowercased()
            if current?.names.contains(name) == true {
                reject(line, "field '\(name.quotedPrefix())' appears twice")
                continue
            }
            current?.names.insert(name)
            if keep.contains(name) {
                current?.fields[name] = String(decoding: line.bytes[(colon + 1)...], as: UTF8.self).trimmingWhitespace()
            }
            currentField = name
        }
        finish()
        return stanzas
    }
}
