/// A package URL (`pkg:type/namespace/name@version?qualifiers#subpath`), rendered canonically.
public struct PURL: Hashable, Sendable, Codable, CustomStringConvertible {
    public var type: String
    public var namespace: String?
    public var name: String
    public var version: String?
    /// Qualifiers; rendered sorted by key, empty values dropped.
    public var qualifiers: [String: String]
    public var subpath: String?

    public init(
        type: String, namespace: String? = nil, name: String, version: String? = nil,
        qualifiers: [String: String] = [:], subpath: String? = nil
    ) {
        self.type = type
        self.namespace = namespace
        self.name = name
        self.version = version
        self.qualifiers = qualifiers
        self.subpath = subpath
    }

    /// The canonical string form, percent-encoding each component per the purl spec.
    public var description: String {
        var text = "pkg:\(type)/"
        if let namespace, !namespace.isEmpty {
            text += namespace.split(separator: "/").map { Self.encode(String($0)) }.joined(separator: "/") + "/"
        }
        text += Self.encode(name)
        if let version, !version.isEmpty { text += "@" + Self.encode(version) }
        let pairs = qualifiers.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
        if !pairs.isEmpty {
            text += "?" + pairs.map { "\($0.key)=\(Self.encode($0.value))" }.joined(separator: "&")
        }
        if let subpath, !subpath.isEmpty {
            // Subpath segments are encoded one by one; the '/' between them stays literal (purl spec).
            text += "#" + subpath.split(separator: "/").map { Self.encode(String($0)) }.joined(separator: "/")
        }
        return text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = PURL(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid purl '\(text)'")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Parses a purl string; nil when it is not one.
    public init?(parsing text: String) {
        guard text.hasPrefix("pkg:") else { return nil }
        var rest = Substring(text.dropFirst(4))
        var subpath: String?
        if let hash = rest.firstIndex(of: "#") {
            subpath = Self.decode(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var qualifiers: [String: String] = [:]
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                qualifiers[parts[0].lowercased()] = Self.decode(parts[1])
            }
            rest = rest[..<question]
        }
        var version: String?
        if let at = rest.lastIndex(of: "@") {
            version = Self.decode(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        let segments = rest.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count >= 2 else { return nil }
        let type = segments[0].lowercased()
        let name = Self.decode(segments[segments.count - 1])
        let namespace =
            segments.count > 2 ? segments[1..<(segments.count - 1)].map { Self.decode($0) }.joined(separator: "/") : nil
        self.init(
            type: type, namespace: namespace, name: name, version: version, qualifiers: qualifiers, subpath: subpath)
    }

    private static let unreserved: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if unreserved.contains(byte) || byte == UInt8(ascii: ":") {
                out.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
