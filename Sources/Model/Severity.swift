/// How bad a vulnerability is, ordered from `unknown` to `critical`.
public enum Severity: Int, Sendable, Codable, Comparable, CaseIterable, CustomStringConvertible {
    case unknown = 0
    case negligible
    case low
    case medium
    case high
    case critical

    /// Lowercase name, as users type it in `--fail-on`.
    public var description: String {
        switch self {
        case .unknown: "unknown"
        case .negligible: "negligible"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }

    /// Parses a severity name, case-insensitively; accepts `moderate` and `important` as vendors spell them.
    public init?(name: String) {
        switch name.lowercased() {
        case "unknown", "none", "": self = .unknown
        case "negligible", "unimportant": self = .negligible
        case "low": self = .low
        case "medium", "moderate": self = .medium
        case "high", "important": self = .high
        case "critical": self = .critical
        default: return nil
        }
    }

    /// The CVSS v3/v4 qualitative rating of a base score.
    public init(cvssScore score: Double) {
        switch score {
        case 9.0...: self = .critical
        case 7.0..<9.0: self = .high
        case 4.0..<7.0: self = .medium
        case 0.1..<4.0: self = .low
        default: self = .unknown
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Severity(name: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown severity '\(text)'")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
