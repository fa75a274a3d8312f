import Foundation
import Model
import VulnDB

/// `plimsoll db`: build, inspect and move the vulnerability database.
struct DBCommand: Subcommand {
    static let name = "db"
    static let summary = "Import, update, inspect and export the vulnerability database"
    static let help = """
        usage: plimsoll db <import|update|status|export> [options]

          plimsoll db import PATH...   import feed files, directories or archives (auto-detected):
                                       OSV JSON records, directories of them and all.zip exports, NVD CVE
                                       API 2.0 pages and records, the CISA KEV JSON catalog, EPSS CSV (.csv or
                                       .csv.gz), or an archive written by 'plimsoll db export'
              --fresh                  start from an empty database instead of adding to the current one
          plimsoll db update           download the feeds and rebuild the database: OSV all.zip per ecosystem,
                                       NVD CVE API 2.0 (paged), CISA KEV, EPSS; retried, checked, built
                                       aside and swapped in atomically
              --feeds-url URL          a mirror instead of the official endpoints (or $PLIMSOLL_FEEDS_URL):
                                       URL/osv/<ECOSYSTEM>/all.zip, URL/nvd/rest/json/cves/2.0,
                                       URL/kev/known_exploited_vulnerabilities.json,
                                       URL/epss/epss_scores-current.csv.gz
              --ecosystems LIST        comma-separated OSV ecosystems (default: \(defaultEcosystems))
              --sources LIST           comma-separated feeds to fetch: osv,nvd,kev,epss (default: all)
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

    private static let defaultEcosystems = FeedUpdater.defaultEcosystems.joined(separator: ",")

    static func run(_ arguments: [String], terminal: Terminal) async throws -> ExitCode {
        guard let action = arguments.first else {
            throw UsageError("missing action (import, update, status or export)")
        }
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
        case "update":
            let parsed = try ParsedArguments(
                rest, options: ["--db", "--feeds-url", "--ecosystems", "--sources"], flags: [])
            _ = try parsed.requirePositionals([])
            let path = DatabaseLocation.resolve(option: parsed.value("--db"), environment: terminal.environment)
            let updater = try makeUpdater(parsed, databasePath: path, environment: terminal.environment)
            if terminal.errorIsTTY { terminal.writeError("downloading feeds into a new database beside \(path)\n") }
            let started = ContinuousClock.now
            let summary = try await updater.update(downloader: HTTPFeedDownloader())
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
            throw UsageError("unknown db action '\(action)' (expected import, update, status or export)")
        }
    }

    private static func makeUpdater(
        _ parsed: ParsedArguments, databasePath: String, environment: [String: String]
    ) throws(UsageError) -> FeedUpdater {
        let mirror = parsed.value("--feeds-url") ?? environment["PLIMSOLL_FEEDS_URL"].flatMap { $0.isEmpty ? nil : $0 }
        var updater = FeedUpdater(databasePath: databasePath)
        if let mirror {
            guard mirror.hasPrefix("http://") || mirror.hasPrefix("https://") else {
                throw UsageError("--feeds-url '\(mirror)' is not an http or https URL")
            }
            updater.endpoints = .mirror(mirror)
            // NVD's pause between pages protects the public API; a mirror is ours to load.
            updater.nvdPause = .zero
        }
        if let list = parsed.value("--ecosystems") {
            updater.ecosystems = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            guard !updater.ecosystems.isEmpty else { throw UsageError("--ecosystems needs at least one ecosystem") }
        }
        if let list = parsed.value("--sources") {
            var kinds: Set<FeedKind> = []
            for name in list.split(separator: ",") {
                guard let kind = FeedKind(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    throw UsageError("unknown feed '\(name)' in --sources (expected osv, nvd, kev, epss)")
                }
                kinds.insert(kind)
            }
            guard !kinds.isEmpty else { throw UsageError("--sources needs at least one feed") }
            updater.kinds = kinds
        }
        return updater
    }
}
