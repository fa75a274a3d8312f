public import Layers
public import Model

/// Turns a squashed image into an `SBOM`: detects the distro, runs the catalogers, attributes every
/// package to the layer that introduced it, de-duplicates, sorts, and collects warnings.
public enum Cataloging {
    /// Whether any step of cataloging needs the bytes of `entry`: distro detection or one of `catalogers`.
    /// The layer squasher calls this for every tar entry to decide what to capture.
    public static func wants(_ entry: FileEntryInfo, catalogers: [any Cataloger] = CatalogerRegistry.all) -> Bool {
        if DistroDetector.wants(entry) { return true }
        for cataloger in catalogers where cataloger.wants(entry) { return true }
        return false
    }

    /// Catalogs `tree`, the squashed file system of the image `source` describes.
    ///
    /// `distro` overrides detection (what `--distro` asks for); nil detects it from the release files.
    /// Never throws: a cataloger that fails is reported in `SBOM.warnings` (its packages are then missing, and
    /// the warning says so), as are the tree's own warnings, unreadable release files and malformed records.
    public static func run(
        tree: FileTree, source: ImageDescription, catalogers: [any Cataloger] = CatalogerRegistry.all,
        distro override: Distro? = nil
    ) -> SBOM {
        var warnings = tree.warnings
        let distro = override ?? DistroDetector.detect(tree) { warnings.append($0) }
        let context = CatalogContext(distro: distro)
        var packages: [Package] = []
        for cataloger in catalogers {
            do {
                var found = try cataloger.catalog(tree, context: context)
                attributeLayers(&found, cataloger: cataloger, tree: tree, distro: distro)
                packages += found
            } catch {
                context.warn("the \(cataloger.name) cataloger failed, its packages are missing: \(error)")
            }
        }
        // Owners from OS file lists (dropping owned classifier results, as syft does), then CPEs where needed.
        packages = OwnershipResolver.annotate(deduplicated(packages))
        packages = CPEGenerator.annotate(packages).sorted { $0.sortKey < $1.sortKey }
        warnings += context.warnings
        if let warning = unmatchableWarning(packages, distro: distro) { warnings.append(warning) }
        return SBOM(source: source, distro: distro, packages: packages, warnings: warnings)
    }

    /// Sets each package's `layerDigest` to the layer that introduced it: the oldest of the newest run of
    /// captured versions of its first location that still list the same type, name and version. A package
    /// whose database was rewritten by a later layer (another package installed) keeps its original layer.
    static func attributeLayers(_ packages: inout [Package], cataloger: any Cataloger, tree: FileTree, distro: Distro) {
        var listings: [String: [Int: Set<String>]] = [:]
        func identities(path: String, version: LayerVersion) -> Set<String> {
            if let cached = listings[path]?[version.layerIndex] { return cached }
            var single = FileTree(layerDigests: tree.layerDigests)
            single.insert(
                path,
                FileNode(
                    kind: .regular, size: Int64(version.contents.count), layerIndex: version.layerIndex,
                    contents: version.contents))
            // Warnings from older versions were either reported for the final one or no longer matter.
            let found = (try? cataloger.catalog(single, context: CatalogContext(distro: distro))) ?? []
            let keys = Set(found.map(identity))
            listings[path, default: [:]][version.layerIndex] = keys
            return keys
        }
        for index in packages.indices {
            guard let location = packages[index].locations.first else { continue }
            let history = tree.history(of: location.path)
            var layer = history.last?.layerIndex ?? location.layerIndex
            if history.count > 1 {
                let key = identity(packages[index])
                for version in history.dropLast().reversed() {
                    guard identities(path: location.path, version: version).contains(key) else { break }
                    layer = version.layerIndex
                }
            }
            if let layer, layer >= 0, layer < tree.layerDigests.count {
                packages[index].layerDigest = tree.layerDigests[layer]
            }
        }
    }

    private static func identity(_ package: Package) -> String {
        "\(package.type.rawValue)\u{0}\(package.name)\u{0}\(package.version)"
    }

    /// The packages without exact repeats (same sort key and purl), first occurrence kept.
    static func deduplicated(_ packages: [Package]) -> [Package] {
        var seen: Set<String> = []
        return packages.filter { seen.insert($0.sortKey + "\u{0}" + $0.purl.description).inserted }
    }

    /// The warning PITFALLS 12 asks for: OS packages found where the distro can't be used to match them.
    static func unmatchableWarning(_ packages: [Package], distro: Distro) -> String? {
        var counts: [PackageType: Int] = [:]
        for package in packages where package.type.isOSPackage {
            let fits: Bool
            switch package.type {
            case .apk: fits = distro.isLike("alpine")
            case .deb: fits = distro.isLike("debian") || distro.isLike("ubuntu")
            default: fits = !distro.isUnknown && distro.id != "busybox"
            }
            if !fits { counts[package.type, default: 0] += 1 }
        }
        guard !counts.isEmpty else { return nil }
        let total = counts.values.reduce(0, +)
        let kinds = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
        let reason =
            distro.isUnknown
            ? "the distro is unknown" : "the distro '\(distro.id)' is not the one these packages are for"
        return
            "\(total) OS packages (\(kinds)) can't be matched against distro advisories: \(reason) (set it with --distro)"
    }
}
