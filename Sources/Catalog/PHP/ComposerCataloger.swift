import Foundation
public import Layers
public import Model

/// PHP packages installed by Composer (`vendor/composer/installed.json`, syft: `php-composer-installed-cataloger`)
/// or pinned in `composer.lock` (syft: `php-composer-lock-cataloger`).
public struct ComposerCataloger: Cataloger {
    /// Which Composer file this cataloger reads.
    public enum Source: Sendable {
        /// `installed.json`: a bare array (Composer 1) or `{"packages": [...]}` (Composer 2).
        case installed
        /// `composer.lock`: `packages` and `packages-dev`.
        case lock
    }

    public let name: String
    let source: Source
    let fileName: String
    /// The largest file read.
    public static let maximumSize: Int64 = 32 << 20

    public init(_ source: Source) {
        self.source = source
        switch source {
        case .installed:
            name = "php-composer-installed-cataloger"
            fileName = "/installed.json"
        case .lock:
            name = "php-composer-lock-cataloger"
            fileName = "/composer.lock"
        }
    }

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && entry.size <= Self.maximumSize && entry.path.hasSuffix(fileName)
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: { $0.hasSuffix(fileName) }) {
            guard let contents = tree.nodes[path]?.contents else { continue }
            do {
                let location = tree.location(of: path)
                for (entry, isDev) in try Self.parse(contents, source: source, path: path) {
                    let parts = entry.name.split(separator: "/", maxSplits: 1).map(String.init)
                    var metadata: [String: String] = [:]
                    if isDev { metadata["dev"] = "true" }
                    if let reference = entry.source?.reference { metadata["sourceReference"] = reference }
                    if let kind = entry.type { metadata["type"] = kind }
                    packages.append(
                        Package(
                            name: entry.name, version: entry.version, type: .phpComposer,
                            purl: PURL(
                                type: "composer", namespace: parts.count == 2 ? parts[0] : nil,
                                name: parts.last ?? entry.name,
                                version: entry.version),
                            licenses: entry.license ?? [], locations: [location], layerDigest: location.layerDigest,
                            foundBy: name, metadata: metadata))
                }
            } catch {
                context.warn(error.description)
            }
        }
        return packages
    }

    /// One Composer package entry.
    public struct Entry: Decodable, Hashable, Sendable {
        public var name: String
        public var version: String
        public var type: String?
        public var license: [String]?
        public var source: Reference?

        /// Where the package's code came from.
        public struct Reference: Decodable, Hashable, Sendable {
            public var reference: String?
        }
    }

    private struct InstalledV2: Decodable {
        var packages: [Entry]
    }

    private struct Lock: Decodable {
        var packages: [Entry]
        var packagesDev: [Entry]?

        enum CodingKeys: String, CodingKey {
            case packages
            case packagesDev = "packages-dev"
        }
    }

    /// The package entries of a Composer file, each with whether it is a development dependency.
    public static func parse(_ bytes: [UInt8], source: Source, path: String) throws(PackageFileError) -> [(Entry, Bool)]
    {
        let decoder = JSONDecoder()
        let data = Data(bytes)
        do {
            switch source {
            case .installed:
                if bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "[") {
                    return try decoder.decode([Entry].self, from: data).map { ($0, false) }
                }
                return try decoder.decode(InstalledV2.self, from: data).packages.map { ($0, false) }
            case .lock:
                let lock = try decoder.decode(Lock.self, from: data)
                return lock.packages.map { ($0, false) } + (lock.packagesDev ?? []).map { ($0, true) }
            }
        } catch {
            throw PackageFileError(
                path: path, reason: "composer file is not valid: \(PackageFileError.reason(decoding: error))")
        }
    }
}
