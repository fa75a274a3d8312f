public import Layers
public import Model

/// Lists the packages in rpm databases: SQLite `rpmdb.sqlite`, Berkeley DB `Packages` and NDB `Packages.db`
/// under `/var/lib/rpm`, `/usr/lib/sysimage/rpm` or `/usr/share/rpm`, read from their bytes (no `rpm` binary).
public struct RpmDBCataloger: Cataloger {
    public init() {}

    public var name: String { "rpm-db-cataloger" }

    /// The directories rpm keeps its database in.
    static let databaseDirectories = ["/var/lib/rpm/", "/usr/lib/sysimage/rpm/", "/usr/share/rpm/"]

    private enum Format {
        case sqlite, berkeleyDB, ndb
    }

    private static func format(of path: String) -> Format? {
        let format: Format
        if path.hasSuffix("/rpmdb.sqlite") {
            format = .sqlite
        } else if path.hasSuffix("/Packages") {
            format = .berkeleyDB
        } else if path.hasSuffix("/Packages.db") {
            format = .ndb
        } else {
            return nil
        }
        return databaseDirectories.contains { path.hasPrefix($0) && !path.dropFirst($0.count).contains("/") }
            ? format : nil
    }

    public func wants(_ entry: FileEntryInfo) -> Bool {
        entry.kind == .regular && Self.format(of: entry.path) != nil
    }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for path in tree.regularFiles(where: { Self.format(of: $0) != nil }) {
            guard let format = Self.format(of: path), let bytes = tree.contents(of: path) else { continue }
            let blobs: [[UInt8]]
            do throws(RpmDatabaseError) {
                switch format {
                case .sqlite: blobs = try RpmSQLiteReader.blobs(bytes, path: path)
                case .berkeleyDB: blobs = try RpmBerkeleyDBReader.blobs(bytes, path: path)
                case .ndb: blobs = try RpmNDBReader.blobs(bytes, path: path)
                }
            } catch {
                context.warn(error.description)
                continue
            }
            let location = tree.location(of: path)
            for (index, blob) in blobs.enumerated() {
                do throws(RpmHeaderError) {
                    let header = try RpmHeader(blob: blob)
                    packages.append(Self.package(header, location: location, distro: context.distro))
                } catch {
                    context.warn("rpm database '\(path)': header \(index + 1) skipped: \(error.description)")
                }
            }
        }
        return packages
    }

    /// The package for one header, with its purl written as syft writes it.
    static func package(_ header: RpmHeader, location: Location, distro: Distro) -> Package {
        let versionRelease = header.release.isEmpty ? header.version : "\(header.version)-\(header.release)"
        var qualifiers: [String: String] = [:]
        qualifiers["arch"] = header.arch
        qualifiers["epoch"] = header.epoch.map(String.init)
        qualifiers["upstream"] = header.sourceRPM
        qualifiers["distro"] = distro.purlQualifier
        let namespace: String? = distro.isUnknown ? nil : (distro.id == "rhel" ? "redhat" : distro.id)
        var metadata: [String: String] = [:]
        metadata["epoch"] = header.epoch.map(String.init)
        metadata["release"] = header.release
        metadata["modularityLabel"] = header.modularityLabel.flatMap { $0.isEmpty ? nil : $0 }
        metadata["vendor"] = header.vendor
        metadata["sourceRpm"] = header.sourceRPM
        metadata["size"] = header.size.map(String.init)
        let source = header.sourceRPM.flatMap(Self.splitSourceRPM)
        return Package(
            name: header.name,
            version: header.epoch.map { "\($0):\(versionRelease)" } ?? versionRelease,
            type: .rpm,
            purl: PURL(
                type: "rpm", namespace: namespace, name: header.name, version: versionRelease, qualifiers: qualifiers),
            licenses: header.license.map { [$0] } ?? [],
            locations: [location],
            architecture: header.arch,
            sourceName: source?.name,
            sourceVersion: source?.version,
            files: header.files,
            foundBy: "rpm-db-cataloger",
            metadata: metadata
        )
    }

    /// `openssl-3.0.7-24.el9.src.rpm` → (`openssl`, `3.0.7-24.el9`); nil when it has not that shape.
    static func splitSourceRPM(_ file: String) -> (name: String, version: String)? {
        var base = Substring(file)
        for suffix in [".src.rpm", ".nosrc.rpm"] where base.hasSuffix(suffix) {
            base = base.dropLast(suffix.count)
        }
        guard let releaseDash = base.lastIndex(of: "-"),
            let versionDash = base[..<releaseDash].lastIndex(of: "-")
        else { return nil }
        return (String(base[..<versionDash]), String(base[base.index(after: versionDash)...]))
    }
}
