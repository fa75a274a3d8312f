/// A content digest such as `sha256:9f86d0…`, the identity of every blob in an image.
public struct Digest: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The algorithm, e.g. `sha256`.
    public let algorithm: String
    /// The lowercase hexadecimal encoding of the digest bytes.
    public let hex: String

    /// Why a string is not a usable digest.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// The string has no `algorithm:` prefix.
        case missingAlgorithm(String)
        /// The algorithm is not one Plimsoll can verify.
        case unsupportedAlgorithm(String)
        /// The encoded part has the wrong length or non-hex characters.
        case malformedHex(String)

        public var description: String {
            switch self {
            case .missingAlgorithm(let s): "digest '\(s.prefix(80))' has no algorithm prefix (expected sha256:<64 hex>)"
            case .unsupportedAlgorithm(let s):
                "digest algorithm '\(s.prefix(40))' is not supported (expected sha256 or sha512)"
            case .malformedHex(let s):
                "digest '\(s.prefix(80))' is malformed (expected lowercase hex of the right length)"
            }
        }
    }

    /// Parses `algorithm:hex`, accepting only sha256 (64 hex) and sha512 (128 hex).
    public init(parsing string: String) throws(ParseError) {
        guard let colon = string.firstIndex(of: ":") else { throw .missingAlgorithm(string) }
        let algorithm = String(string[..<colon])
        let hex = String(string[string.index(after: colon)...])
        let expectedLength: Int
        switch algorithm {
        case "sha256": expectedLength = 64
        case "sha512": expectedLength = 128
        default: throw .unsupportedAlgorithm(algorithm)
        }
        guard hex.utf8.count == expectedLength,
            hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw .malformedHex(string) }
        self.algorithm = algorithm
        self.hex = hex
    }

    /// Creates a digest from already-validated parts.
    public init(algorithm: String, hex: String) {
        self.algorithm = algorithm
        self.hex = hex
    }

    public var description: String { "\(algorithm):\(hex)" }

    /// The first 12 hex characters, as people abbreviate image ids.
    public var short: String { String(hex.prefix(12)) }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Digest(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
