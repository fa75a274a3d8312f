import Foundation
import Model
import SQLite

/// The prepared read queries of one store connection; used only under the store's lock.
final class Statements {
    private let database: SQLiteDatabase
    private let byPackage: SQLiteStatement
    private let byID: SQLiteStatement
    private let affectedOfID: SQLiteStatement
    private let aliasesOf: SQLiteStatement
    private let aliasNeighbours: SQLiteStatement
    private let nvdRow: SQLiteStatement
    private let metricRows: SQLiteStatement
    private let kevRow: SQLiteStatement
    private let epssRow: SQLiteStatement
    private let decoder = JSONDecoder()

    private static let advisoryColumns = """
        a.id, s.location, a.summary, a.details, a.published, a.modified, a.withdrawn, a.feed_severity,
        a.severities, a.refs, a.related, a.database_specific
        """
    private static let affectedColumns = """
        f.ecosystem, f.name, f.package, f.purl, f.ranges, f.versions, f.fix_state, f.tracker_status,
        f.database_specific, f.ecosystem_specific
        """

    init(_ database: SQLiteDatabase) throws(SQLiteError) {
        self.database = database
        byPackage = try database.prepare(
            """
            SELECT \(Self.advisoryColumns), \(Self.affectedColumns)
            FROM affected f JOIN advisories a ON a.id = f.advisory_id JOIN sources s ON s.id = a.source_id
            WHERE f.ecosystem_key = ? AND f.package = ? ORDER BY a.id, f.rowid
            """)
        byID = try database.prepare(
            "SELECT \(Self.advisoryColumns) FROM advisories a JOIN sources s ON s.id = a.source_id WHERE a.id = ?")
        affectedOfID = try database.prepare(
            "SELECT \(Self.affectedColumns) FROM affected f WHERE f.advisory_id = ? ORDER BY f.ecosystem_key, f.rowid")
        aliasesOf = try database.prepare("SELECT alias FROM aliases WHERE advisory_id = ? ORDER BY alias")
        aliasNeighbours = try database.prepare(
            "SELECT alias FROM aliases WHERE advisory_id = ?1 UNION SELECT advisory_id FROM aliases WHERE alias = ?1")
        nvdRow = try database.prepare(
            """
            SELECT cve, source_identifier, published, last_modified, vuln_status, description, cwes, refs,
                configurations FROM nvd WHERE cve = ?
            """)
        metricRows = try database.prepare(
            """
            SELECT version, source, type, vector, base_score, base_severity FROM nvd_metrics WHERE cve = ?
            ORDER BY version DESC, CASE type WHEN 'Primary' THEN 0 ELSE 1 END, rowid
            """)
        kevRow = try database.prepare(
            """
            SELECT cve, vendor_project, product, vulnerability_name, date_added, due_date, known_ransomware,
                required_action, cwes FROM kev WHERE cve = ?
            """)
        epssRow = try database.prepare("SELECT cve, score, percentile, date FROM epss WHERE cve = ?")
    }

    func advisories(ecosystemKey: String, package: String) throws -> [AdvisoryRecord] {
        var records: [AdvisoryRecord] = []
        try byPackage.bind([ecosystemKey, package])
        while try byPackage.step() {
            let affected = try affectedEntry(byPackage, offset: 12)
            if let last = records.last, last.id == byPackage.string(0) {
                records[records.count - 1].affected.append(affected)
            } else {
                var record = advisory(byPackage)
                record.affected = [affected]
                records.append(record)
            }
        }
        for index in records.indices {
            records[index].aliases = try aliasesOf.query([records[index].id]) { $0.string(0) ?? "" }
        }
        return records
    }

    func advisory(id: String) throws -> AdvisoryRecord? {
        try byID.bind([id])
        guard try byID.step() else { return nil }
        var record = advisory(byID)
        record.affected = try affectedOfID.query([id]) { row in try affectedEntry(row, offset: 0) }
        record.aliases = try aliasesOf.query([id]) { $0.string(0) ?? "" }
        return record
    }

    func ecosystems() throws -> [String] {
        try database.prepare("SELECT DISTINCT ecosystem FROM affected ORDER BY ecosystem").query { $0.string(0) ?? "" }
    }

    /// Breadth-first over alias edges in both directions; bounded so a pathological alias web cannot run away.
    func aliasClosure(of id: String) throws -> [String] {
        var seen: Set<String> = [id]
        var queue = [id]
        while let current = queue.popLast(), seen.count < 10_000 {
            for neighbour in try aliasNeighbours.query([current], row: { $0.string(0) ?? "" })
            where seen.insert(neighbour).inserted {
                queue.append(neighbour)
            }
        }
        seen.remove(id)
        return seen.sorted()
    }

