import Foundation
import Model
import TestSupport
import Testing
import VulnDB

@Suite struct FeedImportTests {
    private func store() throws -> VulnerabilityStore {
        try VulnerabilityStore(path: try FeedFixtures.built.get().path)
    }

    @Test func countsMatchAnIndependentWalkOfTheFeeds() throws {
        let built = try FeedFixtures.built.get()
        let reference = try FeedFixtures.reference.get()
        let metadata = try VulnerabilityStore(path: built.path).metadata()
        #expect(metadata.tableCounts["advisories"] == reference.advisories)
        #expect(metadata.tableCounts["affected"] == reference.affected)
        #expect(metadata.tableCounts["aliases"] == reference.aliases)
        for directory in FeedFixtures.osvDirectories {
            let source = built.summary.sources.first { $0.kind == .osv && $0.location == directory }
            #expect(source?.records == reference.records[directory], "records from \(directory)")
        }
        let pypi = try #require(built.summary.sources.first { $0.location.hasSuffix("PyPI-json") })
        #expect(pypi.skipped == reference.invalid.count)
        #expect(reference.invalid.count == 7)
    }

    @Test func schemaInvalidPYSECRecordsAreSkippedWithTheirFilesAndReasons() throws {
        let built = try FeedFixtures.built.get()
        let reference = try FeedFixtures.reference.get()
        let skippedOSV = built.summary.skippedSamples.filter { $0.file.hasSuffix(".json") && $0.file.contains("/osv/") }
        #expect(skippedOSV.map(\.file).sorted() == reference.invalid)
        let synapse = try #require(skippedOSV.first { $0.file.hasSuffix("PYSEC-2021-424.json") })
        #expect(
            synapse.reason == "PYSEC-2021-424: affected[0].ranges[0].GIT fixed 'cb35df940a' is not a full commit hash")
        #expect(try store().advisory(id: "PYSEC-2021-424") == nil)
    }

    @Test func debianAdvisoryForTheSourcePackageOfItsRelease() throws {
        let records = try store().advisories(ecosystem: "Debian:10", package: "systemd")
        let record = try #require(records.first { $0.id == "DLA-3377-1" })
        #expect(record.aliases == ["CVE-2023-26604"])
        #expect(record.summary == "systemd - security update")
        #expect(record.affected.count == 1)
        let entry = try #require(record.affected.first)
        #expect(entry.ecosystem == "Debian:10")
        #expect(entry.fixedVersions == ["241-7~deb10u9"])
        #expect(entry.fixState == .fixed)
        #expect(entry.ranges == [AffectedRange(type: .ecosystem, events: [.introduced("0"), .fixed("241-7~deb10u9")])])
        #expect(record.references.first?.url == "https://security-tracker.debian.org/tracker/DLA-3377-1")
        // Other releases' systemd advisories stay out of a Debian 10 lookup.
        #expect(records.allSatisfy { $0.affected.allSatisfy { $0.ecosystem == "Debian:10" } })
        // The ecosystem compares without case.
        #expect(try store().advisories(ecosystem: "debian:10", package: "systemd").map(\.id) == records.map(\.id))
    }

    @Test func endOfLifeStatusIsKeptAsWontFix() throws {
        let record = try #require(try store().advisory(id: "DSA-3699-1"))
        let entry = try #require(record.affected.first { $0.ecosystem == "Debian:8" })
        #expect(entry.trackerStatus == "<end-of-life>")
        #expect(entry.fixState == .wontFix)
        #expect(entry.fixedVersions.isEmpty)
    }

    @Test func alpineAdvisoriesAreKeptPerRelease() throws {
        let store = try store()
        let v39 = try #require(
            try store.advisories(ecosystem: "Alpine:v3.9", package: "musl").first { $0.id == "ALPINE-CVE-2019-14697" })
        #expect(v39.affected.map(\.fixedVersions) == [["1.1.20-r5"]])
        let v37 = try #require(
            try store.advisories(ecosystem: "Alpine:v3.7", package: "musl").first { $0.id == "ALPINE-CVE-2019-14697" })
        #expect(v37.affected.map(\.fixedVersions) == [["1.1.18-r4"]])
        // The same id from several release directories is one advisory holding every release's entry.
        let all = try #require(try store.advisory(id: "ALPINE-CVE-2019-14697"))
        let releases = Set(all.affected.map(\.ecosystem))
        #expect(releases.isSuperset(of: ["Alpine:v3.7", "Alpine:v3.9", "Alpine:v3.10"]))
    }

    @Test func pypiLookupsUseNormalisedNames() throws {
        let store = try store()
        let byDisplayName = try store.advisories(ecosystem: "PyPI", package: "PyYAML").map(\.id)
        let byLowercase = try store.advisories(ecosystem: "PyPI", package: "pyyaml").map(\.id)
        #expect(!byDisplayName.isEmpty)
        #expect(byDisplayName == byLowercase)
        let fileCount = try FileManager.default.contentsOfDirectory(
            atPath: FeedFixtures.feeds + "/osv/PyPI-json/pyyaml"
        )
        .filter { $0.hasSuffix(".json") }.count
        #expect(byDisplayName.count == fileCount)
        let record = try #require(try store.advisory(id: "PYSEC-2020-342"))
        #expect(
            record.severities == [SeverityScore(type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")]
        )
        #expect(record.affected.first?.versions.count == 10)
        #expect(record.affected.first?.fixState == .notFixed)
    }

    @Test func goAdvisoryRangesAndAliases() throws {
        let store = try store()
        let record = try #require(
            try store.advisories(ecosystem: "Go", package: "stdlib").first { $0.id == "GO-2022-0969" })
        #expect(record.aliases == ["CVE-2022-27664", "GHSA-69cg-p879-7622"])
        let range = try #require(record.affected.first?.ranges.first)
        #expect(range.type == .semver)
        #expect(range.events == [.introduced("0"), .fixed("1.18.6"), .introduced("1.19.0-0"), .fixed("1.19.1")])
        #expect(try store.aliases(of: "CVE-2022-27664").contains("GO-2022-0969"))
        #expect(try store.aliases(of: "GHSA-69cg-p879-7622").contains("CVE-2022-27664"))
    }

    @Test func ghsaMavenRecordsCarryTheirSeverity() throws {
        let records = try store().advisories(ecosystem: "Maven", package: "com.fasterxml.jackson.core:jackson-databind")
        #expect(records.count == 69)
        let record = try #require(records.first { $0.id == "GHSA-57j2-w4cx-62h2" })
        #expect(record.affected.flatMap(\.fixedVersions).contains("2.12.6.1"))
        #expect(record.feedSeverity != nil)
        #expect(record.feedSeverityText == "HIGH")
    }

    @Test func kevCatalogIsComplete() throws {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: FeedFixtures.feeds + "/kev/known_exploited_vulnerabilities.json"))
        let catalog = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(catalog["vulnerabilities"] as? [[String: Any]])
        let store = try store()
        #expect(try store.metadata().tableCounts["kev"] == entries.count)
        #expect(entries.count == 1404)
        let entry = try #require(try store.kev(cve: "CVE-2025-48384"))
        #expect(entry.vendorProject == "Git")
        #expect(entry.dateAdded == "2025-08-25")
        #expect(entry.dueDate == "2025-09-15")
        #expect(entry.knownRansomwareCampaignUse == "Unknown")
        #expect(entry.cwes.contains("CWE-59"))
        #expect(try store.kev(cve: "CVE-1999-0001") == nil)
        let source = try #require(try store.metadata().sources.first { $0.kind == .kev })
        #expect(source.dataDate == "2025-08-25T17:04:19.9796Z")
    }

    @Test func nvdRecordKeepsEveryMetricWeaknessAndConfiguration() throws {
        let store = try store()
        let files = try FileManager.default.contentsOfDirectory(atPath: FeedFixtures.feeds + "/nvd")
            .filter { $0.hasPrefix("CVE-") && $0.hasSuffix(".json") }
        #expect(try store.metadata().tableCounts["nvd"] == files.count)
        let record = try #require(try store.nvd(cve: "CVE-2018-18074"))
        let v31 = try #require(record.metrics.first { $0.version == "3.1" })
        #expect(v31.vector == "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")
        #expect(v31.baseScore == 7.5)
        #expect(v31.isPrimary)
        #expect(v31.source == "nvd@nist.gov")
        let v2 = try #require(record.metrics.first { $0.version == "2.0" })
        #expect(v2.vector == "AV:N/AC:L/Au:N/C:P/I:N/A:N")
        #expect(v2.baseSeverity == "MEDIUM")
        #expect(record.cwes == ["CWE-522"])
        #expect(record.preferredMetric == v31)
        #expect(record.configurationsJSON?.contains("cpe:2.3:a:python:requests:*:*:*:*:*:*:*:*") == true)
        #expect(record.configurationsJSON?.contains("\"versionEndExcluding\":\"2.20.0\"") == true)
        // Primary before Secondary: NVD 8.1 and the CNA's 5.9 for urllib3's CVE-2023-43804.
        let urllib3 = try #require(try store.nvd(cve: "CVE-2023-43804"))
        #expect(urllib3.preferredMetric?.baseScore == 8.1)
        #expect(urllib3.metrics.filter { $0.version == "3.1" }.map(\.baseScore).sorted() == [5.9, 8.1])
        // Batch lookups answer the same.
        let batch = try store.nvd(cves: ["CVE-2018-18074", "CVE-2023-43804", "CVE-0000-0000"])
        #expect(batch.keys.sorted() == ["CVE-2018-18074", "CVE-2023-43804"])
        #expect(batch["CVE-2018-18074"] == record)
    }

    @Test func batchAdvisoryLookupMatchesSingleLookups() throws {
        let store = try store()
        let names = ["systemd", "gnutls28", "libtasn1-6", "ncurses", "no-such-package"]
        let batch = try store.advisories(ecosystem: "Debian:10", packages: names)
        #expect(batch["no-such-package"] == nil)
        for name in names.dropLast() {
            #expect(batch[name] == (try store.advisories(ecosystem: "Debian:10", package: name)), "\(name)")
        }
    }

    @Test func metadataAndAge() throws {
        let store = try store()
        let metadata = try store.metadata()
        #expect(metadata.schemaVersion == DatabaseSchema.version)
        #expect(metadata.updatedAt == "2026-11-30T00:53:20Z")
        #expect(metadata.ecosystems.contains("Debian:10"))
        #expect(metadata.ecosystems.contains("Alpine:v3.11"))
        #expect(try store.ecosystems() == metadata.ecosystems)
        #expect(metadata.sources.count == 7)
        let age = try #require(try store.age(now: FeedFixtures.importTime.addingTimeInterval(3 * 86_400)))
        #expect(abs(age - 3 * 86_400) < 0.01)
    }
}
