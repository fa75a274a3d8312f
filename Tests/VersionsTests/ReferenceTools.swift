import Foundation
import TestSupport
import Testing

@testable import Versions

/// Runs the ecosystems' own comparators on many pairs at once (one process per tool) for differential tests.
///
/// Pairs travel as hex so that any byte (newlines, tabs, non-ASCII) reaches the tool unchanged. Each tool
/// prints one line per pair: `<sign or x> <first valid 0/1> <second valid 0/1>`.
enum ReferenceTools {
    /// What a reference tool said about one pair.
    struct Verdict: Equatable, CustomStringConvertible {
        /// -1, 0, 1, or nil when the tool refused one of the versions.
        var order: Int?
        var firstValid: Bool
        var secondValid: Bool

        var description: String { "\(order.map(String.init) ?? "x") \(firstValid ? 1 : 0) \(secondValid ? 1 : 0)" }
    }

    static func hex(_ text: String) -> String {
        text.utf8.map { String(format: "%02x", $0) }.joined()
    }

    /// A scratch directory for one test, removed by the caller.
    static func scratch() throws -> URL { try SharedData.makeTemporaryDirectory("plimsoll-versions") }

    /// The cache directory for tools the tests build once (a venv, a Go binary).
    static func cacheDirectory(_ name: String) throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        let base: URL
        if let explicit = environment["PLIMSOLL_CACHE_DIR"], !explicit.isEmpty {
            base = URL(fileURLWithPath: explicit)
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            base = URL(fileURLWithPath: xdg).appendingPathComponent("plimsoll")
        } else {
            base = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/plimsoll")
        }
        let url = base.appendingPathComponent("test-tools").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `pairs` as `hexA,hexB` lines and returns the file.
    static func writePairs(_ pairs: [(String, String)], in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("pairs.txt")
        let text = pairs.map { hex($0.0) + "," + hex($0.1) }.joined(separator: "\n") + "\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Runs a tool and parses its verdict lines; fails the test when the tool fails or prints the wrong count.
    static func verdicts(
        _ executable: String, _ arguments: [String], count: Int, environment: [String: String] = [:]
    ) throws -> [Verdict] {
        let result = try ProcessRunner.run(executable, arguments, environment: environment)
        guard result.status == 0 else {
            throw ToolFailure(message: "\(executable) exited \(result.status): \(result.error.prefix(2000))")
        }
        var verdicts: [Verdict] = []
        for line in result.output.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3 else { throw ToolFailure(message: "\(executable) printed '\(line)'") }
            verdicts.append(Verdict(order: Int(fields[0]), firstValid: fields[1] == "1", secondValid: fields[2] == "1"))
        }
        guard verdicts.count == count else {
            throw ToolFailure(
                message: "\(executable) answered \(verdicts.count) of \(count) pairs: \(result.error.prefix(2000))")
        }
        return verdicts
    }

    struct ToolFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// What our comparator says, in the tools' terms.
    static func ours(_ scheme: VersionScheme, _ pair: (String, String)) -> Verdict {
        let first = try? scheme.parse(pair.0)
        let second = try? scheme.parse(pair.1)
        guard let first, let second else {
            return Verdict(order: nil, firstValid: first != nil, secondValid: second != nil)
        }
        return Verdict(order: try? first.compare(to: second), firstValid: true, secondValid: true)
    }

    /// Compares our verdicts with the tool's and returns a readable list of disagreements.
    static func disagreements(_ scheme: VersionScheme, _ pairs: [(String, String)], _ theirs: [Verdict]) -> [String] {
        var found: [String] = []
        for (pair, verdict) in zip(pairs, theirs) {
            let mine = ours(scheme, pair)
            if mine != verdict {
                found.append("'\(pair.0)' vs '\(pair.1)': tool \(verdict), ours \(mine)")
            }
        }
        return found
    }

    static func pairs(_ scheme: VersionScheme, count: Int = 2500, seed: UInt64) -> [(String, String)] {
        var sampler = VersionSampler(seed: seed)
        return sampler.pairs(scheme, count: count)
    }

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
    }
}
