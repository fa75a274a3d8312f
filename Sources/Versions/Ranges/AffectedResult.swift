/// Whether one installed version is affected by one advisory's `affected` entry, and why.
public struct AffectedResult: Hashable, Sendable {
    /// True when a range or the explicit version list covers the version.
    public var isAffected: Bool
    /// The `fixed` versions that close the matched stretches, in range order (empty when the matched
    /// stretches name no fix, e.g. `last_affected`, or the match came from the version list).
    public var fixedVersions: [String]
    /// Problems with the advisory data or the version that were worked around or made a range unusable.
    public var warnings: [String]

    /// A result with the given values.
    public init(isAffected: Bool, fixedVersions: [String] = [], warnings: [String] = []) {
        self.isAffected = isAffected
        self.fixedVersions = fixedVersions
        self.warnings = warnings
    }
}
