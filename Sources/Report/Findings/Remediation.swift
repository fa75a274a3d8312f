public import Model

/// One upgrade that fixes live findings: a package, the version to move to, and what it fixes.
public struct Remediation: Sendable, Hashable, Codable {
    /// The package (binary) name to upgrade.
    public var packageName: String
    /// The installed version.
    public var installedVersion: String
    /// The package kind.
    public var packageType: PackageType
    /// The lowest version that fixes every finding counted here.
    public var targetVersion: String
    /// The advisory ids it fixes, sorted.
    public var fixes: [String]
    /// The worst severity among them.
    public var highestSeverity: Severity

    public init(
        packageName: String, installedVersion: String, packageType: PackageType, targetVersion: String,
        fixes: [String], highestSeverity: Severity
    ) {
        self.packageName = packageName
        self.installedVersion = installedVersion
        self.packageType = packageType
        self.targetVersion = targetVersion
        self.fixes = fixes
        self.highestSeverity = highestSeverity
    }
}

/// Builds the remediation summary: which package upgrades fix the most findings, critical-with-a-fix first.
public enum RemediationPlanner {
    /// Groups live findings that have a fix by package; the target is the highest of their lowest fixes.
    ///
    /// `compare` orders two versions of a package (negative, zero, positive); it comes from the
    /// package's version scheme, which this module does not know. A pair it cannot order keeps the first.
    public static func plan(
        _ findings: [Finding], compare: (Package, String, String) -> Int?
    ) -> [Remediation] {
        struct Key: Hashable {
            var name: String
            var version: String
            var type: PackageType
        }
        var groups: [Key: (package: Package, target: String, fixes: Set<String>, severity: Severity)] = [:]
        for finding in findings where finding.suppressedBy == nil {
            guard let fix = finding.fixedVersions.first else { continue }
            let key = Key(name: finding.package.name, version: finding.package.version, type: finding.package.type)
            if var group = groups[key] {
                if let order = compare(finding.package, fix, group.target), order > 0 { group.target = fix }
                group.fixes.insert(finding.id)
                group.severity = max(group.severity, finding.severity)
                groups[key] = group
            } else {
                groups[key] = (finding.package, fix, [finding.id], finding.severity)
            }
        }
        let items = groups.values.map { group in
            Remediation(
                packageName: group.package.name, installedVersion: group.package.version,
                packageType: group.package.type, targetVersion: group.target, fixes: group.fixes.sorted(),
                highestSeverity: group.severity)
        }
        return items.sorted { lhs, rhs in
            let lhsCritical = lhs.highestSeverity == .critical
            let rhsCritical = rhs.highestSeverity == .critical
            if lhsCritical != rhsCritical { return lhsCritical }
            if lhs.fixes.count != rhs.fixes.count { return lhs.fixes.count > rhs.fixes.count }
            if lhs.highestSeverity != rhs.highestSeverity { return lhs.highestSeverity > rhs.highestSeverity }
            return (lhs.packageName, lhs.installedVersion) < (rhs.packageName, rhs.installedVersion)
        }
    }
}
