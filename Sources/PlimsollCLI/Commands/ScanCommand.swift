import Foundation
import Layers
import Match
import Model
import Report
import VulnDB

/// `plimsoll scan IMAGE`: image → SBOM → findings → report, with CI gating.
struct ScanCommand: Subcommand {
    static let name = "scan"
    static let summary = "Find known vulnerabilities in an image and gate on them"
    static let help = """
        usage: plimsoll scan IMAGE [options]

        IMAGE is docker-archive:PATH, oci-dir:PATH, oci-archive:PATH, dir:PATH (a root file system),
        registry:REF, or a bare path (auto-detected) or reference.

        output:
          -o, --output FORMAT     table (default), json, sarif, cyclonedx-json
          --file FILE             write the report to FILE instead of standard output
        gating and filtering:
          --fail-on SEVERITY      exit 1 (Status: fail) when a live finding is at or above SEVERITY
                                  (unknown, negligible, low, medium, high, critical)
          --only-fixed            report only findings that have a fixed version; the rest are listed
                                  as suppressed
          --ignore-unfixed        suppress findings with no fix yet (won't-fix ones stay live)
          --match-os-owned        also match language packages an OS package installed (python3-requests'
                                  dist-info) on upstream ranges; by default the distro's advisories apply
                                  and those findings are listed as suppressed. Go/Rust binaries are always
                                  matched on the versions built into them.
          --ignore FILE           ignore rules (JSON, or the YAML subset): by id or alias, package,
                                  version, type, path glob, with reason and expiry date
          --vex FILE              OpenVEX document: not_affected / fixed statements suppress findings
                                  (repeatable)
          --distro ID:VERSION     match OS packages against this release (e.g. alpine:3.9, debian:12)
        database:
          --db PATH               the vulnerability database (default: $PLIMSOLL_DB, else
                                  <cache>/db/plimsoll.db)
          --max-db-age DAYS       warn when the database is older than DAYS (default 5)
          --fail-on-stale-db      refuse to scan (exit 2) with a database older than --max-db-age
        image:
        \(ImageOptions.help)

        Suppressed findings are never dropped: they are listed with the rule or statement that
        suppressed them. Exit codes: 0 no gate tripped, 1 --fail-on tripped, 2 the scan could not
        complete (image or database problem, stale database with --fail-on-stale-db), 64 usage error.

        """

    static func run(_ arguments: [String], terminal: Terminal) async throws -> ExitCode {
        let parsed = try ParsedArguments(
            arguments,
            options: ImageOptions.options.union([
                "--output", "--file", "--fail-on", "--ignore", "--vex", "--db", "--distro", "--max-db-age",
            ]),
            flags: ImageOptions.flags.union([
                "--only-fixed", "--ignore-unfixed", "--fail-on-stale-db", "--match-os-owned",
            ]),
            aliases: ["-o": "--output"])
        let input = try parsed.requirePositionals(["image"])[0]
        let settings = try ScanSettings(parsed, environment: terminal.environment)
        let now = Date()

        // Read everything the user pointed at before the (slow) image work, so mistakes fail fast.
        var suppressor = Suppressor()
        if let path = settings.ignorePath { suppressor.ignoreRules = try IgnoreRules.load(path: path) }
        for path in settings.vexPaths { try suppressor.vex.load(path: path) }
        let store = try VulnerabilityStore(path: settings.databasePath)
        var databaseWarnings: [String] = []
        if let warning = try ScanSettings.staleness(store, maximumDays: settings.maxDatabaseAgeDays, now: now) {
            if settings.failOnStaleDatabase { throw ScanError("\(warning); refusing to scan (--fail-on-stale-db)") }
            databaseWarnings.append(warning)
        }

        let progress = ProgressDisplay.make(terminal: terminal, quiet: parsed.flag("--quiet"))
        let options = ImageOptions.sourceOptions(parsed, terminal: terminal, progress: progress)
        let limits = try LayerLimits.fromEnvironment(terminal.environment)
        let results = try await ImagePipeline.catalog(input, options: options, limits: limits)
        progress?.finish()

        var exitCode = ExitCode.success
        for (number, result) in results.enumerated() {
            let report = try ScanRun.report(
                sbom: result.sbom, store: store, suppressor: suppressor, settings: settings, now: now,
                extraWarnings: databaseWarnings)
            if report.status == .fail { exitCode = .gateFailed }
            let text = try ScanRun.render(
                report, format: settings.format, useColor: settings.filePath == nil && terminal.useColor)
            if let file = settings.filePath {
                let path = results.count > 1 ? OutputFile.numbered(file, number + 1) : file
                try OutputFile.write(Array(text.utf8), to: path)
            } else {
                terminal.writeOutput(text)
            }
            if settings.format != .table || settings.filePath != nil, !parsed.flag("--quiet") {
                for warning in report.warnings { terminal.writeError("warning: \(warning)\n") }
            }
        }
        return exitCode
    }
}
