import Foundation
import TestSupport
import Testing

/// `plimsoll scan` end to end: the built binary, a database made by `plimsoll db import` of the real feeds,
/// and the real package databases of ../shared/feeds/pkgdb laid out as `dir:` roots.
@Suite(.serialized) struct ScanCommandTests {
    /// A temp dir with a database (Debian + Alpine OSV, NVD, KEV) and pkgdb roots; built once.
    final class Workspace: Sendable {
        let directory: URL
        let database: String

        init() throws {
            directory = try SharedData.makeTemporaryDirectory("plimsoll-scan-cli")
            database = directory.appendingPathComponent("db.sqlite").path
            let feeds = SharedData.feeds
            let imported = try ProcessRunner.run(
                ProcessRunner.plimsollBinary,
                ["db", "import", "--db", database]
                    + ["osv/Debian", "osv/Alpine", "nvd", "kev/known_exploited_vulnerabilities.json"]
                    .map { feeds.appendingPathComponent($0).path })
            guard imported.status == 0 else { throw CocoaError(.fileWriteUnknown) }
            for (name, files) in Self.roots {
                for (file, target) in files {
                    let destination = directory.appendingPathComponent("\(name)/\(target)")
                    try FileManager.default.createDirectory(
                        at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try FileManager.default.copyItem(
                        at: feeds.appendingPathComponent("pkgdb/\(name)/\(file)"), to: destination)
                }
            }
        }

        static let roots: [String: [String: String]] = [
            "debian-10": ["status": "var/lib/dpkg/status", "os-release": "etc/os-release"],
            "alpine-3.9": ["installed": "lib/apk/db/installed", "os-release": "etc/os-release"],
        ]

        func root(_ name: String) -> String { "dir:" + directory.appendingPathComponent(name).path }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        func write(_ name: String, _ text: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    static let workspace = Result { try Workspace() }

    func scan(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessRunner.Result {
        let workspace = try Self.workspace.get()
        return try ProcessRunner.run(
            ProcessRunner.plimsollBinary, ["scan"] + arguments,
            environment: ["PLIMSOLL_DB": workspace.database, "NO_COLOR": "1"].merging(environment) { _, new in new })
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func tableReportOfDebian10() throws {
        let workspace = try Self.workspace.get()
        let result = try scan([workspace.root("debian-10")])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Image Digest: -")
        #expect(lines[1] == "Full Tag: \(workspace.root("debian-10"))")
        #expect(lines[2] == "Status: pass")
        #expect(lines[3].hasPrefix("Last Eval: 20"))
        #expect(lines[4] == "Policy: none")
        #expect(lines[5].hasPrefix("Vulnerability ID  Package"))
        #expect(result.output.contains("\n40 vulnerabilities (40 unknown); 40 with a fix\n"))
        #expect(
            lines.contains {
                $0.hasPrefix("DLA-3377-1") && $0.contains("libsystemd0-241-7~deb10u1") && $0.contains("241-7~deb10u9")
            })
        #expect(result.output.contains("Remediation (upgrades that fix the most findings first):"))
        #expect(!result.output.contains("\u{1B}["))
    }

    @Test func jsonCountsAndFields() throws {
        let workspace = try Self.workspace.get()
        let result = try scan([workspace.root("debian-10"), "-o", "json"])
        #expect(result.status == 0)
        let object = try json(result.output)
        #expect(object["schemaVersion"] as? String == "1.0")
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 40)
        #expect(Set(findings.compactMap { $0["id"] as? String }).count == 28)
        #expect((object["distro"] as? [String: Any])?["versionID"] as? String == "10")
    }

    @Test func failOnTripsOnAlpineCriticalFromNVD() throws {
        let workspace = try Self.workspace.get()
        let failing = try scan([workspace.root("alpine-3.9"), "--fail-on", "critical"])
        #expect(failing.status == 1)
        #expect(failing.output.contains("\nStatus: fail\n"))
        #expect(failing.output.contains("\nPolicy: fail on critical or above (--fail-on)\n"))
        #expect(
            failing.output.split(separator: "\n").contains {
                $0.hasPrefix("ALPINE-CVE-2019-14697") && $0.contains("Critical")
            })
        // The same findings suppressed by an ignore rule no longer trip the gate, and stay visible.
        let ignore = try workspace.write(
            "ignore-critical.yaml",
            """
            ignore:
              - id: CVE-2019-14697
                reason: musl fix scheduled
            """)
        let passing = try scan([
            workspace.root("alpine-3.9"), "--fail-on", "critical", "--ignore", ignore, "-o", "json",
        ])
        #expect(passing.status == 0)
        let object = try json(passing.output)
        #expect(object["status"] as? String == "pass")
        let live = try #require(object["findings"] as? [[String: Any]])
        #expect(live.count == 6)
        #expect(live.allSatisfy { ["medium", "low"].contains($0["severity"] as? String ?? "") })
        let suppressed = try #require(object["suppressed"] as? [[String: Any]])
        #expect(
            suppressed.compactMap { ($0["package"] as? [String: Any])?["name"] as? String } == ["musl", "musl-utils"])
        #expect(
            suppressed.allSatisfy {
                $0["suppressedBy"] as? String == "ignore rule 1 (CVE-2019-14697): musl fix scheduled"
            })
    }

