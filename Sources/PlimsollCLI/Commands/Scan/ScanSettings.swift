import Foundation
import Match
import Model
import VulnDB

/// The report formats of `plimsoll scan`.
enum ScanFormat: String, CaseIterable {
    case table
    case json
    case sarif
    case cycloneDXJSON = "cyclonedx-json"
}

/// `plimsoll scan`'s options, checked.
struct ScanSettings {
    var format: ScanFormat
    var filePath: String?
    var failOn: Severity?
    var onlyFixed: Bool
    var ignoreUnfixed: Bool
    /// `--match-os-owned`: match language packages an OS package installed on their upstream ranges too.
    var matchOSOwned: Bool
    var ignorePath: String?
    var vexPaths: [String]
    var databasePath: String
    var distroOverride: Distro?
    var maxDatabaseAgeDays: Double
    var failOnStaleDatabase: Bool

    /// The database age above which a scan warns, unless `--max-db-age` says otherwise.
    static let defaultMaxDatabaseAgeDays = 5.0

    init(_ parsed: ParsedArguments, environment: [String: String]) throws(UsageError) {
        let formatText = parsed.value("--output") ?? "table"
        guard let format = ScanFormat(rawValue: formatText) else {
            throw UsageError(
                "unknown output format '\(formatText)' (expected one of: \(ScanFormat.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        self.format = format
        filePath = parsed.value("--file")
        if let text = parsed.value("--fail-on") {
            guard let severity = Severity(name: text), !text.isEmpty else {
                throw UsageError(
                    "unknown severity '\(text)' (expected one of: unknown, negligible, low, medium, high, critical)")
            }
            failOn = severity
        }
        onlyFixed = parsed.flag("--only-fixed")
        ignoreUnfixed = parsed.flag("--ignore-unfixed")
        matchOSOwned = parsed.flag("--match-os-owned")
        ignorePath = parsed.value("--ignore")
        vexPaths = parsed.values("--vex")
        databasePath = DatabaseLocation.resolve(
            option: parsed.value("--db"), environment: environment, cacheDirectory: parsed.value("--cache-dir"))
        if let text = parsed.value("--distro") {
            guard let distro = DistroNamespace.parseOverride(text) else {
                throw UsageError("--distro '\(text)' is not ID:VERSION (e.g. alpine:3.9, debian:12, debian:trixie)")
            }
            distroOverride = distro
        }
        maxDatabaseAgeDays = Self.defaultMaxDatabaseAgeDays
        if let text = parsed.value("--max-db-age") {
            guard let days = Double(text), days >= 0, days.isFinite else {
                throw UsageError("--max-db-age '\(text)' is not a number of days")
            }
            maxDatabaseAgeDays = days
        }
        failOnStaleDatabase = parsed.flag("--fail-on-stale-db")
    }

    /// The policy line of the report header.
    var policyDescription: String {
        var parts: [String] = []
        if let failOn { parts.append("fail on \(failOn) or above (--fail-on)") }
        if onlyFixed { parts.append("only fixed") }
        if ignoreUnfixed { parts.append("ignore unfixed") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// A warning when the database is older than `maximumDays` (or says nothing about its age), else nil.
    static func staleness(_ store: VulnerabilityStore, maximumDays: Double, now: Date) throws -> String? {
        guard let age = try store.age(now: now) else {
            return "the vulnerability database records no source fetch time; its age is unknown"
        }
        let days = age / 86_400
        guard days > maximumDays else { return nil }
        return String(
            format:
                "the vulnerability database is %.1f days old (older than --max-db-age %@); run 'plimsoll db update'",
            days, Self.text(maximumDays))
    }

    private static func text(_ days: Double) -> String {
        days == days.rounded() ? String(Int(days)) : String(days)
    }
}

/// Why a scan refused to run (not a usage error): exits 2.
struct ScanError: Error, CustomStringConvertible, ExitCodeProviding {
    var description: String
    var exitCode: ExitCode { .couldNotComplete }

    init(_ description: String) {
        self.description = description
    }
}
