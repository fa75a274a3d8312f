/// Why a report could not be produced.
public struct ReportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, lowercase, naming the format or value.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