    @Test func failOnBelowEveryFindingPasses() throws {
        let workspace = try Self.workspace.get()
        // Debian 10's advisories carry no severity and the kit has no NVD records for them: all unknown.
        let result = try scan([workspace.root("debian-10"), "--fail-on", "low", "-o", "json"])
        #expect(result.status == 0)
        let tripped = try scan([workspace.root("debian-10"), "--fail-on", "unknown", "-o", "json"])
        #expect(tripped.status == 1)
        #expect(try json(tripped.output)["status"] as? String == "fail")
    }

    @Test func ignoreFileAndVEXSuppressVisibly() throws {
        let workspace = try Self.workspace.get()
        let ignore = try workspace.write(
            "ignore.json",
            #"{"ignore": [{"id": "DLA-3377-1", "reason": "no systemd in containers", "expires": "2099-01-01"}, {"package": "tzdata", "expires": "2001-01-01"}]}"#
        )
        let vex = try workspace.write(
            "app.vex.json",
            """
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1", "author": "test",
             "timestamp": "2026-01-01T00:00:00Z", "version": 1,
             "statements": [{"vulnerability": {"name": "CVE-2023-0361"},
                             "products": [{"@id": "pkg:deb/debian/libgnutls30@3.6.7-4"}],
                             "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
            """)
        let result = try scan([workspace.root("debian-10"), "--ignore", ignore, "--vex", vex, "-o", "json"])
        #expect(result.status == 0)
        let object = try json(result.output)
        let live = try #require(object["findings"] as? [[String: Any]])
        let suppressed = try #require(object["suppressed"] as? [[String: Any]])
        #expect(live.count + suppressed.count == 40)
        let reasons = Dictionary(
            suppressed.map {
                (
                    "\($0["id"] ?? "")|\(($0["package"] as? [String: Any])?["name"] ?? "")",
                    $0["suppressedBy"] as? String ?? ""
                )
            },
            uniquingKeysWith: { first, _ in first })
        #expect(
            reasons["DLA-3377-1|libsystemd0"]
                == "ignore rule 1 (DLA-3377-1): no systemd in containers (until 2099-01-01)")
        #expect(
            reasons["DLA-3321-1|libgnutls30"] == "vex not_affected (app.vex.json): vulnerable_code_not_in_execute_path")
        // The expired tzdata rule is not applied, and the user is told.
        #expect(live.contains { ($0["package"] as? [String: Any])?["name"] as? String == "tzdata" })
        let warnings = try #require(object["warnings"] as? [String])
        #expect(warnings.contains("ignore rule 2 (package tzdata) expired on 2001-01-01 and was not applied"))
        #expect(result.error.contains("warning: ignore rule 2 (package tzdata) expired"))
    }

    @Test func onlyFixedAndFileOutputs() throws {
        let workspace = try Self.workspace.get()
        for (format, file) in [("sarif", "out.sarif"), ("cyclonedx-json", "out.cdx.json")] {
            let path = workspace.path(file)
            let result = try scan([
                workspace.root("alpine-3.9"), "-o", format, "--file", path, "--only-fixed", "--quiet",
            ])
            #expect(result.status == 0)
            #expect(result.output.isEmpty)
            let object = try json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
            if format == "sarif" {
                #expect(object["version"] as? String == "2.1.0")
            } else {
                #expect(object["specVersion"] as? String == "1.6")
                #expect(!((object["vulnerabilities"] as? [[String: Any]]) ?? []).isEmpty)
            }
        }
    }

    @Test func staleDatabaseWarnsOrRefuses() throws {
        let workspace = try Self.workspace.get()
        let warned = try scan([workspace.root("debian-10"), "--max-db-age", "0", "-o", "json"])
        #expect(warned.status == 0)
        #expect(
            warned.error.contains("warning: the vulnerability database is 0.0 days old (older than --max-db-age 0)"))
        let refused = try scan([workspace.root("debian-10"), "--max-db-age", "0", "--fail-on-stale-db"])
        #expect(refused.status == 2)
        #expect(refused.error.contains("refusing to scan (--fail-on-stale-db)"))
        #expect(refused.output.isEmpty)
    }

    @Test func distroOverrideMatchesAnUnlabelledApkDatabase() throws {
        let workspace = try Self.workspace.get()
        let bare = workspace.directory.appendingPathComponent("bare-apk/lib/apk/db")
        try FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
        let installed = bare.appendingPathComponent("installed")
        if !FileManager.default.fileExists(atPath: installed.path) {
            try FileManager.default.copyItem(
                at: SharedData.feeds.appendingPathComponent("pkgdb/alpine-3.9/installed"), to: installed)
        }
        let unlabelled = try scan([workspace.root("bare-apk"), "-o", "json"])
        #expect(unlabelled.status == 0)
        let object = try json(unlabelled.output)
        #expect((object["findings"] as? [Any])?.isEmpty == true)
        #expect(
            unlabelled.error.contains("OS packages (apk) could not be matched: the distro is unknown; use --distro"))
        // Said once, by the matcher (the SBOM's own guess is not repeated).
        #expect(!unlabelled.error.contains("can't be matched"))
        let overridden = try scan([workspace.root("bare-apk"), "-o", "json", "--distro", "alpine:3.9"])
        #expect(!overridden.error.contains("matched"))
        let findings = try #require(try json(overridden.output)["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["id"] as? String == "ALPINE-CVE-2019-14697" })
    }

    @Test(arguments: [
        ["scan"], ["scan", "dir:/x", "--fail-on", "severe"], ["scan", "dir:/x", "-o", "xml"],
        ["scan", "dir:/x", "--bogus"], ["scan", "dir:/x", "--distro", "alpine"],
        ["scan", "dir:/x", "--max-db-age", "soon"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let result = try ProcessRunner.run(ProcessRunner.plimsollBinary, arguments)
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("error: "))
    }

    @Test func missingImageDatabaseOrIgnoreFileExit2() throws {
        let workspace = try Self.workspace.get()
        let noImage = try scan([workspace.root("does-not-exist")])
        #expect(noImage.status == 2)
        let noDatabase = try scan([workspace.root("debian-10"), "--db", workspace.path("missing.db")])
        #expect(noDatabase.status == 2)
        #expect(noDatabase.error.contains("missing.db"))
        let garbage = try workspace.write("garbage.db", String(repeating: "not a database ", count: 1000))
        let corrupt = try scan([workspace.root("debian-10"), "--db", garbage])
        #expect(corrupt.status == 2)
        #expect(corrupt.error.contains("garbage.db"))
        #expect(corrupt.output.isEmpty)
        let badIgnore = try workspace.write("bad-ignore.json", #"{"ignore": [{"reason": "all"}]}"#)
        let result = try scan([workspace.root("debian-10"), "--ignore", badIgnore])
        #expect(result.status == 2)
        #expect(result.error.contains("ignore rule 1 selects nothing"))
    }

    @Test(arguments: ["alpine", "debian-bookworm"])
    func sharedImagesHaveNoOSPackageFindings(image: String) throws {
        // ../shared/images/README.md: the feeds hold no Debian 12 or Alpine 3.14 advisories.
        let path = SharedData.images.appendingPathComponent("oci/\(image)").path
        let result = try scan(["oci-dir:\(path)", "-o", "json", "--quiet"])
        #expect(result.status == 0)
        let object = try json(result.output)
        let findings = (object["findings"] as? [[String: Any]]) ?? []
        let osFindings = findings.filter {
            ["deb", "apk", "rpm"].contains(($0["package"] as? [String: Any])?["type"] as? String ?? "")
        }
        #expect(osFindings.isEmpty)
        let release = image == "alpine" ? "alpine:v3.14" : "debian:12"
        let warnings = (object["warnings"] as? [String]) ?? []
        #expect(warnings.contains { $0.hasPrefix("the database has no advisories for \(release): ") })
    }
}
