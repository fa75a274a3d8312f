import Foundation
import TestSupport
import Testing
import VulnDB

@Suite struct AdvisoryRecordTests {
    private func record(_ id: String, _ aliases: [String]) -> AdvisoryRecord {
        AdvisoryRecord(id: id, aliases: aliases, source: "test")
    }

    @Test func recordsSharingAnIDOrAliasFormOneGroup() {
        let records = [
            record("PYSEC-2021-108", ["CVE-2021-33503", "GHSA-q2q7-5pp4-w6pg"]),
            record("GO-2022-0969", ["CVE-2022-27664"]),
            record("GHSA-q2q7-5pp4-w6pg", ["CVE-2021-33503"]),
            record("OSV-X", ["GO-2022-0969"]),
            record("DLA-1", []),
        ]
        let groups = AdvisoryRecord.groupedByAlias(records).map { $0.map(\.id) }
        #expect(groups == [["PYSEC-2021-108", "GHSA-q2q7-5pp4-w6pg"], ["GO-2022-0969", "OSV-X"], ["DLA-1"]])
    }

    @Test func deeplyNestedJSONIsSkippedNotACrash() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-vulndb")
        defer { try? FileManager.default.removeItem(at: directory) }
        let depth = 100_000
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let input = directory.appendingPathComponent("deep.json")
        try Data(#"{"id": "DEEP-1", "modified": "x", "database_specific": \#(nested)}"#.utf8).write(to: input)
        let good = directory.appendingPathComponent("good.json")
        try Data(#"{"id": "OK-1", "modified": "2024-01-01T00:00:00Z"}"#.utf8).write(to: good)
        let path = directory.appendingPathComponent("p.db").path
        let summary = try FeedImporter(databasePath: path).importPaths([input.path, good.path])
        #expect(summary.recordCount == 1)
        #expect(summary.skippedCount == 1)
        #expect(summary.skippedSamples.first?.reason.hasPrefix("invalid json") == true)
    }

    @Test func truncatedJSONSaysWhatIsWrongInPlainWords() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-vulndb")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("cut.json")
        try Data(#"{"id": "CUT-1", "affected": ["#.utf8).write(to: input)
        let good = directory.appendingPathComponent("good.json")
        try Data(#"{"id": "OK-1", "modified": "2024-01-01T00:00:00Z"}"#.utf8).write(to: good)
        let summary = try FeedImporter(databasePath: directory.appendingPathComponent("p.db").path)
            .importPaths([input.path, good.path])
        let reason = try #require(summary.skippedSamples.first?.reason)
        #expect(reason == "invalid json (unexpected end of file during json parse.)")
    }
}
