import Foundation
import Model
import VulnDB

/// `plimsoll db`: build, inspect and move the vulnerability database.
struct DBCommand: Subcommand {
    static let name = "db"
    static let summary = "Import, update, inspect and export the vulnerability database"
    static let help = """
        usage: plimsoll db <import|status|export> [options]

          plimsoll db import PATH...   import feed files, directories or archives (auto-detected):
                                       OSV JSON records, directories of them and all.zip exports, NVD CVE
                                       API 2.0 pages and records, the CISA KEV JSON catalog, EPSS CSV (.csv or
                                       .csv.gz), or an archive written by 'plimsoll db export'
              --fresh                  start from an empty database instead of adding to the current one
          plimsoll db status           show the schema version, each source, record counts and age
          plimsoll db export FILE      write a portable archive (tar+gzip: manifest with SHA-256, database)
                                       that 'plimsoll db import FILE' installs on another machine

        options:
          --db PATH                    the database file (default: $PLIMSOLL_DB, else
                                       <cache>/db/plimsoll.db; cache: $PLIMSOLL_CACHE_DIR,
                                       $XDG_CACHE_HOME/plimsoll or ~/.cache/plimsoll)

        Imports build a new file beside the old one and rename it into place: a failed import leaves the
        previous database working. Malformed records are skipped, counted and sampled in the summary.

        """

    static func run(_ arguments: [String], terminal: Terminal) async throws -> ExitCode {
        guard let action = arguments.first else { throw UsageError("missing action (import, status or export)") }
        let rest = Array(arguments.dropFirst())
        switch action {
        case "import":
            let parsed = try ParsedArguments(rest, options: ["--db"], flags: ["--fresh"])
            guard !parsed.positionals.isEmpty else { throw UsageError("missing argument PATH") }
            let path = DatabaseLocation.resolve(option: parsed.value("--db"), environment: terminal.environment)
            let importer = FeedImporter(databasePath: path, fresh: parsed.flag("--fresh"))
            let started = ContinuousClock.now
            let summary = try importer.importPaths(parsed.positionals)
            terminal.writeOutput(DBSummaryText.importSummary(summary, elapsed: ContinuousClock.now - started))
            return .success
        case "status":
            let parsed = try ParsedArguments(rest, options: ["--db"], flags: [])
            _ = try parsed.requirePositionals([])
            let path = DatabaseLocation.resolve(option: parsed.value("--db"), environment: terminal.environment)
            let store = try VulnerabilityStore(path: path)
            terminal.writeOutput(DBSummaryText.status(try store.metadata(), age: try store.age(now: Date())))
            return .success
        case "export":
            let parsed = try ParsedArguments(rest, options: ["--db"], flags: [])
            let file = try parsed.requirePositionals(["file"])[0]
            let path = DatabaseLocation.resolve(option: parsed.value("--db"), environment: terminal.environment)
            let size = try DatabaseExporter.export(databasePath: path, to: file)
            terminal.writeOutput("exported \(path) to \(file) (\(DurationText.size(size)))\n")
            return .success
        default:
            throw UsageError("unknown db action '\(action)' (expected import, status or export)")
        }
    }
}
