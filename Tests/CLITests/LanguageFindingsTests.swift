import Foundation
import TestSupport
import Testing

/// The language-package findings of the debian-bookworm image, recomputed without Plimsoll: PyPI ranges with
/// Python's `packaging`, Go standard-library ranges with `golang.org/x/mod/semver`
/// (`Fixtures/expected_language_findings.py`), compared with what `plimsoll scan` reports.
@Suite struct LanguageFindingsTests {
    struct Expected: Hashable, Comparable, CustomStringConvertible {
        var package: String
        var id: String

        static func < (lhs: Expected, rhs: Expected) -> Bool { (lhs.package, lhs.id) < (rhs.package, rhs.id) }
        var description: String { "\(package) \(id)" }
    }

    @Test func debianBookwormPythonAndGoFindingsMatchAnIndependentReference() throws {
        let fixtures = SharedData.repositoryRoot.appendingPathComponent("Tests/CLITests/Fixtures")
        let goCompare = SharedData.repositoryRoot.appendingPathComponent(
            "Tests/VersionsTests/Fixtures/gosemver_compare.go")
        let reference = try ProcessRunner.run(
            "python3",
            [
                fixtures.appendingPathComponent("expected_language_findings.py").path, SharedData.feeds.path,
                goCompare.path,
            ])
        try #require(reference.status == 0, "reference failed: \(reference.error)")
        let expected = Set(
            reference.output.split(separator: "\n").map { line in
                let fields = line.split(separator: "\t").map(String.init)
                return Expected(package: fields[1], id: fields[2])
            })
        #expect(expected.count == 125)

        let directory = try SharedData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("plimsoll.db").path
        let feeds = SharedData.feeds.appendingPathComponent("osv")
        let imported = try ProcessRunner.run(
            ProcessRunner.plimsollBinary,
            [
                "db", "import", "--db", database, feeds.appendingPathComponent("PyPI-json").path,
                feeds.appendingPathComponent("Go").path,
            ])
        try #require(imported.status == 0, "import failed: \(imported.error)")
        let layout = "oci-dir:" + SharedData.images.appendingPathComponent("oci/debian-bookworm").path
        let scan = try ProcessRunner.run(
            ProcessRunner.plimsollBinary, ["scan", "--quiet", "--db", database, "-o", "json", layout])
        #expect(scan.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(scan.output.utf8)) as? [String: Any])
        let findings =
            (report["findings"] as? [[String: Any]] ?? []) + (report["suppressed"] as? [[String: Any]] ?? [])
        var ours: [Expected: [String]] = [:]
        for finding in findings {
            guard let package = finding["package"] as? [String: Any], let name = package["name"] as? String,
                let id = finding["id"] as? String
            else { continue }
            ours[Expected(package: name, id: id)] = finding["aliases"] as? [String] ?? []
        }
        // Each expected advisory is reported once, under its own id or merged as an alias.
        for advisory in expected.sorted() {
            let hits = ours.filter { key, aliases in
                key.package == advisory.package && (key.id == advisory.id || aliases.contains(advisory.id))
            }
            #expect(hits.count == 1, "\(advisory) reported \(hits.count) times")
        }
        #expect(ours.count == expected.count, "plimsoll reports \(ours.count) findings")
        // The Go standard library inside Debian's docker-registry binary is really in the binary: live.
        let live = report["findings"] as? [[String: Any]] ?? []
        let liveStdlib = live.filter { ($0["package"] as? [String: Any])?["name"] as? String == "stdlib" }
        #expect(liveStdlib.count == expected.filter { $0.package == "stdlib" }.count)
    }
}
