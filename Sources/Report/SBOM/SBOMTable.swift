import Model

/// The `table` format: one row per package, `NAME VERSION TYPE`, columns aligned, sorted by name.
enum SBOMTable {
    static func render(_ sbom: SBOM) -> String {
        guard !sbom.packages.isEmpty else { return "No packages found\n" }
        let rows = sbom.packages.map { [cell($0.name), cell($0.version), $0.type.rawValue] }
            .sorted { ($0[0], $0[1], $0[2]) < ($1[0], $1[1], $1[2]) }
        let header = ["NAME", "VERSION", "TYPE"]
        var widths = header.map(\.count)
        for row in rows {
            for (column, value) in row.enumerated() { widths[column] = max(widths[column], value.count) }
        }
        var text = ""
        for row in [header] + rows {
            var line = ""
            for (column, value) in row.enumerated() {
                if column == row.count - 1 {
                    line += value
                } else {
                    line += value + String(repeating: " ", count: widths[column] - value.count + 2)
                }
            }
            text += line + "\n"
        }
        return text
    }

    /// Package names come from the image: control characters (terminal escapes) are shown as `?`.
    private static func cell(_ value: String) -> String {
        TerminalText.plain(value)
    }
}
