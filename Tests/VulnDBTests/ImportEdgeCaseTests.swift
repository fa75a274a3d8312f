import Foundation
import Model
import SQLite
import TestSupport
import Testing
import VulnDB

@Suite struct ImportEdgeCaseTests {
    private let feeds = FeedFixtures.feeds

    private func scratch() throws -> URL { try SharedData.makeTemporaryDirectory("plimsoll-vulndb") }

    private func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func samplesOfEveryFormatImportAndOthersAreSkippedByName() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db/plimsoll.db").path
        let summary = try FeedImporter(databasePath: path).importPaths([feeds + "/samples"])
        let store = try VulnerabilityStore(path: path)

        // EPSS: both sample files, distinct CVEs counted independently of the importer (one is in both).
        var epssCVEs: Set<Substring> = []
        for file in ["vunnel/epss/example-1.csv", "claircore/epss-data.csv"] {
            let text = try String(contentsOfFile: feeds + "/samples/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("CVE-") {
                epssCVEs.insert(line.split(separator: ",")[0])
            }
        }
        #expect(try store.metadata().tableCounts["epss"] == epssCVEs.count)
        #expect(epssCVEs.count == 33)
        let score = try #require(try store.epss(cve: "CVE-1999-0001"))
        #expect(score.score == 0.00383)
        #expect(score.percentile == 0.73075)
        #expect(score.date == "2025-02-20T00:00:00+0000")

