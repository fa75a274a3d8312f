import SQLite

/// The tables of a Plimsoll vulnerability database and the version stamp that guards them.
///
/// The version lives twice: in `PRAGMA user_version` (cheap to read before anything else) and in the
/// `metadata` table (readable by any SQLite tool). Change `version` whenever a table changes.
public enum DatabaseSchema {
    /// The schema version this build reads and writes.
    public static let version = 1

    /// The name `metadata.format` holds, so a random SQLite file is not mistaken for a vulnerability database.
    static let format = "plimsoll-vulndb"

    static let statements = [
        "CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY, kind TEXT NOT NULL, location TEXT NOT NULL, fetched_at TEXT NOT NULL,
            data_date TEXT, records INTEGER NOT NULL, skipped INTEGER NOT NULL, skipped_sample TEXT,
            UNIQUE (kind, location))
        """,
        """
        CREATE TABLE advisories (
            id TEXT PRIMARY KEY, source_id INTEGER NOT NULL, summary TEXT, details TEXT, published TEXT,
            modified TEXT, withdrawn TEXT, feed_severity TEXT, severities TEXT, refs TEXT, related TEXT,
            database_specific TEXT) WITHOUT ROWID
        """,
        """
        CREATE TABLE aliases (
            advisory_id TEXT NOT NULL, alias TEXT NOT NULL, PRIMARY KEY (advisory_id, alias)) WITHOUT ROWID
        """,
        "CREATE INDEX aliases_by_alias ON aliases (alias)",
        """
        CREATE TABLE affected (
            advisory_id TEXT NOT NULL, ecosystem TEXT NOT NULL, ecosystem_key TEXT NOT NULL, name TEXT NOT NULL,
            package TEXT NOT NULL, purl TEXT, ranges TEXT NOT NULL, versions TEXT, fix_state TEXT NOT NULL,
            tracker_status TEXT, database_specific TEXT, ecosystem_specific TEXT)
        """,
        "CREATE INDEX affected_by_package ON affected (ecosystem_key, package)",
        "CREATE INDEX affected_by_advisory ON affected (advisory_id, ecosystem_key)",
        """
        CREATE TABLE nvd (
            cve TEXT PRIMARY KEY, source_id INTEGER NOT NULL, source_identifier TEXT, published TEXT,
            last_modified TEXT, vuln_status TEXT, description TEXT, cwes TEXT, refs TEXT, configurations TEXT)
            WITHOUT ROWID
        """,
        """
        CREATE TABLE nvd_metrics (
            cve TEXT NOT NULL, version TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL, vector TEXT NOT NULL,
            base_score REAL NOT NULL, base_severity TEXT)
        """,
        "CREATE INDEX nvd_metrics_by_cve ON nvd_metrics (cve)",
        """
        CREATE TABLE kev (
            cve TEXT PRIMARY KEY, source_id INTEGER NOT NULL, vendor_project TEXT, product TEXT,
            vulnerability_name TEXT, date_added TEXT, due_date TEXT, known_ransomware TEXT, required_action TEXT,
            cwes TEXT) WITHOUT ROWID
        """,
        """
        CREATE TABLE epss (
            cve TEXT PRIMARY KEY, source_id INTEGER NOT NULL, score REAL NOT NULL, percentile REAL NOT NULL,
            date TEXT) WITHOUT ROWID
        """,
    ]

    /// Creates every table in an empty database and stamps it with this version.
    static func create(in database: SQLiteDatabase, now: String) throws(SQLiteError) {
        for statement in statements { try database.execute(statement) }
        try database.execute("PRAGMA user_version = \(version)")
        let insert = try database.prepare("INSERT INTO metadata (key, value) VALUES (?, ?)")
        try insert.run(["format", format])
        try insert.run(["schema_version", String(version)])
        try insert.run(["created_at", now])
        try insert.run(["updated_at", now])
    }

    /// Checks that `database` is a Plimsoll vulnerability database of this schema version.
    static func check(_ database: SQLiteDatabase) throws(VulnDBError) {
        let found: Int
        let format: String?
        do {
            let versionStatement = try database.prepare("PRAGMA user_version")
            found = try versionStatement.step() ? Int(versionStatement.int64(0)) : 0
            let hasMetadata = try database.prepare(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'metadata'")
            guard try hasMetadata.step(), hasMetadata.int64(0) == 1 else {
                throw VulnDBError(
                    .corrupt, "'\(database.path)' is not a plimsoll vulnerability database (no metadata table)")
            }
            let formatStatement = try database.prepare("SELECT value FROM metadata WHERE key = 'format'")
            format = try formatStatement.step() ? formatStatement.string(0) : nil
        } catch let error as VulnDBError {
            throw error
        } catch {
            throw VulnDBError(
                .corrupt, "cannot read vulnerability database '\(database.path)'", underlying: error as? SQLiteError)
        }
        guard format == Self.format else {
            throw VulnDBError(.corrupt, "'\(database.path)' is not a plimsoll vulnerability database")
        }
        guard found == version else {
            let advice =
                found < version
                ? "it was written by an older plimsoll; rebuild it with 'plimsoll db update' or 'plimsoll db import --fresh'"
                : "it was written by a newer plimsoll; upgrade plimsoll or rebuild it with 'plimsoll db import --fresh'"
            throw VulnDBError(
                .schemaVersion,
                "vulnerability database '\(database.path)' has schema version \(found), this plimsoll reads version \(version): \(advice)"
            )
        }
    }
}
