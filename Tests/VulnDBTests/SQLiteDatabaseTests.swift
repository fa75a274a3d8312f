import Foundation
import SQLite
import TestSupport
import Testing

@Suite struct SQLiteDatabaseTests {
    @Test func bindsAndReadsEveryType() throws {
        let database = try SQLiteDatabase(path: ":memory:", mode: .create)
        try database.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        try database.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)").run([
            Int64.max, 7.25, "é ünïcode", [UInt8]([0, 1, 255]), String?.none,
        ])
        let rows = try database.prepare("SELECT i, r, s, b, n FROM t").query { row in
            (row.int64(0), row.double(1), row.string(2), row.blob(3), row.isNull(4), row.value(2))
        }
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.0 == Int64.max)
        #expect(row.1 == 7.25)
        #expect(row.2 == "é ünïcode")
        #expect(row.3 == [0, 1, 255])
        #expect(row.4)
        #expect(row.5 == .text("é ünïcode"))
    }

    @Test func errorsCarryTheMessageThePathAndTheStatement() throws {
        let directory = try SharedData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("x.db").path
        let database = try SQLiteDatabase(path: path, mode: .create)
        let error = try #require(throws: SQLiteError.self) { try database.prepare("SELEC 1") }
        #expect(error.message.contains("syntax error"))
        #expect(error.path == path)
        #expect(error.sql == "SELEC 1")
        #expect(error.description.contains("'\(path)'"))

        let missing = directory.appendingPathComponent("missing.db").path
        let openError = try #require(throws: SQLiteError.self) {
            try SQLiteDatabase(path: missing, mode: .readOnly)
        }
        #expect(openError.message.contains("unable to open"))
        #expect(openError.path == missing)
    }

    @Test func transactionRollsBackWhenTheBodyThrows() throws {
        struct Stop: Error {}
        let database = try SQLiteDatabase(path: ":memory:", mode: .create)
        try database.execute("CREATE TABLE t (v INTEGER)")
        #expect(throws: Stop.self) {
            try database.transaction {
                try database.prepare("INSERT INTO t VALUES (1)").run()
                throw Stop()
            }
        }
        try database.transaction { try database.prepare("INSERT INTO t VALUES (2)").run() }
        let values = try database.prepare("SELECT v FROM t").query { $0.int64(0) }
        #expect(values == [2])
    }

    @Test func immutableOpenWritesNothingBesideTheFile() throws {
        let directory = try SharedData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A name with URI-special characters must survive the file: URI.
        let path = directory.appendingPathComponent("a db?#%.sqlite").path
        do {
            let database = try SQLiteDatabase(path: path, mode: .create)
            try database.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('x')")
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let reader = try SQLiteDatabase(path: path, mode: .immutable)
        #expect(try reader.prepare("SELECT v FROM t").query { $0.string(0) } == ["x"])
        #expect(throws: SQLiteError.self) { try reader.execute("INSERT INTO t VALUES ('y')") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == before)
    }

    @Test func deserializesAWALImageWithoutTouchingTheCallersBytes() throws {
        let directory = try SharedData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("rpmdb.sqlite").path
        do {
            let database = try SQLiteDatabase(path: path, mode: .create)
            try database.execute(
                """
                PRAGMA journal_mode = WAL; CREATE TABLE Packages (name TEXT);
                INSERT INTO Packages VALUES ('bash'), ('glibc'); PRAGMA wal_checkpoint(TRUNCATE);
                """)
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes[18] == 2 && bytes[19] == 2)
        let database = try SQLiteDatabase(deserializing: bytes, label: "rpmdb.sqlite (in memory)")
        let names = try database.prepare("SELECT name FROM Packages ORDER BY name").query { $0.string(0) }
        #expect(names == ["bash", "glibc"])
        #expect(bytes[18] == 2)
        #expect(throws: SQLiteError.self) { try database.execute("INSERT INTO Packages VALUES ('x')") }
    }

    @Test(arguments: [[UInt8](), Array("not a database at all".utf8), Array(repeating: 0, count: 4096)])
    func refusesBytesThatAreNotADatabase(_ bytes: [UInt8]) throws {
        let error = try #require(throws: SQLiteError.self) {
            try SQLiteDatabase(deserializing: bytes, label: "junk")
        }
        #expect(error.message.contains("not an sqlite database"))
        #expect(error.path == "junk")
    }

    @Test func corruptPagesAreReportedNotCrashed() throws {
        let directory = try SharedData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("c.db").path
        do {
            let database = try SQLiteDatabase(path: path, mode: .create)
            try database.execute("CREATE TABLE t (v TEXT)")
            let insert = try database.prepare("INSERT INTO t VALUES (?)")
            try database.transaction {
                for index in 0..<2000 { try insert.run(["row \(index) " + String(repeating: "x", count: 50)]) }
            }
        }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // Overwrite the second page onward with garbage, keeping the valid header.
        for index in 4096..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
        let database = try SQLiteDatabase(deserializing: bytes, label: "c.db (damaged)")
        let error = try #require(throws: SQLiteError.self) {
            _ = try database.prepare("SELECT count(*) FROM t").query { $0.int64(0) }
        }
        #expect(error.path == "c.db (damaged)")
        #expect(error.message.contains("malformed") || error.message.contains("corrupt"))
    }
}
