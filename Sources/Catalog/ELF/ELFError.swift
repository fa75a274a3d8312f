/// Why an ELF file could not be read: what was wrong, in which file, and where.
public struct ELFError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The image path of the file, e.g. `/usr/bin/registry`.
    public var path: String
    /// What was wrong, lowercase, quoting the offending value.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "malformed elf file '\(path)': \(reason)" }
}
