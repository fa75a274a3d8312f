/// Why an image could not be opened from a local source (archive, layout directory, root directory).
public struct ImageLoadError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public enum Code: Sendable, Hashable {
        /// A path, blob or tag does not exist.
        case notFound
        /// The input is valid but of a kind Plimsoll does not read (schema 1 manifests, unknown media types).
        case unsupported
        /// Bytes that should be JSON, tar or a manifest are not.
        case corrupt
        /// A blob's bytes do not hash to its digest.
        case digestMismatch
        /// Several images match and nothing says which one to take.
        case ambiguous
        /// An image index has no entry for the requested platform.
        case platformNotFound
        /// A manifest, config or archive exceeds a size limit.
        case tooLarge
        /// The file system refused a read.
        case io
    }

    /// The kind of failure.
    public var code: Code
    /// What failed and where, lowercase, quoting the offending value.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
