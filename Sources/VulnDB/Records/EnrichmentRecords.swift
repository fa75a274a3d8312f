/// An NVD CVE record (API 2.0 `cve` object) reduced to what grading and CPE matching need.
public struct NVDRecord: Hashable, Sendable {
    /// The CVE id.
    public var cve: String
    /// Who assigned it (`cve@mitre.org`, `security@golang.org`).
    public var sourceIdentifier: String?
    /// When NVD published it, as written (`2018-10-09T17:29:00.653`).
    public var published: String?
    /// When NVD last changed it, as written.
    public var lastModified: String?
    /// NVD's analysis status: `Analyzed`, `Modified`, `Awaiting Analysis`, `Rejected`…
    public var vulnStatus: String?
    /// The English description.
    public var description: String?
    /// CVSS metrics of every version and source, NVD Primary first within each version.
    public var metrics: [CVSSMetric]
    /// CWE ids (`CWE-79`), de-duplicated, in the order NVD lists them.
    public var cwes: [String]
    /// Reference links.
    public var references: [String]
    /// The `configurations` array as JSON text (CPE match nodes), for the CPE matcher; nil when absent.
    public var configurationsJSON: String?

    /// Creates a record.
    public init(
        cve: String, sourceIdentifier: String? = nil, published: String? = nil, lastModified: String? = nil,
        vulnStatus: String? = nil, description: String? = nil, metrics: [CVSSMetric] = [], cwes: [String] = [],
        references: [String] = [], configurationsJSON: String? = nil
    ) {
        self.cve = cve
        self.sourceIdentifier = sourceIdentifier
        self.published = published
        self.lastModified = lastModified
        self.vulnStatus = vulnStatus
        self.description = description
        self.metrics = metrics
        self.cwes = cwes
        self.references = references
        self.configurationsJSON = configurationsJSON
    }

    /// The metric a grader should use: the newest CVSS version present, NVD's Primary score before others.
    public var preferredMetric: CVSSMetric? {
        let order = ["4.0", "3.1", "3.0", "2.0"]
        for version in order {
            let candidates = metrics.filter { $0.version == version }
            if let primary = candidates.first(where: { $0.isPrimary }) { return primary }
            if let first = candidates.first { return first }
        }
        return metrics.first
    }
}

/// One CVSS metric of an NVD record.
public struct CVSSMetric: Hashable, Sendable {
    /// The CVSS version: `2.0`, `3.0`, `3.1`, `4.0`.
    public var version: String
    /// Who scored it: `nvd@nist.gov`, a CNA, or an ADP such as CISA.
    public var source: String
    /// `Primary` (the NVD's own) or `Secondary`.
    public var type: String
    /// The vector string.
    public var vector: String
    /// The base score, 0–10.
    public var baseScore: Double
    /// The qualitative rating NVD gives (`HIGH`), when present.
    public var baseSeverity: String?

    /// Whether this is NVD's own (Primary) score.
    public var isPrimary: Bool { type.lowercased() == "primary" }

    /// Creates a metric.
    public init(
        version: String, source: String, type: String, vector: String, baseScore: Double, baseSeverity: String?
    ) {
        self.version = version
        self.source = source
        self.type = type
        self.vector = vector
        self.baseScore = baseScore
        self.baseSeverity = baseSeverity
    }
}

/// An entry of CISA's Known Exploited Vulnerabilities catalog.
public struct KEVEntry: Hashable, Sendable {
    /// The CVE id.
    public var cve: String
    /// The vendor or project.
    public var vendorProject: String?
    /// The product.
    public var product: String?
    /// CISA's name for the vulnerability.
    public var vulnerabilityName: String?
    /// When CISA added it (`2025-08-25`).
    public var dateAdded: String?
    /// The remediation deadline for US federal agencies.
    public var dueDate: String?
    /// `Known` or `Unknown`: whether it is known to be used in ransomware campaigns.
    public var knownRansomwareCampaignUse: String?
    /// What CISA tells agencies to do.
    public var requiredAction: String?
    /// CWE ids CISA lists.
    public var cwes: [String]

    /// Creates an entry.
    public init(
        cve: String, vendorProject: String? = nil, product: String? = nil, vulnerabilityName: String? = nil,
        dateAdded: String? = nil, dueDate: String? = nil, knownRansomwareCampaignUse: String? = nil,
        requiredAction: String? = nil, cwes: [String] = []
    ) {
        self.cve = cve
        self.vendorProject = vendorProject
        self.product = product
        self.vulnerabilityName = vulnerabilityName
        self.dateAdded = dateAdded
        self.dueDate = dueDate
        self.knownRansomwareCampaignUse = knownRansomwareCampaignUse
        self.requiredAction = requiredAction
        self.cwes = cwes
    }

    /// Whether CISA knows of ransomware campaigns using it.
    public var knownRansomware: Bool { knownRansomwareCampaignUse?.lowercased() == "known" }
}

/// A FIRST EPSS score: the probability of exploitation activity in the next 30 days.
public struct EPSSScore: Hashable, Sendable {
    /// The CVE id.
    public var cve: String
    /// The probability, 0–1.
    public var score: Double
    /// The percentile among all scored CVEs, 0–1.
    public var percentile: Double
    /// The score date from the file's `#model_version:…,score_date:…` line, when present.
    public var date: String?

    /// Creates a score.
    public init(cve: String, score: Double, percentile: Double, date: String? = nil) {
        self.cve = cve
        self.score = score
        self.percentile = percentile
        self.date = date
    }
}
