import Foundation
import VulnDB

/// The text `db import` and `db status` print.
enum DBSummaryText {
    static func importSummary(_ summary: ImportSummary, elapsed: Duration) -> String {
        var text = ""
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if summary.installedExport {
            text += "installed database export into \(summary.databasePath)\n"
        } else {
            text += "imported \(summary.recordCount) records into \(summary.databasePath)"
            text += String(format: " in %.1fs\n", seconds)
        }
        for source in summary.sources where source.records > 0 || source.skipped > 0 {
            text += "  \(source.kind.rawValue): \(source.records) records"
            if source.skipped > 0 { text += ", \(source.skipped) skipped" }
            text += " from \(source.location)\n"
        }
        if summary.ignoredFiles > 0 { text += "ignored \(summary.ignoredFiles) files that are not feed files\n" }
        if summary.skippedCount > 0 {
            text += "skipped \(summary.skippedCount) malformed or unrecognised records"
            text +=
                summary.skippedCount > summary.skippedSamples.count
                ? "; the first \(summary.skippedSamples.count):\n" : ":\n"
            for sample in summary.skippedSamples { text += "  \(sample.file): \(sample.reason)\n" }
        }
        return text
    }

    static func status(_ metadata: DatabaseMetadata, age: TimeInterval?) -> String {
        var text = "database: \(metadata.path)\n"
        text += "schema version: \(metadata.schemaVersion)\n"
        text += "created: \(metadata.createdAt ?? "unknown"), updated: \(metadata.updatedAt ?? "unknown")\n"
        text += "age: \(age.map { DurationText.age($0) } ?? "unknown (no sources)")\n"
        let counts = ["advisories", "affected", "aliases", "nvd", "kev", "epss"].map {
            "\($0) \(metadata.tableCounts[$0] ?? 0)"
        }
        text += "records: \(counts.joined(separator: ", "))\n"
        text += "ecosystems (\(metadata.ecosystems.count)): \(metadata.ecosystems.joined(separator: ", "))\n"
        text += "sources:\n"
        let rows = metadata.sources.map { source in
            [
                source.kind.rawValue, String(source.records), String(source.skipped), source.fetchedAt,
                source.dataDate ?? "-", source.location,
            ]
        }
        text += table(header: ["KIND", "RECORDS", "SKIPPED", "FETCHED", "DATA DATE", "LOCATION"], rows: rows)
        for source in metadata.sources {
            if let sample = source.skippedSample { text += "first skipped (\(source.kind.rawValue)): \(sample)\n" }
        }
        return text
    }

    private static func table(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                parts.append(
                    index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                )
            }
            return "  " + parts.joined(separator: "  ") + "\n"
        }
        return line(header) + rows.map(line).joined()
    }
}
