import Foundation
public import Layers
public import Model

/// Go modules required by `go.mod` files in source trees (syft: `go-module-file-cataloger`), with `replace`
/// directives applied and `h1:` sums from the `go.sum` beside the file.
public struct GoModCataloger: Cataloger {
    public let name = "go-module-file-cataloger"
    /// The largest go.mod/go.sum read.
    public static let maximumSize: Int64 = 8 << 20

    public init() {}

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && entry.size <= Self.maximumSize
            && !DeclaredDependencyFile.isInsideInstalledPackage(entry.path)
            && (entry.path.hasSuffix("/go.mod") || entry.path.hasSuffix("/go.sum"))
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: {
            $0.hasSuffix("/go.mod") && !DeclaredDependencyFile.isInsideInstalledPackage($0)
        }) {
            guard let contents = tree.nodes[path]?.contents else { continue }
            do {
                let file = try Self.parse(contents, path: path)
                let sumPath = String(path.dropLast("go.mod".count)) + "go.sum"
                let sums = tree.nodes[sumPath]?.contents.map(Self.parseSums) ?? [:]
                let location = tree.location(of: path)
                for requirement in file.requirements {
                    let replacement =
                        file.replacements[requirement.path + "@" + requirement.version]
                        ?? file.replacements[requirement.path]
                    // A replacement by a local directory has no version; the requirement is kept as written.
                    let target = replacement.flatMap { $0.version == nil ? nil : $0 }
                    let modulePath = target?.path ?? requirement.path
                    let version = target?.version ?? requirement.version
                    var metadata: [String: String] = [:]
                    if let sum = sums[modulePath + "@" + version] { metadata["h1Digest"] = sum }
                    if requirement.indirect { metadata["indirect"] = "true" }
                    if target != nil { metadata["replaces"] = requirement.path + "@" + requirement.version }
                    packages.append(
                        Package(
                            name: modulePath, version: version, type: .goModule,
                            purl: GoPackageURL.make(modulePath: modulePath, version: version), locations: [location],
                            layerDigest: location.layerDigest, foundBy: name, metadata: metadata))
                }
            } catch {
                context.warn(error.description)
            }
        }
        return packages
    }

    /// One `require` entry.
    public struct Requirement: Hashable, Sendable {
        public var path: String
        public var version: String
        public var indirect: Bool
    }

    /// The target of a `replace` directive (a local directory has no version).
    public struct Replacement: Hashable, Sendable {
        public var path: String
        public var version: String?
    }

    /// What a go.mod says: its module path, requirements and replacements (keyed `path@version` or `path`).
    public struct ModFile: Hashable, Sendable {
        public var module: String?
        public var requirements: [Requirement] = []
        public var replacements: [String: Replacement] = [:]
    }

    /// Parses a go.mod; throws (naming the line) on a directive it cannot read.
    public static func parse(_ bytes: [UInt8], path: String) throws(PackageFileError) -> ModFile {
        guard !bytes.contains(0) else { throw PackageFileError(path: path, reason: "go.mod contains binary data") }
        var file = ModFile()
        var block: String?
        var lineNumber = 0
        for rawLine in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            var comment = ""
            if let slashes = line.range(of: "//") {
                comment = String(line[slashes.upperBound...]).trimmingSpaces()
                line = line[..<slashes.lowerBound]
            }
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map {
                $0.hasPrefix("\"") && $0.hasSuffix("\"") && $0.count >= 2
                    ? String($0.dropFirst().dropLast()) : String($0)
            }
            guard !words.isEmpty else { continue }
            if words == [")"] {
                block = nil
                continue
            }
            var verb = block
            if block == nil {
                verb = words.removeFirst()
                if words == ["("] {
                    block = verb
                    continue
                }
            }
            func bad() -> PackageFileError {
                PackageFileError(path: path, reason: "line \(lineNumber): cannot read '\(rawLine.prefix(120))'")
            }
            switch verb {
            case "module":
                guard words.count == 1 else { throw bad() }
                file.module = words[0]
            case "require":
                guard words.count == 2 else { throw bad() }
                file.requirements.append(
                    Requirement(path: words[0], version: words[1], indirect: comment == "indirect"))
            case "replace":
                guard let arrow = words.firstIndex(of: "=>"), arrow == 1 || arrow == 2, words.count - arrow - 1 >= 1,
                    words.count - arrow - 1 <= 2
                else { throw bad() }
                let key = arrow == 2 ? words[0] + "@" + words[1] : words[0]
                file.replacements[key] = Replacement(
                    path: words[arrow + 1], version: words.count - arrow - 1 == 2 ? words[arrow + 2] : nil)
            default:
                continue
            }
        }
        return file
    }

    /// `path@version` → `h1:` sum from a go.sum (the module lines, not the `/go.mod` ones).
    static func parseSums(_ bytes: [UInt8]) -> [String: String] {
        var sums: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, !fields[1].hasSuffix("/go.mod"), fields[2].hasPrefix("h1:") else { continue }
            sums[fields[0] + "@" + fields[1]] = String(fields[2])
        }
        return sums
    }
}
