import SQLite

/// Reads the header blobs of an rpm SQLite database (`rpmdb.sqlite`, table `Packages(hnum, blob)`) from bytes.
///
/// The database is deserialized from a private in-memory copy, never opened in place (PITFALLS 28); the `SQLite`
/// module switches rpm's WAL mode to the legacy journal in that copy.
enum RpmSQLiteReader {
    /// The blobs in `hnum` order.
    static func blobs(_ bytes: [UInt8], path: String) throws(RpmDatabaseError) -> [[UInt8]] {
        guard bytes.count >= 100, bytes.starts(with: Array("SQLite format 3\u{0}".utf8)) else {
            throw RpmDatabaseError(path: path, reason: "not an sqlite database (bad magic)")
        }
        do throws(SQLiteError) {
            let database = try SQLiteDatabase(deserializing: bytes, label: path)
            let statement = try database.prepare("SELECT blob FROM Packages ORDER BY hnum")
            var result: [[UInt8]] = []
            while try statement.step() {
                result.append(statement.blob(0) ?? [])
            }
            return result
        } catch {
            throw RpmDatabaseError(path: path, reason: "sqlite: \(error.description)")
        }
    }
}
