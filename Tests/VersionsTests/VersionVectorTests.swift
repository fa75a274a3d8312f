import Foundation
import TestSupport
import Testing

@testable import Versions

/// Every row of ../shared/feeds/version-vectors for the schemes we implement.
@Suite struct VersionVectorTests {
    struct Row: Sendable, CustomStringConvertible {
        var first: String
        var second: String
        var expected: Int
        var line: Int
        var description: String { "line \(line): \(first) vs \(second) expected \(expected)" }
    }

    static func rows(_ file: String) throws -> [Row] {
        let url = SharedData.feeds.appendingPathComponent("version-vectors").appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [Row] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.hasPrefix("#") && !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3, let expected = Int(fields[2]) else {
                Issue.record("\(file) line \(number + 1) is not a vector row")
                continue
            }
            rows.append(Row(first: String(fields[0]), second: String(fields[1]), expected: expected, line: number + 1))
        }
        return rows
    }

    /// Maven rows where the vector (today's ComparableVersion) and Debian's Maven 3.8.7 disagree are
    /// covered in MavenDifferentialTests; here the vector is the truth for every row.
    static let files: [(file: String, scheme: VersionScheme, minimumRows: Int)] = [
        ("alpine-apk-tools.tsv", .apk, 700),
        ("osv-scalibr-alpine-versions.tsv", .apk, 700),
        ("osv-scalibr-alpine-versions-generated.tsv", .apk, 13_000),
        ("osv-scalibr-debian-versions.tsv", .dpkg, 25),
        ("osv-scalibr-debian-versions-generated.tsv", .dpkg, 14_000),
        ("osv-scalibr-maven-versions.tsv", .maven, 100),
        ("osv-scalibr-maven-versions-generated.tsv", .maven, 14_000),
        ("osv-scalibr-pypi-versions.tsv", .pep440, 30),
        ("osv-scalibr-pypi-versions-generated.tsv", .pep440, 12_000),
        ("osv-scalibr-rubygems-versions.tsv", .gem, 20),
        ("osv-scalibr-rubygems-versions-generated.tsv", .gem, 4_000),
        ("osv-scalibr-redhat-versions.tsv", .rpm, 150),
        ("rpm-rpmvercmp.tsv", .rpm, 90),
        ("osv-scalibr-semver-versions.tsv", .semver, 80),
    ]

    /// Vector rows whose versions the ecosystem's own tool refuses (the vectors come from osv-scalibr's more
    /// lenient parsers): we refuse them too, and `refusedVersionsAreRefusedByTheTools` checks the tools agree.
    static let refused: [(scheme: VersionScheme, version: String, reason: String)] = [
        (.gem, "1beta", "Gem::Version.correct?('1beta') is false: letters must follow a dot"),
        (.gem, "1gamma", "Gem::Version.correct?('1gamma') is false: letters must follow a dot"),
        (.semver, "999999999999999999999999999991", "npm semver refuses numbers above 2^53 - 1"),
        (.semver, "999999999999999999999999999999", "npm semver refuses numbers above 2^53 - 1"),
        (
            .semver, "999999999999999999999999999991.999999999999999999999999999991.999999999999999999999999999991",
            "npm semver refuses numbers above 2^53 - 1"
        ),
        (
            .semver, "999999999999999999999999999999.999999999999999999999999999991.999999999999999999999999999991",
            "npm semver refuses numbers above 2^53 - 1"
        ),
        (.semver, "1.1.3.4.5", "npm semver refuses a fourth and fifth number"),
    ]

    static func isRefused(_ scheme: VersionScheme, _ row: Row) -> Bool {
        refused.contains { $0.scheme == scheme && ($0.version == row.first || $0.version == row.second) }
    }

    @Test func refusedVersionsAreRefusedByTheTools() throws {
        for entry in Self.refused {
            #expect(throws: VersionError.self, "\(entry.version): \(entry.reason)") {
                try entry.scheme.parse(entry.version)
            }
        }
        let gems = Self.refused.filter { $0.scheme == .gem }.map(\.version)
        let ruby = try ProcessRunner.run(
            "ruby", ["-e", "ARGV.each { |v| puts Gem::Version.correct?(v) ? 1 : 0 }"] + gems)
        #expect(ruby.output == String(repeating: "0\n", count: gems.count))
        let semvers = Self.refused.filter { $0.scheme == .semver }.map(\.version)
        let node = try ProcessRunner.run(
            "node",
            [
                "-e",
                "const s = require(process.argv[1]); for (const v of process.argv.slice(2)) console.log(s.valid(v, {loose: true}) === null ? 0 : 1)",
                try LanguageDifferentialTests.npmSemverModule(),
            ] + semvers)
        #expect(node.output == String(repeating: "0\n", count: semvers.count), "\(node.error)")
    }

    @Test(arguments: files.map(\.file))
    func vectorFilePasses(_ file: String) throws {
        let entry = try #require(Self.files.first { $0.file == file })
        let rows = try Self.rows(file)
        #expect(rows.count >= entry.minimumRows)
        var failures: [String] = []
        var skipped = 0
        for row in rows {
            if Self.isRefused(entry.scheme, row) {
                skipped += 1
                continue
            }
            do {
                let result = try entry.scheme.compare(row.first, row.second)
                if result != row.expected { failures.append("\(row) got \(result)") }
            } catch {
                failures.append("\(row) threw \(error)")
            }
        }
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(rows.count) rows fail:\n\(failures.prefix(25).joined(separator: "\n"))")
    }
}
