public import Layers
public import Model

/// Debian packages from `/var/lib/dpkg/status` and distroless `/var/lib/dpkg/status.d/*`.
///
/// A package is listed when its `Status` says its files are on disk (current state `installed`,
/// `half-configured`, `unpacked`, `half-installed`, `triggers-awaiting` or `triggers-pending`); removed
/// (`config-files`) and `not-installed` entries are not. `status.d` files carry no `Status` line: each
/// paragraph there is an installed package. Files come from `info/<package>[:<arch>].list` (or
/// `status.d/<file>.md5sums`), licenses from `/usr/share/doc/<package>/copyright`.
public struct DpkgCataloger: Cataloger {
    public let name = "dpkg"

    /// The dpkg database of a normal Debian-family image.
    public static let statusPath = "/var/lib/dpkg/status"
    /// One file per package in distroless images.
    public static let statusDirectory = "/var/lib/dpkg/status.d/"
    static let infoDirectory = "/var/lib/dpkg/info/"
    static let docDirectory = "/usr/share/doc/"

    /// Current states (the third word of `Status`) in which a package's files are installed.
    static let installedStates: Set<String> = [
        "installed", "half-configured", "unpacked", "half-installed", "triggers-awaiting", "triggers-pending",
    ]
    private static let keptFields: Set<String> = ["package", "version", "architecture", "source", "status"]

    public init() {}

    public func wants(_ entry: FileEntryInfo) -> Bool {
        let path = entry.path
        if path == Self.statusPath { return true }
        if path.hasPrefix(Self.statusDirectory) {
            return !path.dropFirst(Self.statusDirectory.count).contains("/")
        }
        if path.hasPrefix(Self.infoDirectory) {
            return path.hasSuffix(".list") && !path.dropFirst(Self.infoDirectory.count).contains("/")
        }
        if path.hasPrefix(Self.docDirectory) && path.hasSuffix("/copyright") {
            return path.dropFirst(Self.docDirectory.count).dropLast("/copyright".count).allSatisfy { $0 != "/" }
        }
        return false
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        var firstLine: [String: (path: String, line: Int)] = [:]

        func add(_ stanza: ControlStanza, path: String, filesFrom: [String], requireStatus: Bool) {
            guard let package = stanza["package"] else {
                context.warn("skipped a paragraph without a Package field", path: path, line: stanza.line)
                return
            }
            if let status = stanza["status"] {
                let words = status.split(separator: " ")
                guard words.count == 3 else {
                    context.warn(
                        "skipped package '\(package.quotedPrefix())': malformed Status '\(status.quotedPrefix())'",
                        path: path, line: stanza.line)
                    return
                }
                guard Self.installedStates.contains(String(words[2])) else { return }
            } else if requireStatus {
                context.warn(
                    "skipped package '\(package.quotedPrefix())': no Status field", path: path, line: stanza.line)
                return
            }
            guard let version = stanza["version"] else {
                context.warn(
                    "skipped package '\(package.quotedPrefix())': no Version field", path: path, line: stanza.line)
                return
            }
            guard !package.contains(where: \.isWhitespace), !version.contains(where: \.isWhitespace) else {
                context.warn(
                    "skipped package '\(package.quotedPrefix())': name or version '\(version.quotedPrefix())' has spaces",
                    path: path, line: stanza.line)
                return
            }
            let architecture = stanza["architecture"]
            let key = package + ":" + (architecture ?? "")
            if let first = firstLine[key] {
                context.warn(
                    "skipped duplicate package '\(package.quotedPrefix())' (already listed at \(first.path):\(first.line))",
                    path: path, line: stanza.line)
                return
            }
            firstLine[key] = (path, stanza.line)
            packages.append(
                makePackage(
                    DpkgRecord(
                        package: package, version: version, architecture: architecture, source: stanza["source"]),
                    databasePath: path, filesFrom: filesFrom, tree: tree, context: context))
        }

        if let bytes = tree.contents(of: Self.statusPath) {
            let path = tree.location(of: Self.statusPath).path
            for stanza in ControlFile.parse(bytes, keep: Self.keptFields, path: path, context: context) {
                guard let package = stanza["package"] else {
                    add(stanza, path: path, filesFrom: [], requireStatus: true)
                    continue
                }
                let architecture = stanza["architecture"]
                var lists = [Self.infoDirectory + package + ".list"]
                if let architecture { lists.insert(Self.infoDirectory + package + ":" + architecture + ".list", at: 0) }
                add(stanza, path: path, filesFrom: lists, requireStatus: true)
            }
        }
        let statusFiles = tree.regularFiles { path in
            path.hasPrefix(Self.statusDirectory) && !path.hasSuffix(".md5sums")
                && !path.dropFirst(Self.statusDirectory.count).contains("/")
        }
        for path in statusFiles {
            guard let bytes = tree.contents(of: path) else { continue }
            for stanza in ControlFile.parse(bytes, keep: Self.keptFields, path: path, context: context) {
                var sums = [path + ".md5sums"]
                if let package = stanza["package"] { sums.append(Self.statusDirectory + package + ".md5sums") }
                add(stanza, path: path, filesFrom: sums, requireStatus: false)
            }
        }
        return packages
    }

