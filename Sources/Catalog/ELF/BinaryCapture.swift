public import Layers

/// Which tar entries the binary catalogers (Go, Rust, classifiers) ask to have captured.
///
/// `wants` sees only path, kind, size and mode, and binaries cannot be recognised by name, so the rule is
/// about where executables live: regular files with an execute bit in a `bin`/`sbin` directory, or anywhere
/// outside the library and data trees (`/usr/lib`, `/usr/share`, `/etc`, …, where most executables are
/// scripts and helpers); plus the shared libraries the classifiers read (`libssl`, `libcrypto`, `libpython`,
/// `libnode`, `libjvm`, `libcurl`). Files above `maximumSize` are never captured (a 2 GiB sparse file posing
/// as a binary must not be read into memory). On debian-bookworm this captures 385 files, 62 MB of the
/// 207 MB of regular files (docker-registry alone is 20 MB).
public enum BinaryCapture {
    /// The largest file captured (256 MiB).
    public static let maximumSize: Int64 = 256 << 20
    /// The smallest file that can hold an ELF header.
    public static let minimumSize: Int64 = 52

    /// Library name prefixes whose files are captured wherever they are (the classifiers' shared libraries).
    public static let libraryPrefixes = [
        "libssl.so", "libcrypto.so", "libpython", "libnode.so", "libjvm.so", "libcurl.so",
    ]

    private static let excludedTrees = [
        "/usr/share/", "/etc/", "/usr/lib/", "/lib/", "/lib64/", "/lib32/", "/usr/lib64/", "/usr/lib32/",
        "/usr/libexec/", "/usr/local/lib/", "/var/lib/", "/usr/include/", "/proc/", "/sys/", "/dev/",
    ]

    /// Whether the binary catalogers need `entry`'s bytes.
    public static func wants(_ entry: FileEntryInfo) -> Bool {
        guard entry.kind == .regular, entry.size >= minimumSize, entry.size <= maximumSize else { return false }
        let slash = entry.path.lastIndex(of: "/") ?? entry.path.startIndex
        let directory = entry.path[..<slash]
        let name = entry.path[entry.path.index(after: slash)...]
        if isClassifiedLibrary(name) { return true }
        guard entry.mode & 0o111 != 0 else { return false }
        if directory.hasSuffix("/bin") || directory.hasSuffix("/sbin") { return true }
        return !excludedTrees.contains { entry.path.hasPrefix($0) }
    }

    /// Whether `name` is one of the shared libraries the classifiers read (`libssl.so.3`, `libpython3.11.so.1.0`).
    public static func isClassifiedLibrary(_ name: Substring) -> Bool {
        libraryPrefixes.contains { name.hasPrefix($0) } && name.contains(".so")
    }

    /// The captured ELF files of `tree` that `wants` would take: path and parsed file; unreadable ones go to
    /// `context` as warnings. Files too large (a lying size) are skipped with a warning.
    public static func elfFiles(in tree: FileTree, context: CatalogContext) -> [(path: String, elf: ELFFile)] {
        var result: [(String, ELFFile)] = []
        for (path, node) in tree.nodes.sorted(by: { $0.key < $1.key }) where node.kind == .regular {
            guard let contents = node.contents, ELFFile.hasMagic(contents) else { continue }
            guard Int64(contents.count) <= maximumSize else {
                context.warn("skipped '\(path)': \(contents.count) bytes is above the \(maximumSize)-byte binary limit")
                continue
            }
            do {
                result.append((path, try ELFFile(contents, path: path)))
            } catch {
                context.warn(error.description)
            }
        }
        return result
    }
}
