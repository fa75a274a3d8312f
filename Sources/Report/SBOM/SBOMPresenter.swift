public import Model

/// Renders an `SBOM` in one of the `SBOMFormat`s.
public enum SBOMPresenter {
    /// The document's bytes (UTF-8, ending in a newline).
    public static func render(_ sbom: SBOM, as format: SBOMFormat, options: SBOMRenderOptions) throws(ReportError)
        -> [UInt8]
    {
        switch format {
        case .table: Array(SBOMTable.render(sbom).utf8)
        case .json: try PlimsollSBOMDocument(sbom, options: options).encoded()
        case .cyclonedxJSON: try CycloneDXDocument(sbom, options: options).encoded()
        case .spdxJSON: try SPDXDocument(sbom, options: options).encoded()
        }
    }

    /// The document as a string.
    public static func renderString(_ sbom: SBOM, as format: SBOMFormat, options: SBOMRenderOptions)
        throws(ReportError) -> String
    {
        String(decoding: try render(sbom, as: format, options: options), as: UTF8.self)
    }
}
