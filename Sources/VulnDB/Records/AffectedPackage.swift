public import Model

/// One `affected[]` entry of an advisory: a package in an ecosystem and the versions it affects.
public struct AffectedPackage: Hashable, Sendable {
    /// The OSV ecosystem as the feed writes it, release included: `Debian:10`, `Alpine:v3.9`, `PyPI`, `Go`.
    public var ecosystem: String
    /// The package name as the feed writes it (the source package for distros).
    public var name: String
    /// The name after `PackageNameNormalizer`, which is what lookups compare.
    public var normalizedName: String
    /// The package's purl, when the feed gives one.
    public var purl: String?
    /// Version ranges; evaluate `ECOSYSTEM` ranges with the ecosystem's comparator, `SEMVER` with semver.
    public var ranges: [AffectedRange]
    /// Explicitly listed affected versions.
    public var versions: [String]
    /// Whether a fix exists, doesn't yet, or won't (from `fixed` events and tracker status).
    public var fixState: FixState
    /// The distro tracker's status when it says why there is no fix: `<end-of-life>`, `<unfixed>`, `<no-dsa>`…
    public var trackerStatus: String?
    /// The entry's `database_specific` object as JSON text, when present.
    public var databaseSpecificJSON: String?
    /// The entry's `ecosystem_specific` object as JSON text, when present.
    public var ecosystemSpecificJSON: String?

    /// Creates an affected entry.
    public init(
        ecosystem: String, name: String, normalizedName: String, purl: String? = nil, ranges: [AffectedRange] = [],
        versions: [String] = [], fixState: FixState = .unknown, trackerStatus: String? = nil,
        databaseSpecificJSON: String? = nil, ecosystemSpecificJSON: String? = nil
    ) {
        self.ecosystem = ecosystem
        self.name = name
        self.normalizedName = normalizedName
        self.purl = purl
        self.ranges = ranges
        self.versions = versions
        self.fixState = fixState
        self.trackerStatus = trackerStatus
        self.databaseSpecificJSON = databaseSpecificJSON
        self.ecosystemSpecificJSON = ecosystemSpecificJSON
    }

    /// Every `fixed` version named by the ranges, in the order they appear.
    public var fixedVersions: [String] {
        var result: [String] = []
        for range in ranges {
            for case .fixed(let version) in range.events where !result.contains(version) { result.append(version) }
        }
        return result
    }
}

/// An OSV range: a type, an optional repository (for `GIT`), and its events in order.
public struct AffectedRange: Hashable, Sendable, Codable {
    /// The OSV range type.
    public enum Kind: Hashable, Sendable, Codable {
        /// Versions compared by semantic-versioning rules.
        case semver
        /// Versions compared by the ecosystem's own rules (dpkg, apk, PEP 440, Maven, …).
        case ecosystem
        /// Git commits; not comparable as versions.
        case git
        /// A type this schema does not know yet, as written.
        case other(String)

        /// Parses the OSV spelling (`SEMVER`, `ECOSYSTEM`, `GIT`).
        public init(_ text: String) {
            switch text {
            case "SEMVER": self = .semver
            case "ECOSYSTEM": self = .ecosystem
            case "GIT": self = .git
            default: self = .other(text)
            }
        }

        /// The OSV spelling.
        public var text: String {
            switch self {
            case .semver: "SEMVER"
            case .ecosystem: "ECOSYSTEM"
            case .git: "GIT"
            case .other(let text): text
            }
        }

        public init(from decoder: any Decoder) throws {
            self.init(try decoder.singleValueContainer().decode(String.self))
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(text)
        }
    }

    /// The range type.
    public var type: Kind
    /// The repository URL of a `GIT` range.
    public var repo: String?
    /// The events, in the order the feed lists them.
    public var events: [RangeEvent]

    /// Creates a range.
    public init(type: Kind, repo: String? = nil, events: [RangeEvent]) {
        self.type = type
        self.repo = repo
        self.events = events
    }
}

/// One event of an OSV range.
public enum RangeEvent: Hashable, Sendable, Codable {
    /// Versions from this one on are affected (`0` means from the beginning).
    case introduced(String)
    /// Versions from this one on are not affected.
    case fixed(String)
    /// The last affected version (inclusive).
    case lastAffected(String)
    /// An upper bound for the range (exclusive), without claiming a fix.
    case limit(String)

    private enum Key: String, CodingKey {
        case introduced
        case fixed
        case lastAffected = "last_affected"
        case limit
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let value = try container.decodeIfPresent(String.self, forKey: .introduced) {
            self = .introduced(value)
        } else if let value = try container.decodeIfPresent(String.self, forKey: .fixed) {
            self = .fixed(value)
        } else if let value = try container.decodeIfPresent(String.self, forKey: .lastAffected) {
            self = .lastAffected(value)
        } else if let value = try container.decodeIfPresent(String.self, forKey: .limit) {
            self = .limit(value)
        } else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "range event without a known key"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .introduced(let value): try container.encode(value, forKey: .introduced)
        case .fixed(let value): try container.encode(value, forKey: .fixed)
        case .lastAffected(let value): try container.encode(value, forKey: .lastAffected)
        case .limit(let value): try container.encode(value, forKey: .limit)
        }
    }
}
