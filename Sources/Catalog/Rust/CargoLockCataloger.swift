public import Layers
public import Model

/// Crates pinned in `Cargo.lock` (syft: `rust-cargo-lock-cataloger`): each `[[package]]` table's `name`,
/// `version`, `source` and `checksum`.
public struct CargoLockCataloger: Cataloger {
    public let name = "rust-cargo-lock-cataloger"
    /// The largest lock file read.
    public static let maximumSize: Int64 = 16 << 20

    public init() {}

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && entry.size <= Self.maximumSize && Self.isApplicationLock(entry.path)
    }

    /// Whether `path` is an application's `Cargo.lock`, not one in Cargo's registry cache of crate sources.
    static func isApplicationLock(_ path: String) -> Bool {
        path.hasSuffix("/Cargo.lock") && !DeclaredDependencyFile.isInsideInstalledPackage(path)
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: Self.isApplicationLock) {
            guard let contents = tree.nodes[path]?.contents else { continue }
            do {
                let location = tree.location(of: path)
                for entry in try Self.parse(contents, path: path) {
                    var metadata: [String: String] = [:]
                    if let source = entry["source"] { metadata["source"] = source }
                    if let checksum = entry["checksum"] { metadata["checksum"] = checksum }
                    let crate = entry["name"] ?? ""
                    let version = entry["version"] ?? ""
                    packages.append(
                        Package(
                            name: crate, version: version, type: .rustCrate,
                            purl: PURL(type: "cargo", name: crate, version: version), locations: [location],
                            layerDigest: location.layerDigest, foundBy: name, metadata: metadata))
                }
            } catch {
                context.warn(error.description)
            }
        }
        return packages
    }

    /// The string keys of every `[[package]]` table; throws (naming the line) when one lacks a name or version
    /// or a value is not a properly closed string.
    public static func parse(_ bytes: [UInt8], path: String) throws(PackageFileError) -> [[String: String]] {
        guard !bytes.contains(0) else { throw PackageFileError(path: path, reason: "lock file contains binary data") }
        var tables: [[String: String]] = []
        var current: [String: String]?
        var currentLine = 0
        var lineNumber = 0
        func finish() throws(PackageFileError) {
            guard let table = current else { return }
            guard let name = table["name"], !name.isEmpty, let version = table["version"], !version.isEmpty else {
                throw PackageFileError(path: path, reason: "[[package]] at line \(currentLine) has no name or version")
            }
            tables.append(table)
            current = nil
        }
        for rawLine in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingSpaces()
            if line.hasPrefix("[") {
                try finish()
                if line == "[[package]]" {
                    current = [:]
                    currentLine = lineNumber
                }
                continue
            }
            guard current != nil, let equals = line.firstIndex(of: "=") else { continue }
            let key = Substring(line[..<equals]).trimmingSpaces()
            let value = Substring(line[line.index(after: equals)...]).trimmingSpaces()
            guard ["name", "version", "source", "checksum"].contains(key) else { continue }
            guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else {
                throw PackageFileError(
                    path: path, reason: "line \(lineNumber): '\(key)' is not a string: '\(value.prefix(80))'")
            }
            current?[key] = String(value.dropFirst().dropLast())
        }
        try finish()
        return tables
    }
}
