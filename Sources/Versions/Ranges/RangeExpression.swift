/// A version range as feeds other than OSV write it: comparators joined by `,` or spaces (all must hold),
/// alternatives joined by `||` (any may hold). `< 1.2.3`, `>= 1.0, < 1.4`, `>=1.0 <1.4 || =2.0`, `*`.
public struct RangeExpression: Hashable, Sendable, CustomStringConvertible {
    /// A comparison operator.
    public enum Operator: String, CaseIterable, Sendable {
        /// Older than the bound.
        case lessThan = "<"
        /// Older than or equal to the bound.
        case lessThanOrEqual = "<="
        /// Newer than the bound.
        case greaterThan = ">"
        /// Newer than or equal to the bound.
        case greaterThanOrEqual = ">="
        /// Equal to the bound (`=`, `==` or a bare version).
        case equal = "="
        /// Not equal to the bound.
        case notEqual = "!="

        func holds(_ order: Int) -> Bool {
            switch self {
            case .lessThan: return order < 0
            case .lessThanOrEqual: return order <= 0
            case .greaterThan: return order > 0
            case .greaterThanOrEqual: return order >= 0
            case .equal: return order == 0
            case .notEqual: return order != 0
            }
        }
    }

    /// One `operator version` term.
    public struct Comparator: Hashable, Sendable {
        /// The operator.
        public var op: Operator
        /// The bound, as written.
        public var version: String
    }

    /// The alternatives (joined by `||`); each is a list of comparators that must all hold. An empty list
    /// (`*`) holds for every version.
    public let alternatives: [[Comparator]]

    /// Parses `text`; throws on an empty expression, a missing version or an operator it does not know.
    public init(_ text: String) throws(RangeExpressionError) {
        var alternatives: [[Comparator]] = []
        for part in text.split(separator: "||", omittingEmptySubsequences: false) {
            alternatives.append(try Self.conjunction(Substring(part), in: text))
        }
        self.alternatives = alternatives
    }

    private static func isSeparator(_ character: Character) -> Bool { character == "," || character.isWhitespace }

    private static func conjunction(_ part: Substring, in text: String) throws(RangeExpressionError) -> [Comparator] {
        var comparators: [Comparator] = []
        var rest = part.drop(while: isSeparator)
        if rest.isEmpty { throw .empty(text) }
        if rest.trimmingSuffix(while: isSeparator) == "*" { return [] }
        while !rest.isEmpty {
            let symbols = rest.prefix(while: { "<>=!~^".contains($0) })
            let op: Operator
            switch symbols {
            case "": op = .equal
            case "==": op = .equal
            default:
                guard let known = Operator(rawValue: String(symbols)) else {
                    throw .unsupportedOperator(String(symbols), text)
                }
                op = known
            }
            rest = rest.dropFirst(symbols.count).drop(while: { $0.isWhitespace })
            let version = rest.prefix(while: { !isSeparator($0) })
            if version.isEmpty { throw .missingVersion(String(symbols), text) }
            comparators.append(Comparator(op: op, version: String(version)))
            rest = rest.dropFirst(version.count).drop(while: isSeparator)
        }
        return comparators
    }

    /// Whether `version` satisfies the expression under `scheme`; throws when a version cannot be read or
    /// ordered (never guesses).
    public func contains(_ version: String, scheme: VersionScheme) throws(VersionError) -> Bool {
        let installed = try scheme.parse(version)
        for alternative in alternatives {
            var holds = true
            for comparator in alternative {
                let bound = try scheme.parse(comparator.version)
                if !comparator.op.holds(try installed.compare(to: bound)) {
                    holds = false
                    break
                }
            }
            if holds { return true }
        }
        return false
    }

    public var description: String {
        alternatives.map { alternative in
            alternative.isEmpty ? "*" : alternative.map { "\($0.op.rawValue) \($0.version)" }.joined(separator: ", ")
        }.joined(separator: " || ")
    }
}

/// Why a range expression could not be read.
public enum RangeExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The expression (or one `||` alternative of it) is empty.
    case empty(String)
    /// An operator is not followed by a version.
    case missingVersion(String, String)
    /// An operator this syntax does not define (e.g. npm's `^` or PEP 440's `~=`).
    case unsupportedOperator(String, String)

    public var description: String {
        switch self {
        case .empty(let text):
            return "empty version range in '\(VersionError.quoted(text))'"
        case .missingVersion(let op, let text):
            return "operator '\(op)' has no version after it in '\(VersionError.quoted(text))'"
        case .unsupportedOperator(let op, let text):
            return
                "unsupported operator '\(op)' in '\(VersionError.quoted(text))' (expected one of: <, <=, >, >=, =, ==, !=)"
        }
    }
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}
