/// Why an RPM database in an image could not be read.
public struct RpmDatabaseError: Error, CustomStringConvertible, Equatable {
    /// The database's path inside the image.
    public var path: String
    /// What was wrong, lowercase, quoting the offending value.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "rpm database '\(path)': \(reason)" }
}
