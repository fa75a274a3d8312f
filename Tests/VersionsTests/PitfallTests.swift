import Testing

@testable import Versions

/// The version cases of ../shared/PITFALLS.md (1, 2, 3, 4, 6, 7, 8): inputs other scanners got wrong.
@Suite struct PitfallTests {
    /// 1. apk `libzmq 4.3.3-r0` vs a language-style "affected < 4.3.3": `-rN` is a revision, not a pre-release.
    @Test func apkRevisionIsNotAPreRelease() throws {
        let range = try RangeExpression("< 4.3.3")
        #expect(try range.contains("4.3.3-r0", scheme: .apk) == false)
        #expect(try VersionScheme.apk.compare("4.3.3-r0", "4.3.3") == 1)
        #expect(try range.contains("4.3.2-r5", scheme: .apk) == true)
    }

    /// 2. apk `docker 20.10.11-r0` vs an advisory fixed in `20.10.11.r0`: never guess "vulnerable".
    @Test func apkDottedRevisionInAdvisoryIsNormalised() {
        let ranges = [
            OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "0"), OSVEvent(.fixed, "20.10.11.r0")])
        ]
        let result = AffectedEvaluator.evaluate(version: "20.10.11-r0", ranges: ranges, scheme: .apk)
        #expect(result.isAffected == false)
        #expect(result.warnings == ["range 1: read apk version '20.10.11.r0' as '20.10.11-r0'"])
        let older = AffectedEvaluator.evaluate(version: "20.10.10-r3", ranges: ranges, scheme: .apk)
        #expect(older.isAffected == true)
        #expect(older.fixedVersions == ["20.10.11.r0"])
        // A revision that cannot be normalised makes the range unusable, not a match.
        let broken = [
            OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "0"), OSVEvent(.fixed, "20.10.11.rc")])
        ]
        let skipped = AffectedEvaluator.evaluate(version: "20.10.10-r3", ranges: broken, scheme: .apk)
        #expect(skipped.isAffected == false)
        #expect(skipped.warnings == ["range 1 skipped: '20.10.11.rc' is not a valid apk version"])
    }

    /// 3. rpm epochs carried from the package database decide: `4:5.26.3-419.el8` is past `4:5.26.3-416.el8`.
    @Test func rpmEpochIsCompared() throws {
        let ranges = [
            OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "0"), OSVEvent(.fixed, "4:5.26.3-416.el8")])
        ]
        #expect(
            AffectedEvaluator.evaluate(version: "4:5.26.3-419.el8", ranges: ranges, scheme: .rpm).isAffected == false)
        // Without the epoch the installed version sorts below any epoch-4 fix: that is why it must be carried.
        #expect(try VersionScheme.rpm.compare("5.26.3-419.el8", "4:5.26.3-416.el8") == -1)
        #expect(try VersionScheme.rpm.compare("0:5.26.3-419.el8", "5.26.3-419.el8") == 0)
    }

    /// 4. rpm `1:1.8.0.302.b08-0.el7_9` is fixed by itself and by the older `1:1.8.0.51-1.b16.el7_1`.
    @Test func rpmJavaVersionsAreNotVulnerable() {
        for fixed in ["1:1.8.0.302.b08-0.el7_9", "1:1.8.0.51-1.b16.el7_1"] {
            let ranges = [OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "0"), OSVEvent(.fixed, fixed)])]
            let result = AffectedEvaluator.evaluate(version: "1:1.8.0.302.b08-0.el7_9", ranges: ranges, scheme: .rpm)
            #expect(result.isAffected == false, "fixed \(fixed)")
        }
    }

    /// 6. PEP 440: `2024.7.4` is outside `>=2021.05.30,<2024.07.04` (`07` normalises to `7`).
    @Test func pep440LeadingZerosNormalise() throws {
        let range = try RangeExpression(">=2021.05.30,<2024.07.04")
        #expect(try range.contains("2024.7.4", scheme: .pep440) == false)
        #expect(try range.contains("2024.7.3", scheme: .pep440) == true)
        #expect(try VersionScheme.pep440.compare("2024.7.4", "2024.07.04") == 0)
    }

    /// 7. PEP 440 local label: `6.4+cgr.1` sorts below `6.4.1`, so fixes in 6.4.1 and 6.4.2 both apply.
    @Test func pep440LocalVersionSortsBelowNextRelease() {
        let ranges = [
            OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "0"), OSVEvent(.fixed, "6.4.1")]),
            OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "6.0"), OSVEvent(.fixed, "6.4.2")]),
        ]
        let result = AffectedEvaluator.evaluate(version: "6.4+cgr.1", ranges: ranges, scheme: .pep440)
        #expect(result.isAffected == true)
        #expect(result.fixedVersions == ["6.4.1", "6.4.2"])
    }

    /// 8. Maven: unknown qualifiers sort after the release (`2.414.2-cb-5` > `2.414.2`); equal is fixed.
    @Test func mavenQualifiersAfterRelease() {
        let jenkins = [OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "0"), OSVEvent(.fixed, "2.414.2")])]
        #expect(
            AffectedEvaluator.evaluate(version: "2.414.2-cb-5", ranges: jenkins, scheme: .maven).isAffected == false)
        let mssql = [
            OSVRange(type: .ecosystem, events: [OSVEvent(.introduced, "0"), OSVEvent(.fixed, "13.2.1.jre11")])
        ]
        #expect(AffectedEvaluator.evaluate(version: "13.2.1.jre11", ranges: mssql, scheme: .maven).isAffected == false)
        #expect(AffectedEvaluator.evaluate(version: "13.2.0.jre11", ranges: mssql, scheme: .maven).isAffected == true)
    }
}
