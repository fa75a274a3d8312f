public import Model

/// One advisory (OSV record) as the store holds it, with the affected entries a query asked for.
public struct AdvisoryRecord: Hashable, Sendable {
    /// The advisory id as the feed names it: `DLA-3377-1`, `ALPINE-CVE-2019-14697`, `GHSA-…`, `PYSEC-…`, `GO-…`.
    public var id: String
    /// Other ids for the same vulnerability, from the record's `aliases` and `upstream` lists, sorted.
    public var aliases: [String]
    /// Ids the record names as `related` (not the same vulnerability, but connected), sorted.
    public var related: [String]
    /// One-line summary, when the feed gives one.
    public var summary: String?
    /// Longer description (Markdown in OSV), when the feed gives one.
    public var details: String?
    /// RFC 3339 publication time as the feed writes it.
    public var published: String?
    /// RFC 3339 modification time as the feed writes it (Go's repository copy has `0001-01-01T00:00:00Z`).
    public var modified: String?
    /// RFC 3339 withdrawal time; a withdrawn advisory should not produce findings.
    public var withdrawn: String?
    /// The feed's own qualitative severity (GHSA `database_specific.severity`, Ubuntu's priority), parsed.
    public var feedSeverity: Severity?
    /// The feed's severity word as written (`MODERATE`, `medium`), when there is one.
    public var feedSeverityText: String?
    /// CVSS vectors (and other scored severities) the record lists.
    public var severities: [SeverityScore]
    /// Reference links, in the record's order.
    public var references: [AdvisoryReference]
    /// The record's top-level `database_specific` object as JSON text, when present.
    public var databaseSpecificJSON: String?
    /// Which source (`osv` + location) the record came from.
    public var source: String
    /// The affected entries: for `advisories(ecosystem:package:)` only those of that package, else all.
    public var affected: [AffectedPackage]

    /// Creates a record.
    public init(
        id: String, aliases: [String] = [], related: [String] = [], summary: String? = nil, details: String? = nil,
        published: String? = nil, modified: String? = nil, withdrawn: String? = nil, feedSeverity: Severity? = nil,
        feedSeverityText: String? = nil, severities: [SeverityScore] = [], references: [AdvisoryReference] = [],
        databaseSpecificJSON: String? = nil, source: String, affected: [AffectedPackage] = []
    ) {
        self.id = id
        self.aliases = aliases
        self.related = related
        self.summary = summary
        self.details = details
        self.published = published
        self.modified = modified
        self.withdrawn = withdrawn
        self.feedSeverity = feedSeverity
        self.feedSeverityText = feedSeverityText
        self.severities = severities
        self.references = references
        self.databaseSpecificJSON = databaseSpecificJSON
        self.source = source
        self.affected = affected
    }

    /// Every id this record is known by: its own id first, then its aliases.
    public var allIDs: [String] { [id] + aliases }

    /// Groups records that name the same vulnerability (an id of one is an id or alias of another), keeping the
    /// input order inside each group and ordering groups by their first record; used to merge duplicates such as
    /// a `GHSA-…` and a `PYSEC-…` record for the same PyPI package.
    public static func groupedByAlias(_ records: [AdvisoryRecord]) -> [[AdvisoryRecord]] {
        // Union-find over record indices joined by shared ids.
        var parent = Array(records.indices)
        func root(_ index: Int) -> Int {
            var current = index
            while parent[current] != current {
                parent[current] = parent[parent[current]]
                current = parent[current]
            }
            return current
        }
        var owner: [String: Int] = [:]
        for (index, record) in records.enumerated() {
            for id in record.allIDs {
                if let other = owner[id] {
                    let (left, right) = (root(other), root(index))
                    if left != right { parent[max(left, right)] = min(left, right) }
                } else {
                    owner[id] = index
                }
            }
        }
        var groups: [Int: [AdvisoryRecord]] = [:]
        var order: [Int] = []
        for (index, record) in records.enumerated() {
            let key = root(index)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(record)
        }
        return order.compactMap { groups[$0] }
    }
}

/// A scored severity from an advisory's `severity` list.
public struct SeverityScore: Hashable, Sendable {
    /// The OSV severity type: `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, or a vendor's own (`Ubuntu`).
    public var type: String
    /// The vector (`CVSS:3.1/AV:N/…`) or the vendor's word (`medium`), as written.
    public var score: String

    /// Creates a score.
    public init(type: String, score: String) {
        self.type = type
        self.score = score
    }
}

/// A reference link of an advisory.
public struct AdvisoryReference: Hashable, Sendable {
    /// The OSV reference type: `ADVISORY`, `WEB`, `FIX`, `REPORT`, `PACKAGE`, …
    public var type: String
    /// The link.
    public var url: String

    /// Creates a reference.
    public init(type: String, url: String) {
        self.type = type
        self.url = url
    }
}
