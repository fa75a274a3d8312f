/// A CPE 2.3 name (formatted-string binding, `cpe:2.3:part:vendor:product:version:update:edition:language:
/// sw_edition:target_sw:target_hw:other`), parsed into its eleven attributes for matching.
///
/// Attribute values are kept in their formatted-string form (special characters backslash-quoted), lowercased,
/// so quoted characters compare as themselves and unquoted `*`/`?` at either end stay wildcards.
public struct CPE: Hashable, Sendable, CustomStringConvertible {
    /// One attribute value.
    public enum Value: Hashable, Sendable, CustomStringConvertible {
        /// `*`: any value.
        case any
        /// `-`: not applicable (the attribute has no value).
        case notApplicable
        /// A value in formatted-string form (quoted specials), possibly with unquoted `*`/`?` wildcards at the ends.
        case value(String)

        public var description: String {
            switch self {
            case .any: "*"
            case .notApplicable: "-"
            case .value(let text): text
            }
        }

        /// Whether the value holds an unquoted `*` or `?` (a pattern, not a name).
        public var hasWildcards: Bool {
            guard case .value(let text) = self else { return false }
            var quoted = false
            for character in text {
                if quoted {
                    quoted = false
                } else if character == "\\" {
                    quoted = true
                } else if character == "*" || character == "?" {
                    return true
                }
            }
            return false
        }
    }

    /// How a source attribute relates to a target attribute (CPE Name Matching, NISTIR 7696 table 6-2).
    public enum Relation: Sendable, Equatable {
        case equal, superset, subset, disjoint, undefined
    }

    /// The attribute names, in binding order.
    public static let attributeNames = [
        "part", "vendor", "product", "version", "update", "edition", "language", "sw_edition", "target_sw",
        "target_hw", "other",
    ]

    /// The eleven attributes in binding order (`part` first).
    public var attributes: [Value]

    public var part: Value { attributes[0] }
    public var vendor: Value { attributes[1] }
    public var product: Value { attributes[2] }
    public var version: Value { attributes[3] }
    public var update: Value { attributes[4] }

