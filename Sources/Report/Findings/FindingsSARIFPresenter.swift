import Foundation
import Model

/// SARIF 2.1.0 output for code-scanning dashboards: one rule per vulnerability id, one result per
/// package × vulnerability, located at the package's evidence file. Suppressed findings are results
/// with a `suppressions` entry carrying the reason, so viewers show them as suppressed, not absent.
public struct FindingsSARIFPresenter: Sendable {
    /// The tool version written under `tool.driver.version`.
    public var toolVersion: String

    public init(toolVersion: String) {
        self.toolVersion = toolVersion
    }

    /// Renders `report` as a SARIF 2.1.0 log, pretty-printed, ending in a newline.
    public func render(_ report: FindingsReport) throws -> String {
        let ordered = report.liveFindings + report.suppressedFindings
        var rules: [Rule] = []
        var ruleIndex: [String: Int] = [:]
        for finding in ordered where ruleIndex[finding.id] == nil {
            ruleIndex[finding.id] = rules.count
            rules.append(Rule(finding))
        }
        let results = ordered.map { finding in
            Result(finding, ruleIndex: ruleIndex[finding.id] ?? 0, image: report.fullTag)
        }
        let log = Log(
            schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0",
            runs: [
                Run(
                    tool: Tool(driver: Driver(name: "plimsoll", version: toolVersion, rules: rules)),
                    results: results,
                    properties: RunProperties(
                        image: report.fullTag, imageDigest: report.imageDigest, status: report.status.rawValue))
            ])
        return String(decoding: try log.encoded(), as: UTF8.self)
    }

    /// The SARIF level of a severity: high and critical are errors, medium warnings, the rest notes.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .negligible, .unknown: "note"
        }
    }

    /// GitHub's `security-severity` (a CVSS-like score as a string): the CVSS score when known.
    static func securitySeverity(_ finding: Finding) -> String {
        if let score = finding.cvssScore { return String(format: "%.1f", score) }
        switch finding.severity {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "2.0"
        case .negligible, .unknown: return "0.0"
        }
    }

    /// A URL usable as a SARIF `uri` (absolute http/https), or nil.
    static func absoluteURL(_ text: String?) -> String? {
        guard let text, let url = URL(string: text), let scheme = url.scheme, scheme == "https" || scheme == "http"
        else { return nil }
        return text
    }

    struct Log: Encodable {
        var schema: String
        var version: String
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var properties: RunProperties
    }

    struct RunProperties: Encodable {
        var image: String
        var imageDigest: String
        var status: String
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name: String
        var version: String
        var rules: [Rule]
    }

    struct Message: Encodable { var text: String }

    struct Rule: Encodable {
        var id: String
        var shortDescription: Message
        var fullDescription: Message
        var helpUri: String?
        var help: Message
        var defaultConfiguration: Configuration
        var properties: RuleProperties

        struct Configuration: Encodable { var level: String }

        struct RuleProperties: Encodable {
            var securitySeverity: String
            var tags: [String]

            enum CodingKeys: String, CodingKey {
                case securitySeverity = "security-severity"
                case tags
            }
        }

        init(_ finding: Finding) {
            id = finding.id
            shortDescription = Message(text: "\(finding.id) (\(finding.severity))")
            let aliases = finding.aliases.isEmpty ? "" : " (aliases: \(finding.aliases.joined(separator: ", ")))"
            fullDescription = Message(text: "\(finding.id)\(aliases), severity \(finding.severity)")
            helpUri = FindingsSARIFPresenter.absoluteURL(finding.urls.first)
            help = Message(text: finding.urls.isEmpty ? finding.id : finding.urls.joined(separator: "\n"))
            defaultConfiguration = Configuration(level: FindingsSARIFPresenter.level(finding.severity))
            properties = RuleProperties(
                securitySeverity: FindingsSARIFPresenter.securitySeverity(finding),
                tags: ["security", "vulnerability", finding.severity.description])
        }
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var suppressions: [Suppression]?
        var partialFingerprints: [String: String]
        var properties: ResultProperties

        struct Location: Encodable {
            var physicalLocation: PhysicalLocation
            var logicalLocations: [LogicalLocation]
        }

        struct PhysicalLocation: Encodable { var artifactLocation: ArtifactLocation }

        struct ArtifactLocation: Encodable { var uri: String }

        struct LogicalLocation: Encodable {
            var name: String
            var fullyQualifiedName: String
            var kind: String
        }

        struct Suppression: Encodable {
            var kind: String
            var justification: String
        }

        struct ResultProperties: Encodable {
            var packageName: String
            var installedVersion: String
            var fixedVersions: [String]
            var fixState: String
            var purl: String
            var namespace: String
            var knownExploited: Bool
            var layer: String?
        }

        init(_ finding: Finding, ruleIndex: Int, image: String) {
            ruleId = finding.id
            self.ruleIndex = ruleIndex
            level = FindingsSARIFPresenter.level(finding.severity)
            let fix =
                finding.fixedVersions.isEmpty
                ? "no fix (\(finding.fixDescription))" : "fixed in \(finding.fixDescription)"
            message = Message(
                text:
                    "\(finding.id) in \(finding.package.name) \(finding.installedVersion) (\(finding.severity)); \(fix); image \(image)"
            )
            let path = finding.packagePath == "-" ? "/" : finding.packagePath
            let relative = String(path.drop { $0 == "/" })
            locations = [
                Location(
                    physicalLocation: PhysicalLocation(
                        artifactLocation: ArtifactLocation(uri: relative.isEmpty ? "." : Self.encodePath(relative))),
                    logicalLocations: [
                        LogicalLocation(
                            name: finding.package.name, fullyQualifiedName: finding.package.purl.description,
                            kind: "package")
                    ])
            ]
            suppressions = finding.suppressedBy.map { [Suppression(kind: "external", justification: $0)] }
            partialFingerprints = [
                "plimsollFinding/v1": "\(finding.id)|\(finding.package.purl)|\(finding.packagePath)"
            ]
            properties = ResultProperties(
                packageName: finding.package.name, installedVersion: finding.installedVersion,
                fixedVersions: finding.fixedVersions, fixState: finding.fixState.rawValue,
                purl: finding.package.purl.description, namespace: finding.namespace,
                knownExploited: finding.knownExploited, layer: finding.layerDigest?.description)
        }

        /// Percent-encodes what a relative URI reference may not hold literally.
        static func encodePath(_ path: String) -> String {
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: ":")
            return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        }
    }
}
