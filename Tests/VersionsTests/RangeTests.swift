import Foundation
import TestSupport
import Testing

@testable import Versions

/// OSV range evaluation on real advisories from ../shared/feeds/osv and on hand-made bad data.
@Suite struct RangeTests {
    struct Affected: Decodable {
        struct Package: Decodable {
            var ecosystem: String
            var name: String
        }
        var package: Package
        var ranges: [OSVRange]?
        var versions: [String]?
    }

    struct Record: Decodable {
        var affected: [Affected]
    }

    static func record(_ path: String) throws -> Record {
        let data = try Data(contentsOf: SharedData.feeds.appendingPathComponent("osv").appendingPathComponent(path))
        return try JSONDecoder().decode(Record.self, from: data)
    }

    static func evaluate(_ record: Record, _ version: String) -> AffectedResult {
        var combined = AffectedResult(isAffected: false)
        for affected in record.affected {
            let result = AffectedEvaluator.evaluate(
                version: version, ranges: affected.ranges ?? [], versions: affected.versions ?? [],
                scheme: VersionScheme.forEcosystem(affected.package.ecosystem))
            combined.isAffected = combined.isAffected || result.isAffected
            combined.fixedVersions += result.fixedVersions
            combined.warnings += result.warnings
        }
        return combined
    }

    @Test func jacksonDatabindGHSA() throws {
        let record = try Self.record("GHSA/GHSA-57j2-w4cx-62h2.json")
        #expect(Self.evaluate(record, "2.12.6").isAffected)
        #expect(Self.evaluate(record, "2.12.6").fixedVersions == ["2.12.6.1"])
        #expect(Self.evaluate(record, "2.12.6.1").isAffected == false)
        #expect(Self.evaluate(record, "2.13.1").fixedVersions == ["2.13.2.1"])
        #expect(Self.evaluate(record, "2.13.2.1").isAffected == false)
        #expect(Self.evaluate(record, "2.13.2.1").warnings.isEmpty)
    }

    @Test func alpineMusl() throws {
        let record = try Self.record("Alpine/v3.9/ALPINE-CVE-2019-14697.json")
        let affected = Self.evaluate(record, "1.1.20-r4")
        #expect(affected.isAffected)
        #expect(affected.fixedVersions == ["1.1.20-r5"])
        #expect(Self.evaluate(record, "1.1.20-r5").isAffected == false)
        #expect(Self.evaluate(record, "1.1.22-r3").isAffected == false)
    }

