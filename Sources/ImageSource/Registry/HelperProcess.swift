import Foundation

/// What a helper program left behind.
struct HelperResult: Sendable {
    var status: Int32
    var output: Data
    var error: Data
}

/// Runs a small helper program (a docker credential helper) off the cooperative pool, with a timeout.
enum HelperProcess {
    static func run(_ executable: String, arguments: [String], input: String, timeout: Double) async throws
        -> HelperResult
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let inputPipe = Pipe()
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardInput = inputPipe
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        try? inputPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? inputPipe.fileHandleForWriting.close()
        return await withCheckedContinuation { continuation in
            // Blocking reads and the wait happen on plain threads, never on the cooperative pool.
            let thread = Thread {
                let errorBox = DataBox()
                let group = DispatchGroup()
                group.enter()
                Thread {
                    errorBox.data = errorPipe.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }.start()
                let output = outputPipe.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                continuation.resume(
                    returning: HelperResult(status: process.terminationStatus, output: output, error: errorBox.data))
            }
            thread.start()
        }
    }
}

/// Carries bytes read on one thread to another that waits for it (the DispatchGroup orders the accesses).
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
