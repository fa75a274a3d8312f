import Foundation
import Model
import SQLite

/// The write side of a database under construction: prepared statements for every table, used inside one
/// transaction by the importers.
final class DatabaseWriter {
    let database: SQLiteDatabase
    private let upsertSource: SQLiteStatement
    private let upsertAdvisory: SQLiteStatement
    private let insertAlias: SQLiteStatement
    private let deleteAffected: SQLiteStatement
    private let insertAffected: SQLiteStatement
    private let upsertNVD: SQLiteStatement
    private let deleteMetrics: SQLiteStatement
    private let insertMetric: SQLiteStatement
    private let upsertKEV: SQLiteStatement
    private let upsertEPSS: SQLiteStatement

    /// Opens (creating when asked) the database file at `path` for building; the file is private to this build.
    init(path: String, create: Bool, now: String) throws {
        database = try SQLiteDatabase(path: path, mode: create ? .create : .readWrite)
        // The file is not published until the build renames it into place, so a crash only loses the copy:
        // no rollback journal and no fsync per transaction are needed.
        try database.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536")
        if create { try DatabaseSchema.create(in: database, now: now) } else { try DatabaseSchema.check(database) }
        upsertSource = try database.prepare(
            """
            INSERT INTO sources (kind, location, fetched_at, data_date, records, skipped, skipped_sample)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (kind, location) DO UPDATE SET fetched_at = excluded.fetched_at,
                data_date = excluded.data_date, records = excluded.records, skipped = excluded.skipped,
                skipped_sample = excluded.skipped_sample
            """)
        upsertAdvisory = try database.prepare(
            """
            INSERT OR REPLACE INTO advisories (id, source_id, summary, details, published, modified, withdrawn,
                feed_severity, severities, refs, related, database_specific)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertAlias = try database.prepare("INSERT OR IGNORE INTO aliases (advisory_id, alias) VALUES (?, ?)")
        deleteAffected = try database.prepare("DELETE FROM affected WHERE advisory_id = ? AND ecosystem_key = ?")
        insertAffected = try database.prepare(
            """
            INSERT INTO affected (advisory_id, ecosystem, ecosystem_key, name, package, purl, ranges, versions,
                fix_state, tracker_status, database_specific, ecosystem_specific)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        upsertNVD = try database.prepare(
            """
            INSERT OR REPLACE INTO nvd (cve, source_id, source_identifier, published, last_modified, vuln_status,
                description, cwes, refs, configurations)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        deleteMetrics = try database.prepare("DELETE FROM nvd_metrics WHERE cve = ?")
        insertMetric = try database.prepare(
            """
            INSERT INTO nvd_metrics (cve, version, source, type, vector, base_score, base_severity)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        upsertKEV = try database.prepare(
            """
            INSERT OR REPLACE INTO kev (cve, source_id, vendor_project, product, vulnerability_name, date_added,
                due_date, known_ransomware, required_action, cwes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        upsertEPSS = try database.prepare(
            "INSERT OR REPLACE INTO epss (cve, source_id, score, percentile, date) VALUES (?, ?, ?, ?, ?)")
    }

    /// Creates or refreshes a source row and returns its id (counts are filled in by `finishSource`).
    func source(kind: FeedKind, location: String, fetchedAt: String) throws -> Int64 {
        try upsertSource.run([kind.rawValue, location, fetchedAt, String?.none, 0, 0, String?.none])
        let lookup = try database.prepare("SELECT id FROM sources WHERE kind = ? AND location = ?")
        let ids = try lookup.query([kind.rawValue, location]) { $0.int64(0) }
        guard let id = ids.first else {
            throw VulnDBError(.io, "source row for \(kind.rawValue) '\(location)' was not written")
        }
        return id
    }

    /// Records what an import of one source brought.
    func finishSource(_ count: ImportSummary.SourceCount, fetchedAt: String, sample: SkippedRecord?) throws {
        try upsertSource.run([
            count.kind.rawValue, count.location, fetchedAt, count.dataDate, count.records, count.skipped,
            sample.map { "\($0.file): \($0.reason)" },
        ])
    }

    /// Writes one OSV advisory; the same id seen again (another release's file, a re-import) replaces the
    /// advisory's own fields and the affected entries of the ecosystems it names, and keeps the others.
    func write(_ parsed: OSVParser.Parsed, sourceID: Int64) throws {
        let record = parsed.record
        try upsertAdvisory.run([
            record.id, sourceID, record.summary, record.details, record.published, record.modified, record.withdrawn,
            record.feedSeverityText, parsed.severitiesJSON, parsed.referencesJSON, parsed.relatedJSON,
            record.databaseSpecificJSON,
        ])
        for alias in record.aliases { try insertAlias.run([record.id, alias]) }
        var cleared: Set<String> = []
        for (entry, rangesJSON, versionsJSON) in parsed.affected {
            let key = PackageNameNormalizer.ecosystemKey(entry.ecosystem)
            if cleared.insert(key).inserted { try deleteAffected.run([record.id, key]) }
            try insertAffected.run([
                record.id, entry.ecosystem, key, entry.name, entry.normalizedName, entry.purl, rangesJSON,
                versionsJSON, entry.fixState.rawValue, entry.trackerStatus, entry.databaseSpecificJSON,
                entry.ecosystemSpecificJSON,
            ])
        }
    }

    /// Writes one NVD record, replacing an earlier copy of the same CVE.
    func write(_ record: NVDRecord, sourceID: Int64) throws {
        try upsertNVD.run([
            record.cve, sourceID, record.sourceIdentifier, record.published, record.lastModified, record.vulnStatus,
            record.description, JSONField.text(record.cwes), JSONField.text(record.references),
            record.configurationsJSON,
        ])
        try deleteMetrics.run([record.cve])
        for metric in record.metrics {
            try insertMetric.run([
                record.cve, metric.version, metric.source, metric.type, metric.vector, metric.baseScore,
                metric.baseSeverity,
            ])
        }
    }

    /// Writes one KEV entry.
    func write(_ entry: KEVEntry, sourceID: Int64) throws {
        try upsertKEV.run([
            entry.cve, sourceID, entry.vendorProject, entry.product, entry.vulnerabilityName, entry.dateAdded,
            entry.dueDate, entry.knownRansomwareCampaignUse, entry.requiredAction, JSONField.text(entry.cwes),
        ])
    }

    /// Writes one EPSS score.
    func write(_ score: EPSSScore, sourceID: Int64) throws {
        try upsertEPSS.run([score.cve, sourceID, score.score, score.percentile, score.date])
    }

    /// Stamps the build time.
    func setUpdated(_ now: String) throws {
        try database.prepare("INSERT OR REPLACE INTO metadata (key, value) VALUES ('updated_at', ?)").run([now])
    }
}
