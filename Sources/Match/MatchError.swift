/// Why matching, or reading an ignore file or VEX document, failed.
public struct MatchError: Error, CustomStringConvertible, Equatable {
    /// The file or input the problem is in, when there is one.
    public var path: String?
    /// What went wrong, lowercase, quoting the offending value.
    public var message: String

    public init(path: String? = nil, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }
}
