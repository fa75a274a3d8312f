import Foundation
public import Layers
public import Model

/// Lists installed JavaScript packages: every `package.json` with a name and a version — `node_modules/**`,
/// Debian's `/usr/share/nodejs/**`, and application roots — as syft's `javascript-package-cataloger` does.
public struct JavaScriptPackageCataloger: Cataloger {
    public init() {}

    public var name: String { "javascript-package-cataloger" }

    /// A package.json bigger than this is not a manifest; it is skipped with a warning.
    static let maximumSize = 4 << 20

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && entry.path.hasSuffix("/package.json")
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: { $0.hasSuffix("/package.json") }) {
            guard let bytes = tree.contents(of: path) else { continue }
            guard bytes.count <= Self.maximumSize else {
                context.warn(
                    "package.json '\(path)' is \(bytes.count) bytes, over the \(Self.maximumSize) limit; skipped")
                continue
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                context.warn("package.json '\(path)' is not a json object; skipped")
                continue
            }
            // Manifests without both fields (workspace roots, test fixtures) are not packages.
            guard let name = object["name"] as? String, let version = object["version"] as? String,
                NpmPackage.isPlausibleName(name), !version.isEmpty
            else { continue }
            packages.append(
                NpmPackage.make(
                    name: name, version: version, licenses: Self.licenses(object), locations: [tree.location(of: path)],
                    foundBy: self.name))
        }
        return packages
    }

    /// `license` as a string or `{type}`, or the old `licenses: [{type}]` list.
    static func licenses(_ object: [String: Any]) -> [String] {
        if let license = object["license"] as? String { return [license] }
        if let type = (object["license"] as? [String: Any])?["type"] as? String { return [type] }
        if let list = object["licenses"] as? [Any] {
            return list.compactMap { ($0 as? [String: Any])?["type"] as? String ?? $0 as? String }
        }
        return []
    }
}
