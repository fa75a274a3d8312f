import Foundation
import Model
import Report
import TestSupport
import Testing

@Suite struct FindingsPresenterTests {
    @Test func tableHasHeaderLinesThenColumnsSortedBySeverity() {
        let text = FindingsTablePresenter(useColor: false).render(FindingsTestData.report(status: .fail))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Image Digest: sha256:" + String(repeating: "7a", count: 32))
        #expect(lines[1] == "Full Tag: debian-bookworm:12")
        #expect(lines[2] == "Status: fail")
        #expect(lines[3] == "Last Eval: 2027-01-15T08:00:00Z")
        #expect(lines[4] == "Policy: fail on high or above")
        #expect(lines[6].hasPrefix("Vulnerability ID  Package"))
        for column in FindingsTablePresenter.columns { #expect(lines[6].contains(column)) }
        // Live rows: critical, high, medium, low — the suppressed ones are not in the main table.
        #expect(
            cells(lines[7]) == [
                "DLA-3321-1", "libgnutls30-3.6.7-4", "Critical", "3.6.7-4+deb10u10", "CVE-2023-0361",
                "https://security-tracker.debian.org/tracker/DLA-3321-1", "deb", "debian:10", "/var/lib/dpkg/status",
            ])
        #expect(lines[7].contains("Critical") && lines[7].contains("3.6.7-4+deb10u10"))
        #expect(lines[7].contains("CVE-2023-0361") && lines[7].contains("debian:10"))
        #expect(lines[7].hasSuffix("/var/lib/dpkg/status"))
        #expect(cells(lines[8]).prefix(3) == ["DLA-3377-1", "libsystemd0-241-7~deb10u1", "High"])
        #expect(lines[8].contains("CVE-2022-3821 CVE-2022-4415 CVE-2023-26604"))
        #expect(lines[9].hasPrefix("DLA-2000-1"))
        #expect(lines[10].hasPrefix("PYSEC-2023-74") && lines[10].contains("not fixed"))
        #expect(lines[12] == "4 vulnerabilities (1 critical, 1 high, 1 medium, 1 low); 3 with a fix")
        #expect(!text.contains("\u{1B}["))
    }

    /// A table row split at runs of two or more spaces.
    func cells(_ line: String) -> [String] {
        line.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Test func suppressedFindingsAreListedWithReasons() throws {
        let text = FindingsTablePresenter(useColor: false).render(FindingsTestData.report())
        let section = try #require(text.range(of: "Suppressed (2):\n"))
        let rest = String(text[section.upperBound...])
        let rows = rest.split(separator: "\n").map(String.init)
        #expect(rows[0].hasPrefix("Vulnerability ID  Package"))
        #expect(
            rows[1].hasPrefix("DLA-9999-1")
                && rows[1].hasSuffix("vex not_affected: vulnerable_code_not_in_execute_path"))
        #expect(rows[2].hasPrefix("PYSEC-2018-28") && rows[2].contains("ignore rule: not reachable"))
        #expect(text.hasSuffix("warning: vulnerability database is 40 days old\n"))
    }

    @Test func terminalEscapesFromTheImageAreNeutralised() {
        var report = FindingsTestData.report()
        report.findings[0].package.name = "evil\u{1B}[2J\u{1B}]0;PWNED\u{07}"
        report.warnings = ["1 OS packages could not be matched (e.g. evil\u{1B}[31mRED)"]
        let text = FindingsTablePresenter(useColor: false).render(report)
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"))
        #expect(text.contains("evil?[2J?]0;PWNED?-"))
        #expect(text.hasSuffix("warning: 1 OS packages could not be matched (e.g. evil?[31mRED)\n"))
    }

    @Test func colorsOnlyWhenAsked() {
        let text = FindingsTablePresenter(useColor: true).render(FindingsTestData.report())
        #expect(text.contains("Status: \u{1B}[32mpass\u{1B}[0m"))
        #expect(text.contains("\u{1B}[31;1mCritical\u{1B}[0m"))
    }

    @Test func emptyReportSaysSo() {
        var report = FindingsTestData.report()
        report.findings = []
        let text = FindingsTablePresenter(useColor: false).render(report)
        #expect(text.contains("\nNo vulnerabilities found.\n"))
        #expect(!text.contains("Suppressed"))
    }

