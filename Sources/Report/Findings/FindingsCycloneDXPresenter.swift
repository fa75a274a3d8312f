public import Foundation
import Model

/// CycloneDX 1.6 JSON with a `vulnerabilities` section: the affected packages as components, one
/// vulnerability entry per package × advisory, and suppressed ones with an `analysis` (state, reason).
public struct FindingsCycloneDXPresenter: Sendable {
    /// The tool version written in `metadata.tools`.
    public var toolVersion: String
    /// The BOM serial number; a fresh random UUID unless a caller needs it fixed.
    public var serialNumber: UUID

    public init(toolVersion: String, serialNumber: UUID = UUID()) {
        self.toolVersion = toolVersion
        self.serialNumber = serialNumber
    }

    /// Renders `report` as CycloneDX 1.6 JSON, pretty-printed, ending in a newline.
    public func render(_ report: FindingsReport) throws -> String {
        let ordered = report.liveFindings + report.suppressedFindings
        var components: [Component] = []
        var refs: [String: String] = [:]
        for finding in ordered {
            let key = finding.package.sortKey
            if refs[key] != nil { continue }
            let ref = "pkg-\(components.count + 1)"
            refs[key] = ref
            components.append(Component(finding.package, ref: ref))
        }
        let vulnerabilities = ordered.enumerated().map { index, finding in
            Vulnerability(finding, ref: "vuln-\(index + 1)", componentRef: refs[finding.package.sortKey] ?? "")
        }
        let bom = BOM(
            bomFormat: "CycloneDX", specVersion: "1.6",
            serialNumber: "urn:uuid:\(serialNumber.uuidString.lowercased())",
            version: 1,
            metadata: Metadata(
                timestamp: FindingsTablePresenter.timestamp(report.evaluatedAt),
                tools: Tools(components: [ToolComponent(type: "application", name: "plimsoll", version: toolVersion)]),
                component: ImageComponent(
                    type: "container", bomRef: "image", name: report.fullTag,
                    version: report.imageDigest == "-" ? nil : report.imageDigest)),
            components: components, vulnerabilities: vulnerabilities)
        return String(decoding: try bom.encoded(), as: UTF8.self)
    }

    /// The CycloneDX severity name of a severity (`negligible` is `info`).
    static func severityName(_ severity: Severity) -> String {
        switch severity {
        case .critical: "critical"
        case .high: "high"
        case .medium: "medium"
        case .low: "low"
        case .negligible: "info"
        case .unknown: "unknown"
        }
    }

    /// The CycloneDX score method of a CVSS vector.
    static func scoreMethod(_ vector: String?) -> String {
        guard let vector else { return "other" }
        if vector.hasPrefix("CVSS:3.1/") { return "CVSSv31" }
        if vector.hasPrefix("CVSS:3.0/") { return "CVSSv3" }
        if vector.hasPrefix("CVSS:4.0/") { return "CVSSv4" }
        if vector.hasPrefix("AV:") { return "CVSSv2" }
        return "other"
    }

    struct BOM: Encodable {
        var bomFormat: String
        var specVersion: String
        var serialNumber: String
        var version: Int
        var metadata: Metadata
        var components: [Component]
        var vulnerabilities: [Vulnerability]
    }

    struct Metadata: Encodable {
        var timestamp: String
        var tools: Tools
        var component: ImageComponent
    }

    struct Tools: Encodable { var components: [ToolComponent] }

    struct ToolComponent: Encodable {
        var type: String
        var name: String
        var version: String
    }

    struct ImageComponent: Encodable {
        var type: String
        var bomRef: String
        var name: String
        var version: String?

        enum CodingKeys: String, CodingKey {
            case type, name, version
            case bomRef = "bom-ref"
        }
    }

    struct Property: Encodable {
        var name: String
        var value: String
    }

    struct Component: Encodable {
        var type: String
        var bomRef: String
        var name: String
        var version: String
        var purl: String
        var properties: [Property]

        enum CodingKeys: String, CodingKey {
            case type, name, version, purl, properties
            case bomRef = "bom-ref"
        }

