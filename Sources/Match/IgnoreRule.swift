public import Foundation
public import Model

#if canImport(Glibc)
    import Glibc
#endif

/// One `--ignore` rule: which findings it suppresses, why, and until when.
///
/// Every criterion given must hold; a rule with no criterion is rejected when the file is read.
public struct IgnoreRule: Sendable, Hashable {
    /// A vulnerability id, matched against the finding's id and aliases (case-insensitive).
    public var id: String?
    /// A package name, matched against the binary name and the source name.
    public var packageName: String?
    /// An exact installed version.
    public var packageVersion: String?
    /// A package type (`deb`, `apk`, `python`, …).
    public var packageType: String?
    /// A glob on the package's evidence path; `*` also spans `/`.
    public var pathGlob: String?
    /// Why it is ignored, shown with the suppressed finding.
    public var reason: String?
    /// The last day (UTC) the rule applies, when it expires.
    public var expires: Date?
    /// The rule as the user wrote its date, for messages.
    public var expiresText: String?
    /// Where the rule is (1-based position in the file), for messages.
    public var position: Int

    public init(
        id: String? = nil, packageName: String? = nil, packageVersion: String? = nil, packageType: String? = nil,
        pathGlob: String? = nil, reason: String? = nil, expires: Date? = nil, expiresText: String? = nil,
        position: Int = 1
    ) {
        self.id = id
        self.packageName = packageName
        self.packageVersion = packageVersion
        self.packageType = packageType
        self.pathGlob = pathGlob
        self.reason = reason
        self.expires = expires
        self.expiresText = expiresText
        self.position = position
    }

    /// Whether the rule still applies at `now` (through the end of its expiry day).
    public func isActive(at now: Date) -> Bool {
        guard let expires else { return true }
        return now < expires.addingTimeInterval(86_400)
    }

    /// Whether the rule's criteria select `finding`.
    public func matches(_ finding: Finding) -> Bool {
        if let id {
            let wanted = id.uppercased()
            guard finding.id.uppercased() == wanted || finding.aliases.contains(where: { $0.uppercased() == wanted })
            else { return false }
        }
        if let packageName, packageName != finding.package.name, packageName != finding.package.sourceName {
            return false
        }
        if let packageVersion, packageVersion != finding.package.version, packageVersion != finding.installedVersion {
            return false
        }
        if let packageType, packageType != finding.package.type.rawValue, packageType != finding.package.purl.type {
            return false
        }
        if let pathGlob {
            let paths = finding.package.locations.map(\.path)
            guard paths.contains(where: { fnmatch(pathGlob, $0, 0) == 0 }) else { return false }
        }
        return true
    }

    /// A short label naming the rule, e.g. `ignore rule 2 (CVE-2023-1234)`.
    public var label: String {
        var criteria: [String] = []
        if let id { criteria.append(id) }
        if let packageName { criteria.append("package \(packageName)") }
        if let pathGlob { criteria.append("path \(pathGlob)") }
        return "ignore rule \(position) (\(criteria.joined(separator: ", ")))"
    }
}