    /// Parses a CPE 2.3 formatted string; throws with the reason when it is not one.
    public init(parsing text: String) throws(CPEError) {
        guard text.hasPrefix("cpe:2.3:") else { throw CPEError(text: text, reason: "does not start with 'cpe:2.3:'") }
        var components: [String] = []
        var current = ""
        var quoted = false
        for character in text.dropFirst(8) {
            if quoted {
                current.append(character)
                quoted = false
            } else if character == "\\" {
                current.append(character)
                quoted = true
            } else if character == ":" {
                components.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if quoted { throw CPEError(text: text, reason: "ends with a lone backslash") }
        components.append(current)
        guard components.count == 11 else {
            throw CPEError(text: text, reason: "has \(components.count) attributes (expected 11)")
        }
        var attributes: [Value] = []
        for (index, component) in components.enumerated() {
            switch component {
            case "": throw CPEError(text: text, reason: "attribute '\(Self.attributeNames[index])' is empty")
            case "*": attributes.append(.any)
            case "-": attributes.append(.notApplicable)
            default:
                if component.contains(where: { $0 == " " || $0.isNewline }) {
                    throw CPEError(text: text, reason: "attribute '\(Self.attributeNames[index])' contains whitespace")
                }
                attributes.append(.value(component.lowercased()))
            }
        }
        guard case .value(let part) = attributes[0], ["a", "o", "h"].contains(part) else {
            if attributes[0] == .any || attributes[0] == .notApplicable {
                self.attributes = attributes
                return
            }
            throw CPEError(text: text, reason: "part '\(components[0])' is not one of a, o, h")
        }
        self.attributes = attributes
    }

    /// The formatted-string binding.
    public var description: String {
        "cpe:2.3:" + attributes.map(\.description).joined(separator: ":")
    }

    /// Quotes a raw value for the formatted string: every character other than letters, digits, `_`, `-` and `.`
    /// gets a backslash (`2.8.2+ds1` → `2.8.2\+ds1`); spaces become `_`.
    public static func escape(_ raw: String) -> String {
        var out = ""
        for character in raw {
            if character == " " {
                out.append("_")
            } else if character.isASCII && (character.isLetter || character.isNumber)
                || character == "_" || character == "-" || character == "."
            {
                out.append(character)
            } else {
                out.append("\\")
                out.append(character)
            }
        }
        return out
    }

    /// Removes the quoting of a formatted-string value (`2.8.2\+ds1` → `2.8.2+ds1`), e.g. to compare versions.
    public static func unescape(_ value: String) -> String {
        var out = ""
        var quoted = false
        for character in value {
            if !quoted && character == "\\" {
                quoted = true
                continue
            }
            quoted = false
            out.append(character)
        }
        return out
    }

    /// How `source` (this pattern) relates to `target` per attribute, as the CPE name-matching spec defines it.
    public static func relation(source: Value, target: Value) -> Relation {
        if target.hasWildcards { return .undefined }
        switch (source, target) {
        case (.any, .any): return .equal
        case (.any, _): return .superset
        case (.notApplicable, .notApplicable): return .equal
        case (.notApplicable, .any): return .subset
        case (.notApplicable, .value): return .disjoint
        case (.value, .any): return .subset
        case (.value, .notApplicable): return .disjoint
        case (.value(let pattern), .value(let name)):
            if pattern == name { return .equal }
            if source.hasWildcards { return wildcardMatch(pattern, name) ? .superset : .disjoint }
            return .disjoint
        }
    }

    /// Whether this CPE (a pattern, e.g. from an NVD configuration) includes `target` (e.g. a package's CPE):
    /// every attribute is EQUAL or SUPERSET. With `targetAnyMatches`, an ANY in the target also counts (how
    /// scanners match generated CPEs, whose unknown attributes are `*`).
    public func matches(_ target: CPE, targetAnyMatches: Bool = false) -> Bool {
        for (source, value) in zip(attributes, target.attributes) {
            switch Self.relation(source: source, target: value) {
            case .equal, .superset: continue
            case .subset where targetAnyMatches && value == .any: continue
            default: return false
            }
        }
        return true
    }

    /// Matches a quoted value against a pattern whose unquoted `*` (any run) and `?` (one character) may lead or
    /// trail it (the spec allows wildcards only at the ends; inner ones are treated the same way here).
    private static func wildcardMatch(_ pattern: String, _ name: String) -> Bool {
        let patternTokens = tokens(pattern)
        let nameTokens = tokens(name).map { $0.literal ?? "" }
        guard patternTokens.count <= 512, nameTokens.count <= 512 else { return false }
        // Dynamic programming over (pattern prefix, name prefix): quadratic, never exponential.
        var row = [Bool](repeating: false, count: nameTokens.count + 1)
        row[0] = true
        for token in patternTokens {
            var next = [Bool](repeating: false, count: nameTokens.count + 1)
            for n in 0...nameTokens.count {
                switch token {
                case .star: next[n] = row[n] || (n > 0 && next[n - 1])
                case .question: next[n] = n > 0 && row[n - 1]
                case .literal(let text): next[n] = n > 0 && row[n - 1] && nameTokens[n - 1] == text
                }
            }
            row = next
        }
        return row[nameTokens.count]
    }

    private enum Token {
        case star, question, literal(String)
        var literal: String? {
            if case .literal(let text) = self { return text }
            return nil
        }
    }

    /// One token per logical character: `\x` is the literal x, unquoted `*`/`?` are wildcards.
    private static func tokens(_ text: String) -> [Token] {
        var result: [Token] = []
        var quoted = false
        for character in text {
            if quoted {
                result.append(.literal(String(character)))
                quoted = false
            } else if character == "\\" {
                quoted = true
            } else if character == "*" {
                result.append(.star)
            } else if character == "?" {
                result.append(.question)
            } else {
                result.append(.literal(String(character)))
            }
        }
        return result
    }
}

/// A string that is not a valid CPE 2.3 formatted string.
public struct CPEError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The offending text.
    public var text: String
    /// Why it was rejected.
    public var reason: String

    public var description: String { "invalid cpe '\(text)': \(reason)" }
}
