public import Foundation

/// Imports feed files, directories and archives (OSV JSON and `all.zip`, NVD API 2.0, CISA KEV, EPSS CSV/gzip)
/// or an export archive into the database at `databasePath`, building aside and swapping atomically.
public struct FeedImporter: Sendable {
    /// The database file to create or update.
    public var databasePath: String
    /// Start from an empty database instead of adding to the existing one.
    public var fresh: Bool

    /// Creates an importer for the database at `databasePath`.
    public init(databasePath: String, fresh: Bool = false) {
        self.databasePath = databasePath
        self.fresh = fresh
    }

    /// Imports every path (a file, a directory walked recursively, or a zip/tar/gzip archive) in one transaction.
    ///
    /// Malformed records are skipped and listed in the summary. Throws when a path is missing or unreadable, an
    /// archive is corrupt, nothing importable was found, or the database cannot be written; the previous database
    /// is then left as it was. An export archive written by `DatabaseExporter` must be the only path, and
    /// replaces the database after its checksum and schema are verified.
    @discardableResult
    public func importPaths(_ paths: [String], now: Date = Date()) throws -> ImportSummary {
        guard !paths.isEmpty else { throw VulnDBError(.input, "nothing to import: no paths given") }
        for path in paths where try DatabaseExporter.isExport(path) {
            guard paths.count == 1 else {
                throw VulnDBError(.input, "export archive '\(path)' must be imported on its own")
            }
            return try DatabaseExporter.install(path, as: databasePath)
        }
        let inputs = paths.map { (path: $0, location: URL(fileURLWithPath: $0).standardizedFileURL.path) }
        return try importInputs(inputs, now: now)
    }

    /// Imports files whose source is named by `location` (a path, or the URL a download came from).
    func importInputs(_ inputs: [(path: String, location: String)], now: Date) throws -> ImportSummary {
        try DatabaseBuild.run(target: databasePath, fresh: fresh, now: now) { writer in
            let session = ImportSession(
                writer: writer, fetchedAt: Timestamp.string(now), databasePath: databasePath)
            for input in inputs {
                try session.ingest(path: input.path, location: input.location)
            }
            try session.finish()
            guard session.summary.recordCount > 0 else {
                let sample = session.summary.skippedSamples.first.map { " (first problem: \($0.file): \($0.reason))" }
                let names = inputs.map { "'\($0.location)'" }.joined(separator: ", ")
                throw VulnDBError(.input, "no importable records in \(names)\(sample ?? "")")
            }
            return session.summary
        }
    }
}
