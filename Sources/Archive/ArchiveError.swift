/// Why an archive could not be read: what failed, where, and libarchive's own explanation.
public struct ArchiveError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure, for callers that react to some of them.
    public enum Code: Sendable, Hashable {
        /// The bytes are not an archive of a supported format (or compression).
        case unrecognizedFormat
        /// The archive is damaged or ends early.
        case corrupt
        /// The byte source failed (I/O error, digest mismatch noticed by the caller, cancellation).
        case source
        /// An entry exceeds the size the caller allowed.
        case tooLarge
        /// A requested entry does not exist.
        case notFound
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, lowercase, quoting the offending value.
    public var message: String
    /// The error the byte source threw, when that was the cause.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
