import Archive
public import Layers
public import Model

/// Lists installed Python distributions: `*.dist-info/METADATA` (files from `RECORD`), `*.egg-info/PKG-INFO`
/// (files from `installed-files.txt`), single-file `*.egg-info`, unzipped `*.egg/EGG-INFO/PKG-INFO`, and zipped
/// `*.egg` files (their `EGG-INFO/PKG-INFO`).
public struct PythonInstalledCataloger: Cataloger {
    public init() {}

    public var name: String { "python-installed-package-cataloger" }

    public func wants(_ entry: FileEntryInfo) -> Bool {
        guard entry.kind == .regular else { return false }
        let path = entry.path
        guard let slash = path.lastIndex(of: "/") else { return false }
        let file = path[path.index(after: slash)...]
        let directory = path[..<slash]
        if directory.hasSuffix(".dist-info") {
            return file == "METADATA" || file == "RECORD" || file == "top_level.txt"
        }
        if directory.hasSuffix(".egg-info") {
            return file == "PKG-INFO" || file == "installed-files.txt" || file == "top_level.txt"
        }
        return file.hasSuffix(".egg-info") || file.hasSuffix(".egg")
            || (file == "PKG-INFO" && directory.hasSuffix(".egg/EGG-INFO"))
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        let metadataFiles = tree.regularFiles { path in
            path.hasSuffix(".dist-info/METADATA") || path.hasSuffix(".egg-info/PKG-INFO")
                || path.hasSuffix(".egg/EGG-INFO/PKG-INFO") || path.hasSuffix(".egg-info") || path.hasSuffix(".egg")
        }
        var packages: [Package] = []
        for path in metadataFiles {
            guard var bytes = tree.contents(of: path) else { continue }
            if path.hasSuffix(".egg") {
                // A zipped egg: its metadata is the archive's EGG-INFO/PKG-INFO.
                do throws(ZipArchive.Error) {
                    bytes = try ZipArchive(bytes).contents(of: "EGG-INFO/PKG-INFO", limit: PythonMetadata.maximumSize)
                } catch {
                    context.warn("python egg '\(path)': \(error.description); skipped")
                    continue
                }
            }
            guard let metadata = PythonMetadata(bytes) else {
                context.warn("python metadata '\(path)' has no Name or Version header; skipped")
                continue
            }
            // Single-file metadata (egg-info file, zipped egg) has no sibling RECORD or top_level.txt to read.
            let directory =
                path.hasSuffix(".egg-info") || path.hasSuffix(".egg")
                ? nil : String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
            var evidence = [path]
            var files: [String] = []
            if let directory {
                // RECORD lists paths relative to site-packages; installed-files.txt relative to the egg-info dir.
                let isDistInfo = directory.hasSuffix(".dist-info")
                let listing = directory + (isDistInfo ? "/RECORD" : "/installed-files.txt")
                let base = isDistInfo ? parent(of: directory) : directory
                if let record = tree.contents(of: listing) {
                    evidence.append(listing)
                    files = Self.fileList(record, base: base, csv: isDistInfo)
                }
                let topLevel = directory + "/top_level.txt"
                if tree.contents(of: topLevel) != nil { evidence.append(topLevel) }
            }
            let normalized = PythonMetadata.normalize(metadata.name)
            packages.append(
                Package(
                    name: metadata.name,
                    version: metadata.version,
                    type: .python,
                    purl: PURL(type: "pypi", name: normalized, version: metadata.version),
                    licenses: metadata.licenses,
                    locations: evidence.map { tree.location(of: $0) },
                    layerDigest: tree.location(of: path).layerDigest,
                    files: files,
                    foundBy: name,
                    metadata: ["normalizedName": normalized]
                ))
        }
        return packages
    }

    private func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// Absolute, normalised paths from a `RECORD` (CSV, first column) or `installed-files.txt` (one per line);
    /// entries that climb out of the image root are dropped.
    static func fileList(_ bytes: [UInt8], base: String, csv: Bool) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line in
            var entry = Substring(line)
            if csv {
                if entry.hasPrefix("\""), let close = entry.dropFirst().firstIndex(of: "\"") {
                    entry = entry[entry.index(after: entry.startIndex)..<close]
                } else if let comma = entry.firstIndex(of: ",") {
                    entry = entry[..<comma]
                }
            }
            guard !entry.isEmpty else { return nil }
            return FileTree.normalize(entry.hasPrefix("/") ? String(entry) : base + "/" + entry)
        }
    }
}
