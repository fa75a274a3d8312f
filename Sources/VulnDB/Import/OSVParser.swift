import Foundation
import Model

/// Reads one OSV record (schema 1.x) into the rows the database stores, checking the parts the matcher relies
/// on as the OSV JSON schema does: a record that fails is skipped with the reason, never half-imported.
enum OSVParser {
    /// An OSV record ready to be written.
    struct Parsed {
        var record: AdvisoryRecord
        var severitiesJSON: String?
        var referencesJSON: String?
        var relatedJSON: String?
        /// Each affected entry with its ranges and versions as JSON text.
        var affected: [(entry: AffectedPackage, rangesJSON: String, versionsJSON: String?)]
    }

    /// Whether a JSON object looks like an OSV record rather than another feed's document.
    static func looksLikeOSV(_ object: [String: Any]) -> Bool {
        guard object["id"] is String else { return false }
        // NVD `cve` objects carry these; OSV records never do.
        if object["sourceIdentifier"] != nil || object["vulnStatus"] != nil || object["lastModified"] != nil {
            return false
        }
        return object["affected"] != nil || object["modified"] != nil || object["schema_version"] != nil
            || object["aliases"] != nil || object["upstream"] != nil
    }

    /// The OSV schema's rule for GIT events: `0` or a full SHA-1 / SHA-256 commit hash in lowercase hex.
    static func isFullCommitHash(_ text: String) -> Bool {
        if text == "0" { return true }
        guard text.utf8.count == 40 || text.utf8.count == 64 else { return false }
        return text.utf8.allSatisfy {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
        }
    }

    static func parse(_ object: [String: Any], source: String) throws(RecordProblem) -> Parsed {
        guard let id = try JSONField.string(object, "id", in: ""), !id.isEmpty else {
            throw RecordProblem("record has no id")
        }
        let context = "\(id): "
        var aliases = try JSONField.strings(object, "aliases", in: context)
        for upstream in try JSONField.strings(object, "upstream", in: context) where !aliases.contains(upstream) {
            aliases.append(upstream)
        }
        aliases.removeAll { $0 == id || $0.isEmpty }
        let related = try JSONField.strings(object, "related", in: context)

        var severities: [SeverityScore] = []
        var feedSeverityText: String?
        for item in try JSONField.objects(object, "severity", in: context) {
            guard let type = try JSONField.string(item, "type", in: context + "severity."),
                let score = try JSONField.string(item, "score", in: context + "severity.")
            else { throw RecordProblem(context + "severity entry without type or score") }
            severities.append(SeverityScore(type: type, score: score))
            if !type.hasPrefix("CVSS"), feedSeverityText == nil { feedSeverityText = score }
        }
        let databaseSpecific = try JSONField.object(object, "database_specific", in: context)
        if let text = databaseSpecific?["severity"] as? String { feedSeverityText = text }

        var references: [AdvisoryReference] = []
        for item in try JSONField.objects(object, "references", in: context) {
            guard let url = try JSONField.string(item, "url", in: context + "references.") else {
                throw RecordProblem(context + "reference without url")
            }
            references.append(
                AdvisoryReference(type: try JSONField.string(item, "type", in: context) ?? "WEB", url: url))
        }

        var affected: [(entry: AffectedPackage, rangesJSON: String, versionsJSON: String?)] = []
        for (index, item) in try JSONField.objects(object, "affected", in: context).enumerated() {
            if let entry = try parseAffected(item, context: "\(context)affected[\(index)].") {
                affected.append(entry)
            }
        }

        let record = AdvisoryRecord(
            id: id, aliases: aliases.sorted(), related: related.sorted(),
            summary: try JSONField.string(object, "summary", in: context),
            details: try JSONField.string(object, "details", in: context),
            published: try JSONField.string(object, "published", in: context),
            modified: try JSONField.string(object, "modified", in: context),
            withdrawn: try JSONField.string(object, "withdrawn", in: context),
            feedSeverity: feedSeverityText.flatMap { Severity(name: $0) }, feedSeverityText: feedSeverityText,
            severities: severities, references: references,
            databaseSpecificJSON: databaseSpecific.flatMap { JSONField.text($0) }, source: source,
            affected: affected.map(\.entry))
        return Parsed(
            record: record,
            severitiesJSON: severities.isEmpty
                ? nil : JSONField.text(severities.map { ["type": $0.type, "score": $0.score] }),
            referencesJSON: references.isEmpty
                ? nil : JSONField.text(references.map { ["type": $0.type, "url": $0.url] }),
            relatedJSON: related.isEmpty ? nil : JSONField.text(related.sorted()),
            affected: affected)
    }

