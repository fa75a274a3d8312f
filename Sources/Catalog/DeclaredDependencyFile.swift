/// Rules shared by the declared-dependency catalogers (npm, Python, Ruby, Rust, Go lock and module files) about
/// which dependency files describe the image.
enum DeclaredDependencyFile {
    /// Directories whose contents are installed packages or dependency sources: a lock file in there is a
    /// leftover of that package's own development (e.g. the `package-lock.json` of an editor extension shipped
    /// inside a Ruby gem, `…/gems/rbs-2.1.0/steep/Gemfile.lock`, a crate's `Cargo.lock` in Cargo's registry cache,
    /// a dependency's `go.mod` in the module cache or `vendor/`), and the dependencies it names were never
    /// installed in the image.
    private static let installedPackageDirectories = [
        "/node_modules/", "/site-packages/", "/dist-packages/", "/usr/share/nodejs/", "/gems/",
        "/.cargo/registry/", "/.cargo/git/", "/pkg/mod/", "/vendor/",
    ]

    /// Whether the lock file at `path` lies inside an installed package rather than in an application.
    static func isInsideInstalledPackage(_ path: String) -> Bool {
        installedPackageDirectories.contains { path.contains($0) }
    }
}
