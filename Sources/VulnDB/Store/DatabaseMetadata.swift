/// What a database holds: its schema, when it was built, each source and the size of each table.
public struct DatabaseMetadata: Sendable {
    /// The database file.
    public var path: String
    /// The schema version stamped in the file.
    public var schemaVersion: Int
    /// When the file was first created (RFC 3339).
    public var createdAt: String?
    /// When an import or update last changed it (RFC 3339).
    public var updatedAt: String?
    /// Every source it holds.
    public var sources: [SourceInfo]
    /// Rows per table: `advisories`, `affected`, `aliases`, `nvd`, `kev`, `epss`.
    public var tableCounts: [String: Int]
    /// Distinct ecosystems with affected entries (`Debian:10`, `PyPI`), sorted.
    public var ecosystems: [String]
}

/// One source a database holds: a feed kind from one path or URL.
public struct SourceInfo: Hashable, Sendable {
    /// The feed kind.
    public var kind: FeedKind
    /// The path or URL it was read from.
    public var location: String
    /// When it was fetched or imported (RFC 3339).
    public var fetchedAt: String
    /// The feed's own date, when it states one.
    public var dataDate: String?
    /// Records written from it.
    public var records: Int
    /// Records skipped as malformed.
    public var skipped: Int
    /// The first skipped record (`file: reason`), when there was one.
    public var skippedSample: String?
}
