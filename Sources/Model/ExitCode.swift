/// The process exit codes of every `plimsoll` command (documented in the README).
public struct ExitCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The command did what was asked and no gate failed.
    public static let success = ExitCode(0)
    /// A gate failed: `--fail-on` tripped or the policy said STOP.
    public static let gateFailed = ExitCode(1)
    /// The job could not complete: image not found, auth, network, corrupt input, database problem.
    public static let couldNotComplete = ExitCode(2)
    /// The command line was wrong.
    public static let usage = ExitCode(64)

    public var description: String { String(rawValue) }
}

/// An error that knows which exit code it maps to; everything else maps to `couldNotComplete`.
public protocol ExitCodeProviding: Error {
    /// The exit code the process ends with when this error stops it.
    var exitCode: ExitCode { get }
}
