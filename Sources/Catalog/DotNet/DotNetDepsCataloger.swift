import Foundation
public import Layers
public import Model

/// .NET assemblies listed in `*.deps.json` (syft: `dotnet-deps-cataloger`): every `libraries` entry
/// `"Name/Version"`, with its type (`package`, `project`) and `sha512`.
public struct DotNetDepsCataloger: Cataloger {
    public let name = "dotnet-deps-cataloger"
    /// The largest deps file read.
    public static let maximumSize: Int64 = 32 << 20

    public init() {}

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && entry.size <= Self.maximumSize && entry.path.hasSuffix(".deps.json")
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: { $0.hasSuffix(".deps.json") }) {
            guard let contents = tree.nodes[path]?.contents else { continue }
            do {
                let location = tree.location(of: path)
                for library in try Self.parse(contents, path: path) {
                    var metadata: [String: String] = [:]
                    if let kind = library.type { metadata["type"] = kind }
                    if let hash = library.sha512, !hash.isEmpty { metadata["sha512"] = hash }
                    if let libraryPath = library.path { metadata["path"] = libraryPath }
                    packages.append(
                        Package(
                            name: library.name, version: library.version, type: .dotnet,
                            purl: PURL(type: "nuget", name: library.name, version: library.version),
                            locations: [location],
                            layerDigest: location.layerDigest, foundBy: name, metadata: metadata))
                }
            } catch {
                context.warn(error.description)
            }
        }
        return packages
    }

    /// One `libraries` entry with its key split into name and version.
    public struct Library: Hashable, Sendable {
        public var name: String
        public var version: String
        public var type: String?
        public var sha512: String?
        public var path: String?
    }

    private struct Document: Decodable {
        var libraries: [String: Entry]

        struct Entry: Decodable {
            var type: String?
            var sha512: String?
            var path: String?
        }
    }

    /// The libraries of a deps file, sorted by key; throws when the JSON or a `Name/Version` key is malformed.
    public static func parse(_ bytes: [UInt8], path: String) throws(PackageFileError) -> [Library] {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch {
            throw PackageFileError(
                path: path, reason: "deps file is not valid: \(PackageFileError.reason(decoding: error))")
        }
        var result: [Library] = []
        for (key, entry) in document.libraries.sorted(by: { $0.key < $1.key }) {
            guard let slash = key.lastIndex(of: "/"), slash != key.startIndex, key.index(after: slash) != key.endIndex
            else {
                throw PackageFileError(path: path, reason: "library key '\(key.prefix(120))' is not 'Name/Version'")
            }
            result.append(
                Library(
                    name: String(key[..<slash]), version: String(key[key.index(after: slash)...]), type: entry.type,
                    sha512: entry.sha512, path: entry.path))
        }
        return result
    }
}