        init(_ package: Package, ref: String) {
            type = "library"
            bomRef = ref
            name = package.name
            version = package.version
            purl = package.purl.description
            var properties = [Property(name: "plimsoll:package:type", value: package.type.rawValue)]
            if let path = package.locations.first?.path {
                properties.append(Property(name: "plimsoll:location:0:path", value: path))
            }
            if let layer = package.locations.first?.layerDigest ?? package.layerDigest {
                properties.append(Property(name: "plimsoll:location:0:layerID", value: layer.description))
            }
            if let source = package.sourceName {
                properties.append(Property(name: "plimsoll:package:sourceName", value: source))
            }
            self.properties = properties
        }
    }

    struct Source: Encodable {
        var name: String
        var url: String?
    }

    struct Reference: Encodable {
        var id: String
        var source: Source
    }

    struct Rating: Encodable {
        var source: Source?
        var score: Double?
        var severity: String
        var method: String
        var vector: String?
    }

    struct Advisory: Encodable { var url: String }

    struct Analysis: Encodable {
        var state: String
        var detail: String
    }

    struct Affect: Encodable {
        var ref: String
        var versions: [AffectedVersion]
    }

    struct AffectedVersion: Encodable {
        var version: String
        var status: String
    }

    struct Vulnerability: Encodable {
        var bomRef: String
        var id: String
        var source: Source
        var references: [Reference]
        var ratings: [Rating]
        var description: String?
        var recommendation: String?
        var advisories: [Advisory]
        var analysis: Analysis?
        var affects: [Affect]
        var properties: [Property]

        enum CodingKeys: String, CodingKey {
            case id, source, references, ratings, description, recommendation, advisories, analysis, affects
            case properties
            case bomRef = "bom-ref"
        }

        init(_ finding: Finding, ref: String, componentRef: String) {
            bomRef = ref
            id = finding.id
            let advisoryURLs = finding.urls.compactMap { FindingsSARIFPresenter.absoluteURL($0) }
            source = Source(name: finding.namespace, url: advisoryURLs.first)
            references = finding.aliases.map { Reference(id: $0, source: Source(name: Self.sourceName(of: $0))) }
            var ratings: [Rating] = []
            if finding.cvssScore != nil || finding.cvssVector != nil {
                ratings.append(
                    Rating(
                        source: finding.severitySource.map { Source(name: $0) }, score: finding.cvssScore,
                        severity: FindingsCycloneDXPresenter.severityName(
                            finding.cvssScore.map { Severity(cvssScore: $0) } ?? finding.severity),
                        method: FindingsCycloneDXPresenter.scoreMethod(finding.cvssVector), vector: finding.cvssVector))
            }
            ratings.append(
                Rating(
                    source: finding.severitySource.map { Source(name: $0) }, score: nil,
                    severity: FindingsCycloneDXPresenter.severityName(finding.severity), method: "other",
                    vector: nil))
            self.ratings = ratings
            description = finding.summary
            recommendation =
                finding.fixedVersions.first.map { "Upgrade \(finding.package.name) to \($0) or later." }
            advisories = advisoryURLs.map(Advisory.init)
            analysis = finding.suppressedBy.map { reason in
                let state: String
                switch finding.suppressionKind {
                case .vexNotAffected: state = "not_affected"
                case .vexFixed: state = "resolved"
                case .distroPrecedence: state = "false_positive"
                case .ignoreRule, .unfixedFilter, nil: state = "in_triage"
                }
                return Analysis(state: state, detail: reason)
            }
            affects = [
                Affect(
                    ref: componentRef,
                    versions: [AffectedVersion(version: finding.installedVersion, status: "affected")])
            ]
            var properties = [
                Property(name: "plimsoll:fixState", value: finding.fixState.rawValue),
                Property(name: "plimsoll:matchType", value: finding.matchType),
                Property(name: "plimsoll:kev", value: finding.knownExploited ? "true" : "false"),
            ]
            if let epss = finding.epssScore {
                properties.append(Property(name: "plimsoll:epss:score", value: String(epss)))
            }
            if let percentile = finding.epssPercentile {
                properties.append(Property(name: "plimsoll:epss:percentile", value: String(percentile)))
            }
            self.properties = properties
        }

        static func sourceName(of id: String) -> String {
            if id.hasPrefix("CVE-") { return "NVD" }
            if id.hasPrefix("GHSA-") { return "GitHub" }
            if id.hasPrefix("DSA-") || id.hasPrefix("DLA-") { return "Debian" }
            return id.split(separator: "-").first.map(String.init) ?? id
        }
    }
}