    /// One `affected[]` entry; nil for entries without a package (GIT-only entries, which no image package matches).
    private static func parseAffected(_ item: [String: Any], context: String) throws(RecordProblem)
        -> (entry: AffectedPackage, rangesJSON: String, versionsJSON: String?)?
    {
        var ranges: [AffectedRange] = []
        var rangeObjects: [[String: Any]] = []
        for (index, range) in try JSONField.objects(item, "ranges", in: context).enumerated() {
            let rangeContext = "\(context)ranges[\(index)]."
            ranges.append(try parseRange(range, context: rangeContext))
            rangeObjects.append(range)
        }
        let versions = try JSONField.strings(item, "versions", in: context)
        guard let package = try JSONField.object(item, "package", in: context) else { return nil }
        guard let ecosystem = try JSONField.string(package, "ecosystem", in: context + "package."), !ecosystem.isEmpty
        else { throw RecordProblem(context + "package has no ecosystem") }
        guard let name = try JSONField.string(package, "name", in: context + "package."), !name.isEmpty else {
            throw RecordProblem(context + "package has no name")
        }
        let databaseSpecific = try JSONField.object(item, "database_specific", in: context)
        let ecosystemSpecific = try JSONField.object(item, "ecosystem_specific", in: context)
        let trackerStatus = databaseSpecific?["tracker_status"] as? String
        let entry = AffectedPackage(
            ecosystem: ecosystem, name: name,
            normalizedName: PackageNameNormalizer.normalize(name, ecosystem: ecosystem),
            purl: try JSONField.string(package, "purl", in: context + "package."), ranges: ranges, versions: versions,
            fixState: fixState(ranges: ranges, versions: versions, trackerStatus: trackerStatus),
            trackerStatus: trackerStatus, databaseSpecificJSON: databaseSpecific.flatMap { JSONField.text($0) },
            ecosystemSpecificJSON: ecosystemSpecific.flatMap { JSONField.text($0) })
        return (entry, JSONField.text(rangeObjects) ?? "[]", versions.isEmpty ? nil : JSONField.text(versions))
    }

    private static func parseRange(_ range: [String: Any], context: String) throws(RecordProblem) -> AffectedRange {
        guard let typeText = try JSONField.string(range, "type", in: context) else {
            throw RecordProblem(context + "type is missing")
        }
        let type = AffectedRange.Kind(typeText)
        if case .other = type { throw RecordProblem("\(context)type '\(typeText)' is not SEMVER, ECOSYSTEM or GIT") }
        let repo = try JSONField.string(range, "repo", in: context)
        if type == .git, repo == nil { throw RecordProblem(context + "GIT range without repo") }
        var events: [RangeEvent] = []
        for event in try JSONField.objects(range, "events", in: context) {
            guard event.count == 1, let (key, value) = event.first, let version = value as? String else {
                throw RecordProblem(context + "event must hold exactly one string field")
            }
            switch key {
            case "introduced": events.append(.introduced(version))
            case "fixed": events.append(.fixed(version))
            case "last_affected": events.append(.lastAffected(version))
            case "limit": events.append(.limit(version))
            default: throw RecordProblem("\(context)unknown event '\(key)'")
            }
            if type == .git, !isFullCommitHash(version) {
                throw RecordProblem("\(context)GIT \(key) '\(version)' is not a full commit hash")
            }
        }
        guard events.contains(where: { if case .introduced = $0 { true } else { false } }) else {
            throw RecordProblem(context + "events have no 'introduced'")
        }
        return AffectedRange(type: type, repo: repo, events: events)
    }

    /// `fixed` when a range names a fix; `wontFix`/`notFixed` from the tracker's words; `notFixed` when affected
    /// versions are listed but no fix is; `unknown` otherwise.
    static func fixState(ranges: [AffectedRange], versions: [String], trackerStatus: String?) -> FixState {
        let hasFix = ranges.contains { range in
            range.events.contains { if case .fixed = $0 { true } else { false } }
        }
        if hasFix { return .fixed }
        if let status = trackerStatus?.lowercased() {
            let wontFix = ["end-of-life", "ignored", "no-dsa", "won't fix", "wont-fix", "will not fix"]
            if wontFix.contains(where: { status.contains($0) }) { return .wontFix }
            if status.contains("unfixed") || status.contains("postponed") || status.contains("no fix") {
                return .notFixed
            }
        }
        if !ranges.isEmpty || !versions.isEmpty { return .notFixed }
        return .unknown
    }
}
