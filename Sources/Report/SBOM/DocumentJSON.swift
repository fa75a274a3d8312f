import Foundation

/// The one JSON encoding every JSON report uses (SBOM documents and findings reports): sorted keys, two-space indentation, unescaped slashes,
/// a final newline — so equal documents are equal bytes.
extension Encodable {
    func encoded() throws(ReportError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self)) + [0x0A]
        } catch {
            throw ReportError("could not encode the \(Self.self): \(error)")
        }
    }
}
