public import Layers
public import Model

/// Lists Java packages in `.jar`, `.war`, `.ear`, `.jpi` and `.hpi` archives and every archive nested in them (fat
/// jars' `BOOT-INF/lib`, wars' `WEB-INF/lib`, at any depth up to `Limits.maximumDepth`), read from memory.
///
/// Identity precedence per archive: its own `pom.properties` (artifactId matching the file name) > `MANIFEST.MF`
/// (`Implementation-Version`, …) > the file name (marked `confidence: low`). Other `pom.properties` in an archive
/// (shaded dependencies) are reported as packages too, unless a real archive in the same tree provides that
/// artifact (PITFALLS 16). Each archive's SHA-1 is recorded in `metadata["sha1"]`.
public struct JavaArchiveCataloger: Cataloger {
    /// Bounds that keep hostile archives (zip bombs, deep nesting) from exhausting time or memory.
    public struct Limits: Sendable {
        /// How many archives deep nesting is followed.
        public var maximumDepth: Int
        /// The largest nested archive inflated into memory.
        public var maximumNestedArchiveSize: Int
        /// The most bytes inflated for all archives nested in one archive of the image.
        public var maximumTotalInflatedSize: Int
        /// The largest MANIFEST.MF or pom.properties read.
        public var maximumMetadataSize: Int

        public init(
            maximumDepth: Int = 16, maximumNestedArchiveSize: Int = 128 << 20, maximumTotalInflatedSize: Int = 1 << 30,
            maximumMetadataSize: Int = 1 << 20
        ) {
            self.maximumDepth = maximumDepth
            self.maximumNestedArchiveSize = maximumNestedArchiveSize
            self.maximumTotalInflatedSize = maximumTotalInflatedSize
            self.maximumMetadataSize = maximumMetadataSize
        }
    }

    public let limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    public var name: String { "java-archive-cataloger" }

    static let extensions = [".jar", ".war", ".ear", ".jpi", ".hpi"]

    /// Whether a file or entry name has one of the archive extensions (case-insensitive).
    static func isArchiveName<S: StringProtocol>(_ name: S) -> Bool {
        guard let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) == 4 else { return false }
        let suffix = name[dot...].lowercased()
        return extensions.contains(suffix)
    }

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && Self.isArchiveName(entry.path)
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: { Self.isArchiveName($0) }) {
            guard let bytes = tree.contents(of: path) else { continue }
            var scanner = JavaArchiveScanner(limits: limits, location: tree.location(of: path), foundBy: name)
            packages += scanner.packages(of: bytes)
            for warning in scanner.warnings { context.warn(warning) }
        }
        return packages
    }
}