    func nvd(cve: String) throws -> NVDRecord? {
        try nvdRow.bind([cve])
        guard try nvdRow.step() else { return nil }
        var record = NVDRecord(
            cve: nvdRow.string(0) ?? cve, sourceIdentifier: nvdRow.string(1), published: nvdRow.string(2),
            lastModified: nvdRow.string(3), vulnStatus: nvdRow.string(4), description: nvdRow.string(5),
            cwes: stringArray(nvdRow.string(6)), references: stringArray(nvdRow.string(7)),
            configurationsJSON: nvdRow.string(8))
        try nvdRow.bind([])  // Resets the statement before the next query on this connection.
        record.metrics = try metricRows.query([cve]) { row in
            CVSSMetric(
                version: row.string(0) ?? "", source: row.string(1) ?? "", type: row.string(2) ?? "",
                vector: row.string(3) ?? "", baseScore: row.double(4) ?? 0, baseSeverity: row.string(5))
        }
        return record
    }

    func kev(cve: String) throws -> KEVEntry? {
        try kevRow.query([cve]) { row in
            KEVEntry(
                cve: row.string(0) ?? cve, vendorProject: row.string(1), product: row.string(2),
                vulnerabilityName: row.string(3), dateAdded: row.string(4), dueDate: row.string(5),
                knownRansomwareCampaignUse: row.string(6), requiredAction: row.string(7),
                cwes: stringArray(row.string(8)))
        }.first
    }

    func epss(cve: String) throws -> EPSSScore? {
        try epssRow.query([cve]) { row in
            EPSSScore(
                cve: row.string(0) ?? cve, score: row.double(1) ?? 0, percentile: row.double(2) ?? 0,
                date: row.string(3))
        }.first
    }

    func metadata(path: String) throws -> DatabaseMetadata {
        var values: [String: String] = [:]
        for (key, value) in try database.prepare("SELECT key, value FROM metadata").query(row: {
            ($0.string(0) ?? "", $0.string(1) ?? "")
        }) {
            values[key] = value
        }
        let sources = try database.prepare(
            """
            SELECT kind, location, fetched_at, data_date, records, skipped, skipped_sample FROM sources
            ORDER BY kind, location
            """
        ).query { row -> SourceInfo? in
            guard let kind = FeedKind(rawValue: row.string(0) ?? "") else { return nil }
            return SourceInfo(
                kind: kind, location: row.string(1) ?? "", fetchedAt: row.string(2) ?? "", dataDate: row.string(3),
                records: Int(row.int64(4)), skipped: Int(row.int64(5)), skippedSample: row.string(6))
        }
        var counts: [String: Int] = [:]
        for table in ["advisories", "affected", "aliases", "nvd", "kev", "epss"] {
            counts[table] = try database.prepare("SELECT count(*) FROM \(table)").query { Int($0.int64(0)) }.first ?? 0
        }
        return DatabaseMetadata(
            path: path, schemaVersion: Int(values["schema_version"] ?? "") ?? 0, createdAt: values["created_at"],
            updatedAt: values["updated_at"], sources: sources.compactMap { $0 }, tableCounts: counts,
            ecosystems: try ecosystems())
    }

    private func advisory(_ row: SQLiteStatement) -> AdvisoryRecord {
        let feedSeverity = row.string(7)
        var severities: [SeverityScore] = []
        for item in objectArray(row.string(8)) {
            if let type = item["type"] as? String, let score = item["score"] as? String {
                severities.append(SeverityScore(type: type, score: score))
            }
        }
        var references: [AdvisoryReference] = []
        for item in objectArray(row.string(9)) {
            if let url = item["url"] as? String {
                references.append(AdvisoryReference(type: item["type"] as? String ?? "WEB", url: url))
            }
        }
        return AdvisoryRecord(
            id: row.string(0) ?? "", related: stringArray(row.string(10)), summary: row.string(2),
            details: row.string(3), published: row.string(4), modified: row.string(5), withdrawn: row.string(6),
            feedSeverity: feedSeverity.flatMap { Severity(name: $0) }, feedSeverityText: feedSeverity,
            severities: severities, references: references, databaseSpecificJSON: row.string(11),
            source: row.string(1) ?? "")
    }

    private func affectedEntry(_ row: SQLiteStatement, offset: Int) throws -> AffectedPackage {
        let rangesText = row.string(offset + 4) ?? "[]"
        let ranges: [AffectedRange]
        do {
            ranges = try decoder.decode([AffectedRange].self, from: Data(rangesText.utf8))
        } catch {
            throw VulnDBError(.corrupt, "stored ranges of an advisory in '\(database.path)' cannot be decoded")
        }
        return AffectedPackage(
            ecosystem: row.string(offset) ?? "", name: row.string(offset + 1) ?? "",
            normalizedName: row.string(offset + 2) ?? "", purl: row.string(offset + 3), ranges: ranges,
            versions: stringArray(row.string(offset + 5)),
            fixState: FixState(rawValue: row.string(offset + 6) ?? "") ?? .unknown,
            trackerStatus: row.string(offset + 7), databaseSpecificJSON: row.string(offset + 8),
            ecosystemSpecificJSON: row.string(offset + 9))
    }

    private func stringArray(_ text: String?) -> [String] {
        guard let text, let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
            return []
        }
        return array.compactMap { $0 as? String }
    }

    private func objectArray(_ text: String?) -> [[String: Any]] {
        guard let text, let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else {
            return []
        }
        return array.compactMap { $0 as? [String: Any] }
    }
}
