import Synchronization

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

    /// Set when writing to standard output failed (a full disk, a closed file): the command must not exit 0
    /// with a report that was never written.
    static let outputFailure = Mutex<String?>(nil)

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
            writeOutput: { text in
                if let failure = Self.write(text, to: STDOUT_FILENO) {
                    outputFailure.withLock { $0 = $0 ?? failure }
                }
            },
            writeError: { text in _ = Self.write(Self.withoutControlCharacters(text), to: STDERR_FILENO) },
            errorIsTTY: isatty(STDERR_FILENO) == 1,
            outputIsTTY: isatty(STDOUT_FILENO) == 1,
            environment: environment
        )
    }

    /// Whether colors may be used on standard output (a TTY and `NO_COLOR` unset).
    public var useColor: Bool { outputIsTTY && (environment["NO_COLOR"] ?? "").isEmpty }

    /// Writes all of `text`; returns the reason when it could not.
    private static func write(_ text: String, to descriptor: Int32) -> String? {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            bytes = bytes.dropFirst(written)
        }
        return nil
    }

    /// Text from images (package names, paths) reaches warnings and errors: escape sequences in it must not
    /// drive the user's terminal. Control characters other than newline, carriage return and tab become `?`.
    static func withoutControlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(isControl(scalar) ? "?" : scalar) }
        return String(scalars)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t")
            || (0x7f...0x9f).contains(scalar.value)
    }
}
