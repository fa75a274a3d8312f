/// The core metadata of an installed Python distribution (`METADATA` / `PKG-INFO`, an RFC 822-style header block).
struct PythonMetadata: Sendable, Equatable {
    var name: String
    var version: String
    var licenses: [String]

    /// The largest metadata file read; anything bigger is not metadata.
    static let maximumSize = 4 << 20

    /// Parses the header block of `bytes`; nil when it has no `Name` or `Version`.
    init?(_ bytes: [UInt8]) {
        var fields: [(String, String)] = []
        // Headers end at the first empty line; the description body follows.
        // "\r\n" is one Character in Swift, so split on newline characters rather than on "\n".
        for line in String(decoding: bytes.prefix(Self.maximumSize), as: UTF8.self).split(
            omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        {
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                if !fields.isEmpty { fields[fields.count - 1].1 += "\n" + line.trimmingSpaces() }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields.append((String(line[..<colon]).lowercased(), line[line.index(after: colon)...].trimmingSpaces()))
        }
        func first(_ key: String) -> String? { fields.first { $0.0 == key && !$0.1.isEmpty }?.1 }
        guard let name = first("name"), let version = first("version") else { return nil }
        self.name = name
        self.version = version
        // Precedence as syft: an SPDX License-Expression, then a one-line License field, then license classifiers.
        if let expression = first("license-expression") {
            licenses = [expression]
        } else if let license = first("license"), license.uppercased() != "UNKNOWN", !license.contains("\n") {
            licenses = [license]
        } else {
            licenses = fields.compactMap { key, value in
                guard key == "classifier", value.hasPrefix("License ::") else { return nil }
                return value.split(separator: ":").last.map { String($0).trimmingSpaces() }
            }
        }
    }

    /// The PEP 503 normalised form of a project name: lowercase, runs of `-`, `_` and `.` become one `-`.
    static func normalize(_ name: String) -> String {
        var result = ""
        var pendingSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                pendingSeparator = true
                continue
            }
            if pendingSeparator && !result.isEmpty { result.append("-") }
            pendingSeparator = false
            result.append(character)
        }
        return result
    }
}