    private func makePackage(
        _ record: DpkgRecord, databasePath: String, filesFrom candidates: [String], tree: FileTree,
        context: CatalogContext
    ) -> Package {
        var locations = [tree.location(of: databasePath)]
        var files: [String] = []
        if let listPath = candidates.first(where: { tree.contents(of: $0) != nil }),
            let bytes = tree.contents(of: listPath)
        {
            locations.append(tree.location(of: listPath))
            files = listPath.hasSuffix(".md5sums") ? Self.md5sumsPaths(bytes) : Self.listPaths(bytes, tree: tree)
        }
        var licenses: [String] = []
        let copyright = Self.docDirectory + record.package + "/copyright"
        if let bytes = tree.contents(of: copyright) {
            locations.append(tree.location(of: copyright))
            licenses = DebianCopyright.licenses(bytes)
        }
        return Package(
            name: record.package, version: record.version, type: .deb,
            purl: record.purl(distro: context.distro), licenses: licenses, locations: locations,
            architecture: record.architecture, sourceName: record.sourceName, sourceVersion: record.sourceVersion,
            files: files, foundBy: name)
    }

    /// Paths in a `.list` file without `/.` and without directories: a path is a directory when another
    /// listed path is inside it, or when the tree stores a directory there. (No symlink resolution per path:
    /// with merged `/usr` most listed paths go through `/bin` → `usr/bin` and resolving each is costly.)
    static func listPaths(_ bytes: [UInt8], tree: FileTree) -> [String] {
        var paths: [String] = []
        var parents: Set<Substring> = []
        for line in TextLines(bytes) where !line.isBlank {
            let path = line.text
            guard path != "/.", path.hasPrefix("/") else { continue }
            if let slash = path.lastIndex(of: "/"), slash > path.startIndex { parents.insert(path[..<slash]) }
            paths.append(path)
        }
        return paths.filter { path in
            !parents.contains(Substring(path)) && tree.nodes[path]?.kind != .directory
        }
    }

    /// Paths in an `.md5sums` file (`<md5>  <relative path>`), made absolute.
    static func md5sumsPaths(_ bytes: [UInt8]) -> [String] {
        var paths: [String] = []
        for line in TextLines(bytes) where !line.isBlank {
            let text = line.text
            guard let space = text.firstIndex(of: " ") else { continue }
            let relative = text[space...].drop(while: { $0 == " " || $0 == "*" })
            guard !relative.isEmpty else { continue }
            paths.append(relative.hasPrefix("/") ? String(relative) : "/" + relative)
        }
        return paths
    }
}

/// The facts of one dpkg paragraph that become a `Package`.
struct DpkgRecord {
    var package: String
    var version: String
    var architecture: String?
    /// The raw `Source` field: `glibc` or `glibc (2.36-9)`.
    var source: String?

    /// The source package name; the binary package's own name when there is no `Source` field.
    var sourceName: String {
        guard let source, let name = source.split(separator: " ").first else { return package }
        return String(name)
    }

    /// The version in `Source: name (version)`, when there is one.
    var explicitSourceVersion: String? {
        guard let source, let open = source.firstIndex(of: "("), let close = source.lastIndex(of: ")"), open < close
        else { return nil }
        let value = String(source[source.index(after: open)..<close]).trimmingWhitespace()
        return value.isEmpty ? nil : value
    }

    /// The source version when `Source` gives one that differs from the package version (binNMUs).
    var sourceVersion: String? {
        explicitSourceVersion == version ? nil : explicitSourceVersion
    }

    /// `pkg:deb/debian/<name>@<version>?arch=…&distro=debian-12&upstream=<source>[@<version>]`, as syft
    /// writes it (`upstream` only when the paragraph has a `Source` field).
    func purl(distro: Distro) -> PURL {
        let debianLike = distro.isLike("debian") || distro.isLike("ubuntu")
        var qualifiers: [String: String] = [:]
        if let architecture { qualifiers["arch"] = architecture }
        if debianLike, let value = distro.purlQualifier { qualifiers["distro"] = value }
        if source != nil {
            qualifiers["upstream"] = explicitSourceVersion.map { "\(sourceName)@\($0)" } ?? sourceName
        }
        return PURL(
            type: "deb", namespace: debianLike ? distro.id : "debian", name: package, version: version,
            qualifiers: qualifiers)
    }
}
