#if canImport(Glibc)
    import Glibc
#endif

/// Where a command writes: standard output and error, and whether they are terminals.
public struct Terminal: Sendable {
    /// Writes text to standard output.
    public var writeOutput: @Sendable (String) -> Void
    /// Writes text to standard error.
    public var writeError: @Sendable (String) -> Void
    /// Whether standard error is an interactive terminal (progress is shown only then).
    public var errorIsTTY: Bool
    /// Whether standard output is an interactive terminal (colors only then).
    public var outputIsTTY: Bool
    /// The process environment.
    public var environment: [String: String]

    public init(
        writeOutput: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void,
        errorIsTTY: Bool, outputIsTTY: Bool, environment: [String: String]
    ) {
        self.writeOutput = writeOutput
        self.writeError = writeError
        self.errorIsTTY = errorIsTTY
        self.outputIsTTY = outputIsTTY
        self.environment = environment
    }

    /// The real process streams.
    public static func standard() -> Terminal {
        var environment: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return Terminal(
            writeOutput: { text in Self.write(text, to: STDOUT_FILENO) },
            writeError: { text in Self.write(text, to: STDERR_FILENO) },
            errorIsTTY: isatty(STDERR_FILENO) == 1,
            outputIsTTY: isatty(STDOUT_FILENO) == 1,
            environment: environment
        )
    }

    /// Whether colors may be used on standard output (a TTY and `NO_COLOR` unset).
    public var useColor: Bool { outputIsTTY && (environment["NO_COLOR"] ?? "").isEmpty }

    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
