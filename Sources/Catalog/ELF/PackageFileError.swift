/// A package file (build info, lock file, manifest, gemspec, …) that could not be read: which file and why.
///
/// Catalogers turn these into warnings (`CatalogContext.warn`) and go on with the next file.
public struct PackageFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The image path of the file.
    public var path: String
    /// What was wrong, lowercase, quoting the offending value.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot read '\(path)': \(reason)" }
}
