import Foundation
import Model

/// The terminal report: Anchore-style header lines, the vulnerability table, suppressed findings with
/// their reasons, the remediation summary and warnings.
public struct FindingsTablePresenter: Sendable {
    /// Whether to use ANSI colors (only on a TTY with `NO_COLOR` unset: the caller decides).
    public var useColor: Bool

    public init(useColor: Bool) {
        self.useColor = useColor
    }

    /// The column titles of the vulnerability table, in order.
    public static let columns = [
        "Vulnerability ID", "Package", "Severity", "Fix", "CVE Refs", "Vulnerability URL", "Type", "Feed Group",
        "Package Path",
    ]

    /// Renders `report` as text ending in a newline.
    public func render(_ report: FindingsReport) -> String {
        var out = ""
        out += "Image Digest: \(report.imageDigest)\n"
        out += "Full Tag: \(report.fullTag)\n"
        out += "Status: \(paint(report.status.rawValue, report.status == .pass ? "32" : "31;1"))\n"
        out += "Last Eval: \(Self.timestamp(report.evaluatedAt))\n"
        out += "Policy: \(report.policy)\n"
        out += "\n"
        let live = report.liveFindings
        if live.isEmpty {
            out += "No vulnerabilities found.\n"
        } else {
            let rows = live.map { finding in
                [
                    finding.id, "\(finding.package.name)-\(finding.package.version)",
                    finding.severity.description.capitalized,
                    finding.fixDescription,
                    Self.cveColumn(finding.cveReferences),
                    finding.urls.first ?? "-", finding.package.type.rawValue, finding.namespace, finding.packagePath,
                ]
            }
            out += table(Self.columns, rows, severityColumn: 2)
            out += "\n" + summaryLine(live) + "\n"
        }
        let suppressed = report.suppressedFindings
        if !suppressed.isEmpty {
            out += "\nSuppressed (\(suppressed.count)):\n"
            let rows = suppressed.map { finding in
                [
                    finding.id, "\(finding.package.name)-\(finding.package.version)",
                    finding.severity.description.capitalized, finding.suppressedBy ?? "-",
                ]
            }
            out += table(["Vulnerability ID", "Package", "Severity", "Reason"], rows, severityColumn: 2)
        }
        if !report.remediation.isEmpty {
            out += "\nRemediation (upgrades that fix the most findings first):\n"
            let rows = report.remediation.map { item in
                [
                    item.packageName, item.installedVersion, item.targetVersion, String(item.fixes.count),
                    item.highestSeverity.description.capitalized,
                ]
            }
            out += table(["Package", "Installed", "Upgrade To", "Fixes", "Highest Severity"], rows, severityColumn: 4)
        }
        for warning in report.warnings {
            out += "\n" + paint("warning: ", "33") + TerminalText.plain(warning)
        }
        if !report.warnings.isEmpty { out += "\n" }
        return out
    }

    /// The most CVE ids the table lists in one cell; the JSON reports carry them all.
    static let maximumCVEsShown = 3

    /// Up to `maximumCVEsShown` ids and a count of the rest, so one advisory cannot widen the table for all.
    static func cveColumn(_ ids: [String]) -> String {
        if ids.isEmpty { return "-" }
        let shown = ids.prefix(maximumCVEsShown).joined(separator: " ")
        return ids.count > maximumCVEsShown ? "\(shown) (+\(ids.count - maximumCVEsShown) more)" : shown
    }

    /// `2026-12-03T17:21:49Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private func summaryLine(_ findings: [Finding]) -> String {
        var parts: [String] = []
        for severity in Severity.allCases.reversed() {
            let count = findings.filter { $0.severity == severity }.count
            if count > 0 { parts.append("\(count) \(severity)") }
        }
        let fixable = findings.filter { !$0.fixedVersions.isEmpty }.count
        return "\(findings.count) vulnerabilities (\(parts.joined(separator: ", "))); \(fixable) with a fix"
    }

    private func table(_ header: [String], _ rawRows: [[String]], severityColumn: Int) -> String {
        // Cells carry package names, versions and paths from the image.
        let rows = rawRows.map { $0.map(TerminalText.plain) }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String], colorSeverity: Bool) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                let padded = isLast ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
                if colorSeverity, index == severityColumn, let code = Self.color(of: cell) {
                    text += paint(cell, code) + String(padded.dropFirst(cell.count))
                } else {
                    text += padded
                }
            }
            return text + "\n"
        }
        var out = line(header, colorSeverity: false)
        for row in rows { out += line(row, colorSeverity: true) }
        return out
    }

    private static func color(of severityName: String) -> String? {
        switch Severity(name: severityName) {
        case .critical: "31;1"
        case .high: "31"
        case .medium: "33"
        case .low: "36"
        default: nil
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
