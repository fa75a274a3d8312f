public import Layers
public import Model

/// Gems pinned in `Gemfile.lock` (syft: `ruby-gemfile-cataloger`): the `name (version)` lines indented four
/// spaces under `specs:` in the `GEM`, `GIT`, `PATH` and `PLUGIN SOURCE` sections. Lock files inside installed
/// gems are skipped: they describe those gems' development, not the image.
public struct GemfileLockCataloger: Cataloger {
    public let name = "ruby-gemfile-cataloger"
    /// The largest lock file read.
    public static let maximumSize: Int64 = 16 << 20

    public init() {}

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && entry.size <= Self.maximumSize && Self.isApplicationLock(entry.path)
    }

    /// Whether `path` is an application's `Gemfile.lock`, not one shipped inside an installed gem.
    static func isApplicationLock(_ path: String) -> Bool {
        path.hasSuffix("/Gemfile.lock") && !DeclaredDependencyFile.isInsideInstalledPackage(path)
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: Self.isApplicationLock) {
            guard let contents = tree.nodes[path]?.contents else { continue }
            do {
                let location = tree.location(of: path)
                for (gem, version) in try Self.parse(contents, path: path) {
                    packages.append(
                        Package(
                            name: gem, version: version, type: .gem,
                            purl: PURL(type: "gem", name: gem, version: version),
                            locations: [location], layerDigest: location.layerDigest, foundBy: name))
                }
            } catch {
                context.warn(error.description)
            }
        }
        return packages
    }

    /// The pinned gems, in file order; throws (naming the line) when a spec line is not `name (version)`.
    public static func parse(_ bytes: [UInt8], path: String) throws(PackageFileError) -> [(String, String)] {
        guard !bytes.contains(0) else { throw PackageFileError(path: path, reason: "lock file contains binary data") }
        let sections: Set<Substring> = ["GEM", "GIT", "PATH", "PLUGIN SOURCE"]
        var inSection = false
        var inSpecs = false
        var result: [(String, String)] = []
        var lineNumber = 0
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty {
                inSection = false
                inSpecs = false
                continue
            }
            if line.first != " " {
                inSection = sections.contains(line)
                inSpecs = false
                continue
            }
            if inSection && line == "  specs:" {
                inSpecs = true
                continue
            }
            guard inSpecs, line.hasPrefix("    "), !line.hasPrefix("     ") else { continue }
            let entry = line.dropFirst(4)
            guard let open = entry.firstIndex(of: " "), entry[entry.index(after: open)...].hasPrefix("("),
                entry.hasSuffix(")")
            else {
                throw PackageFileError(
                    path: path, reason: "line \(lineNumber) is not 'name (version)': '\(entry.prefix(80))'")
            }
            let gem = String(entry[..<open])
            let version = String(entry[entry.index(open, offsetBy: 2)..<entry.index(before: entry.endIndex)])
            guard !gem.isEmpty, !version.isEmpty, !version.contains(" ") else {
                throw PackageFileError(
                    path: path, reason: "line \(lineNumber) is not 'name (version)': '\(entry.prefix(80))'")
            }
            result.append((gem, version))
        }
        return result
    }
}
