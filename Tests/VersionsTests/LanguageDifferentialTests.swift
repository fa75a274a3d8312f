import Foundation
import TestSupport
import Testing

@testable import Versions

/// The language ecosystems' comparators against ours: npm semver, Go's x/mod/semver, RubyGems, Maven and
/// packaging 21.3's legacy order. 2,500 generated pairs each, one process per tool.
@Suite struct LanguageDifferentialTests {
    static let pairCount = 2500

    static func report(_ disagreements: [String]) -> Comment {
        "\(disagreements.count) disagreements:\n\(disagreements.prefix(60).joined(separator: "\n"))"
    }

    /// npm's bundled `semver` module, wherever this node keeps npm.
    static func npmSemverModule() throws -> String {
        let prefix = try ProcessRunner.run("npm", ["root", "-g"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        for candidate in [prefix + "/npm/node_modules/semver", "/usr/lib/node_modules/npm/node_modules/semver"]
        where FileManager.default.fileExists(atPath: candidate + "/package.json") {
            return candidate
        }
        throw ReferenceTools.ToolFailure(message: "npm's bundled semver module not found under \(prefix)")
    }

    @Test func semverAgreesWithNpmSemver() throws {
        let directory = try ReferenceTools.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pairs = ReferenceTools.pairs(.semver, count: Self.pairCount, seed: 4)
        let file = try ReferenceTools.writePairs(pairs, in: directory)
        let verdicts = try ReferenceTools.verdicts(
            "node", [ReferenceTools.fixture("semver_compare.js").path, try Self.npmSemverModule(), file.path],
            count: pairs.count)
        let disagreements = ReferenceTools.disagreements(.semver, pairs, verdicts)
        #expect(disagreements.isEmpty, Self.report(disagreements))
        #expect(verdicts.filter { $0.order != nil }.count > 2000)
    }

    @Test func goAgreesWithXModSemver() throws {
        let directory = try ReferenceTools.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Build the driver against Debian's golang-golang-x-mod-dev, without modules or network.
        let cache = try ReferenceTools.cacheDirectory("go-build")
        let source = directory.appendingPathComponent("src/gosemvercompare")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: ReferenceTools.fixture("gosemver_compare.go"), to: source.appendingPathComponent("main.go"))
        let binary = directory.appendingPathComponent("gosemvercompare").path
        let environment = [
            "GO111MODULE": "off", "GOPATH": "/usr/share/gocode", "GOCACHE": cache.path, "GOFLAGS": "",
            "GOTOOLCHAIN": "local",
        ]
        let build = try ProcessRunner.run(
            "go", ["build", "-o", binary, source.appendingPathComponent("main.go").path], environment: environment)
        try #require(build.status == 0, "go build failed: \(build.error)")

        let pairs = ReferenceTools.pairs(.go, count: Self.pairCount, seed: 5)
        // x/mod/semver wants the leading "v" that OSV's Go records leave out and our scheme adds.
        func withV(_ text: String) -> String { text.hasPrefix("v") ? text : "v" + text }
        let file = try ReferenceTools.writePairs(pairs.map { (withV($0.0), withV($0.1)) }, in: directory)
        let verdicts = try ReferenceTools.verdicts(binary, [file.path], count: pairs.count)
        let disagreements = ReferenceTools.disagreements(.go, pairs, verdicts)
        #expect(disagreements.isEmpty, Self.report(disagreements))
        #expect(verdicts.filter { $0.order != nil }.count > 1800)
    }

    @Test func gemAgreesWithRubyGems() throws {
        let directory = try ReferenceTools.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pairs = ReferenceTools.pairs(.gem, count: Self.pairCount, seed: 6)
        let file = try ReferenceTools.writePairs(pairs, in: directory)
        let verdicts = try ReferenceTools.verdicts(
            "ruby", [ReferenceTools.fixture("gem_compare.rb").path, file.path], count: pairs.count)
        let disagreements = ReferenceTools.disagreements(.gem, pairs, verdicts)
        #expect(disagreements.isEmpty, Self.report(disagreements))
        #expect(verdicts.filter { $0.order != nil }.count > 2000)
    }

    /// packaging 21.3 (the last release with `LegacyVersion`), installed once into a cached venv.
    static func legacyPackagingPython() throws -> String {
        let venv = try ReferenceTools.cacheDirectory("packaging-21.3-venv")
        let python = venv.appendingPathComponent("bin/python").path
        let check = try? ProcessRunner.run(python, ["-c", "import packaging; assert packaging.__version__ == '21.3'"])
        if check?.status == 0 { return python }
        let create = try ProcessRunner.run("python3", ["-m", "venv", "--clear", venv.path])
        guard create.status == 0 else { throw ReferenceTools.ToolFailure(message: "venv: \(create.error)") }
        let install = try ProcessRunner.run(
            python, ["-m", "pip", "install", "-q", "--disable-pip-version-check", "packaging==21.3"])
        guard install.status == 0 else { throw ReferenceTools.ToolFailure(message: "pip: \(install.error)") }
        return python
    }

    @Test func pep440LegacyOrderAgreesWithPackaging213() throws {
        let directory = try ReferenceTools.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Pairs where at least one side is not PEP 440, plus valid ones around them.
        var sampler = VersionSampler(seed: 7)
        let pool = sampler.versions(.pep440, count: 6000)
        let legacy = pool.filter { (try? VersionScheme.pep440.parse($0))?.isLegacy == true }
        var pairs: [(String, String)] = []
        for (index, text) in pool.enumerated() where pairs.count < Self.pairCount {
            pairs.append((legacy[index % legacy.count], index % 3 == 0 ? text : legacy[(index * 7 + 3) % legacy.count]))
        }
        let file = try ReferenceTools.writePairs(pairs, in: directory)
        let verdicts = try ReferenceTools.verdicts(
            try Self.legacyPackagingPython(), [ReferenceTools.fixture("pep440_compare.py").path, file.path],
            count: pairs.count)
        var disagreements: [String] = []
        for (pair, verdict) in zip(pairs, verdicts) {
            let first = try VersionScheme.pep440.parse(pair.0)
            let second = try VersionScheme.pep440.parse(pair.1)
            let ours = ReferenceTools.Verdict(
                order: try first.compare(to: second), firstValid: !first.isLegacy, secondValid: !second.isLegacy)
            if ours != verdict { disagreements.append("'\(pair.0)' vs '\(pair.1)': tool \(verdict), ours \(ours)") }
        }
        #expect(disagreements.isEmpty, Self.report(disagreements))
        #expect(Set(legacy).count > 10)
    }
}