        // NVD pages: vunnel's 38-record page and single entry, claircore's page; ids counted independently.
        var cves: Set<String> = []
        for file in ["vunnel/nvd/full-page.json", "vunnel/nvd/single-entry.json", "claircore/nvd-1.1-feed.json"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: feeds + "/samples/" + file))
            let page = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            for item in page["vulnerabilities"] as? [[String: Any]] ?? [] {
                if let id = (item["cve"] as? [String: Any])?["id"] as? String { cves.insert(id) }
            }
        }
        #expect(cves.count >= 38)
        #expect(try store.metadata().tableCounts["nvd"] == cves.count)

        // OSV from Ubuntu, AlmaLinux, Rocky, Chainguard and osv.dev.
        let ubuntu = try #require(try store.advisory(id: "UBUNTU-CVE-2021-3782"))
        #expect(ubuntu.feedSeverityText == "medium")
        #expect(ubuntu.feedSeverity == .medium)
        #expect(ubuntu.affected.contains { $0.ecosystem == "Ubuntu:18.04:LTS" && $0.name == "wayland" })
        let alma = try #require(
            try store.advisories(ecosystem: "AlmaLinux:9", package: "avahi").first { $0.id == "ALSA-2024:2433" })
        #expect(alma.affected.first?.fixedVersions == ["0.8-20.el9"])
        // An osv.dev record with only `upstream` ids keeps them as aliases.
        let dla = try #require(try store.advisory(id: "DLA-3623-1"))
        #expect(dla.aliases.contains("CVE-2023-4921"))
        #expect(dla.affected.isEmpty)

        // KEV samples: two catalogs.
        #expect(try store.kev(cve: "CVE-2017-3066")?.product == "ColdFusion")

        // Red Hat CSAF, OpenVEX, secdb and the Debian tracker JSON are other formats: skipped, each with a reason.
        let unrecognised = summary.skippedSamples.filter { $0.reason.hasPrefix("not a recognised feed document") }
        let names = Set(unrecognised.map { ($0.file as NSString).lastPathComponent })
        #expect(
            names.isSuperset(of: [
                "rhsa-2023_3821.json", "rhsa-2024_0811.json", "CVE-2016-20013.json", "security.json", "debian.json",
                "alpine-v3.10-community.json",
            ]))
    }

    @Test func gzippedEPSSImports() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("epss_scores-current.csv")
        try FileManager.default.copyItem(atPath: feeds + "/samples/vunnel/epss/example-1.csv", toPath: copy.path)
        let gzip = try ProcessRunner.run("gzip", ["-9", copy.path])
        #expect(gzip.status == 0)
        let path = directory.appendingPathComponent("p.db").path
        let summary = try FeedImporter(databasePath: path).importPaths([copy.path + ".gz"])
        let rows = try String(contentsOfFile: feeds + "/samples/vunnel/epss/example-1.csv", encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("CVE-") }.count
        #expect(summary.sources.first?.kind == .epss)
        #expect(summary.sources.first?.records == rows)
        #expect(summary.sources.first?.dataDate == "2025-02-20T00:00:00+0000")
        #expect(try VulnerabilityStore(path: path).epss(cve: "CVE-1999-0002")?.percentile == 0.85996)
    }

    @Test func osvAllZipImportsEveryEntry() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let zip = directory.appendingPathComponent("all.zip").path
        let source = feeds + "/osv/Alpine/v3.9"
        let made = try ProcessRunner.run(
            "python3",
            [
                "-c",
                """
                import os, sys, zipfile
                with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                    for name in sorted(os.listdir(sys.argv[2])):
                        z.write(os.path.join(sys.argv[2], name), name)
                """,
                zip, source,
            ])
        #expect(made.status == 0, "\(made.error)")
        let files = try FileManager.default.contentsOfDirectory(atPath: source).filter { $0.hasSuffix(".json") }
        let path = directory.appendingPathComponent("p.db").path
        let summary = try FeedImporter(databasePath: path).importPaths([zip])
        #expect(summary.sources.map(\.records) == [files.count])
        let store = try VulnerabilityStore(path: path)
        #expect(try store.metadata().tableCounts["advisories"] == files.count)
        let musl = try store.advisories(ecosystem: "Alpine:v3.9", package: "musl")
        #expect(musl.contains { $0.id == "ALPINE-CVE-2019-14697" })

        // A damaged zip fails the import and says which archive; the database built above keeps working.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: zip)))
        bytes.removeLast(bytes.count / 2)
        let broken = directory.appendingPathComponent("broken.zip").path
        try Data(bytes).write(to: URL(fileURLWithPath: broken))
        let error = try #require(throws: VulnDBError.self) {
            try FeedImporter(databasePath: path).importPaths([broken])
        }
        #expect(error.description.contains("broken.zip"))
        #expect(try VulnerabilityStore(path: path).metadata().tableCounts["advisories"] == files.count)
    }

    @Test func malformedRecordsAreSkippedCountedAndSampled() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in")
        let good = """
            {"id": "TEST-1", "modified": "2024-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "npm",
             "name": "Left-Pad"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.3.0"}]}]}]}
            """
        try write(good, to: input.appendingPathComponent("good.json"))
        try write("{\"id\": \"TEST-2\", \"affected\": [", to: input.appendingPathComponent("truncated.json"))
        try write(
            #"{"id": "TEST-3", "modified": "x", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "FOO", "events": [{"introduced": "0"}]}]}]}"#,
            to: input.appendingPathComponent("badtype.json"))
        try write(
            #"{"id": "TEST-4", "modified": "x", "affected": [{"package": {"ecosystem": "npm", "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]}]}]}"#,
            to: input.appendingPathComponent("twokeys.json"))
        try write(
            #"{"id": "TEST-5", "modified": "x", "affected": [{"package": {"ecosystem": "npm"}}]}"#,
            to: input.appendingPathComponent("noname.json"))
        try write(#"{"id": 5, "modified": "x"}"#, to: input.appendingPathComponent("numericid.json"))
        try write(
            #"{"format": "NVD_CVE", "vulnerabilities": [{"cve": {"id": "CVE-2020-0001", "metrics": {"cvssMetricV31": [{"cvssData": {"vectorString": "CVSS:3.1/AV:N", "baseScore": 42}}]}}}, {"nope": 1}, {"cve": {"id": "CVE-2020-0002", "sourceIdentifier": "x"}}]}"#,
            to: input.appendingPathComponent("page.json"))
        try write(
            "#model_version:v1,score_date:2024-01-01\ncve,epss,percentile\nCVE-2020-0002,0.5,0.9\nCVE-2020-0003,high,0.1\n",
            to: input.appendingPathComponent("epss.csv"))
        try write("\u{FF}\u{FE}garbage", to: input.appendingPathComponent("binary.json"))

        let path = directory.appendingPathComponent("p.db").path
        let summary = try FeedImporter(databasePath: path).importPaths([input.path])
        let reasons = Dictionary(
            summary.skippedSamples.map { (($0.file as NSString).lastPathComponent, $0.reason) },
            uniquingKeysWith: { a, _ in a })
        #expect(summary.skippedCount == 9)
        #expect(reasons["truncated.json"]?.hasPrefix("invalid json") == true)
        #expect(reasons["badtype.json"] == "TEST-3: affected[0].ranges[0].type 'FOO' is not SEMVER, ECOSYSTEM or GIT")
        #expect(reasons["twokeys.json"] == "TEST-4: affected[0].ranges[0].event must hold exactly one string field")
        #expect(reasons["noname.json"] == "TEST-5: affected[0].package has no name")
        #expect(reasons["numericid.json"] == "not a recognised feed document (osv, nvd api 2.0, kev, epss)")
        #expect(
            reasons["page.json#vulnerabilities[0]"]
                == "CVE-2020-0001: cvssMetricV31.cvssData without a baseScore between 0 and 10")
        #expect(reasons["page.json#vulnerabilities[1]"] == "entry has no cve object")
        #expect(reasons["epss.csv:4"] == "row 'CVE-2020-0003,high,0.1' has no epss and percentile between 0 and 1")
        #expect(reasons["binary.json"]?.hasPrefix("invalid json") == true)

        let store = try VulnerabilityStore(path: path)
        let records = try store.advisories(ecosystem: "npm", package: "left-pad")
        #expect(records.map(\.id) == ["TEST-1"])
        #expect(records.first?.affected.first?.name == "Left-Pad")
        #expect(try store.nvd(cve: "CVE-2020-0002")?.sourceIdentifier == "x")
        #expect(try store.nvd(cve: "CVE-2020-0001") == nil)
        #expect(try store.epss(cve: "CVE-2020-0002")?.score == 0.5)
        let osvSource = try #require(try store.metadata().sources.first { $0.kind == .osv })
        #expect(osvSource.records == 1)
        #expect(osvSource.skipped == 3)
        #expect(osvSource.skippedSample?.contains("badtype.json") == true)
    }

    @Test func nothingImportableIsAnErrorAndLeavesNoDatabase() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write("{\"hello\": 1}", to: directory.appendingPathComponent("in/x.json"))
        let path = directory.appendingPathComponent("p.db").path
        let error = try #require(throws: VulnDBError.self) {
            try FeedImporter(databasePath: path).importPaths([directory.appendingPathComponent("in").path])
        }
        #expect(error.description.contains("no importable records"))
        #expect(error.description.contains("not a recognised feed document"))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["in"])
    }

    @Test func anotherSchemaVersionIsRefusedWithAdvice() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("p.db").path
        let kev = feeds + "/kev/known_exploited_vulnerabilities.json"
        try FeedImporter(databasePath: path).importPaths([kev])
        try SQLiteDatabase(path: path, mode: .readWrite).execute("PRAGMA user_version = 99")
        let error = try #require(throws: VulnDBError.self) { try VulnerabilityStore(path: path) }
        #expect(error.code == .schemaVersion)
        #expect(error.description.contains("schema version 99"))
        #expect(error.description.contains("newer plimsoll"))
        #expect(error.description.contains("plimsoll db import --fresh"))
        // Adding to it is refused too; --fresh rebuilds it.
        #expect(throws: VulnDBError.self) { try FeedImporter(databasePath: path).importPaths([kev]) }
        try FeedImporter(databasePath: path, fresh: true).importPaths([kev])
        #expect(try VulnerabilityStore(path: path).metadata().tableCounts["kev"] == 1404)

        // A SQLite file that is not a vulnerability database is named as such.
        let other = directory.appendingPathComponent("other.db").path
        try SQLiteDatabase(path: other, mode: .create).execute("CREATE TABLE t (v)")
        let otherError = try #require(throws: VulnDBError.self) { try VulnerabilityStore(path: other) }
        #expect(otherError.description.contains("is not a plimsoll vulnerability database"))
        let missingError = try #require(throws: VulnDBError.self) {
            try VulnerabilityStore(path: directory.appendingPathComponent("none.db").path)
        }
        #expect(missingError.code == .missing)
    }

    @Test func failedImportLeavesTheOldDatabaseWorking() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("p.db").path
        try FeedImporter(databasePath: path).importPaths([feeds + "/kev/known_exploited_vulnerabilities.json"])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let reader = try VulnerabilityStore(path: path)
        // The first path imports fine, the second does not exist: nothing of the first may be published.
        let error = try #require(throws: VulnDBError.self) {
            try FeedImporter(databasePath: path).importPaths([
                feeds + "/nvd", directory.appendingPathComponent("gone").path,
            ])
        }
        #expect(error.description.contains("no such file or directory"))
        #expect(error.description.contains("gone"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try reader.kev(cve: "CVE-2025-48384") != nil)
        #expect(try VulnerabilityStore(path: path).metadata().tableCounts["nvd"] == 0)
        // No half-built file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["p.db"])
        // A successful import swaps the file while an open store keeps reading its own copy.
        try FeedImporter(databasePath: path).importPaths([feeds + "/nvd"])
        #expect(try VulnerabilityStore(path: path).metadata().tableCounts["nvd"] == 103)
        #expect(try reader.metadata().tableCounts["nvd"] == 0)
    }

    @Test func exportRoundTripsAndDamageIsDetected() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("a/p.db").path
        try FeedImporter(databasePath: path).importPaths([
            feeds + "/kev/known_exploited_vulnerabilities.json", feeds + "/osv/Debian/10",
        ])
        let archive = directory.appendingPathComponent("export.tar.gz").path
        try DatabaseExporter.export(databasePath: path, to: archive)
        let listing = try ProcessRunner.run("tar", ["-tzf", archive])
        #expect(listing.output == "manifest.json\nplimsoll.db\n")

        let other = directory.appendingPathComponent("b/p.db").path
        let summary = try FeedImporter(databasePath: other).importPaths([archive])
        #expect(summary.installedExport)
        #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == Data(contentsOf: URL(fileURLWithPath: path)))
        let store = try VulnerabilityStore(path: other)
        #expect(try store.advisories(ecosystem: "Debian:10", package: "systemd").contains { $0.id == "DLA-3377-1" })
        #expect(try store.metadata().sources.count == 2)

        // Tamper with the database inside the archive, keep the manifest: the checksum catches it.
        let unpack = directory.appendingPathComponent("unpack")
        try FileManager.default.createDirectory(at: unpack, withIntermediateDirectories: true)
        #expect(try ProcessRunner.run("tar", ["-xzf", archive, "-C", unpack.path]).status == 0)
        let inner = unpack.appendingPathComponent("plimsoll.db")
        var bytes = [UInt8](try Data(contentsOf: inner))
        bytes[bytes.count - 10] ^= 0xFF
        try Data(bytes).write(to: inner)
        let tampered = directory.appendingPathComponent("tampered.tar.gz").path
        #expect(
            try ProcessRunner.run("tar", ["-czf", tampered, "-C", unpack.path, "manifest.json", "plimsoll.db"]).status
                == 0)
        let error = try #require(throws: VulnDBError.self) {
            try FeedImporter(databasePath: other).importPaths([tampered])
        }
        #expect(error.description.contains("is damaged"))
        #expect(try VulnerabilityStore(path: other).metadata().tableCounts["kev"] == 1404)
    }
}
