public import Model

/// A vulnerability-database failure: opening, checking, importing, exporting or updating it.
public struct VulnDBError: Error, CustomStringConvertible, ExitCodeProviding, Sendable {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// No database file at the path.
        case missing
        /// The file is not a Plimsoll database, or is damaged.
        case corrupt
        /// The database was written with another schema version.
        case schemaVersion
        /// An input file or archive could not be read or has no importable records.
        case input
        /// An export archive failed its manifest or checksum checks.
        case export
        /// Downloading a feed failed.
        case download
        /// SQLite or the file system failed.
        case io
    }

    /// What kind of failure this is.
    public var code: Code
    /// The message shown after `error: `: lowercase, naming the path or value, saying what to do when we know.
    public var message: String
    /// The lower-level error that caused it, when there is one.
    public var underlying: (any Error & Sendable)?

    /// Creates an error with a message and an optional cause.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        guard let underlying else { return message }
        return message + ": " + String(describing: underlying)
    }

    public var exitCode: ExitCode { .couldNotComplete }
}
