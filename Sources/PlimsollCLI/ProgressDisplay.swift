import ImageSource
import Synchronization

/// One self-overwriting status line on standard error, shown only on a terminal.
final class ProgressDisplay: Sendable {
    private let terminal: Terminal
    private let lastLength = Mutex(0)

    /// A display for `terminal`, or nil when progress must not be shown (not a TTY, or `--quiet`).
    static func make(terminal: Terminal, quiet: Bool) -> ProgressDisplay? {
        quiet || !terminal.errorIsTTY ? nil : ProgressDisplay(terminal: terminal)
    }

    private init(terminal: Terminal) {
        self.terminal = terminal
    }

    /// Replaces the status line with a description of `event`.
    func show(_ event: ProgressEvent) {
        let text: String
        switch event {
        case .downloading(let digest, let bytes, let total):
            let totalText = total.map { " / \(Self.megabytes($0))" } ?? ""
            text = "pulling \(digest.prefix(19))… \(Self.megabytes(bytes))\(totalText)"
        case .readingLayer(let index, let count, let bytes):
            text = "reading layer \(index + 1)/\(count) \(Self.megabytes(bytes))"
        case .step(let step):
            text = step
        }
        lastLength.withLock { length in
            let padding = String(repeating: " ", count: max(0, length - text.count))
            terminal.writeError("\r" + text + padding)
            length = text.count
        }
    }

    /// Clears the status line.
    func finish() {
        lastLength.withLock { length in
            guard length > 0 else { return }
            terminal.writeError("\r" + String(repeating: " ", count: length) + "\r")
            length = 0
        }
    }

    private static func megabytes(_ bytes: Int64) -> String {
        let tenths = bytes * 10 / 1_000_000
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
