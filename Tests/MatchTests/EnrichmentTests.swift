import Foundation
import Match
import Model
import TestSupport
import Testing

/// KEV and EPSS joined on the CVE aliases of an advisory, from the real KEV catalog and EPSS sample.
@Suite struct EnrichmentTests {
    @Test func kevFlagAndHighestEPSSOfTheAliases() throws {
        let feed = try SharedData.makeTemporaryDirectory("plimsoll-enrich")
        defer { try? FileManager.default.removeItem(at: feed) }
        let advisory: [String: Any] = [
            "schema_version": "1.7.5", "id": "DLA-2852-1", "modified": "2021-12-14T00:00:00Z",
            "aliases": ["CVE-2021-44228", "CVE-1999-0002", "CVE-1999-0003"],
            "affected": [
                [
                    "package": ["ecosystem": "Debian:10", "name": "apache-log4j2"],
                    "ranges": [["type": "ECOSYSTEM", "events": [["introduced": "0"], ["fixed": "2.15.0-1~deb10u1"]]]],
                ]
            ],
        ]
        try JSONSerialization.data(withJSONObject: advisory).write(to: feed.appendingPathComponent("DLA-2852-1.json"))
        let database = try AdvisoryDatabase(importing: [
            feed.path, SharedData.feeds.appendingPathComponent("kev/known_exploited_vulnerabilities.json").path,
            SharedData.feeds.appendingPathComponent("samples/vunnel/epss/example-1.csv").path,
        ])
        defer { database.remove() }
        let package = Package(
            name: "liblog4j2-java", version: "2.11.1-2", type: .deb,
            purl: PURL(type: "deb", namespace: "debian", name: "liblog4j2-java", version: "2.11.1-2"),
            locations: [Location(path: "/var/lib/dpkg/status")], sourceName: "apache-log4j2", foundBy: "dpkg")
        let sbom = SBOM(
            source: ImageDescription(userInput: "x", scheme: "dir"), distro: Distro(id: "debian", versionID: "10"),
            packages: [package])
        let result = try Matcher(store: database.store).match(sbom)
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.knownExploited)
        // CVE-1999-0003 has the highest score of the aliases in the sample (0.04409, percentile 0.92440).
        #expect(finding.epssScore == 0.04409)
        #expect(finding.epssPercentile == 0.92440)
        #expect(finding.fixedVersions == ["2.15.0-1~deb10u1"])
        // No NVD record and no feed severity: unknown, and no invented source.
        #expect(finding.severity == .unknown)
        #expect(finding.severitySource == nil)
    }
}
