public import Foundation

/// What an SBOM document says about its own making; everything that would otherwise vary between runs is
/// here, so the same inputs and options always give the same bytes.
public struct SBOMRenderOptions: Sendable {
    /// The generating tool's name, recorded in the document.
    public var toolName: String
    /// The generating tool's version.
    public var toolVersion: String
    /// When the document was made (the caller's clock; tests pass a fixed date).
    public var timestamp: Date
    /// CycloneDX `serialNumber` (`urn:uuid:…`); nil derives one from the content and timestamp.
    public var serialNumber: String?
    /// SPDX `documentNamespace` (an absolute URI); nil derives one from the content and timestamp.
    public var documentNamespace: String?

    public init(
        toolName: String = "plimsoll", toolVersion: String, timestamp: Date, serialNumber: String? = nil,
        documentNamespace: String? = nil
    ) {
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.timestamp = timestamp
        self.serialNumber = serialNumber
        self.documentNamespace = documentNamespace
    }

    /// The timestamp as RFC 3339 UTC with second precision, e.g. `2026-12-03T17:00:00Z`.
    var timestampText: String {
        timestamp.formatted(.iso8601)
    }
}
