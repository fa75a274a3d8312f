public import Layers
public import Model

/// Finds one kind of package in a squashed image.
///
/// Catalogers run in two steps so each layer is read once: while layers stream, `wants` picks the files
/// whose bytes must be captured; afterwards `catalog` reads them from the squashed `FileTree`.
public protocol Cataloger: Sendable {
    /// A short stable name, recorded as `Package.foundBy`, e.g. `dpkg`.
    var name: String { get }
    /// Whether this cataloger needs the bytes of `entry` (called for every tar entry: keep it cheap).
    func wants(_ entry: FileEntryInfo) -> Bool
    /// The packages in `tree`; problems that don't stop cataloging go to `context.warn`.
    func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package]
}

/// What a cataloger knows besides the files: the detected distro, and where to put warnings.
public final class CatalogContext: @unchecked Sendable {
    // A class so catalogers can append warnings through a shared reference; used from one thread at a time.

    /// The detected operating system (for purl `distro` qualifiers).
    public let distro: Distro
    /// Warnings collected so far.
    public private(set) var warnings: [String] = []

    public init(distro: Distro) {
        self.distro = distro
    }

    /// Records a problem that did not stop cataloging (it ends up in `SBOM.warnings`).
    public func warn(_ message: String) {
        warnings.append(message)
    }
}
