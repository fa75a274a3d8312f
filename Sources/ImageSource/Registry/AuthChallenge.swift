/// One challenge from a `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
struct AuthChallenge: Sendable, Hashable {
    /// The scheme, lowercased: `bearer` or `basic`.
    var scheme: String
    /// The parameters with lowercased names.
    var parameters: [String: String]

    /// Parses the first challenge of a header value; nil when there is none.
    init?(header: String) {
        let bytes = Array(header.utf8)
        var index = 0
        func skipSpaces() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
        func token() -> String {
            let start = index
            while index < bytes.count, ![0x20, 0x09, 0x3D, 0x2C, 0x22].contains(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        skipSpaces()
        let scheme = token().lowercased()
        guard !scheme.isEmpty else { return nil }
        var parameters: [String: String] = [:]
        while index < bytes.count {
            skipSpaces()
            while index < bytes.count, bytes[index] == 0x2C { index += 1 }
            skipSpaces()
            let name = token().lowercased()
            skipSpaces()
            guard !name.isEmpty, index < bytes.count, bytes[index] == 0x3D else { break }
            index += 1
            skipSpaces()
            var value: [UInt8] = []
            if index < bytes.count, bytes[index] == 0x22 {
                index += 1
                while index < bytes.count, bytes[index] != 0x22 {
                    if bytes[index] == 0x5C, index + 1 < bytes.count { index += 1 }
                    value.append(bytes[index])
                    index += 1
                }
                index += 1
            } else {
                value = Array(token().utf8)
            }
            parameters[name] = String(decoding: value, as: UTF8.self)
        }
        self.scheme = scheme
        self.parameters = parameters
    }
}
