import Foundation
import HTTPClient
import TestSupport
import Testing
import VulnDB

@Suite(.serialized) struct FeedUpdaterTests {
    /// The production downloader with timeouts short enough for a test of a hanging server.
    private let downloader = HTTPFeedDownloader(
        client: HTTPClient(configuration: .init(connectTimeout: 2, lowSpeedLimit: 1, lowSpeedTime: 2)), retries: 1,
        initialBackoff: .milliseconds(50))

    private func updater(_ server: FeedServer, mode: String, database: String) -> FeedUpdater {
        FeedUpdater(
            databasePath: database, endpoints: .mirror(server.base(mode)), ecosystems: ["Alpine:v3.9", "Debian:10"],
            nvdPageSize: 40, nvdPause: .zero)
    }

    @Test func endpointsFollowTheBucketLayout() {
        #expect(
            FeedEndpoints.official.osvExport("Debian:12")
                == "https://osv-vulnerabilities.storage.googleapis.com/Debian%3A12/all.zip")
        let mirror = FeedEndpoints.mirror("http://mirror.local/feeds/")
        #expect(mirror.osvExport("crates.io") == "http://mirror.local/feeds/osv/crates.io/all.zip")
        #expect(mirror.nvdAPI == "http://mirror.local/feeds/nvd/rest/json/cves/2.0")
        #expect(mirror.kev == "http://mirror.local/feeds/kev/known_exploited_vulnerabilities.json")
    }

    @Test func updateFromAMirrorThenEveryFailureKeepsTheOldDatabase() async throws {
        let server = try FeedServer()
        defer { server.stop() }
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-update")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("plimsoll.db").path

        let summary = try await updater(server, mode: "ok", database: database).update(downloader: downloader)
        let alpineFiles = try FileManager.default.contentsOfDirectory(
            atPath: SharedData.feeds.path + "/osv/Alpine/v3.9")
        let debianFiles = try FileManager.default.contentsOfDirectory(atPath: SharedData.feeds.path + "/osv/Debian/10")
        let osv = summary.sources.filter { $0.kind == .osv }
        #expect(osv.map(\.records) == [alpineFiles.count, debianFiles.count])
        #expect(osv.first?.location == server.base("ok") + "/osv/Alpine%3Av3.9/all.zip")
        #expect(summary.sources.first { $0.kind == .nvd }?.records == 103)
        #expect(summary.sources.first { $0.kind == .kev }?.records == 1404)
        #expect(summary.sources.first { $0.kind == .epss }?.records == 5)
        let store = try VulnerabilityStore(path: database)
        #expect(try store.advisories(ecosystem: "Debian:10", package: "systemd").contains { $0.id == "DLA-3377-1" })
        #expect(try store.metadata().tableCounts["nvd"] == 103)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))

        let failures: [(mode: String, expected: [String])] = [
            ("nvd500", ["nvd page at startIndex 40", "500"]),
            ("truncated", ["downloading kev", "known_exploited_vulnerabilities.json"]),
            ("corruptzip", ["osv/Alpine%3Av3.9/all.zip"]),
            ("hang", ["downloading osv Alpine:v3.9", "timed out"]),
        ]
        for failure in failures {
            let error = await #expect(throws: VulnDBError.self, "\(failure.mode)") {
                try await updater(server, mode: failure.mode, database: database).update(downloader: downloader)
            }
            let message = error?.description ?? ""
            #expect(message.contains("the previous database is unchanged"), "\(failure.mode): \(message)")
            for text in failure.expected {
                #expect(message.contains(text), "\(failure.mode): \(message)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before, "\(failure.mode)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["plimsoll.db"])
        }
        #expect(try VulnerabilityStore(path: database).metadata().tableCounts["kev"] == 1404)
    }
}
