public import Foundation
public import Model

/// Everything a findings presenter shows: the image, the verdict, live and suppressed findings, and advice.
public struct FindingsReport: Sendable {
    /// What was scanned.
    public var image: ImageDescription
    /// The detected (or overridden) operating system.
    public var distro: Distro
    /// Every finding, live and suppressed (`Finding.suppressedBy` set); presenters never drop the latter.
    public var findings: [Finding]
    /// `pass`, or `fail` when the gate tripped.
    public var status: GateStatus
    /// When the evaluation ran.
    public var evaluatedAt: Date
    /// The gate in force, e.g. `fail on high or above`; `none` when no gate was asked for.
    public var policy: String
    /// Which upgrades fix the most live findings, best first.
    public var remediation: [Remediation]
    /// Things the user should know: stale database, unmatched packages, expired ignore rules.
    public var warnings: [String]

    public init(
        image: ImageDescription, distro: Distro, findings: [Finding], status: GateStatus, evaluatedAt: Date,
        policy: String, remediation: [Remediation] = [], warnings: [String] = []
    ) {
        self.image = image
        self.distro = distro
        self.findings = findings
        self.status = status
        self.evaluatedAt = evaluatedAt
        self.policy = policy
        self.remediation = remediation
        self.warnings = warnings
    }

    /// Findings that count, most severe first.
    public var liveFindings: [Finding] { FindingOrder.sorted(findings.filter { $0.suppressedBy == nil }) }

    /// Suppressed findings, most severe first.
    public var suppressedFindings: [Finding] { FindingOrder.sorted(findings.filter { $0.suppressedBy != nil }) }

    /// The image's identity as report headers show it: manifest digest, else config digest, else `-`.
    public var imageDigest: String {
        (image.manifestDigest ?? image.configDigest).map(\.description) ?? "-"
    }

    /// The tag as report headers show it, falling back to what the user typed.
    public var fullTag: String { image.fullTag ?? image.userInput }
}

/// The verdict of a scan.
public enum GateStatus: String, Sendable, Codable {
    /// No gate tripped.
    case pass
    /// A gate tripped (`--fail-on`).
    case fail
}

/// The order every findings presenter uses: severity descending, then id, package name, version and path.
public enum FindingOrder {
    /// `findings` sorted most severe first, deterministically.
    public static func sorted(_ findings: [Finding]) -> [Finding] {
        findings.sorted { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            if lhs.id != rhs.id { return lhs.id < rhs.id }
            if lhs.package.name != rhs.package.name { return lhs.package.name < rhs.package.name }
            if lhs.package.version != rhs.package.version { return lhs.package.version < rhs.package.version }
            return (lhs.package.locations.first?.path ?? "") < (rhs.package.locations.first?.path ?? "")
        }
    }
}

extension Finding {
    /// The CVE ids among the finding's own id and aliases, sorted.
    public var cveReferences: [String] {
        Array(Set(([id] + aliases).filter { $0.hasPrefix("CVE-") })).sorted()
    }

    /// The path of the package's evidence (its database or archive), `-` when unknown.
    public var packagePath: String { package.locations.first?.path ?? "-" }

    /// The layer that holds the package's evidence, when known.
    public var layerDigest: Digest? { package.locations.first?.layerDigest ?? package.layerDigest }

    /// The fix column text: fixed versions, `won't fix`, `not fixed` or `unknown`.
    public var fixDescription: String {
        if !fixedVersions.isEmpty { return fixedVersions.joined(separator: ", ") }
        switch fixState {
        case .wontFix: return "won't fix"
        case .notFixed: return "not fixed"
        case .fixed, .unknown: return "unknown"
        }
    }
}
