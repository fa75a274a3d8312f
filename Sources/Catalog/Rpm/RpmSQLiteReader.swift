import CSQLite3

/// Reads the header blobs of an rpm SQLite database (`rpmdb.sqlite`, table `Packages(hnum, blob)`) from bytes.
///
/// The database is deserialized from a private in-memory copy, never opened in place (PITFALLS 28): rpm keeps it
/// in WAL mode, which `sqlite3_deserialize` refuses until header bytes 18–19 say "legacy journal" (1).
enum RpmSQLiteReader {
    /// The blobs in `hnum` order.
    static func blobs(_ bytes: [UInt8], path: String) throws(RpmDatabaseError) -> [[UInt8]] {
        guard bytes.count >= 100, bytes.starts(with: Array("SQLite format 3\u{0}".utf8)) else {
            throw RpmDatabaseError(path: path, reason: "not an sqlite database (bad magic)")
        }
        var handle: OpaquePointer?
        guard sqlite3_open_v2(":memory:", &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let database = handle
        else {
            sqlite3_close(handle)
            throw RpmDatabaseError(path: path, reason: "sqlite could not open an in-memory database")
        }
        defer { sqlite3_close(database) }
        guard let memory = sqlite3_malloc64(UInt64(bytes.count)) else {
            throw RpmDatabaseError(path: path, reason: "sqlite could not allocate \(bytes.count) bytes")
        }
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { memory.copyMemory(from: base, byteCount: bytes.count) }
        }
        // WAL (2) → legacy journal (1) in the private copy only.
        let header = memory.assumingMemoryBound(to: UInt8.self)
        header[18] = 1
        header[19] = 1
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY)
        let size = Int64(bytes.count)
        let status = sqlite3_deserialize(database, "main", header, size, size, flags)
        guard status == SQLITE_OK else {
            throw RpmDatabaseError(path: path, reason: "sqlite refused the database: \(message(database))")
        }
        var statementHandle: OpaquePointer?
        guard
            sqlite3_prepare_v2(database, "SELECT blob FROM Packages ORDER BY hnum", -1, &statementHandle, nil)
                == SQLITE_OK, let statement = statementHandle
        else {
            throw RpmDatabaseError(path: path, reason: "cannot query table 'Packages': \(message(database))")
        }
        defer { sqlite3_finalize(statement) }
        var result: [[UInt8]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                throw RpmDatabaseError(path: path, reason: "reading table 'Packages' failed: \(message(database))")
            }
            let length = Int(sqlite3_column_bytes(statement, 0))
            if let blob = sqlite3_column_blob(statement, 0), length > 0 {
                result.append(Array(UnsafeRawBufferPointer(start: blob, count: length)))
            } else {
                result.append([])
            }
        }
        return result
    }

    private static func message(_ database: OpaquePointer) -> String {
        sqlite3_errmsg(database).map { String(cString: $0) } ?? "unknown sqlite error"
    }
}
