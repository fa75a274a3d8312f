import Foundation
import Match
import Model
import Report
import Versions
import VulnDB

/// One image's findings: match, suppress, filter, gate, and render.
enum ScanRun {
    /// The report for `sbom` under `settings`.
    static func report(
        sbom: SBOM, store: VulnerabilityStore, suppressor: Suppressor, settings: ScanSettings, now: Date,
        extraWarnings: [String]
    ) throws -> FindingsReport {
        let matched = try Matcher(store: store, matchOSOwned: settings.matchOSOwned).match(
            sbom, distroOverride: settings.distroOverride)
        var (findings, suppressionWarnings) = suppressor.apply(to: matched.findings, now: now)
        for index in findings.indices where findings[index].suppressedBy == nil {
            let finding = findings[index]
            if settings.onlyFixed && finding.fixedVersions.isEmpty {
                findings[index].suppressedBy = "no fixed version (--only-fixed)"
                findings[index].suppressionKind = .unfixedFilter
            } else if settings.ignoreUnfixed && finding.fixState == .notFixed {
                findings[index].suppressedBy = "no fix yet (--ignore-unfixed)"
                findings[index].suppressionKind = .unfixedFilter
            }
        }
        var status = GateStatus.pass
        if let threshold = settings.failOn,
            findings.contains(where: { $0.suppressedBy == nil && $0.severity >= threshold })
        {
            status = .fail
        }
        let remediation = RemediationPlanner.plan(findings) { package, lhs, rhs in
            try? scheme(for: package).compare(lhs, rhs)
        }
        return FindingsReport(
            image: sbom.source, distro: matched.distro, findings: findings, status: status, evaluatedAt: now,
            policy: settings.policyDescription, remediation: remediation,
            warnings: extraWarnings + catalogWarnings(sbom) + matched.warnings + suppressionWarnings)
    }

    /// The SBOM's warnings without its guess about unmatchable OS packages: the matcher reports what it
    /// actually could not match, after `--distro`, so the guess would be repeated or contradicted.
    static func catalogWarnings(_ sbom: SBOM) -> [String] {
        sbom.warnings.filter { !$0.contains("can't be matched against distro advisories") }
    }

    /// The version scheme of a package's kind (for ordering fixes in the remediation summary).
    static func scheme(for package: Package) -> VersionScheme {
        switch package.type {
        case .deb: .dpkg
        case .rpm: .rpm
        case .apk: .apk
        case .python: .pep440
        case .javaArchive: .maven
        case .goModule: .go
        case .gem: .gem
        case .npm, .rustCrate: .semver
        case .phpComposer, .dotnet, .binary: .generic
        }
    }

    /// `report` in `format`.
    static func render(_ report: FindingsReport, format: ScanFormat, useColor: Bool) throws -> String {
        switch format {
        case .table: FindingsTablePresenter(useColor: useColor).render(report)
        case .json: try FindingsJSONPresenter(toolVersion: PlimsollCommand.version).render(report)
        case .sarif: try FindingsSARIFPresenter(toolVersion: PlimsollCommand.version).render(report)
        case .cycloneDXJSON: try FindingsCycloneDXPresenter(toolVersion: PlimsollCommand.version).render(report)
        }
    }
}
