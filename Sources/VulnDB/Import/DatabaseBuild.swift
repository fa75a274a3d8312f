import Foundation
import SQLite

/// Builds a database beside the published one and swaps it in with `rename(2)`, so readers see either the old
/// file or the new one, and a failed build leaves the old one untouched.
enum DatabaseBuild {
    /// Runs `body` against a private copy of the database at `target` (or a new empty one when `fresh` or when
    /// there is none), in one transaction, then renames the copy over `target`.
    static func run<T>(target: String, fresh: Bool, now: Date, _ body: (DatabaseWriter) throws -> T) throws -> T {
        let temporary = try temporaryPath(beside: target)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let exists = FileManager.default.fileExists(atPath: target)
        if exists && !fresh {
            // Refuse to build on a database of another schema before spending time on the import.
            _ = try openChecked(target)
            do {
                try FileManager.default.copyItem(atPath: target, toPath: temporary)
            } catch {
                throw VulnDBError(.io, "cannot copy '\(target)' to '\(temporary)'", underlying: error as? CocoaError)
            }
        }
        let stamp = Timestamp.string(now)
        let result: T
        do {
            let writer = try DatabaseWriter(path: temporary, create: fresh || !exists, now: stamp)
            result = try writer.database.transaction {
                let value = try body(writer)
                try writer.setUpdated(stamp)
                return value
            }
            try writer.database.execute("ANALYZE")
        } catch let error as VulnDBError {
            throw error
        } catch let error as SQLiteError {
            throw VulnDBError(.io, "building the vulnerability database failed", underlying: error)
        }
        try publish(temporary, as: target)
        return result
    }

    /// A fresh path in `target`'s directory (created when missing), so the final rename stays on one file system.
    static func temporaryPath(beside target: String) throws -> String {
        let directory = (target as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw VulnDBError(.io, "cannot create directory '\(directory)'", underlying: error as? CocoaError)
            }
        }
        let base = (target as NSString).lastPathComponent
        let prefix = directory.isEmpty ? "" : directory + "/"
        return prefix + ".\(base).building-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    }

    /// Atomically replaces `target` with `temporary`.
    static func publish(_ temporary: String, as target: String) throws {
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            throw VulnDBError(.io, "cannot move the new database into place at '\(target)': \(reason.lowercased())")
        }
    }

    /// Opens a published database read-only (`immutable=1`: published files are never written in place) and
    /// checks its schema.
    static func openChecked(_ path: String) throws(VulnDBError) -> SQLiteDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw VulnDBError(
                .missing,
                "no vulnerability database at '\(path)' (run 'plimsoll db update' or 'plimsoll db import PATH')")
        }
        let database: SQLiteDatabase
        do {
            database = try SQLiteDatabase(path: path, mode: .immutable)
        } catch {
            throw VulnDBError(.corrupt, "cannot open vulnerability database '\(path)'", underlying: error)
        }
        try DatabaseSchema.check(database)
        return database
    }
}
