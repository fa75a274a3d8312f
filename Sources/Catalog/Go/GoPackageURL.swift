public import Model

/// Package URLs for Go modules as syft writes them.
public enum GoPackageURL {
    /// `pkg:golang/<host>/<owner>/<repo>@<version>#<rest>`: the first two path elements are the namespace, the
    /// third the name, the remainder the subpath (syft's split, e.g.
    /// `pkg:golang/github.com/docker/distribution@v2.8.2%2Bds1#cmd/registry`).
    public static func make(modulePath: String, version: String) -> PURL {
        let fields = modulePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch fields.count {
        case 0, 1:
            return PURL(type: "golang", name: modulePath, version: version)
        case 2:
            return PURL(type: "golang", namespace: fields[0], name: fields[1], version: version)
        default:
            let subpath = fields[3...].joined(separator: "/")
            return PURL(
                type: "golang", namespace: fields[0] + "/" + fields[1], name: fields[2], version: version,
                subpath: subpath.isEmpty ? nil : subpath)
        }
    }

    /// The `stdlib` pseudo-package's purl: `pkg:golang/stdlib@1.19.8` for toolchain `go1.19.8`.
    public static func standardLibrary(goVersion: String) -> PURL? {
        guard let version = standardLibraryVersion(goVersion) else { return nil }
        return PURL(type: "golang", name: "stdlib", version: version)
    }

    /// `1.19.8` for `go1.19.8` (also `go1.22.0 X:boringcrypto`); nil for development toolchains.
    public static func standardLibraryVersion(_ goVersion: String) -> String? {
        guard goVersion.hasPrefix("go") else { return nil }
        let version = goVersion.dropFirst(2).prefix { $0 != " " }
        guard let first = version.first, first.isNumber else { return nil }
        return String(version)
    }
}
