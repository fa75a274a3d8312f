public import Model

/// Relates language and binary packages to the OS packages that installed their files.
///
/// A jar in `/usr/share/java` from a `.deb`, a dist-info under `dist-packages`, a Go binary shipped by an rpm:
/// each stays in the inventory, marked `metadata["ownedBy"] = "deb:NAME"` (or `rpm:`/`apk:`) when one of its
/// evidence locations is in an OS package's file list (`Package.files`). The matcher uses the mark to route
/// interpreted-language packages through the distro's advisories; compiled ones keep matching on their own
/// versions. Classifier results (`type == .binary`) owned by an OS package are dropped by default, as syft does:
/// the OS package already names that program, with the distro's version.
public enum OwnershipResolver {
    /// The metadata key holding the owner, e.g. `deb:docker-registry`.
    public static let metadataKey = "ownedBy"

    /// `packages` with owners recorded; with `excludingOwnedBinaries`, owned `.binary` packages are removed.
    public static func annotate(_ packages: [Package], excludingOwnedBinaries: Bool = true) -> [Package] {
        var owners: [String: String] = [:]
        for package in packages.sorted(by: { $0.sortKey < $1.sortKey }) where package.type.isOSPackage {
            let owner = "\(package.type.rawValue):\(package.name)"
            for file in package.files where owners[file] == nil { owners[file] = owner }
        }
        guard !owners.isEmpty else { return packages }
        var result: [Package] = []
        for package in packages {
            guard !package.type.isOSPackage else {
                result.append(package)
                continue
            }
            let owner = package.locations.lazy.compactMap { location in
                aliases(of: location.path).lazy.compactMap { owners[$0] }.first
            }.first
            guard let owner else {
                result.append(package)
                continue
            }
            if excludingOwnedBinaries && package.type == .binary { continue }
            var annotated = package
            annotated.metadata[metadataKey] = owner
            result.append(annotated)
        }
        return result
    }

    /// `path` and its merged-/usr twin: file lists may name `/bin/x` while the image stores `/usr/bin/x`.
    static func aliases(of path: String) -> [String] {
        for top in ["/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/"] {
            if path.hasPrefix(top) { return [path, "/usr" + path] }
            if path.hasPrefix("/usr" + top) { return [path, String(path.dropFirst(4))] }
        }
        return [path]
    }
}
