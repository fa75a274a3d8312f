import Model
import Versions

/// How one package is looked up: which ecosystems and names, which version, compared how.
struct PackageQuery {
    /// Index of the package in the SBOM.
    var index: Int
    /// OSV ecosystems to query, most specific first.
    var ecosystems: [String]
    /// Names as the feed spells them (source package first for distros).
    var names: [String]
    /// The version compared (the source version for Debian binNMUs; with the epoch for rpm).
    var version: String
    /// The comparator.
    var scheme: VersionScheme
    /// The report's feed group.
    var feedGroup: String
    /// Whether this is a distro package matched against distro advisories.
    var isDistro: Bool

    /// The query for an OS package in `namespace`.
    static func distro(_ package: Package, index: Int, namespace: DistroNamespace) -> PackageQuery {
        var names: [String] = []
        if let source = package.sourceName, !source.isEmpty { names.append(source) }
        // Debian and Alpine advisories name source packages only; rpm-family feeds name binary packages.
        if package.type == .rpm || names.isEmpty, !names.contains(package.name) { names.append(package.name) }
        var version = package.version
        switch package.type {
        case .deb:
            if let source = package.sourceVersion, !source.isEmpty { version = source }
        case .rpm:
            if !version.contains(":"), let epoch = package.metadata["epoch"], !epoch.isEmpty {
                version = "\(epoch):\(version)"
            }
        default:
            break
        }
        let scheme = VersionScheme.forEcosystem(namespace.ecosystems.first ?? "")
        return PackageQuery(
            index: index, ecosystems: namespace.ecosystems, names: names, version: version, scheme: scheme,
            feedGroup: namespace.feedGroup, isDistro: true)
    }

    /// The query for a language package, or nil when its kind has no advisory ecosystem or it lacks a name.
    static func language(_ package: Package, index: Int) -> PackageQuery? {
        let ecosystem: String
        var name = package.name
        let namespace = package.purl.namespace.flatMap { $0.isEmpty ? nil : $0 }
        switch package.type {
        case .python: ecosystem = "PyPI"
        case .npm:
            ecosystem = "npm"
            if let namespace, !name.hasPrefix("@") { name = "\(namespace)/\(name)" }
        case .javaArchive:
            ecosystem = "Maven"
            if !name.contains(":") {
                guard let group = package.metadata["groupId"] ?? namespace else { return nil }
                name = "\(group):\(package.metadata["artifactId"] ?? package.purl.name)"
            }
        case .goModule:
            ecosystem = "Go"
            if let namespace, !name.contains("/") { name = "\(namespace)/\(name)" }
        case .gem: ecosystem = "RubyGems"
        case .rustCrate: ecosystem = "crates.io"
        case .phpComposer:
            ecosystem = "Packagist"
            if let namespace, !name.contains("/") { name = "\(namespace)/\(name)" }
        case .dotnet: ecosystem = "NuGet"
        case .apk, .deb, .rpm, .binary: return nil
        }
        return PackageQuery(
            index: index, ecosystems: [ecosystem], names: [name], version: package.version,
            scheme: VersionScheme.forEcosystem(ecosystem), feedGroup: ecosystem.lowercased(), isDistro: false)
    }
}
