/// The kinds of feed the database imports.
public enum FeedKind: String, Sendable, CaseIterable, Codable {
    /// OSV advisories (distros and language ecosystems).
    case osv
    /// NVD CVE API 2.0 records.
    case nvd
    /// The CISA Known Exploited Vulnerabilities catalog.
    case kev
    /// FIRST EPSS scores.
    case epss
}

/// A record (or file) an import skipped, and why.
public struct SkippedRecord: Hashable, Sendable {
    /// Where it was: a file path, `archive.zip!entry.json`, `page.json#vulnerabilities[3]` or `scores.csv:12`.
    public var file: String
    /// What was wrong, lowercase, quoting the offending value.
    public var reason: String

    /// Creates a skipped-record note.
    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
}

/// What one import or update did.
public struct ImportSummary: Sendable {
    /// What one source (a feed kind from one path or URL) brought.
    public struct SourceCount: Hashable, Sendable {
        /// The feed kind.
        public var kind: FeedKind
        /// The path or URL it came from.
        public var location: String
        /// Records written.
        public var records: Int
        /// Records skipped as malformed.
        public var skipped: Int
        /// The feed's own date when it states one (KEV `dateReleased`, EPSS `score_date`, newest OSV `modified`).
        public var dataDate: String?
    }

    /// The database that was written.
    public var databasePath: String
    /// Each source imported, in the order first seen.
    public var sources: [SourceCount] = []
    /// Every skipped record or file, including files whose format was not recognised.
    public var skippedCount = 0
    /// The first skipped records (at most `sampleLimit`), for the user to look at.
    public var skippedSamples: [SkippedRecord] = []
    /// Files in directories or archives that are not feed files by name (`LICENSE`, `README.md`) and were passed
    /// over.
    public var ignoredFiles = 0
    /// Whether the database was replaced by an export archive rather than built from feeds.
    public var installedExport = false

    /// How many skipped records are kept as samples.
    public static let sampleLimit = 20

    /// Creates an empty summary for `databasePath`.
    public init(databasePath: String) {
        self.databasePath = databasePath
    }

    /// Records written, over all sources.
    public var recordCount: Int { sources.reduce(0) { $0 + $1.records } }

    mutating func skip(_ record: SkippedRecord) {
        skippedCount += 1
        if skippedSamples.count < Self.sampleLimit { skippedSamples.append(record) }
    }
}
