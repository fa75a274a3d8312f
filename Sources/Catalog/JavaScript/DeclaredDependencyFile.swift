/// Rules shared by the lock-file catalogers (npm, Python) about which dependency files describe the image.
enum DeclaredDependencyFile {
    /// Directories whose contents are installed packages: a lock file in there is a leftover of that package's
    /// own development (e.g. the `package-lock.json` of an editor extension shipped inside a Ruby gem), and the
    /// dependencies it names were never installed in the image.
    private static let installedPackageDirectories = [
        "/node_modules/", "/site-packages/", "/dist-packages/", "/usr/share/nodejs/", "/gems/",
    ]

    /// Whether the lock file at `path` lies inside an installed package rather than in an application.
    static func isInsideInstalledPackage(_ path: String) -> Bool {
        installedPackageDirectories.contains { path.contains($0) }
    }
}
