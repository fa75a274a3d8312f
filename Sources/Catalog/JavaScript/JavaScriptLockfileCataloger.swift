import Foundation
public import Layers
public import Model

/// Lists the JavaScript packages resolved by lock files found in an image: `package-lock.json` (v1 `dependencies`
/// tree, v2/v3 `packages` map), `yarn.lock` (v1 and berry) and `pnpm-lock.yaml` (v5–v9). Lock files inside installed
/// packages (node_modules, gems, site-packages) are leftovers of those packages' development and are skipped, and so
/// are lock files with a `node_modules` directory beside them (the installed packages are listed instead).
public struct JavaScriptLockfileCataloger: Cataloger {
    public init() {}

    public var name: String { "javascript-lock-cataloger" }

    /// Lock files bigger than this are skipped with a warning.
    static let maximumSize = 64 << 20
    /// v1 `dependencies` trees deeper than this are cut off with a warning (npm never nests that deep).
    static let maximumDepth = 128

    private enum Kind {
        case packageLock, yarnLock, pnpmLock
    }

    private static func kind(of path: String) -> Kind? {
        guard !DeclaredDependencyFile.isInsideInstalledPackage(path) else { return nil }
        if path.hasSuffix("/package-lock.json") { return .packageLock }
        if path.hasSuffix("/yarn.lock") { return .yarnLock }
        if path.hasSuffix("/pnpm-lock.yaml") { return .pnpmLock }
        return nil
    }

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && Self.kind(of: entry.path) != nil
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: { Self.kind(of: $0) != nil }) {
            guard let kind = Self.kind(of: path), let bytes = tree.contents(of: path) else { continue }
            // With node_modules installed beside it, the installed package.json files are the truth (listed by
            // javascript-package-cataloger); the lock file would only repeat them under a second location.
            let installed = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) + "/node_modules"
            if tree.node(at: installed) != nil || tree.nodes.keys.contains(where: { $0.hasPrefix(installed + "/") }) {
                continue
            }
            guard bytes.count <= Self.maximumSize else {
                context.warn("lock file '\(path)' is \(bytes.count) bytes, over the \(Self.maximumSize) limit; skipped")
                continue
            }
            let entries: [LockEntry]
            do throws(LockFileError) {
                switch kind {
                case .packageLock: entries = try Self.packageLock(bytes)
                case .yarnLock: entries = Self.yarnLock(bytes)
                case .pnpmLock: entries = Self.pnpmLock(bytes)
                }
            } catch {
                context.warn("lock file '\(path)': \(error.reason); skipped")
                continue
            }
            let location = tree.location(of: path)
            var seen: Set<LockEntry> = []
            for entry in entries where NpmPackage.isPlausibleName(entry.name) && !entry.version.isEmpty {
                guard seen.insert(entry).inserted else { continue }
                var metadata: [String: String] = [:]
                metadata["lockPath"] = entry.lockPath
                packages.append(
                    NpmPackage.make(
                        name: entry.name, version: entry.version, locations: [location], foundBy: name,
                        metadata: metadata))
            }
        }
        return packages
    }

    /// One resolved package; `lockPath` is its `node_modules/…` key in a v2/v3 package-lock.
    struct LockEntry: Hashable {
        var name: String
        var version: String
        var lockPath: String?
    }

    struct LockFileError: Error {
        var reason: String
    }

    // MARK: package-lock.json

    /// v2/v3: every `packages` key below `node_modules/` is its own package (PITFALLS 14: nested copies are
    /// distinct); the `""` root is the project itself and links are only pointers. v1: the `dependencies` tree.
    static func packageLock(_ bytes: [UInt8]) throws(LockFileError) -> [LockEntry] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw LockFileError(reason: "not a json object")
        }
        if let packages = object["packages"] as? [String: Any] {
            var result: [LockEntry] = []
            for (key, value) in packages.sorted(by: { $0.key < $1.key }) {
                guard let range = key.range(of: "node_modules/", options: .backwards),
                    let entry = value as? [String: Any], entry["link"] as? Bool != true,
                    let version = entry["version"] as? String
                else { continue }
                let name = entry["name"] as? String ?? String(key[range.upperBound...])
                result.append(LockEntry(name: name, version: version, lockPath: key))
            }
            return result
        }
        guard let dependencies = object["dependencies"] as? [String: Any] else {
            throw LockFileError(reason: "has neither 'packages' nor 'dependencies'")
        }
        var result: [LockEntry] = []
        var pending: [(dependencies: [String: Any], depth: Int)] = [(dependencies, 0)]
        while let (level, depth) = pending.popLast() {
            guard depth < maximumDepth else {
                throw LockFileError(reason: "dependencies nest deeper than \(maximumDepth)")
            }
            for (name, value) in level.sorted(by: { $0.key < $1.key }) {
                guard let entry = value as? [String: Any] else { continue }
                if let version = entry["version"] as? String, !version.hasPrefix("file:") {
                    result.append(LockEntry(name: name, version: version))
                }
                if let nested = entry["dependencies"] as? [String: Any] { pending.append((nested, depth + 1)) }
            }
        }
        return result
    }

    // MARK: yarn.lock

    /// Blocks headed by `spec[, spec…]:` at column 0 with an indented `version "x"` (v1) or `version: x` (berry).
    static func yarnLock(_ bytes: [UInt8]) -> [LockEntry] {
        var result: [LockEntry] = []
        var currentName: String?
        for rawLine in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let line = Substring(rawLine)
            if line.hasPrefix("#") || line.trimmingSpaces().isEmpty { continue }
            if !line.hasPrefix(" ") {
                currentName = nil
                guard line.hasSuffix(":"), !line.hasPrefix("__metadata") else { continue }
                let firstSpec = line.dropLast().split(separator: ",").first.map { $0.trimmingSpaces() } ?? ""
                let spec = firstSpec.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                // `name@range`, `@scope/name@range`, berry `name@npm:range`; workspaces are the project itself.
                guard !spec.contains("@workspace:"), !spec.contains("@link:"), !spec.contains("@portal:"),
                    let at = spec.dropFirst().lastIndex(of: "@")
                else { continue }
                currentName = String(spec[..<at])
                continue
            }
            guard let name = currentName else { continue }
            let trimmed = line.trimmingSpaces()
            var version: String?
            if trimmed.hasPrefix("version: ") {
                version = String(trimmed.dropFirst("version: ".count))
            } else if trimmed.hasPrefix("version ") {
                version = String(trimmed.dropFirst("version ".count))
            }
            if let version {
                let bare = version.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if bare != "0.0.0-use.local" { result.append(LockEntry(name: name, version: bare)) }
                currentName = nil
            }
        }
        return result
    }

    // MARK: pnpm-lock.yaml

    /// The keys of the top-level `packages:` map: `/name/1.0.0` (v5), `/name@1.0.0` (v6), `name@1.0.0` (v9),
    /// with peer-dependency suffixes (`_peer@2`, `(peer@2)`) removed.
    static func pnpmLock(_ bytes: [UInt8]) -> [LockEntry] {
        var result: [LockEntry] = []
        var inPackages = false
        var slashForm = false
        for rawLine in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let line = Substring(rawLine)
            if line.hasPrefix("lockfileVersion:") {
                let version = line.dropFirst("lockfileVersion:".count).trimmingSpaces()
                    .trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
                slashForm = version.hasPrefix("5") || version.hasPrefix("4") || version.hasPrefix("3")
                continue
            }
            if !line.hasPrefix(" ") {
                inPackages = line.trimmingSpaces() == "packages:"
                continue
            }
            guard inPackages, line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") else { continue }
            var key = line.dropLast().trimmingSpaces().trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            if key.hasPrefix("/") { key.removeFirst() }
            if let paren = key.firstIndex(of: "(") { key = String(key[..<paren]) }
            if slashForm {
                let parts = key.split(separator: "/")
                let scoped = key.hasPrefix("@")
                guard parts.count >= (scoped ? 3 : 2) else { continue }
                let name = scoped ? "\(parts[0])/\(parts[1])" : String(parts[0])
                let version = parts[scoped ? 2 : 1].split(separator: "_").first.map(String.init) ?? ""
                result.append(LockEntry(name: name, version: version))
            } else if let at = key.dropFirst().lastIndex(of: "@") {
                result.append(LockEntry(name: String(key[..<at]), version: String(key[key.index(after: at)...])))
            }
        }
        return result
    }
}
