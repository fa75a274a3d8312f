import Hashing
import Model

/// Identifiers derived from what a document describes, so two runs over the same image at the same time
/// give the same document, and different images or times give different ones.
enum ContentID {
    /// A UUID-shaped identifier from the SHA-256 of `parts`: the first 16 bytes, with the RFC 4122 variant
    /// bits and version nibble 5 ("name-based") set so strict validators accept it. It is not an RFC 4122 v5
    /// UUID (that one hashes with SHA-1 under a namespace), only laid out like one.
    static func uuid(_ parts: [String]) -> String {
        var characters = Array(SHA256Hasher.digest(Array(parts.joined(separator: "\u{0}").utf8)).hex.prefix(32))
        characters[12] = "5"
        let variant = ["8", "9", "a", "b"]
        characters[16] = Character(variant[(Int(String(characters[16]), radix: 16) ?? 0) % 4])
        let text = String(characters)
        func slice(_ from: Int, _ to: Int) -> Substring {
            text[text.index(text.startIndex, offsetBy: from)..<text.index(text.startIndex, offsetBy: to)]
        }
        return "\(slice(0, 8))-\(slice(8, 12))-\(slice(12, 16))-\(slice(16, 20))-\(slice(20, 32))"
    }

    /// The parts that identify an SBOM's content: the image, every package, and the time.
    static func parts(of sbom: SBOM, timestamp: String) -> [String] {
        [sbom.source.userInput, sbom.source.manifestDigest?.description ?? "", timestamp]
            + sbom.packages.map { $0.sortKey + "\u{0}" + $0.purl.description }
    }

    /// A short stable hash of `text` (16 hex digits), for element ids inside one document.
    static func short(_ text: String) -> String {
        String(SHA256Hasher.digest(Array(text.utf8)).hex.prefix(16))
    }
}
