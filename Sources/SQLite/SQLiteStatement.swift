import CSQLite3

/// A compiled statement: bind typed parameters, step through rows, read typed columns, reset, reuse.
///
/// Owned by one task at a time. Keeps its database open for as long as it lives.
public final class SQLiteStatement {
    private let database: SQLiteDatabase
    private let handle: OpaquePointer
    /// The statement's SQL text, for errors.
    public let sql: String

    init(database: SQLiteDatabase, sql: String) throws(SQLiteError) {
        self.database = database
        self.sql = sql
        var pointer: OpaquePointer?
        let status = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard status == SQLITE_OK, let pointer else {
            throw database.error(status, sql: sql)
        }
        handle = pointer
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to parameters 1…n, after clearing earlier bindings and resetting the statement.
    public func bind(_ values: [any SQLiteBindable]) throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            try bind(value.sqliteValue, at: Int32(offset + 1))
        }
    }

    /// Binds one value to the 1-based parameter `index`.
    public func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        let status: Int32
        switch value {
        case .null: status = sqlite3_bind_null(handle, index)
        case .integer(let number): status = sqlite3_bind_int64(handle, index, number)
        case .real(let number): status = sqlite3_bind_double(handle, index, number)
        case .text(let text):
            status = sqlite3_bind_text(handle, index, text, -1, plimsoll_sqlite_transient())
        case .blob(let bytes):
            status = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(
                    handle, index, buffer.baseAddress, sqlite3_uint64(buffer.count), plimsoll_sqlite_transient())
            }
        }
        guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
    }

    /// Advances to the next row: true when a row is ready to read, false when the statement is done.
    public func step() throws(SQLiteError) -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(status, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Binds `values`, runs the statement to completion (an `INSERT`, `UPDATE`, `DELETE`) and resets it.
    public func run(_ values: [any SQLiteBindable] = []) throws(SQLiteError) {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds `values` and returns `row` applied to each result row.
    public func query<T>(_ values: [any SQLiteBindable] = [], row: (SQLiteStatement) throws -> T) throws -> [T] {
        try bind(values)
        defer { sqlite3_reset(handle) }
        var rows: [T] = []
        while try step() { rows.append(try row(self)) }
        return rows
    }

    /// The number of columns in a result row.
    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// Whether column `index` (0-based) of the current row is `NULL`.
    public func isNull(_ index: Int) -> Bool { sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL }

    /// Column `index` as an integer (0 for `NULL`).
    public func int64(_ index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }

    /// Column `index` as an integer, nil for `NULL`.
    public func optionalInt64(_ index: Int) -> Int64? { isNull(index) ? nil : int64(index) }

    /// Column `index` as a double, nil for `NULL`.
    public func double(_ index: Int) -> Double? {
        isNull(index) ? nil : sqlite3_column_double(handle, Int32(index))
    }

    /// Column `index` as text, nil for `NULL`.
    public func string(_ index: Int) -> String? {
        guard let text = sqlite3_column_text(handle, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// Column `index` as bytes, nil for `NULL`.
    public func blob(_ index: Int) -> [UInt8]? {
        if isNull(index) { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        guard let bytes = sqlite3_column_blob(handle, Int32(index)), count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// Column `index` as whichever value SQLite holds.
    public func value(_ index: Int) -> SQLiteValue {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: .integer(int64(index))
        case SQLITE_FLOAT: .real(sqlite3_column_double(handle, Int32(index)))
        case SQLITE_TEXT: .text(string(index) ?? "")
        case SQLITE_BLOB: .blob(blob(index) ?? [])
        default: .null
        }
    }
}
