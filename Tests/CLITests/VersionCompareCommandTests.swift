import Foundation
import TestSupport
import Testing

/// `plimsoll version-compare` end to end: the built binary, its output and exit codes.
@Suite struct VersionCompareCommandTests {
    static func plimsoll(_ arguments: [String]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(ProcessRunner.plimsollBinary, ["version-compare"] + arguments)
    }

    @Test(arguments: [
        (["--scheme", "dpkg", "1.0", "1.0~rc1"], ">\n"), (["--scheme", "dpkg", "1:0.1", "2.0"], ">\n"),
        (["--scheme", "rpm", "1.0-1.el8", "1.0-1.el8"], "=\n"), (["--scheme", "rpm", "1.0~rc1", "1.0"], "<\n"),
        (["--scheme", "apk", "1.1.1b-r1", "1.1.1d-r0"], "<\n"),
        (["--scheme", "semver", "v1.2.3", "1.2.3-rc.1"], ">\n"),
        (["--scheme", "pep440", "1.0RC1", "1.0rc1"], "=\n"), (["--scheme", "maven", "1.0-SNAPSHOT", "1.0"], "<\n"),
        (["--scheme", "go", "go1.21rc1", "go1.21.0"], "<\n"), (["--scheme", "gem", "1.0.a", "1.0"], "<\n"),
        (["--scheme", "generic", "1.10", "1.9"], ">\n"), (["--ecosystem", "Debian:10", "1.0", "1.0+deb10u1"], "<\n"),
        (["--scheme", "apk", "--range", "< 4.3.3", "4.3.3-r0"], "not affected\n"),
        (["--scheme", "pep440", "--range", ">=2021.05.30,<2024.07.04", "2024.7.3"], "affected\n"),
        (["--scheme", "semver", "--range", ">= 1.0, < 1.4 || = 2.0.0", "2.0.0"], "affected\n"),
    ])
    func answers(_ arguments: [String], _ expected: String) throws {
        let result = try Self.plimsoll(arguments)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == expected)
        #expect(result.error.isEmpty)
    }

    @Test func invalidVersionExitsTwoWithAClearMessage() throws {
        let result = try Self.plimsoll(["--scheme", "semver", "banana", "1.0.0"])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.error == "error: invalid semver version 'banana': does not start with a number\n")
        let dpkg = try Self.plimsoll(["--scheme", "dpkg", "1.0", "1.0 2"])
        #expect(dpkg.status == 2)
        #expect(dpkg.error == "error: invalid dpkg version '1.0 2': version string has embedded spaces\n")
        let range = try Self.plimsoll(["--scheme", "semver", "--range", "^1.2", "1.2.3"])
        #expect(range.status == 2)
        #expect(range.error.contains("unsupported operator '^'"))
        let generic = try Self.plimsoll(["--scheme", "generic", "1.0a", "1.0b"])
        #expect(generic.status == 2)
        #expect(generic.error.hasPrefix("error: cannot order generic versions '1.0a' and '1.0b'"))
    }

    @Test func legacyVersionsAreOrderedWithAWarning() throws {
        let result = try Self.plimsoll(["--scheme", "pep440", "french toast", "0.1"])
        #expect(result.status == 0)
        #expect(result.output == "<\n")
        #expect(
            result.error
                == "warning: 'french toast' is not a valid pep440 version; ordered by the ecosystem's fallback rule\n")
    }

    @Test func usageErrorsExit64() throws {
        let unknown = try Self.plimsoll(["--scheme", "debian", "1", "2"])
        #expect(unknown.status == 64)
        #expect(unknown.error.hasPrefix("error: unknown version scheme 'debian' (expected one of: dpkg, rpm, apk"))
        #expect(try Self.plimsoll(["--scheme", "dpkg", "1"]).status == 64)
        #expect(try Self.plimsoll(["1", "2"]).status == 64)
        #expect(try Self.plimsoll(["--scheme", "dpkg", "--ecosystem", "PyPI", "1", "2"]).status == 64)
        let help = try Self.plimsoll(["--help"])
        #expect(help.status == 0)
        #expect(help.output.hasPrefix("usage: plimsoll version-compare --scheme SCHEME A B"))
    }

    @Test func benchmarkModeReportsEachScheme() throws {
        let result = try Self.plimsoll(["--scheme", "dpkg", "--benchmark", "2000"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("dpkg          2000") == true)
        #expect(lines.first?.hasSuffix("comparisons/cpu s") == true)
        #expect(try Self.plimsoll(["--benchmark", "0"]).status == 64)
    }
}
