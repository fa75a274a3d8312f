public import Foundation
import Hashing
import Model

/// Writes and installs portable database archives: a tar+gzip holding `manifest.json` (format, schema version,
/// size and SHA-256 of the database, its sources) followed by `plimsoll.db`.
public enum DatabaseExporter {
    static let manifestName = "manifest.json"
    static let databaseName = "plimsoll.db"
    static let format = "plimsoll-vulndb-export"

    /// The manifest at the head of an export archive.
    struct Manifest: Codable {
        var format: String
        var schemaVersion: Int
        var createdAt: String
        var databaseSize: Int64
        var databaseSHA256: String
        var sources: [String]
    }

    /// Writes an export of the database at `databasePath` to `archivePath` (built aside, then renamed).
    @discardableResult
    public static func export(databasePath: String, to archivePath: String, now: Date = Date()) throws -> Int64 {
        let database = try DatabaseBuild.openChecked(databasePath)
        let sources = try VulnerabilityStore(database: database).metadata().sources.map { "\($0.kind):\($0.location)" }
        let size = try fileSize(databasePath)
        let digest = try sha256(of: databasePath)
        let manifest = Manifest(
            format: format, schemaVersion: DatabaseSchema.version, createdAt: Timestamp.string(now),
            databaseSize: size, databaseSHA256: digest, sources: sources)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let manifestBytes = [UInt8](try encoder.encode(manifest))
        let temporary = try DatabaseBuild.temporaryPath(beside: archivePath)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let writer = try FeedArchiveWriter(path: temporary)
        try writer.addFile(name: manifestName, size: Int64(manifestBytes.count)) { write throws(VulnDBError) in
            try withBytes(of: Data(manifestBytes), write)
        }
        try writer.addFile(name: databaseName, size: size) { write throws(VulnDBError) in
            try readChunks(of: databasePath, write)
        }
        try writer.close()
        try DatabaseBuild.publish(temporary, as: archivePath)
        return try fileSize(archivePath)
    }

    /// Whether `path` is an export archive (a gzip whose first entry is the manifest).
    static func isExport(_ path: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return false }
        let head = [UInt8]((try? handle.read(upToCount: 2)) ?? Data())
        try? handle.close()
        guard head == [0x1F, 0x8B] else { return false }
        guard let reader = try? FeedArchiveReader(path: path), !reader.isRawStream,
            let entry = try? reader.next(), !reader.isRawStream
        else { return false }
        return entry.name == manifestName
    }

    /// Verifies an export archive and installs its database at `target` atomically.
    static func install(_ path: String, as target: String) throws -> ImportSummary {
        let reader = try FeedArchiveReader(path: path)
        guard let first = try reader.next(), first.name == manifestName else {
            throw VulnDBError(.export, "'\(path)' is not a plimsoll database export (no manifest.json first)")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(try reader.readData(limit: 1 << 20)))
        } catch let error as VulnDBError {
            throw error
        } catch {
            throw VulnDBError(.export, "'\(path)' has an unreadable manifest.json: \(JSONField.shortReason(error))")
        }
        guard manifest.format == format else {
            throw VulnDBError(.export, "'\(path)' has manifest format '\(manifest.format)', expected '\(format)'")
        }
        guard manifest.schemaVersion == DatabaseSchema.version else {
            throw VulnDBError(
                .schemaVersion,
                "export '\(path)' holds schema version \(manifest.schemaVersion), this plimsoll reads version \(DatabaseSchema.version): export it again with this plimsoll's version, or rebuild with 'plimsoll db update'"
            )
        }
        guard let entry = try reader.next(), entry.name == databaseName else {
            throw VulnDBError(.export, "'\(path)' has no \(databaseName) after its manifest")
        }
        let temporary = try DatabaseBuild.temporaryPath(beside: target)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let output = FileHandle(forWritingAtPath: temporary)
        else { throw VulnDBError(.io, "cannot create '\(temporary)'") }
        let hasher = SHA256Hasher()
        var size: Int64 = 0
        do {
            try reader.readChunks { buffer throws(VulnDBError) in
                hasher.update(buffer)
                size += Int64(buffer.count)
                guard size <= manifest.databaseSize else {
                    throw VulnDBError(.export, "'\(path)': \(databaseName) is larger than its manifest says")
                }
                do { try output.write(contentsOf: Data(buffer)) } catch {
                    throw VulnDBError(.io, "cannot write '\(temporary)'", underlying: error as? CocoaError)
                }
            }
            try output.close()
        } catch {
            try? output.close()
            throw error
        }
        let digest = hasher.finalize().hex
        guard size == manifest.databaseSize, digest == manifest.databaseSHA256 else {
            throw VulnDBError(
                .export,
                "'\(path)' is damaged: \(databaseName) has \(size) bytes with sha256 \(digest), the manifest says \(manifest.databaseSize) bytes with sha256 \(manifest.databaseSHA256)"
            )
        }
        let store = try VulnerabilityStore(database: DatabaseBuild.openChecked(temporary))
        var summary = ImportSummary(databasePath: target)
        summary.installedExport = true
        for source in try store.metadata().sources {
            summary.sources.append(
                ImportSummary.SourceCount(
                    kind: source.kind, location: source.location, records: source.records, skipped: source.skipped,
                    dataDate: source.dataDate))
        }
        try DatabaseBuild.publish(temporary, as: target)
        return summary
    }

    private static func fileSize(_ path: String) throws -> Int64 {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return (attributes[.size] as? NSNumber)?.int64Value ?? 0
        } catch {
            throw VulnDBError(.io, "cannot read the size of '\(path)'", underlying: error as? CocoaError)
        }
    }

    private static func readChunks(
        of path: String, _ body: (UnsafeRawBufferPointer) throws(VulnDBError) -> Void
    ) throws(VulnDBError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw VulnDBError(.io, "cannot open '\(path)'") }
        defer { try? handle.close() }
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw VulnDBError(.io, "cannot read '\(path)'", underlying: error as? CocoaError)
            }
            if chunk.isEmpty { return }
            try withBytes(of: chunk, body)
        }
    }

    /// `Data.withUnsafeBytes` keeps the typed error of `body`.
    private static func withBytes(
        of data: Data, _ body: (UnsafeRawBufferPointer) throws(VulnDBError) -> Void
    ) throws(VulnDBError) {
        let result = data.withUnsafeBytes { buffer in
            Result { () throws(VulnDBError) in try body(buffer) }
        }
        try result.get()
    }

    private static func sha256(of path: String) throws -> String {
        let hasher = SHA256Hasher()
        try readChunks(of: path) { buffer in hasher.update(buffer) }
        return hasher.finalize().hex
    }
}
