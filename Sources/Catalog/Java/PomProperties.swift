/// A `META-INF/maven/<group>/<artifact>/pom.properties` file: the coordinates Maven wrote into the jar.
struct PomProperties: Sendable, Equatable {
    var groupID: String
    var artifactID: String
    var version: String
    /// The entry's path inside its archive.
    var path: String

    /// Parses Java properties lines (`key=value` or `key: value`, `#`/`!` comments); nil without artifactId and version.
    init?(_ bytes: [UInt8], path: String) {
        var values: [String: String] = [:]
        for rawLine in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingSpaces()
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("!"),
                let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" })
            else { continue }
            values[line[..<separator].trimmingSpaces()] = line[line.index(after: separator)...].trimmingSpaces()
        }
        guard let artifactID = values["artifactId"], !artifactID.isEmpty, let version = values["version"],
            !version.isEmpty
        else { return nil }
        self.groupID = values["groupId"] ?? ""
        self.artifactID = artifactID
        self.version = version
        self.path = path
    }

    /// Whether `entry` is a pom.properties under `META-INF/maven/`.
    static func isPomProperties(_ entry: String) -> Bool {
        entry.hasPrefix("META-INF/maven/") && entry.hasSuffix("/pom.properties")
    }
}
