/// One vulnerability matched to one installed package.
public struct Finding: Hashable, Sendable, Codable {
    /// The advisory id as the feed names it, e.g. `CVE-2023-4911`, `DLA-3377-1`, `GHSA-…`, `PYSEC-…`.
    public var id: String
    /// Other ids for the same vulnerability (CVE ↔ GHSA ↔ DSA …), sorted.
    public var aliases: [String]
    /// The matched package.
    public var package: Package
    /// The installed version that was compared (the source version for distro packages).
    public var installedVersion: String
    /// Versions that fix it, lowest first; empty when there is no fix.
    public var fixedVersions: [String]
    /// Whether a fix exists, doesn't yet, or won't.
    public var fixState: FixState
    public var severity: Severity
    /// Where the severity came from, e.g. `debian`, `nvd`, `ghsa`.
    public var severitySource: String?
    public var cvssScore: Double?
    public var cvssVector: String?
    /// Listed in CISA's Known Exploited Vulnerabilities catalog.
    public var knownExploited: Bool
    public var epssScore: Double?
    public var epssPercentile: Double?
    /// The feed group (namespace) the advisory came from, e.g. `debian:10`, `alpine:v3.9`, `pypi`.
    public var namespace: String
    /// Reference links, the advisory's own page first.
    public var urls: [String]
    /// How the match was made, e.g. `distro-source-package`, `ecosystem`, `cpe`.
    public var matchType: String
    /// Why this finding is suppressed (ignore rule, VEX, OS-owned package), nil when it is live.
    public var suppressedBy: String?
    /// What kind of statement suppressed it, when `suppressedBy` is set.
    public var suppressionKind: SuppressionKind?
    /// The advisory's one-line summary, when the feed gives one.
    public var summary: String?

    public init(
        id: String, aliases: [String] = [], package: Package, installedVersion: String,
        fixedVersions: [String] = [], fixState: FixState = .unknown, severity: Severity = .unknown,
        severitySource: String? = nil, cvssScore: Double? = nil, cvssVector: String? = nil,
        knownExploited: Bool = false, epssScore: Double? = nil, epssPercentile: Double? = nil,
        namespace: String, urls: [String] = [], matchType: String, suppressedBy: String? = nil
    ) {
        self.id = id
        self.aliases = aliases
        self.package = package
        self.installedVersion = installedVersion
        self.fixedVersions = fixedVersions
        self.fixState = fixState
        self.severity = severity
        self.severitySource = severitySource
        self.cvssScore = cvssScore
        self.cvssVector = cvssVector
        self.knownExploited = knownExploited
        self.epssScore = epssScore
        self.epssPercentile = epssPercentile
        self.namespace = namespace
        self.urls = urls
        self.matchType = matchType
        self.suppressedBy = suppressedBy
        self.suppressionKind = nil
        self.summary = nil
    }
}

/// What suppressed a finding: a user's ignore rule or a VEX statement.
public enum SuppressionKind: String, Sendable, Codable, Hashable {
    /// An `--ignore` rule matched.
    case ignoreRule = "ignore-rule"
    /// A VEX statement says the product is not affected.
    case vexNotAffected = "vex-not-affected"
    /// A VEX statement says the product is fixed.
    case vexFixed = "vex-fixed"
    /// The package's files belong to an OS package, whose distro advisories take precedence.
    case distroPrecedence = "distro-precedence"
    /// `--only-fixed` / `--ignore-unfixed` hid it for lack of a fix.
    case unfixedFilter = "unfixed-filter"
}

/// Whether a vulnerability has a fix for the package.
public enum FixState: String, Sendable, Codable, Hashable {
    /// A fixed version exists.
    case fixed
    /// Affected, no fix published yet.
    case notFixed = "not-fixed"
    /// The vendor decided not to fix it.
    case wontFix = "wont-fix"
    /// The feed does not say.
    case unknown
}
