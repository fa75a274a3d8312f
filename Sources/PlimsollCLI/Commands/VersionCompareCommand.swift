import Foundation
import Model
import Versions

/// `plimsoll version-compare`: orders two versions, or checks one against a range, with any scheme.
struct VersionCompareCommand: Subcommand {
    static let name = "version-compare"
    static let summary = "Compare two versions, or test one against a range, as an ecosystem's own tools do"
    static let help = """
        usage: plimsoll version-compare --scheme SCHEME A B
               plimsoll version-compare --scheme SCHEME --range EXPRESSION VERSION

        Prints '<', '=' or '>' for A compared with B, or 'affected' / 'not affected' for VERSION against
        EXPRESSION ('< 1.2.3', '>= 1.0, < 1.4', '< 1 || >= 2'). Versions are read and ordered as the
        ecosystem's own tool does: dpkg --compare-versions, rpmvercmp, apk-tools, npm semver, Python
        packaging (PEP 440), Maven ComparableVersion, Go's x/mod/semver, RubyGems' Gem::Version.

        options:
          --scheme SCHEME      dpkg, rpm, apk, semver, pep440, maven, go, gem or generic
          --ecosystem NAME     pick the scheme from an OSV ecosystem name instead (Debian:12, PyPI, Go, …)
          --range EXPRESSION   test one version against EXPRESSION instead of comparing two

        Exit codes: 0 answered; 2 a version or expression could not be read (the message says why);
        64 usage error. A PEP 440 or apk version outside the grammar is still ordered by the ecosystem's
        fallback rule, with a warning.

        """

    static func run(_ arguments: [String], terminal: Terminal) async throws -> ExitCode {
        let parsed = try ParsedArguments(
            arguments, options: ["--scheme", "--ecosystem", "--range", "--benchmark", "--sample"], flags: [])
        let scheme: VersionScheme
        if let name = parsed.value("--scheme") {
            guard let known = VersionScheme(rawValue: name) else {
                throw UsageError(VersionError.unknownScheme(name).description)
            }
            scheme = known
            if parsed.value("--ecosystem") != nil { throw UsageError("give --scheme or --ecosystem, not both") }
        } else if let ecosystem = parsed.value("--ecosystem") {
            scheme = VersionScheme.forEcosystem(ecosystem)
        } else if let count = parsed.value("--benchmark") {
            // Hidden: scripts/bench/versions.sh measures every scheme this way.
            try benchmark(count: count, schemes: VersionScheme.allCases, terminal: terminal)
            return .success
        } else {
            throw UsageError(
                "missing option --scheme (one of: \(VersionScheme.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if let count = parsed.value("--benchmark") {
            try benchmark(count: count, schemes: [scheme], terminal: terminal)
            return .success
        }
        if let count = parsed.value("--sample") {
            // Hidden: the benchmark's versions, one per line, for the reference tools in scripts/bench.
            for version in try benchmarkVersions(count: parseCount(count), scheme: scheme) {
                terminal.writeOutput(version.text + "\n")
            }
            return .success
        }
        if let expression = parsed.value("--range") {
            let version = try parsed.requirePositionals(["version"])[0]
            let range = try RangeExpression(expression)
            warnIfLegacy(try scheme.parse(version), terminal: terminal)
            for alternative in range.alternatives {
                for comparator in alternative { warnIfLegacy(try scheme.parse(comparator.version), terminal: terminal) }
            }
            terminal.writeOutput(try range.contains(version, scheme: scheme) ? "affected\n" : "not affected\n")
            return .success
        }
        let versions = try parsed.requirePositionals(["a", "b"])
        let first = try scheme.parse(versions[0])
        let second = try scheme.parse(versions[1])
        warnIfLegacy(first, terminal: terminal)
        warnIfLegacy(second, terminal: terminal)
        let order = try first.compare(to: second)
        terminal.writeOutput(order < 0 ? "<\n" : (order == 0 ? "=\n" : ">\n"))
        return .success
    }

    private static func warnIfLegacy(_ version: ParsedVersion, terminal: Terminal) {
        guard version.isLegacy else { return }
        terminal.writeError(
            "warning: '\(version.text)' is not a valid \(version.scheme.rawValue) version; ordered by the "
                + "ecosystem's fallback rule\n")
    }
}

extension VersionCompareCommand {
    /// The hidden `--benchmark N` mode: parses N generated versions per scheme once, sorts them, and reports
    /// comparisons per second of CPU time (the machine may be shared: wall time is shown beside it).
    /// `scripts/bench/versions.sh` runs it in release mode.
    static func benchmark(count text: String, schemes: [VersionScheme], terminal: Terminal) throws {
        let count = try parseCount(text)
        terminal.writeOutput(
            "scheme    versions  parse cpu s  sort cpu s  sort wall s  comparisons  comparisons/cpu s\n")
        for scheme in schemes {
            let parseStart = cpuSeconds()
            var parsed = benchmarkVersions(count: count, scheme: scheme)
            let parseTime = cpuSeconds() - parseStart
            var comparisons = 0
            let wallStart = ContinuousClock.now
            let sortStart = cpuSeconds()
            parsed.sort { left, right in
                comparisons += 1
                return left < right
            }
            let sortTime = cpuSeconds() - sortStart
            let wall = ContinuousClock.now - wallStart
            let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
            let rate = sortTime > 0 ? Double(comparisons) / sortTime : 0
            terminal.writeOutput(
                scheme.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + String(
                        format: " %9d  %11.3f  %10.3f  %11.3f  %11d  %17.0f\n", parsed.count, parseTime, sortTime,
                        wallSeconds, comparisons, rate))
        }
    }

    /// `count` generated versions that parse, are not legacy (the reference tools refuse those) and hold no
    /// white space (so they travel one per line).
    private static func parseCount(_ text: String) throws(UsageError) -> Int {
        guard let count = Int(text), count > 0, count <= 10_000_000 else {
            throw UsageError("a count between 1 and 10000000 is needed, not '\(text)'")
        }
        return count
    }

    private static func benchmarkVersions(count: Int, scheme: VersionScheme) -> [ParsedVersion] {
        var sampler = VersionSampler(seed: 2026)
        var parsed: [ParsedVersion] = []
        parsed.reserveCapacity(count)
        while parsed.count < count {
            for text in sampler.versions(scheme, count: count - parsed.count + 16) where parsed.count < count {
                guard !text.contains(where: \.isWhitespace), let version = try? scheme.parse(text), !version.isLegacy
                else { continue }
                parsed.append(version)
            }
        }
        return parsed
    }

    /// CPU time used by this process so far.
    private static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
