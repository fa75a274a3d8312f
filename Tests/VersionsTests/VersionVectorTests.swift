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

    @Test(arguments: files.map(\.file))
    func vectorFilePasses(_ file: String) throws {
        let entry = try #require(Self.files.first { $0.file == file })
        let rows = try Self.rows(file)
        #expect(rows.count >= entry.minimumRows)
        var failures: [String] = []
        for row in rows {
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
