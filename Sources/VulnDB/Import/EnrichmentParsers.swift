import Foundation

/// Reads NVD CVE API 2.0 `cve` objects.
enum NVDParser {
    /// Whether an object is a bare NVD `cve` record.
    static func looksLikeCVE(_ object: [String: Any]) -> Bool {
        guard let id = object["id"] as? String, id.hasPrefix("CVE-") else { return false }
        return object["sourceIdentifier"] != nil || object["vulnStatus"] != nil || object["lastModified"] != nil
            || object["metrics"] != nil || object["descriptions"] != nil
    }

    /// Whether an object is an API 2.0 response page (`vulnerabilities[].cve`).
    static func looksLikePage(_ object: [String: Any]) -> Bool {
        if let format = object["format"] as? String, format == "NVD_CVE" { return true }
        guard let items = object["vulnerabilities"] as? [Any], let first = items.first as? [String: Any] else {
            return false
        }
        return first["cve"] is [String: Any]
    }

    private static let metricKeys = [
        ("cvssMetricV40", "4.0"), ("cvssMetricV31", "3.1"), ("cvssMetricV30", "3.0"), ("cvssMetricV2", "2.0"),
    ]

    static func parse(_ object: [String: Any]) throws(RecordProblem) -> NVDRecord {
        guard let cve = try JSONField.string(object, "id", in: ""), cve.hasPrefix("CVE-") else {
            throw RecordProblem("nvd record has no CVE id")
        }
        let context = "\(cve): "
        var description: String?
        for item in try JSONField.objects(object, "descriptions", in: context)
        where (item["lang"] as? String) == "en" {
            description = try JSONField.string(item, "value", in: context + "descriptions.")
            break
        }
        var metrics: [CVSSMetric] = []
        if let metricGroups = try JSONField.object(object, "metrics", in: context) {
            for (key, fallbackVersion) in metricKeys {
                for item in try JSONField.objects(metricGroups, key, in: context + "metrics.") {
                    metrics.append(
                        try parseMetric(item, fallbackVersion: fallbackVersion, context: "\(context)\(key)."))
                }
            }
        }
        var cwes: [String] = []
        for weakness in try JSONField.objects(object, "weaknesses", in: context) {
            for item in try JSONField.objects(weakness, "description", in: context + "weaknesses.") {
                if let value = item["value"] as? String, value.hasPrefix("CWE-"), !cwes.contains(value) {
                    cwes.append(value)
                }
            }
        }
        var references: [String] = []
        for item in try JSONField.objects(object, "references", in: context) {
            if let url = item["url"] as? String, !references.contains(url) { references.append(url) }
        }
        let configurations = (object["configurations"] as? [Any]).flatMap { JSONField.text($0) }
        return NVDRecord(
            cve: cve, sourceIdentifier: try JSONField.string(object, "sourceIdentifier", in: context),
            published: try JSONField.string(object, "published", in: context),
            lastModified: try JSONField.string(object, "lastModified", in: context),
            vulnStatus: try JSONField.string(object, "vulnStatus", in: context), description: description,
            metrics: metrics, cwes: cwes, references: references, configurationsJSON: configurations)
    }

    private static func parseMetric(_ item: [String: Any], fallbackVersion: String, context: String)
        throws(RecordProblem) -> CVSSMetric
    {
        guard let data = try JSONField.object(item, "cvssData", in: context) else {
            throw RecordProblem(context + "metric without cvssData")
        }
        guard let vector = try JSONField.string(data, "vectorString", in: context + "cvssData.") else {
            throw RecordProblem(context + "cvssData without vectorString")
        }
        guard let score = try JSONField.number(data, "baseScore", in: context + "cvssData."), (0...10).contains(score)
        else { throw RecordProblem(context + "cvssData without a baseScore between 0 and 10") }
        // CVSS v2 keeps baseSeverity beside cvssData, v3/v4 inside it.
        var severity = try JSONField.string(data, "baseSeverity", in: context)
        if severity == nil { severity = try JSONField.string(item, "baseSeverity", in: context) }
        return CVSSMetric(
            version: try JSONField.string(data, "version", in: context + "cvssData.") ?? fallbackVersion,
            source: try JSONField.string(item, "source", in: context) ?? "",
            type: try JSONField.string(item, "type", in: context) ?? "", vector: vector, baseScore: score,
            baseSeverity: severity)
    }
}

/// Reads the CISA KEV catalog.
enum KEVParser {
    /// Whether an object is a KEV catalog.
    static func looksLikeCatalog(_ object: [String: Any]) -> Bool {
        if object["catalogVersion"] != nil { return true }
        guard let items = object["vulnerabilities"] as? [Any], let first = items.first as? [String: Any] else {
            return false
        }
        return first["cveID"] != nil
    }

    static func parse(_ object: [String: Any]) throws(RecordProblem) -> KEVEntry {
        guard let cve = try JSONField.string(object, "cveID", in: ""), cve.hasPrefix("CVE-") else {
            throw RecordProblem("kev entry has no cveID")
        }
        let context = "\(cve): "
        return KEVEntry(
            cve: cve, vendorProject: try JSONField.string(object, "vendorProject", in: context),
            product: try JSONField.string(object, "product", in: context),
            vulnerabilityName: try JSONField.string(object, "vulnerabilityName", in: context),
            dateAdded: try JSONField.string(object, "dateAdded", in: context),
            dueDate: try JSONField.string(object, "dueDate", in: context),
            knownRansomwareCampaignUse: try JSONField.string(object, "knownRansomwareCampaignUse", in: context),
            requiredAction: try JSONField.string(object, "requiredAction", in: context),
            cwes: try JSONField.strings(object, "cwes", in: context))
    }
}

/// Reads FIRST EPSS CSV files: an optional `#model_version:…,score_date:…` line, a `cve,epss,percentile` header,
/// then one row per CVE.
enum EPSSParser {
    /// Whether text looks like an EPSS CSV file (checks the first lines only).
    static func looksLikeEPSS(_ prefix: Substring) -> Bool {
        let lines = prefix.split(separator: "\n", maxSplits: 3)
        for line in lines.prefix(2) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#model_version") || trimmed.lowercased().hasPrefix("cve,epss") { return true }
        }
        return false
    }

    /// The score date of a `#model_version:v2023.03.01,score_date:2025-02-20T00:00:00+0000` line.
    static func scoreDate(_ line: Substring) -> String? {
        for part in line.dropFirst().split(separator: ",") {
            let pieces = part.split(separator: ":", maxSplits: 1)
            if pieces.count == 2, pieces[0] == "score_date" { return String(pieces[1]) }
        }
        return nil
    }

    /// One data row, or why it cannot be read.
    static func parseRow(_ line: Substring, date: String?) throws(RecordProblem) -> EPSSScore {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count >= 3 else { throw RecordProblem("row '\(line.prefix(80))' has fewer than 3 fields") }
        let cve = fields[0].trimmingCharacters(in: .whitespaces)
        guard cve.hasPrefix("CVE-") else {
            throw RecordProblem("row '\(line.prefix(80))' does not start with a CVE id")
        }
        guard let score = Double(fields[1].trimmingCharacters(in: .whitespaces)), (0...1).contains(score),
            let percentile = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines)),
            (0...1).contains(percentile)
        else { throw RecordProblem("row '\(line.prefix(80))' has no epss and percentile between 0 and 1") }
        return EPSSScore(cve: cve, score: score, percentile: percentile, date: date)
    }
}
