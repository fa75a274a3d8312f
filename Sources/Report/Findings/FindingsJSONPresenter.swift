import Foundation
import Model

/// Plimsoll's own findings JSON (documented in docs/scan-json-format.md). Stable keys, sorted output.
public struct FindingsJSONPresenter: Sendable {
    /// The format version written as `schemaVersion`; bumped on incompatible changes.
    public static let schemaVersion = "1.0"

    /// The tool version written under `tool.version`.
    public var toolVersion: String

    public init(toolVersion: String) {
        self.toolVersion = toolVersion
    }

    /// Renders `report` as pretty-printed JSON ending in a newline.
    public func render(_ report: FindingsReport) throws -> String {
        let document = Document(
            schemaVersion: Self.schemaVersion,
            tool: Tool(name: "plimsoll", version: toolVersion),
            image: ImageSection(
                userInput: report.image.userInput, scheme: report.image.scheme, fullTag: report.fullTag,
                digest: report.imageDigest == "-" ? nil : report.imageDigest,
                configDigest: report.image.configDigest?.description, platform: report.image.platform,
                layers: report.image.layerDigests.map(\.description)),
            distro: DistroSection(
                id: report.distro.id, versionID: report.distro.versionID, codename: report.distro.codename),
            status: report.status.rawValue,
            lastEvaluation: FindingsTablePresenter.timestamp(report.evaluatedAt),
            policy: report.policy,
            summary: Summary(report.liveFindings, suppressed: report.suppressedFindings.count),
            findings: report.liveFindings.map(Entry.init),
            suppressed: report.suppressedFindings.map(Entry.init),
            remediation: report.remediation,
            warnings: report.warnings)
        return String(decoding: try document.encoded(), as: UTF8.self)
    }

    struct Document: Encodable {
        var schemaVersion: String
        var tool: Tool
        var image: ImageSection
        var distro: DistroSection
        var status: String
        var lastEvaluation: String
        var policy: String
        var summary: Summary
        var findings: [Entry]
        var suppressed: [Entry]
        var remediation: [Remediation]
        var warnings: [String]
    }

    struct Tool: Encodable {
        var name: String
        var version: String
    }

    struct ImageSection: Encodable {
        var userInput: String
        var scheme: String
        var fullTag: String
        var digest: String?
        var configDigest: String?
        var platform: String?
        var layers: [String]
    }

    struct DistroSection: Encodable {
        var id: String
        var versionID: String?
        var codename: String?
    }

    struct Summary: Encodable {
        var total: Int
        var bySeverity: [String: Int]
        var withFix: Int
        var knownExploited: Int
        var suppressed: Int

        init(_ findings: [Finding], suppressed: Int) {
            total = findings.count
            var counts: [String: Int] = [:]
            for severity in Severity.allCases { counts[severity.description] = 0 }
            for finding in findings { counts[finding.severity.description, default: 0] += 1 }
            bySeverity = counts
            withFix = findings.filter { !$0.fixedVersions.isEmpty }.count
            knownExploited = findings.filter(\.knownExploited).count
            self.suppressed = suppressed
        }
    }

    struct PackageSection: Encodable {
        var name: String
        var version: String
        var type: String
        var purl: String
        var sourceName: String?
        var sourceVersion: String?
        var path: String?
        var layer: String?
        var layerIndex: Int?
    }

    struct Entry: Encodable {
        var id: String
        var aliases: [String]
        var cves: [String]
        var package: PackageSection
        var installedVersion: String
        var fixedVersions: [String]
        var fixState: String
        var severity: String
        var severitySource: String?
        var cvss: CVSS?
        var knownExploited: Bool
        var epss: EPSS?
        var namespace: String
        var urls: [String]
        var matchType: String
        var suppressedBy: String?

        struct CVSS: Encodable {
            var score: Double?
            var vector: String?
        }

        struct EPSS: Encodable {
            var score: Double
            var percentile: Double?
        }

        init(_ finding: Finding) {
            id = finding.id
            aliases = finding.aliases
            cves = finding.cveReferences
            let location = finding.package.locations.first
            package = PackageSection(
                name: finding.package.name, version: finding.package.version, type: finding.package.type.rawValue,
                purl: finding.package.purl.description, sourceName: finding.package.sourceName,
                sourceVersion: finding.package.sourceVersion, path: location?.path,
                layer: finding.layerDigest?.description, layerIndex: location?.layerIndex)
            installedVersion = finding.installedVersion
            fixedVersions = finding.fixedVersions
            fixState = finding.fixState.rawValue
            severity = finding.severity.description
            severitySource = finding.severitySource
            cvss =
                finding.cvssScore == nil && finding.cvssVector == nil
                ? nil : CVSS(score: finding.cvssScore, vector: finding.cvssVector)
            knownExploited = finding.knownExploited
            epss = finding.epssScore.map { EPSS(score: $0, percentile: finding.epssPercentile) }
            namespace = finding.namespace
            urls = finding.urls
            matchType = finding.matchType
            suppressedBy = finding.suppressedBy
        }
    }
}
