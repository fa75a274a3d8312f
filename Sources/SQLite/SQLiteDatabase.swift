import CSQLite3

/// One open SQLite database: a file opened read-only, read-write or created, an `immutable=1` read of a file
/// that must never be written to, or a private in-memory copy of a database image.
///
/// Opened with `SQLITE_OPEN_FULLMUTEX`, so SQLite serialises calls on the connection; statements prepared from
/// it are single-owner and must not be shared between tasks.
public final class SQLiteDatabase: @unchecked Sendable {
    /// How to open a database file.
    public enum OpenMode: Sendable {
        /// Read only; the file must exist. SQLite may still create `-wal`/`-shm` files for a WAL database.
        case readOnly
        /// Read and write; the file must exist.
        case readWrite
        /// Read and write, creating the file when it does not exist.
        case create
        /// Read only through a `file:…?immutable=1` URI: SQLite takes no locks and never writes beside the file.
        /// For databases inside images and under read-only test data.
        case immutable
    }

    /// The file path, or a label for in-memory databases.
    public let path: String
    let handle: OpaquePointer

    /// Opens the database at `path`.
    public init(path: String, mode: OpenMode) throws(SQLiteError) {
        self.path = path
        var flags: Int32 = SQLITE_OPEN_FULLMUTEX
        var name = path
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .create: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .immutable:
            flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
            name = "file:" + Self.uriEscaped(path) + "?immutable=1"
        }
        var pointer: OpaquePointer?
        let status = sqlite3_open_v2(name, &pointer, flags, nil)
        guard let pointer else {
            throw SQLiteError(code: status, message: "out of memory opening the database", path: path)
        }
        guard status == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(pointer))
            sqlite3_close_v2(pointer)
            throw SQLiteError(code: status, message: message, path: path)
        }
        handle = pointer
        sqlite3_extended_result_codes(pointer, 1)
    }

    /// Opens a private, read-only, in-memory copy of a database image (e.g. an `rpmdb.sqlite` read from a layer).
    ///
    /// A WAL-mode image (header bytes 18–19 = 2) is switched to the legacy journal in the copy, because
    /// `sqlite3_deserialize` refuses WAL images; the caller's bytes are never changed. `label` names the
    /// database in errors.
    public init(deserializing bytes: [UInt8], label: String) throws(SQLiteError) {
        path = label
        let header = Array("SQLite format 3\0".utf8)
        guard bytes.count >= 100, Array(bytes.prefix(16)) == header else {
            throw SQLiteError(code: -1, message: "not an sqlite database (bad header)", path: label)
        }
        var pointer: OpaquePointer?
        let status = sqlite3_open_v2(":memory:", &pointer, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nil)
        guard status == SQLITE_OK, let pointer else {
            if let pointer { sqlite3_close_v2(pointer) }
            throw SQLiteError(code: status, message: "cannot open an in-memory database", path: label)
        }
        guard let memory = sqlite3_malloc64(sqlite3_uint64(bytes.count)) else {
            sqlite3_close_v2(pointer)
            throw SQLiteError(code: SQLITE_NOMEM, message: "out of memory copying the database", path: label)
        }
        let buffer = memory.bindMemory(to: UInt8.self, capacity: bytes.count)
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.update(from: base, count: bytes.count) }
        }
        if buffer[18] == 2 || buffer[19] == 2 {
            buffer[18] = 1
            buffer[19] = 1
        }
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY)
        let size = sqlite3_int64(bytes.count)
        // On failure sqlite3_deserialize frees the buffer itself (FREEONCLOSE).
        let loaded = sqlite3_deserialize(pointer, "main", buffer, size, size, flags)
        guard loaded == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(pointer))
            sqlite3_close_v2(pointer)
            throw SQLiteError(code: loaded, message: message, path: label)
        }
        handle = pointer
        sqlite3_extended_result_codes(pointer, 1)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows (schema, pragmas, `BEGIN`/`COMMIT`).
    public func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard status == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: status, message: message, path: path, sql: sql)
        }
    }

    /// Compiles one statement for repeated use.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        try SQLiteStatement(database: self, sql: sql)
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; rolls back when it throws and rethrows its error.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The rowid of the last successful `INSERT` on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last `INSERT`, `UPDATE` or `DELETE`.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// The error for the status of the last call on this connection.
    func error(_ status: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)), path: path, sql: sql)
    }

    /// Percent-escapes the characters a `file:` URI gives meaning to, and every byte outside printable ASCII.
    static func uriEscaped(_ path: String) -> String {
        var escaped = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0...0x20, 0x7F...0xFF:
                let hex = Array("0123456789ABCDEF".utf8)
                escaped += "%" + String(UnicodeScalar(hex[Int(byte >> 4)])) + String(UnicodeScalar(hex[Int(byte & 15)]))
            default:
                escaped.append(Character(UnicodeScalar(byte)))
            }
        }
        return escaped
    }
}
