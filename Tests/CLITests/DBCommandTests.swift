import Foundation
import TestSupport
import Testing

@Suite struct DBCommandTests {
    private let feeds = SharedData.feeds.path
    private let binary = ProcessRunner.plimsollBinary

    @Test func importStatusExportAndImportElsewhere() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-cli-db")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("one/plimsoll.db").path
        let imported = try ProcessRunner.run(
            binary,
            [
                "db", "import", "--db", database, feeds + "/kev/known_exploited_vulnerabilities.json",
                feeds + "/osv/GHSA",
            ])
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("imported 1553 records into \(database)"))
        #expect(imported.output.contains("kev: 1404 records from \(feeds)/kev/known_exploited_vulnerabilities.json"))
        #expect(imported.output.contains("osv: 149 records from \(feeds)/osv/GHSA"))

        let status = try ProcessRunner.run(binary, ["db", "status", "--db", database])
        #expect(status.status == 0, "\(status.error)")
        #expect(status.output.contains("schema version: 1\n"))
        #expect(status.output.contains("records: advisories 149, affected "))
        #expect(status.output.contains("kev 1404, epss 0"))
        #expect(status.output.contains("ecosystems (8): Go, Maven, NuGet, Packagist, PyPI, RubyGems, SwiftURL, npm\n"))
        let kevRow = status.output.split(separator: "\n").first { $0.hasPrefix("  kev ") }
        #expect(kevRow?.contains("2025-08-25T17:04:19.9796Z") == true)

        let archive = directory.appendingPathComponent("vulndb.tar.gz").path
        let exported = try ProcessRunner.run(binary, ["db", "export", "--db", database, archive])
        #expect(exported.status == 0, "\(exported.error)")
        #expect(exported.output.hasPrefix("exported \(database) to \(archive)"))

        // The other machine: PLIMSOLL_DB picks the database, the export installs it whole.
        let second = directory.appendingPathComponent("two/plimsoll.db").path
        let installed = try ProcessRunner.run(binary, ["db", "import", archive], environment: ["PLIMSOLL_DB": second])
        #expect(installed.status == 0, "\(installed.error)")
        #expect(installed.output.contains("installed database export into \(second)"))
        let secondStatus = try ProcessRunner.run(binary, ["db", "status"], environment: ["PLIMSOLL_DB": second])
        #expect(secondStatus.output.contains("kev 1404"))
    }

    @Test func defaultLocationIsInTheCacheDirectory() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-cli-db")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try ProcessRunner.run(
            binary, ["db", "import", feeds + "/samples/vunnel/epss/example-1.csv"],
            environment: ["PLIMSOLL_CACHE_DIR": directory.path, "PLIMSOLL_DB": ""])
        #expect(result.status == 0, "\(result.error)")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/db/plimsoll.db"))
        #expect(result.output.contains("epss: 5 records"))
    }

    @Test func failuresExitTwoWithTheReasonAndUsageErrorsExitSixtyFour() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-cli-db")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("plimsoll.db").path
        let missing = try ProcessRunner.run(binary, ["db", "status", "--db", database])
        #expect(missing.status == 2)
        #expect(missing.error.contains("error: no vulnerability database at '\(database)'"))
        #expect(missing.error.contains("plimsoll db update"))

        let broken = directory.appendingPathComponent("broken.json")
        try Data("{\"id\": \"X-1\", \"affected\": [".utf8).write(to: broken)
        let nothing = try ProcessRunner.run(binary, ["db", "import", "--db", database, broken.path])
        #expect(nothing.status == 2)
        #expect(nothing.error.contains("no importable records"))
        #expect(nothing.error.contains("invalid json"))

        let unknown = try ProcessRunner.run(binary, ["db", "frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.error.contains("unknown db action 'frobnicate'"))
        let noPath = try ProcessRunner.run(binary, ["db", "import"])
        #expect(noPath.status == 64)
        #expect(noPath.error.contains("missing argument PATH"))
        let help = try ProcessRunner.run(binary, ["db", "--help"])
        #expect(help.status == 0)
        #expect(help.output.contains("plimsoll db import PATH..."))
    }

    @Test func skippedRecordsAreListedInTheSummary() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-cli-db")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("plimsoll.db").path
        let result = try ProcessRunner.run(
            binary, ["db", "import", "--db", database, feeds + "/osv/PyPI-json/matrix-synapse"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("skipped 3 malformed or unrecognised records:"))
        #expect(
            result.output.contains("PYSEC-2021-424.json: PYSEC-2021-424: affected[0].ranges[0].GIT fixed 'cb35df940a'"))
    }
}
