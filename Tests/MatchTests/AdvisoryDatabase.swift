import Foundation
import TestSupport
import VulnDB

/// A vulnerability database built by the real importer in a private temp dir.
struct AdvisoryDatabase {
    let directory: URL
    let store: VulnerabilityStore

    /// Imports `paths` (feed files or directories).
    init(importing paths: [String]) throws {
        directory = try SharedData.makeTemporaryDirectory("plimsoll-match-db")
        let path = directory.appendingPathComponent("plimsoll.db").path
        _ = try FeedImporter(databasePath: path, fresh: true).importPaths(paths)
        store = try VulnerabilityStore(path: path)
    }

    /// Writes synthetic OSV records (JSON objects) as files and imports them.
    init(advisories: [[String: Any]]) throws {
        let feed = try SharedData.makeTemporaryDirectory("plimsoll-match-osv")
        defer { try? FileManager.default.removeItem(at: feed) }
        for (index, advisory) in advisories.enumerated() {
            var record = advisory
            record["schema_version"] = "1.7.5"
            record["modified"] = record["modified"] ?? "2024-01-01T00:00:00Z"
            let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            try data.write(to: feed.appendingPathComponent("advisory-\(index).json"))
        }
        try self.init(importing: [feed.path])
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// One OSV record with one affected entry (`introduced 0`, `fixed` when given).
    static func advisory(
        _ id: String, ecosystem: String, package: String, fixed: String?, aliases: [String] = [],
        extra: [String: Any] = [:]
    ) -> [String: Any] {
        var events: [[String: String]] = [["introduced": "0"]]
        if let fixed { events.append(["fixed": fixed]) }
        var affected: [String: Any] = [
            "package": ["ecosystem": ecosystem, "name": package],
            "ranges": [["type": "ECOSYSTEM", "events": events]],
        ]
        for (key, value) in extra { affected[key] = value }
        return ["id": id, "aliases": aliases, "affected": [affected]]
    }
}
