public import Layers
public import Model

/// Finds one kind of package in a squashed image.
///
/// Catalogers run in two steps so each layer is read once: while layers stream, `wants` picks the files
/// whose bytes must be captured; afterwards `catalog` reads them from the squashed `FileTree`.
///
/// `Cataloging.run` attributes each package to the layer that introduced it by running `catalog` again on
/// a tree holding only an older captured version of the package's first location, so a cataloger should
/// put the file that lists the package (its database or manifest) first in `Package.locations`.
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
    /// How many problems `warn(_:path:line:)` records for one file before it only counts them.
    public static let warningsPerFile = 10

    private var recorded: [String] = []
    private var problemsByPath: [String: Int] = [:]
    private var pathOrder: [String] = []

    public init(distro: Distro) {
        self.distro = distro
    }

    /// Warnings collected so far, followed by one line per file whose further problems were only counted.
    public var warnings: [String] {
        var all = recorded
        for path in pathOrder {
            let count = problemsByPath[path, default: 0]
            if count > Self.warningsPerFile {
                all.append("\(path): \(count - Self.warningsPerFile) more problems not shown")
            }
        }
        return all
    }

    /// Records a problem that did not stop cataloging (it ends up in `SBOM.warnings`).
    public func warn(_ message: String) {
        recorded.append(message)
    }

    /// Records a problem in one file, as `path:line: message`; after `warningsPerFile` problems in the same
    /// file the rest are only counted, so a file of garbage cannot flood the report.
    public func warn(_ message: String, path: String, line: Int? = nil) {
        let count = problemsByPath[path, default: 0]
        if count == 0 { pathOrder.append(path) }
        problemsByPath[path] = count + 1
        guard count < Self.warningsPerFile else { return }
        recorded.append(line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)")
    }
}
