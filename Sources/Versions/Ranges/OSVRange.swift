/// One entry of an OSV `affected[].ranges` array: a type and its events, as the OSV schema defines them.
public struct OSVRange: Codable, Hashable, Sendable {
    /// How the range's versions are to be read.
    public enum RangeType: Codable, Hashable, Sendable, CustomStringConvertible {
        /// Versions of the package's own ecosystem scheme.
        case ecosystem
        /// SemVer 2.0 versions (Go's records use this type too).
        case semver
        /// Commit hashes; matched only through the advisory's explicit `versions` list.
        case git
        /// A type this schema version does not define; such ranges are ignored with a warning.
        case other(String)

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            switch text {
            case "ECOSYSTEM": self = .ecosystem
            case "SEMVER": self = .semver
            case "GIT": self = .git
            default: self = .other(text)
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }

        public var description: String {
            switch self {
            case .ecosystem: return "ECOSYSTEM"
            case .semver: return "SEMVER"
            case .git: return "GIT"
            case .other(let text): return text
            }
        }
    }

    /// The range type.
    public var type: RangeType
    /// The repository of a GIT range.
    public var repo: String?
    /// The events in the order the record lists them (they need not be sorted).
    public var events: [OSVEvent]

    /// A range of `type` made of `events`.
    public init(type: RangeType, repo: String? = nil, events: [OSVEvent]) {
        self.type = type
        self.repo = repo
        self.events = events
    }
}

/// One event of an OSV range: where a vulnerable stretch starts or ends.
public struct OSVEvent: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Which boundary the event marks.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// The first affected version (`0` means "since the beginning").
        case introduced
        /// The first version with the fix: it and later versions are not affected.
        case fixed
        /// The last affected version: later versions are not affected (no fix is named).
        case lastAffected = "last_affected"
        /// An upper bound: versions at or above it are never affected by this range.
        case limit
    }

    /// The boundary kind.
    public var kind: Kind
    /// The version (or commit) at the boundary.
    public var version: String

    /// An event of `kind` at `version`.
    public init(_ kind: Kind, _ version: String) {
        self.kind = kind
        self.version = version
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let found = Kind.allCases.filter { container.contains(Key(stringValue: $0.rawValue)) }
        guard found.count == 1, let kind = found.first else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "an event needs exactly one of introduced, fixed, last_affected, limit (found \(found.count))"))
        }
        self.kind = kind
        self.version = try container.decode(String.self, forKey: Key(stringValue: kind.rawValue))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(version, forKey: Key(stringValue: kind.rawValue))
    }

    public var description: String { "\(kind.rawValue) \(version)" }
}
