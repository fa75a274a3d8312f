import Foundation
import Match
import Model
import TestSupport
import Testing

@Suite struct SuppressionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15

    static func finding(
        _ id: String, aliases: [String] = [], name: String, version: String, source: String? = nil,
        purl: PURL? = nil, path: String = "/var/lib/dpkg/status"
    ) -> Finding {
        let package = Package(
            name: name, version: version, type: .deb,
            purl: purl ?? PURL(type: "deb", namespace: "debian", name: name, version: version),
            locations: [Location(path: path)], sourceName: source, foundBy: "dpkg")
        return Finding(
            id: id, aliases: aliases, package: package, installedVersion: version, namespace: "debian:10",
            matchType: "distro-source-package")
    }

    static let findings = [
        finding(
            "DLA-3377-1", aliases: ["CVE-2023-26604"], name: "libsystemd0", version: "241-7~deb10u1", source: "systemd"),
        finding("DLA-3321-1", aliases: ["CVE-2023-0361"], name: "libgnutls30", version: "3.6.7-4", source: "gnutls28"),
        finding("PYSEC-2023-74", name: "requests", version: "2.28.1", path: "/usr/lib/python3/dist-packages/requests"),
    ]

    @Test func jsonRulesByAliasSourcePackageAndPath() throws {
        let json = """
            {"ignore": [
              {"id": "cve-2023-26604", "reason": "not exploitable in containers", "expires": "2027-02-01"},
              {"package": {"name": "gnutls28"}, "reason": "tls unused"},
              {"path": "/usr/lib/python3/*", "reason": "test tooling", "expires": "2026-12-31"}
            ]}
            """
        let rules = try IgnoreRules.parse(Array(json.utf8), path: "ignore.json")
        #expect(rules.rules.count == 3)
        let (result, warnings) = Suppressor(ignoreRules: rules).apply(to: Self.findings, now: Self.now)
        #expect(result.count == 3)
        #expect(
            result[0].suppressedBy == "ignore rule 1 (cve-2023-26604): not exploitable in containers (until 2027-02-01)"
        )
        #expect(result[0].suppressionKind == .ignoreRule)
        #expect(result[1].suppressedBy == "ignore rule 2 (package gnutls28): tls unused")
        // The path rule expired the day before: not applied, and said so.
        #expect(result[2].suppressedBy == nil)
        #expect(warnings == ["ignore rule 3 (path /usr/lib/python3/*) expired on 2026-12-31 and was not applied"])
    }

    @Test func ruleAppliesThroughItsExpiryDay() throws {
        let rules = try IgnoreRules.parse(Array(#"[{"id": "DLA-3321-1", "expires": "2027-01-15"}]"#.utf8), path: "x")
        let (result, warnings) = Suppressor(ignoreRules: rules).apply(to: Self.findings, now: Self.now)
        #expect(result[1].suppressedBy == "ignore rule 1 (DLA-3321-1): no reason given (until 2027-01-15)")
        #expect(warnings.isEmpty)
    }

    @Test func yamlSubsetGivesTheSameRules() throws {
        let yaml = """
            # accepted risks
            ignore:
              - id: CVE-2023-26604   # systemd
                reason: "not exploitable: no setuid"
                expires: 2027-02-01
              - package: libgnutls30
                version: 3.6.7-4
                type: deb
                reason: 'tls unused'
            """
        let rules = try IgnoreRules.parse(Array(yaml.utf8), path: "ignore.yaml")
        #expect(rules.rules.count == 2)
        #expect(rules.rules[0].id == "CVE-2023-26604")
        #expect(rules.rules[0].reason == "not exploitable: no setuid")
        #expect(rules.rules[1].packageVersion == "3.6.7-4")
        let (result, _) = Suppressor(ignoreRules: rules).apply(to: Self.findings, now: Self.now)
        #expect(result.map { $0.suppressedBy != nil } == [true, true, false])
    }

    @Test(arguments: [
        (#"{"ignore": [{"reason": "everything"}]}"#, "ignore rule 1 selects nothing (give an id, a package or a path)"),
        (
            #"{"ignore": [{"id": "CVE-1", "expires": "2027-02-30"}]}"#,
            "ignore rule 1: expiry '2027-02-30' is not a date (expected YYYY-MM-DD)"
        ),
        (
            #"{"ignore": [{"id": "CVE-1", "severity": "low"}]}"#,
            "ignore rule 1: unknown key 'severity' (expected one of: expires, id, package, path, reason, type, version, vulnerability)"
        ),
        (#"{"ignore": [{"id": 5}]}"#, "ignore rule 1: value of 'id' must be a string"),
        (#"{"rules": []}"#, "unknown top-level key 'rules' (expected 'ignore')"),
        (#"{"ignore": [1]}"#, "ignore rule 1 is not an object"),
        (#"{"ignore": "#, "ignore file is not valid json"),
        ("ignore:\n  id CVE-1\n", "line 2: expected a '- ' list item"),
        ("ignore:\n  - id CVE-1\n", "line 2: expected 'key: value' but found 'id CVE-1'"),
        ("rules:\n  - id: CVE-1\n", "line 1: expected 'ignore:' but found 'rules:'"),
    ])
    func malformedIgnoreFilesAreTypedErrors(input: String, message: String) {
        #expect {
            try IgnoreRules.parse(Array(input.utf8), path: "bad.json")
        } throws: { error in
            guard let error = error as? MatchError else { return false }
            return error.path == "bad.json" && error.message.hasPrefix(message)
        }
    }

    @Test func binaryGarbageIsRejected() {
        #expect(throws: MatchError.self) { try IgnoreRules.parse([0xff, 0xfe, 0x00, 0x41], path: "bin") }
        #expect(throws: MatchError.self) { try IgnoreRules.load(path: "/nonexistent/ignore.json") }
    }

    @Test func oversizedIgnoreFileIsRefusedUnread() throws {
        let directory = try SharedData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.json").path
        try Data(count: IgnoreRules.maximumFileSize + 1).write(to: URL(fileURLWithPath: path))
        #expect {
            try IgnoreRules.load(path: path)
        } throws: { error in
            (error as? MatchError)?.message == "ignore file is larger than \(IgnoreRules.maximumFileSize) bytes"
        }
        #expect(throws: MatchError.self) { try IgnoreRules.load(path: directory.path) }
    }

    @Test func realUbuntuVEXSuppressesNotAffectedAndFixedOnly() throws {
        let path = SharedData.feeds.appendingPathComponent("samples/vunnel/ubuntu/CVE-2023-38545.json").path
        var vex = OpenVEX()
        try vex.load(path: path)
        #expect(vex.statements.map(\.status) == ["fixed", "affected", "not_affected"])
        func curl(_ version: String, distro: String) -> Finding {
            Self.finding(
                "UBUNTU-CVE-2023-38545", aliases: ["CVE-2023-38545"], name: "curl", version: version,
                purl: PURL(
                    type: "deb", namespace: "ubuntu", name: "curl", version: version,
                    qualifiers: ["arch": "amd64", "distro": distro]))
        }
        let findings = [
            curl("7.35.0-1ubuntu2.20+esm19", distro: "ubuntu-14.04"),
            curl("7.47.0-1ubuntu2.19", distro: "ubuntu-16.04"),
            curl("7.81.0-1ubuntu1.24", distro: "ubuntu-22.04"), curl("7.81.0-1ubuntu1.10", distro: "ubuntu-22.04"),
        ]
        let (result, warnings) = Suppressor(vex: vex).apply(to: findings, now: Self.now)
        #expect(warnings.isEmpty)
        #expect(result[0].suppressionKind == .vexNotAffected)
        #expect(
            result[0].suppressedBy?.hasPrefix("vex not_affected (CVE-2023-38545.json): vulnerable_code_not_present; ")
                == true)
        #expect(result[1].suppressedBy == nil)  // "affected" never suppresses
        #expect(result[2].suppressionKind == .vexFixed)
        #expect(result[3].suppressedBy == nil)  // another version than the statement's
    }

    @Test func oldStyleVEXAndIgnoreRulesTakePrecedence() throws {
        let document = """
            {"@context": "https://openvex.dev/ns", "statements": [
              {"vulnerability": "CVE-2023-0361", "products": ["pkg:deb/debian/libgnutls30@3.6.7-4"],
               "status": "not_affected", "justification": "component_not_present"},
              {"vulnerability": "DLA-3377-1", "products": ["pkg:deb/debian/libsystemd0"],
               "status": "not_affected", "justification": "inline_mitigations_already_exist"}
            ]}
            """
        let vex = OpenVEX(statements: try OpenVEX.parse(Array(document.utf8), path: "/tmp/app.vex.json"))
        let rules = try IgnoreRules.parse(Array(#"[{"id": "DLA-3377-1", "reason": "triaged"}]"#.utf8), path: "i")
        let (result, _) = Suppressor(ignoreRules: rules, vex: vex).apply(to: Self.findings, now: Self.now)
        #expect(result[0].suppressionKind == .ignoreRule)
        #expect(result[1].suppressedBy == "vex not_affected (app.vex.json): component_not_present")
        #expect(result[2].suppressedBy == nil)
    }

    @Test(arguments: [
        ("[]", "vex document is not a json object"),
        (#"{"statements": []}"#, "not an openvex document"),
        (#"{"@context": "https://openvex.dev/ns/v0.2.0"}"#, "vex document has no 'statements' list"),
        (
            #"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"products": ["pkg:deb/x/y"], "status": "fixed"}]}"#,
            "statement 1 names no vulnerability"
        ),
        (
            #"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": "CVE-1", "products": ["pkg:deb/x/y"], "status": "maybe"}]}"#,
            "statement 1: status 'maybe' is not one of"
        ),
        (
            #"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": "CVE-1", "products": ["not a purl"], "status": "fixed"}]}"#,
            "statement 1: product 'not a purl' is not a purl"
        ),
        (
            #"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": "CVE-1", "status": "fixed"}]}"#,
            "statement 1 names no product purl"
        ),
    ])
    func malformedVEXIsATypedError(input: String, message: String) {
        #expect {
            try OpenVEX.parse(Array(input.utf8), path: "bad.vex")
        } throws: { error in
            guard let error = error as? MatchError else { return false }
            return error.message.hasPrefix(message)
        }
    }

    @Test(arguments: [
        ("ignore:\n  - id: CVE-1\n    reason: \"x\n", "line 3: the quoted value of 'reason' is not closed"),
        ("ignore:\n  - path: [\n", "line 2: 'path' must be a single plain or quoted value"),
        ("ignore:\n  - id: [A, B]\n", "line 2: 'id' must be a single plain or quoted value"),
        ("ignore:\n  - package: {name: stdlib}\n", "line 2: 'package' must be a single plain or quoted value"),
        ("ignore:\n  - id: \"\"\n", "ignore rule 1: 'id' is empty"),
        (#"[{"package": ""}]"#, "ignore rule 1: 'package' is empty"),
    ])
    func malformedIgnoreFilesAreRejected(_ text: String, _ message: String) {
        #expect {
            _ = try IgnoreRules.parse(Array(text.utf8), path: "ignore.yaml")
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
