import Foundation
import TestSupport
import Testing

/// Every `*Command.swift` under Sources/PlimsollCLI/Commands is reachable: `plimsoll --help` lists its name.
@Suite struct CommandRegistryTests {
    @Test func everyCommandFileIsRegistered() throws {
        let folder = SharedData.repositoryRoot.appendingPathComponent("Sources/PlimsollCLI/Commands")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix("Command.swift")
        }
        #expect(files.count == 4)
        let help = try ProcessRunner.run(ProcessRunner.plimsollBinary, ["--help"])
        #expect(help.status == 0)
        for file in files {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let name = try #require(
                source.split(separator: "\n").first { $0.contains("static let name = ") }?
                    .split(separator: "\"").dropFirst().first)
            #expect(help.output.contains("\n  \(name) "), "\(file) declares '\(name)' but --help does not list it")
        }
    }
}
