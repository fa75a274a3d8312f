import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Versions

/// Our comparators against each ecosystem's own implementation, on 2,000-2,500 generated pairs per scheme
/// (fixed seeds, so every run checks the same pairs). One process per tool.
@Suite struct DifferentialTests {
    static let pairCount = 2500

    @Test func dpkgAgreesWithDpkgCompareVersions() throws {
        let directory = try ReferenceTools.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pairs = ReferenceTools.pairs(.dpkg, count: 2000, seed: 1)
        // dpkg compares one pair per process: run two halves side by side to halve the wait.
        let halves = [Array(pairs[..<1000]), Array(pairs[1000...])]
        let results = Mutex<[Int: Result<[ReferenceTools.Verdict], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let result = Result { () throws -> [ReferenceTools.Verdict] in
                let file = directory.appendingPathComponent("pairs\(index).txt")
                try halves[index].map { "\($0.0)|\($0.1)" }.joined(separator: "\n").appending("\n")
                    .write(to: file, atomically: true, encoding: .utf8)
                return try ReferenceTools.verdicts(
                    ReferenceTools.fixture("dpkg-compare.sh").path,
                    [file.path, directory.appendingPathComponent("messages\(index)").path], count: halves[index].count)
            }
            results.withLock { $0[index] = result }
        }
        let verdicts = try results.withLock { all in
            try (0..<2).flatMap { index in try (all[index] ?? .success([])).get() }
        }
        let disagreements = ReferenceTools.disagreements(.dpkg, pairs, verdicts)
        #expect(
            disagreements.isEmpty,
            "\(disagreements.count) disagreements:\n\(disagreements.prefix(20).joined(separator: "\n"))")
        #expect(verdicts.filter { $0.order != nil }.count > 1800)
    }

    @Test func rpmAgreesWithRpmVercmp() throws {
        let directory = try ReferenceTools.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pairs = ReferenceTools.pairs(.rpm, count: Self.pairCount, seed: 2)
        let file = try ReferenceTools.writePairs(pairs, in: directory)
        let script = try String(contentsOf: ReferenceTools.fixture("rpm-vercmp.lua"), encoding: .utf8)
        let verdicts = try ReferenceTools.verdicts(
            "rpm", ["--define", "pairs \(file.path)", "--eval", "%{lua:\n\(script)\n}"], count: pairs.count)
        let disagreements = ReferenceTools.disagreements(.rpm, pairs, verdicts)
        #expect(
            disagreements.isEmpty,
            "\(disagreements.count) disagreements:\n\(disagreements.prefix(20).joined(separator: "\n"))")
        #expect(verdicts.filter { $0.order != nil }.count > 2000)
    }

    @Test func pep440AgreesWithPackaging() throws {
        let directory = try ReferenceTools.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pairs = ReferenceTools.pairs(.pep440, count: Self.pairCount, seed: 3)
        let file = try ReferenceTools.writePairs(pairs, in: directory)
        let verdicts = try ReferenceTools.verdicts(
            "python3", [ReferenceTools.fixture("pep440_compare.py").path, file.path], count: pairs.count)
        // Today's packaging refuses what PEP 440 rejects: our legacy flag must match its refusals.
        let disagreements = ReferenceTools.disagreements(.pep440, pairs, verdicts)
        let refusals = zip(pairs, verdicts).filter { pair, verdict in
            let first = (try? VersionScheme.pep440.parse(pair.0))?.isLegacy ?? true
            let second = (try? VersionScheme.pep440.parse(pair.1))?.isLegacy ?? true
            return verdict.firstValid == first || verdict.secondValid == second
        }
        #expect(refusals.isEmpty, "validity differs: \(refusals.prefix(10).map { "\($0.0)" })")
        let valid = disagreements.filter { !$0.contains("tool x") }
        #expect(valid.isEmpty, "\(valid.count) disagreements:\n\(valid.prefix(20).joined(separator: "\n"))")
        #expect(verdicts.filter { $0.order != nil }.count > 2000)
    }
}