    @Test func goStdlibWithTwoStretches() throws {
        let record = try Self.record("Go/GO-2022-0515.json")
        let stdlib = try #require(record.affected.first { $0.package.name == "stdlib" })
        let ranges = stdlib.ranges ?? []
        func check(_ version: String) -> AffectedResult {
            AffectedEvaluator.evaluate(version: version, ranges: ranges, scheme: .go)
        }
        #expect(check("go1.17.11").fixedVersions == ["1.17.12"])
        #expect(check("1.17.12").isAffected == false)
        #expect(check("go1.18").fixedVersions == ["1.18.4"])
        #expect(check("go1.18rc1").fixedVersions == ["1.18.4"])
        #expect(check("go1.17rc1").fixedVersions == ["1.17.12"])
        #expect(check("go1.18.3").fixedVersions == ["1.18.4"])
        #expect(check("v1.18.4").isAffected == false)
        // The same events in another order give the same answers.
        let shuffled = ranges.map { OSVRange(type: $0.type, events: Array($0.events.reversed())) }
        for version in ["go1.17.11", "1.17.12", "go1.18.3", "1.18.4", "0.1.0"] {
            #expect(
                AffectedEvaluator.evaluate(version: version, ranges: shuffled, scheme: .go)
                    == AffectedEvaluator.evaluate(version: version, ranges: ranges, scheme: .go), "\(version)")
        }
    }

    @Test func gitRangesMatchOnlyThroughTheVersionList() throws {
        let record = try Self.record("PyPI-json/planet/PYSEC-2023-71.json")
        #expect(Self.evaluate(record, "1.4.10").isAffected)
        #expect(Self.evaluate(record, "2.0.1").isAffected == false)
        let gitOnly = [
            OSVRange(
                type: .git, repo: "https://example.invalid/repo",
                events: [OSVEvent(.introduced, "0"), OSVEvent(.fixed, "d71415a83119c5e89d7b80d5f940d162376ee3b7")])
        ]
        #expect(
            AffectedEvaluator.evaluate(version: "1.0", ranges: gitOnly, versions: ["1.0.0"], scheme: .pep440).isAffected
        )
        #expect(
            AffectedEvaluator.evaluate(version: "1.0.1", ranges: gitOnly, versions: ["1.0.0"], scheme: .pep440)
                .isAffected == false)
        #expect(AffectedEvaluator.evaluate(version: "1.0", ranges: gitOnly, scheme: .pep440).isAffected == false)
    }

    @Test func fixedBeforeIntroducedIsBadDataAndNoMatch() {
        let ranges = [OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "2.0"), OSVEvent(.fixed, "1.5")])]
        for version in ["1.0", "1.7", "2.0", "2.5"] {
            let result = AffectedEvaluator.evaluate(version: version, ranges: ranges, scheme: .pep440)
            #expect(result.isAffected == false, "\(version)")
            #expect(result.warnings == ["range 1 skipped: fixed 1.5 is earlier than introduced 2.0 (bad data)"])
        }
    }

    @Test func severalRangesAndIntroducedZero() {
        let ranges = [
            OSVRange(type: .ecosystem, events: [OSVEvent(.fixed, "1.2.4"), OSVEvent(.introduced, "0")]),
            OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "2.0.0"), OSVEvent(.fixed, "2.1.0")]),
            OSVRange(type: .semver, events: [OSVEvent(.introduced, "3.0.0-rc.1"), OSVEvent(.lastAffected, "3.0.2")]),
        ]
        func check(_ version: String) -> AffectedResult {
            AffectedEvaluator.evaluate(version: version, ranges: ranges, scheme: .semver)
        }
        #expect(check("0.0.1").fixedVersions == ["1.2.4"])
        #expect(check("1.2.4").isAffected == false)
        #expect(check("2.0.0").fixedVersions == ["2.1.0"])
        #expect(check("2.1.0").isAffected == false)
        #expect(check("3.0.0-rc.0").isAffected == false)
        #expect(check("3.0.0-rc.1").isAffected)
        #expect(check("3.0.2").isAffected)
        #expect(check("3.0.2").fixedVersions.isEmpty)
        #expect(check("3.0.3").isAffected == false)
    }

    @Test func limitBoundsARange() {
        let ranges = [OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "0"), OSVEvent(.limit, "2.0")])]
        #expect(AffectedEvaluator.evaluate(version: "1.9", ranges: ranges, scheme: .gem).isAffected)
        #expect(AffectedEvaluator.evaluate(version: "2.0", ranges: ranges, scheme: .gem).isAffected == false)
        #expect(AffectedEvaluator.evaluate(version: "2.0.1", ranges: ranges, scheme: .gem).isAffected == false)
    }

    @Test func badDataSkipsTheRangeWithAWarning() {
        let unparseable = [
            OSVRange(type: .semver, events: [OSVEvent(.introduced, "0"), OSVEvent(.fixed, "not.a.version")])
        ]
        let result = AffectedEvaluator.evaluate(version: "1.0.0", ranges: unparseable, scheme: .semver)
        #expect(result.isAffected == false)
        #expect(
            result.warnings == [
                "range 1 skipped: fixed version: invalid semver version 'not.a.version': does not start with a number"
            ])

        let noIntroduced = [OSVRange(type: .ecosystem, events: [OSVEvent(.fixed, "1.0")])]
        #expect(
            AffectedEvaluator.evaluate(version: "0.5", ranges: noIntroduced, scheme: .pep440).warnings == [
                "range 1 skipped: it has no introduced event"
            ])

        let unknown = [OSVRange(type: .other("CALVER"), events: [OSVEvent(.introduced, "0")])]
        #expect(
            AffectedEvaluator.evaluate(version: "1.0", ranges: unknown, scheme: .pep440).warnings == [
                "range 1: unsupported range type 'CALVER' ignored"
            ])

        let generic = [OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "0"), OSVEvent(.fixed, "1.0b")])]
        let refused = AffectedEvaluator.evaluate(version: "1.0a", ranges: generic, scheme: .generic)
        #expect(refused.isAffected == false)
        #expect(refused.warnings.first?.hasPrefix("range 1 skipped: cannot order generic versions") == true)
        #expect(AffectedEvaluator.evaluate(version: "0.9a", ranges: generic, scheme: .generic).isAffected)

        let badInstalled = AffectedEvaluator.evaluate(version: "", ranges: generic, scheme: .semver)
        #expect(badInstalled.isAffected == false)
        #expect(badInstalled.warnings == ["range 1 skipped: installed version: empty semver version"])
    }

    @Test func eventsDecodeFromOSVJSON() throws {
        let json = Data(
            #"[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.0"},{"last_affected":"0.9"},{"limit":"2"}]},{"type":"GIT","repo":"r","events":[]}]"#
                .utf8)
        let ranges = try JSONDecoder().decode([OSVRange].self, from: json)
        #expect(ranges.count == 2)
        #expect(
            ranges[0].events == [
                OSVEvent(.introduced, "0"), OSVEvent(.fixed, "1.0"), OSVEvent(.lastAffected, "0.9"),
                OSVEvent(.limit, "2"),
            ])
        #expect(ranges[1].type == .git)
        #expect(ranges[1].repo == "r")
        let encoded = try JSONEncoder().encode(ranges[0])
        #expect(try JSONDecoder().decode(OSVRange.self, from: encoded) == ranges[0])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(OSVEvent.self, from: Data(#"{"introduced":"0","fixed":"1"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(OSVEvent.self, from: Data(#"{"fixd":"1"}"#.utf8))
        }
    }
}
