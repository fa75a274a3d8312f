/// A failure reported by SQLite, with the library's own message and the database it concerns.
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The SQLite result code (`SQLITE_CORRUPT`, `SQLITE_CANTOPEN`, …), or -1 for checks made before calling SQLite.
    public var code: Int32
    /// What went wrong, as `sqlite3_errmsg` says it (or our own words for checks made before calling SQLite).
    public var message: String
    /// The database file, or a label such as `:memory:` or `rpmdb.sqlite (in memory)`.
    public var path: String
    /// The statement being prepared or run, when there was one.
    public var sql: String?

    /// Creates an error; `sql` names the statement being prepared or run, if any.
    public init(code: Int32, message: String, path: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.sql = sql
    }

    public var description: String {
        var text = "sqlite: \(message) (code \(code)) in '\(path)'"
        if let sql {
            let short = sql.count > 120 ? String(sql.prefix(117)) + "..." : sql
            text += " while running '\(short)'"
        }
        return text
    }
}
