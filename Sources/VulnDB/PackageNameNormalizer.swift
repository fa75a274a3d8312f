/// Turns package names into the form lookups compare, per ecosystem, so that a name from a package database and
/// the same name in an advisory meet: `PyYAML` and `pyyaml`, `zope.interface` and `zope-interface`.
///
/// The importer stores names through it and the matcher must query through it.
public enum PackageNameNormalizer {
    /// The normalised name of `name` in `ecosystem` (an OSV ecosystem, release suffix allowed: `Debian:10`).
    public static func normalize(_ name: String, ecosystem: String) -> String {
        let trimmed = name.trimmingWhitespace()
        switch baseEcosystem(ecosystem).lowercased() {
        case "pypi":
            return pep503(trimmed)
        case "npm", "nuget", "packagist", "hex", "pub", "swifturl":
            // Registries that treat names case-insensitively (npm scopes and names are lowercase by rule).
            return trimmed.lowercased()
        case "crates.io":
            // crates.io treats `-` and `_` as the same character and ignores case.
            return String(trimmed.lowercased().map { $0 == "_" ? "-" : $0 })
        case "maven":
            return mavenCoordinate(trimmed)
        case "go":
            // Module paths are case-sensitive (github.com/Sirupsen vs sirupsen are distinct modules).
            return trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
        default:
            return trimmed
        }
    }

    /// The ecosystem without its release: `Debian:10` → `Debian`, `Ubuntu:Pro:14.04:LTS` → `Ubuntu`.
    public static func baseEcosystem(_ ecosystem: String) -> String {
        guard let colon = ecosystem.firstIndex(of: ":") else { return ecosystem }
        return String(ecosystem[..<colon])
    }

    /// The key ecosystems are stored and looked up by: trimmed and lowercased (`Alpine:v3.9` → `alpine:v3.9`).
    public static func ecosystemKey(_ ecosystem: String) -> String {
        ecosystem.trimmingWhitespace().lowercased()
    }

    /// PEP 503: lowercase, and every run of `-`, `_`, `.` becomes one `-`.
    static func pep503(_ name: String) -> String {
        var result = ""
        var inSeparatorRun = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !inSeparatorRun { result.append("-") }
                inSeparatorRun = true
            } else {
                result.append(character)
                inSeparatorRun = false
            }
        }
        return result
    }

    /// `group:artifact`, lowercased; a purl-style `group/artifact` is accepted too.
    static func mavenCoordinate(_ name: String) -> String {
        var text = name.lowercased()
        if !text.contains(":"), let slash = text.lastIndex(of: "/") {
            text.replaceSubrange(slash...slash, with: ":")
        }
        return text
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
