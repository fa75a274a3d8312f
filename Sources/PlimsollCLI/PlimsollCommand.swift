public import Model
import Synchronization

/// One `plimsoll` subcommand.
public protocol Subcommand: Sendable {
    /// The word that selects it, e.g. `sbom`.
    static var name: String { get }
    /// One line for `plimsoll --help`.
    static var summary: String { get }
    /// The full `--help` text.
    static var help: String { get }
    /// Runs with the arguments after the subcommand's name.
    static func run(_ arguments: [String], terminal: Terminal) async throws -> ExitCode
}

/// The `plimsoll` command: dispatches to a subcommand and turns errors into one line and an exit code.
public enum PlimsollCommand {
    /// The version printed by `plimsoll --version`.
    public static let version = "0.1.0"

    /// Runs `plimsoll` with `arguments` (without the program name) and returns the process exit status.
    public static func main(arguments: [String], terminal: Terminal = .standard()) async -> Int32 {
        await run(arguments: arguments, terminal: terminal).rawValue
    }

    /// Runs `plimsoll` with `arguments` (without the program name) and returns the exit code.
    public static func run(arguments: [String], terminal: Terminal = .standard()) async -> ExitCode {
        guard let first = arguments.first else {
            terminal.writeError(overview)
            return .usage
        }
        switch first {
        case "-h", "--help", "help":
            terminal.writeOutput(overview)
            return .success
        case "--version", "version":
            terminal.writeOutput("plimsoll \(version)\n")
            return .success
        default:
            break
        }
        guard let command = CommandRegistry.all.first(where: { $0.name == first }) else {
            terminal.writeError("error: unknown command '\(first)' (run 'plimsoll --help' for the list)\n")
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            terminal.writeOutput(command.help)
            return .success
        }
        do {
            let code = try await command.run(rest, terminal: terminal)
            if let failure = Terminal.outputFailure.withLock({ $0 }) {
                terminal.writeError("error: cannot write to standard output: \(failure)\n")
                return .couldNotComplete
            }
            return code
        } catch let error as UsageError {
            terminal.writeError("error: \(error.description)\n(run 'plimsoll \(command.name) --help' for usage)\n")
            return .usage
        } catch {
            terminal.writeError("error: \(String(describing: error))\n")
            return (error as? any ExitCodeProviding)?.exitCode ?? .couldNotComplete
        }
    }

    static var overview: String {
        var names: [(name: String, summary: String)] = []
        for command in CommandRegistry.all { names.append((command.name, command.summary)) }
        let width = names.reduce(0) { max($0, $1.name.count) }
        let lines = names.map { entry in
            "  " + entry.name + String(repeating: " ", count: width - entry.name.count + 2) + entry.summary
        }
        return """
            plimsoll \(version): container-image security scanner

            usage: plimsoll <command> [options]

            commands:
            \(lines.joined(separator: "\n"))

            Exit codes: 0 success, 1 a gate failed, 2 the job could not complete, 64 usage error.
            Run 'plimsoll <command> --help' for a command's options.

            """
    }
}
