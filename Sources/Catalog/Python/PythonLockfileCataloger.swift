import Foundation
public import Layers
public import Model

/// Lists the Python packages pinned by dependency files found in an image: `requirements*.txt` (only `==`/`===`
/// pins), `Pipfile.lock` and `poetry.lock`. These are declared, not installed, packages; files inside installed
/// packages (site-packages, node_modules, gems) are not the image's own and are skipped.
public struct PythonLockfileCataloger: Cataloger {
    public init() {}

    public var name: String { "python-package-cataloger" }

    /// Lock files bigger than this are skipped with a warning.
    static let maximumSize = 16 << 20

    private enum Kind {
        case requirements, pipfileLock, poetryLock
    }

    private static func kind(of path: String) -> Kind? {
        guard !DeclaredDependencyFile.isInsideInstalledPackage(path) else { return nil }
        let file = path[(path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex)...]
        if file == "Pipfile.lock" { return .pipfileLock }
        if file == "poetry.lock" { return .poetryLock }
        if file.hasPrefix("requirements"), file.hasSuffix(".txt") { return .requirements }
        return nil
    }

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && Self.kind(of: entry.path) != nil
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: { Self.kind(of: $0) != nil }) {
            guard let kind = Self.kind(of: path), let bytes = tree.contents(of: path) else { continue }
            guard bytes.count <= Self.maximumSize else {
                context.warn(
                    "python lock file '\(path)' is \(bytes.count) bytes, over the \(Self.maximumSize) limit; skipped")
                continue
            }
            let pins: [(name: String, version: String)]
            switch kind {
            case .requirements: pins = Self.requirements(bytes)
            case .poetryLock: pins = Self.poetryLock(bytes)
            case .pipfileLock:
                guard let parsed = Self.pipfileLock(bytes) else {
                    context.warn("python lock file '\(path)' is not valid Pipfile.lock json; skipped")
                    continue
                }
                pins = parsed
            }
            let location = tree.location(of: path)
            for pin in pins {
                let normalized = PythonMetadata.normalize(pin.name)
                packages.append(
                    Package(
                        name: pin.name, version: pin.version, type: .python,
                        purl: PURL(type: "pypi", name: normalized, version: pin.version), locations: [location],
                        layerDigest: location.layerDigest, foundBy: name, metadata: ["normalizedName": normalized]))
            }
        }
        return packages
    }

    /// `name==1.2.3` lines; comments, options, extras, markers and unpinned or ranged requirements are skipped.
    static func requirements(_ bytes: [UInt8]) -> [(name: String, version: String)] {
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\\\n", with: " ")
        var result: [(String, String)] = []
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = Substring(rawLine)
            if let hash = line.range(of: " #") ?? (line.hasPrefix("#") ? line.startIndex..<line.startIndex : nil) {
                line = line[..<hash.lowerBound]
            }
            if let marker = line.firstIndex(of: ";") { line = line[..<marker] }
            let trimmed = line.trimmingSpaces()
            guard !trimmed.isEmpty, !trimmed.hasPrefix("-") else { continue }
            // Per-requirement options (`--hash=…`) follow after whitespace; spaces around `==` are allowed.
            let withoutOptions = trimmed.range(of: " --").map { String(trimmed[..<$0.lowerBound]) } ?? trimmed
            let requirement = String(withoutOptions.filter { $0 != " " && $0 != "\t" })
            let pin: Range<String.Index>
            if let exact = requirement.range(of: "===") {
                pin = exact
            } else if let equal = requirement.range(of: "==") {
                pin = equal
            } else {
                continue
            }
            var name = requirement[..<pin.lowerBound].trimmingSpaces()
            if let bracket = name.firstIndex(of: "[") { name = String(name[..<bracket]) }
            let version = requirement[pin.upperBound...].trimmingSpaces()
            // A wildcard or a second comparison is a range, not a pin.
            guard !name.isEmpty, !version.isEmpty, !version.contains("*"), !version.contains(","),
                name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) })
            else { continue }
            result.append((name, version))
        }
        return result
    }

    /// The `default` and `develop` sections of a Pipfile.lock; nil when it is not that json.
    static func pipfileLock(_ bytes: [UInt8]) -> [(name: String, version: String)]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
        var result: [(String, String)] = []
        for section in ["default", "develop"] {
            guard let entries = object[section] as? [String: Any] else { continue }
            for (name, value) in entries.sorted(by: { $0.key < $1.key }) {
                guard let version = (value as? [String: Any])?["version"] as? String, version.hasPrefix("==") else {
                    continue
                }
                result.append((name, String(version.dropFirst(2))))
            }
        }
        return result
    }

    /// The `name`/`version` keys of each `[[package]]` table of a poetry.lock (TOML, read line by line).
    static func poetryLock(_ bytes: [UInt8]) -> [(name: String, version: String)] {
        var result: [(String, String)] = []
        var inPackage = false
        var name: String?
        var version: String?
        func flush() {
            if inPackage, let name, let version { result.append((name, version)) }
            name = nil
            version = nil
        }
        for rawLine in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingSpaces()
            if line.hasPrefix("[") {
                flush()
                inPackage = line == "[[package]]"
                continue
            }
            guard inPackage, let equal = line.firstIndex(of: "=") else { continue }
            let key = line[..<equal].trimmingSpaces()
            var value = line[line.index(after: equal)...].trimmingSpaces()
            guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { continue }
            value = String(value.dropFirst().dropLast())
            if key == "name" { name = value } else if key == "version" { version = value }
        }
        flush()
        return result
    }
}
