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

/// `db update` against a static mirror served by Python's `http.server` from a temp directory laid out as
/// `--feeds-url` expects (the NVD API path answers the one-page API 2.0 response of the feed kit).
@Suite struct DBUpdateCommandTests {
    private let feeds = SharedData.feeds.path

    @Test func updateFromAMirrorAndAFailedUpdateKeepsTheDatabase() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-cli-update")
        defer { try? FileManager.default.removeItem(at: directory) }
        let mirror = directory.appendingPathComponent("mirror").path
        let manager = FileManager.default
        for folder in ["osv/Alpine:v3.9", "nvd/rest/json/cves", "kev", "epss"] {
            try manager.createDirectory(atPath: mirror + "/" + folder, withIntermediateDirectories: true)
        }
        let zipped = try ProcessRunner.run(
            "python3",
            [
                "-c",
                """
                import os, sys, zipfile
                with zipfile.ZipFile(sys.argv[1], "w") as z:
                    for n in sorted(os.listdir(sys.argv[2])):
                        z.write(os.path.join(sys.argv[2], n), n)
                """,
                mirror + "/osv/Alpine:v3.9/all.zip", feeds + "/osv/Alpine/v3.9",
            ])
        #expect(zipped.status == 0, "\(zipped.error)")
        try manager.copyItem(atPath: feeds + "/nvd/api-2.0-page.json", toPath: mirror + "/nvd/rest/json/cves/2.0")
        try manager.copyItem(
            atPath: feeds + "/kev/known_exploited_vulnerabilities.json",
            toPath: mirror + "/kev/known_exploited_vulnerabilities.json")
        let epss = mirror + "/epss/epss_scores-current.csv"
        try manager.copyItem(atPath: feeds + "/samples/vunnel/epss/example-1.csv", toPath: epss)
        #expect(try ProcessRunner.run("gzip", [epss]).status == 0)

        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", mirror]
        let output = Pipe()
        server.standardOutput = output
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        var banner = ""
        while !banner.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        let port = try #require(
            banner.split(separator: " ").firstIndex(of: "port").map { index in
                banner.split(separator: " ")[index + 1]
            })
        let base = "http://127.0.0.1:\(port)"

        let database = directory.appendingPathComponent("db/plimsoll.db").path
        let updated = try ProcessRunner.run(
            ProcessRunner.plimsollBinary, ["db", "update", "--db", database, "--ecosystems", "Alpine:v3.9"],
            environment: ["PLIMSOLL_FEEDS_URL": base])
        #expect(updated.status == 0, "\(updated.error)")
        let files = try manager.contentsOfDirectory(atPath: feeds + "/osv/Alpine/v3.9").count
        #expect(updated.output.contains("osv: \(files) records from \(base)/osv/Alpine%3Av3.9/all.zip"))
        #expect(updated.output.contains("nvd: 103 records from \(base)/nvd/rest/json/cves/2.0"))
        #expect(updated.output.contains("kev: 1404 records from \(base)/kev/known_exploited_vulnerabilities.json"))
        #expect(updated.output.contains("epss: 5 records from \(base)/epss/epss_scores-current.csv.gz"))
        let before = try Data(contentsOf: URL(fileURLWithPath: database))

        // The mirror loses its KEV file: the update stops with the URL and the status, the database stays.
        try manager.removeItem(atPath: mirror + "/kev/known_exploited_vulnerabilities.json")
        let failed = try ProcessRunner.run(
            ProcessRunner.plimsollBinary,
            ["db", "update", "--db", database, "--ecosystems", "Alpine:v3.9", "--feeds-url", base])
        #expect(failed.status == 2)
        #expect(failed.error.contains("the previous database is unchanged"))
        #expect(failed.error.contains("downloading kev from \(base)/kev/known_exploited_vulnerabilities.json failed"))
        #expect(failed.error.contains("HTTP 404"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)

        let usage = try ProcessRunner.run(
            ProcessRunner.plimsollBinary, ["db", "update", "--db", database, "--sources", "osv,rss"])
        #expect(usage.status == 64)
        #expect(usage.error.contains("unknown feed 'rss' in --sources"))
    }
}
