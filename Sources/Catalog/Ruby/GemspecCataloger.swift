public import Layers
public import Model

/// Installed gems from `specifications/**/*.gemspec` (RubyGems' installed and default gems, Debian's
/// `/usr/share/rubygems-integration/*/specifications`), syft: `ruby-installed-gemspec-cataloger`.
///
/// Gemspecs are Ruby code; generated ones assign literals (`s.name = "rack".freeze`), which are read without
/// running anything. A gemspec whose name or version is not a literal is skipped with a warning.
public struct GemspecCataloger: Cataloger {
    public let name = "ruby-installed-gemspec-cataloger"
    /// The largest gemspec read (real ones are a few KB).
    public static let maximumSize: Int64 = 1 << 20

    public init() {}

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && entry.size <= Self.maximumSize && Self.isGemspec(entry.path)
    }

    static func isGemspec(_ path: String) -> Bool {
        path.hasSuffix(".gemspec") && path.contains("/specifications/")
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: Self.isGemspec) {
            guard let contents = tree.nodes[path]?.contents else { continue }
            do {
                let spec = try Self.parse(contents, path: path)
                let location = tree.location(of: path)
                packages.append(
                    Package(
                        name: spec.name, version: spec.version, type: .gem,
                        purl: PURL(type: "gem", name: spec.name, version: spec.version), licenses: spec.licenses,
                        locations: [location], layerDigest: location.layerDigest, files: spec.files,
                        foundBy: name, metadata: spec.homepage.map { ["homepage": $0] } ?? [:]))
            } catch {
                context.warn(error.description)
            }
        }
        return packages
    }

    /// What a gemspec says about its gem.
    public struct Spec: Hashable, Sendable {
        public var name: String
        public var version: String
        public var licenses: [String]
        public var files: [String]
        public var homepage: String?
    }

    /// Reads the literal `name`, `version`, `license(s)`, `files` and `homepage` assignments of a gemspec.
    public static func parse(_ bytes: [UInt8], path: String) throws(PackageFileError) -> Spec {
        // RubyGems writes NUL-separated stub lines ("# stub: json 2.6.1 ruby lib\0ext/…"), so NULs are normal here.
        let text = String(decoding: bytes, as: UTF8.self)
        var fields: [String: [String]] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            // `s.name = …`, `spec.version = …`: any receiver, one attribute, an assignment.
            guard let dot = trimmed.firstIndex(of: "."), let equals = trimmed.firstIndex(of: "="), dot < equals else {
                continue
            }
            let attribute = trimmed[trimmed.index(after: dot)..<equals].trimmingSpaces()
            guard ["name", "version", "license", "licenses", "files", "homepage"].contains(attribute),
                fields[attribute] == nil
            else { continue }
            let value = trimmed[trimmed.index(after: equals)...]
            guard let strings = RubyLiteral.strings(value) else {
                if attribute == "name" || attribute == "version" {
                    throw PackageFileError(
                        path: path,
                        reason: "gemspec \(attribute) is not a literal: '\(value.trimmingSpaces().prefix(60))'")
                }
                continue
            }
            fields[attribute] = strings
        }
        guard let name = fields["name"]?.first, !name.isEmpty else {
            throw PackageFileError(path: path, reason: "gemspec has no name")
        }
        guard let version = fields["version"]?.first, !version.isEmpty else {
            throw PackageFileError(path: path, reason: "gemspec for '\(name)' has no version")
        }
        return Spec(
            name: name, version: version, licenses: fields["licenses"] ?? fields["license"] ?? [],
            files: fields["files"] ?? [], homepage: fields["homepage"]?.first)
    }
}
