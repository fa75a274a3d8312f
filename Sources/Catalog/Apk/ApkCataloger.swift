public import Layers
public import Model

/// Alpine packages from the apk database, `/lib/apk/db/installed` (`/usr/lib/apk/db/installed` with apk 3).
///
/// The database is a series of records separated by blank lines, one `K:value` line per field: `P` name,
/// `V` version, `A` architecture, `o` origin (source package), `L` license, `t` build time, `c` commit,
/// `F` a directory and `R` a file in the last `F` directory. Records without a name or version, and lines
/// that are not `K:value`, are skipped with a warning naming the file and line.
public struct ApkCataloger: Cataloger {
    public let name = "apk"

    /// Where apk keeps its database, newest layout last.
    public static let databasePaths = ["/lib/apk/db/installed", "/usr/lib/apk/db/installed"]

    public init() {}

    public func wants(_ entry: FileEntryInfo) -> Bool {
        Self.databasePaths.contains(entry.path)
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        var readPaths: Set<String> = []
        for candidate in Self.databasePaths {
            guard let bytes = tree.contents(of: candidate) else { continue }
            let location = tree.location(of: candidate)
            // With merged /usr one database is reachable by both paths: read it once.
            guard readPaths.insert(location.path).inserted else { continue }
            packages += parse(bytes, location: location, context: context)
        }
        return packages
    }

    private func parse(_ bytes: [UInt8], location: Location, context: CatalogContext) -> [Package] {
        let path = location.path
        var packages: [Package] = []
        var firstLine: [String: Int] = [:]
        var record = ApkRecord(line: 1)

        func finish() {
            defer { record = ApkRecord(line: record.line) }
            guard record.hasFields else { return }
            guard let package = record.name, let version = record.version else {
                let what =
                    record.name.map { "package '\($0.quotedPrefix())' has no version (V:)" } ?? "no package name (P:)"
                context.warn("skipped a record: \(what)", path: path, line: record.line)
                return
            }
            guard !package.contains(where: \.isWhitespace), !version.contains(where: \.isWhitespace) else {
                context.warn(
                    "skipped package '\(package.quotedPrefix())': name or version '\(version.quotedPrefix())' has spaces",
                    path: path, line: record.line)
                return
            }
            let key = package + "\u{0}" + version
            if let first = firstLine[key] {
                context.warn(
                    "skipped duplicate package '\(package.quotedPrefix())' \(version.quotedPrefix()) (already listed at line \(first))",
                    path: path, line: record.line)
                return
            }
            firstLine[key] = record.line
            packages.append(record.package(name: package, version: version, location: location, context: context))
        }

        for line in TextLines(bytes) {
            if line.isBlank {
                finish()
                continue
            }
            if !record.hasFields { record.line = line.number }
            let field = line.bytes
            guard field.count >= 2, field[field.startIndex + 1] == UInt8(ascii: ":"),
                (0x21...0x7E).contains(field[field.startIndex])
            else {
                context.warn("ignored a line that is not 'K:value': '\(line.quoted())'", path: path, line: line.number)
                continue
            }
            record.add(key: field[field.startIndex], value: field[(field.startIndex + 2)...])
        }
        finish()
        return packages
    }
}

/// The fields of one apk database record that become a `Package`.
struct ApkRecord {
    var line: Int
    var hasFields = false
    var name: String?
    var version: String?
    var architecture: String?
    var origin: String?
    var license: String?
    var buildTime: String?
    var commit: String?
    var files: [String] = []
    private var directory = ""

    init(line: Int) {
        self.line = line
    }

    mutating func add(key: UInt8, value bytes: ArraySlice<UInt8>) {
        hasFields = true
        // Decode only the fields kept: a database of garbage may have megabyte-long values elsewhere.
        func text() -> String { String(decoding: bytes, as: UTF8.self).trimmingWhitespace() }
        func nonEmpty() -> String? {
            let value = text()
            return value.isEmpty ? nil : value
        }
        switch key {
        case UInt8(ascii: "P"): name = nonEmpty()
        case UInt8(ascii: "V"): version = nonEmpty()
        case UInt8(ascii: "A"): architecture = nonEmpty()
        case UInt8(ascii: "o"): origin = nonEmpty()
        case UInt8(ascii: "L"): license = nonEmpty()
        case UInt8(ascii: "t"): buildTime = nonEmpty()
        case UInt8(ascii: "c"): commit = nonEmpty()
        case UInt8(ascii: "F"): directory = text()
        case UInt8(ascii: "R"):
            let file = text()
            guard !file.isEmpty else { return }
            files.append(directory.isEmpty ? "/" + file : "/" + directory + "/" + file)
        default: return
        }
    }

    func package(name: String, version: String, location: Location, context: CatalogContext) -> Package {
        let distro = context.distro
        let alpineLike = distro.isLike("alpine")
        var qualifiers: [String: String] = [:]
        if let architecture { qualifiers["arch"] = architecture }
        if alpineLike, let value = distro.purlQualifier { qualifiers["distro"] = value }
        if let origin, origin != name { qualifiers["upstream"] = origin }
        var metadata: [String: String] = [:]
        if let buildTime { metadata["buildTime"] = buildTime }
        if let commit { metadata["commit"] = commit }
        return Package(
            name: name, version: version, type: .apk,
            purl: PURL(
                type: "apk", namespace: alpineLike ? distro.id : "alpine", name: name, version: version,
                qualifiers: qualifiers),
            licenses: license.map { [$0] } ?? [], locations: [location], architecture: architecture,
            sourceName: origin ?? name, files: files, foundBy: "apk", metadata: metadata)
    }
}
