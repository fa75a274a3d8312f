public import Model

/// The ways an `SBOM` can be written out (`plimsoll sbom -o FORMAT`).
public enum SBOMFormat: String, CaseIterable, Sendable {
    /// Aligned `NAME VERSION TYPE` columns for people.
    case table
    /// Plimsoll's own versioned document (docs/json-format.md).
    case json
    /// CycloneDX 1.6 JSON.
    case cyclonedxJSON = "cyclonedx-json"
    /// SPDX 2.3 JSON.
    case spdxJSON = "spdx-json"

    /// A format name the user typed that is not one of these.
    public struct UnknownFormat: ExitCodeProviding, CustomStringConvertible {
        /// What was typed.
        public var name: String
        public var exitCode: ExitCode { .usage }
        public var description: String {
            let names = SBOMFormat.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown output format '\(name)' (expected one of: \(names))"
        }
    }

    /// The format named `name` as users type it after `-o`.
    public init(parsing name: String) throws(UnknownFormat) {
        guard let format = SBOMFormat(rawValue: name.lowercased()) else { throw UnknownFormat(name: name) }
        self = format
    }

    /// The usual file extension, for naming output files.
    public var fileExtension: String {
        switch self {
        case .table: "txt"
        case .json: "json"
        case .cyclonedxJSON: "cdx.json"
        case .spdxJSON: "spdx.json"
        }
    }
}
