public import Model

/// What matching found: findings (none suppressed yet), warnings, and the distro used.
public struct MatchResult: Sendable {
    /// Every package × advisory match.
    public var findings: [Finding]
    /// Packages that could not be matched and why; never silently zero.
    public var warnings: [String]
    /// The distro whose namespace was used (the override when given).
    public var distro: Distro

    public init(findings: [Finding], warnings: [String], distro: Distro) {
        self.findings = findings
        self.warnings = warnings
        self.distro = distro
    }
}