    @Test func ownJSONRoundTripsTheFacts() throws {
        let text = try FindingsJSONPresenter(toolVersion: "0.1.0").render(FindingsTestData.report())
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? String == "1.0")
        #expect(object["status"] as? String == "pass")
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["id"] as? String } == ["DLA-3321-1", "DLA-3377-1", "DLA-2000-1", "PYSEC-2023-74"])
        #expect(findings[0]["knownExploited"] as? Bool == true)
        #expect((findings[0]["epss"] as? [String: Any])?["score"] as? Double == 0.0123)
        let package = try #require(findings[1]["package"] as? [String: Any])
        #expect(package["sourceName"] as? String == "systemd")
        #expect(package["path"] as? String == "/var/lib/dpkg/status")
        #expect(package["layer"] as? String == FindingsTestData.layer.description)
        #expect(
            (findings[1]["cvss"] as? [String: Any])?["vector"] as? String
                == "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")
        let suppressed = try #require(object["suppressed"] as? [[String: Any]])
        #expect(suppressed.map { $0["id"] as? String } == ["DLA-9999-1", "PYSEC-2018-28"])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["total"] as? Int == 4)
        #expect(summary["suppressed"] as? Int == 2)
        #expect((summary["bySeverity"] as? [String: Int])?["critical"] == 1)
    }

    @Test func sarifValidatesAgainstTheOfficialSchema() throws {
        let text = try FindingsSARIFPresenter(toolVersion: "0.1.0").render(FindingsTestData.report())
        #expect(try FindingsSchemaValidator.sarifErrors(text) == "")
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 6)
        #expect(results[0]["ruleId"] as? String == "DLA-3321-1")
        #expect(results[0]["level"] as? String == "error")
        let suppressedResults = results.filter { $0["suppressions"] != nil }
        #expect(suppressedResults.map { $0["ruleId"] as? String } == ["DLA-9999-1", "PYSEC-2018-28"])
        let location = try #require((results[0]["locations"] as? [[String: Any]])?.first)
        let uri = ((location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"]
        #expect(uri as? String == "var/lib/dpkg/status")
    }

    @Test func sarifSchemaCheckCatchesABrokenLog() throws {
        // The validator itself must be able to fail: a result without a message is invalid SARIF.
        let broken = #"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"a"}]}]}"#
        #expect(try FindingsSchemaValidator.sarifErrors(broken).contains("'message' is a required property"))
    }

    @Test func cycloneDXValidatesAgainstTheOfficialSchema() throws {
        let text = try FindingsCycloneDXPresenter(toolVersion: "0.1.0").render(FindingsTestData.report())
        #expect(try FindingsSchemaValidator.cycloneDXErrors(text) == "")
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["specVersion"] as? String == "1.6")
        let components = try #require(object["components"] as? [[String: Any]])
        #expect(components.count == 3)
        let vulnerabilities = try #require(object["vulnerabilities"] as? [[String: Any]])
        #expect(vulnerabilities.count == 6)
        let states = vulnerabilities.compactMap { ($0["analysis"] as? [String: Any])?["state"] as? String }
        #expect(states == ["not_affected", "in_triage"])
        let ratings = try #require(vulnerabilities[1]["ratings"] as? [[String: Any]])
        #expect(ratings[0]["method"] as? String == "CVSSv31")
        #expect(ratings[0]["score"] as? Double == 7.8)
        #expect(vulnerabilities[1]["description"] as? String == "systemd - security update")
    }

    @Test func cycloneDXSchemaCheckCatchesABrokenBOM() throws {
        let broken =
            #"{"bomFormat":"CycloneDX","specVersion":"1.6","vulnerabilities":[{"ratings":[{"severity":"bad"}]}]}"#
        #expect(try FindingsSchemaValidator.cycloneDXErrors(broken) != "")
    }

    @Test func remediationPutsCriticalFirstAndTargetsTheHighestNeededFix() throws {
        let plan = RemediationPlanner.plan(FindingsTestData.findings) { _, lhs, rhs in
            DpkgReference.compare(lhs, rhs)
        }
        #expect(plan.map(\.packageName) == ["libgnutls30", "libsystemd0"])
        #expect(plan[0].targetVersion == "3.6.7-4+deb10u10")
        #expect(plan[1].targetVersion == "241-7~deb10u9")
        #expect(plan[1].fixes == ["DLA-2000-1", "DLA-3377-1"])
        #expect(plan[1].highestSeverity == .high)
    }
}

/// `dpkg --compare-versions`, the reference for Debian version order.
enum DpkgReference {
    static func compare(_ lhs: String, _ rhs: String) -> Int? {
        guard let less = try? ProcessRunner.run("dpkg", ["--compare-versions", lhs, "lt", rhs]),
            let equal = try? ProcessRunner.run("dpkg", ["--compare-versions", lhs, "eq", rhs])
        else { return nil }
        if less.status == 0 { return -1 }
        return equal.status == 0 ? 0 : 1
    }
}
