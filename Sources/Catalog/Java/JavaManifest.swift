/// A jar's `META-INF/MANIFEST.MF`: the main section's attributes (72-byte lines continued by a leading space) and
/// the named sections after it.
struct JavaManifest: Sendable, Equatable {
    var main: [String: String] = [:]
    var sections: [[String: String]] = []

    init(_ bytes: [UInt8]) {
        var current: [String: String] = [:]
        var lastKey: String?
        var isMain = true
        func finishSection() {
            if isMain { main = current } else if !current.isEmpty { sections.append(current) }
            current = [:]
            lastKey = nil
            isMain = false
        }
        // "\r\n" is one Character in Swift, so split on newline characters rather than on "\n".
        for line in String(decoding: bytes, as: UTF8.self).split(
            omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        {
            if line.isEmpty {
                if !current.isEmpty || isMain && lastKey != nil { finishSection() }
                continue
            }
            if line.first == " ", let key = lastKey {
                current[key, default: ""] += line.dropFirst()
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingSpaces()
            guard !key.isEmpty else { continue }
            // Keys are case-insensitive; keep the first spelling seen, as the JDK does.
            current[key] = line[line.index(after: colon)...].trimmingSpaces()
            lastKey = key
        }
        if !current.isEmpty { finishSection() }
    }

    /// The value of `field` in the main section, else in the first named section that has it.
    func value(_ field: String) -> String? {
        if let value = main[field], !value.isEmpty { return value }
        for section in sections { if let value = section[field], !value.isEmpty { return value } }
        return nil
    }
}
