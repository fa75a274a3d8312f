public import Layers
public import Model

/// Identifies the operating system of a squashed image from its release files.
///
/// Sources, first match wins: `/etc/os-release`, `/usr/lib/os-release`, `/etc/lsb-release`,
/// `/etc/alpine-release`, the Red Hat family's `/etc/*-release` lines, `/etc/SuSE-release`,
/// `/etc/debian_version`, and last the BusyBox binary's version banner (an image with nothing but BusyBox
/// is reported as distro `busybox`). Anything else is `unknown`: never guessed from package databases.
public enum DistroDetector {
    /// Release files larger than this are not release files; they are ignored with a warning.
    public static let maximumReleaseFileSize = 64 * 1024
    /// A BusyBox binary larger than this is not searched for its banner.
    public static let maximumBusyBoxSize: Int64 = 8 * 1024 * 1024

    /// The text files detection reads, in the order it consults them.
    public static let releaseFilePaths: [String] = [
        "/etc/os-release", "/usr/lib/os-release", "/etc/lsb-release", "/etc/alpine-release",
        "/etc/centos-release", "/etc/fedora-release", "/etc/redhat-release", "/etc/system-release",
        "/etc/SuSE-release", "/etc/debian_version",
    ]

    /// Where a BusyBox binary may be (with merged `/usr`, `/bin` is a link to `/usr/bin`).
    public static let busyBoxPaths: [String] = ["/bin/busybox", "/usr/bin/busybox"]

    private static let wantedPaths = Set(releaseFilePaths)

    /// Whether detection needs the bytes of `entry`; the layer squasher asks this for every tar entry.
    public static func wants(_ entry: FileEntryInfo) -> Bool {
        if wantedPaths.contains(entry.path) { return true }
        return entry.size <= maximumBusyBoxSize && busyBoxPaths.contains(entry.path)
    }

    /// The distro of `tree`; `id == "unknown"` when no release file identifies it.
    public static func detect(_ tree: FileTree) -> Distro {
        detect(tree, warn: { _ in })
    }

    /// The distro of `tree`, reporting unusable release files (too large, bad values) through `warn`.
    public static func detect(_ tree: FileTree, warn: (String) -> Void) -> Distro {
        func text(_ path: String) -> [UInt8]? {
            guard let bytes = tree.contents(of: path) else { return nil }
            guard bytes.count <= maximumReleaseFileSize else {
                warn(
                    "ignored \(path): \(bytes.count) bytes is too large for a release file (limit \(maximumReleaseFileSize))"
                )
                return nil
            }
            return bytes
        }
        let debianVersion = text("/etc/debian_version").map { DebianVersionFile($0) }
        for path in ["/etc/os-release", "/usr/lib/os-release"] {
            guard let bytes = text(path) else { continue }
            if let distro = fromOSRelease(KeyValueFile(bytes), path: path, debianVersion: debianVersion, warn: warn) {
                return distro
            }
        }
        if let bytes = text("/etc/lsb-release"), let distro = fromLSBRelease(KeyValueFile(bytes), warn: warn) {
            return distro
        }
        if let bytes = text("/etc/alpine-release") {
            let version = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
            if isVersionLike(version) {
                return Distro(id: "alpine", versionID: version, prettyName: "Alpine Linux v\(version)")
            }
            warn("ignored /etc/alpine-release: '\(version.quotedPrefix())' is not a version")
        }
        for path in ["/etc/centos-release", "/etc/fedora-release", "/etc/redhat-release", "/etc/system-release"] {
            if let bytes = text(path), let distro = RedHatReleaseFile.distro(bytes) { return distro }
        }
        if let bytes = text("/etc/SuSE-release"), let distro = SuSEReleaseFile.distro(bytes) { return distro }
        if let debianVersion, let distro = debianVersion.distro { return distro }
        for path in busyBoxPaths {
            if let bytes = tree.contents(of: path), let version = BusyBoxBanner.version(in: bytes) {
                return Distro(id: "busybox", versionID: version, prettyName: "BusyBox v\(version)")
            }
        }
        return Distro(id: "unknown")
    }

    /// os-release → distro; nil when it has no usable `ID` (the caller then tries the other files).
    private static func fromOSRelease(
        _ file: KeyValueFile, path: String, debianVersion: DebianVersionFile?, warn: (String) -> Void
    ) -> Distro? {
        guard let rawID = file["ID"] else { return nil }
        let id = rawID.lowercased()
        guard isIdentifier(id) else {
            warn("ignored \(path): ID '\(rawID.quotedPrefix())' is not an os-release identifier")
            return nil
        }
        var versionID = file["VERSION_ID"]
        if let value = versionID, !isVersionLike(value) {
            warn("ignored VERSION_ID '\(value.quotedPrefix())' in \(path): not a version")
            versionID = nil
        }
        var codename = file["VERSION_CODENAME"]?.lowercased()
        let idLike = (file["ID_LIKE"] ?? "").lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
            .map(String.init).filter(isIdentifier)
        if id == "debian" {
            // Debian 8 has no VERSION_CODENAME but says `VERSION="8 (jessie)"`; testing/sid has no VERSION_ID
            // and /etc/debian_version says `trixie/sid` (PITFALLS 11): fill in what the release files know.
            if codename == nil, let version = file["VERSION"] { codename = parenthesizedWord(version) }
            if versionID == nil, let major = debianVersion?.majorVersion { versionID = major }
            if codename == nil { codename = debianVersion?.codename }
        }
        if let value = codename, !isIdentifier(value) { codename = nil }
        return Distro(id: id, versionID: versionID, codename: codename, prettyName: file["PRETTY_NAME"], idLike: idLike)
    }

    private static func fromLSBRelease(_ file: KeyValueFile, warn: (String) -> Void) -> Distro? {
        guard let rawID = file["DISTRIB_ID"] else { return nil }
        let id = rawID.lowercased().replacingSpaces()
        guard isIdentifier(id) else {
            warn("ignored /etc/lsb-release: DISTRIB_ID '\(rawID.quotedPrefix())' is not an identifier")
            return nil
        }
        let version = file["DISTRIB_RELEASE"].flatMap { isVersionLike($0) ? $0 : nil }
        let codename = file["DISTRIB_CODENAME"]?.lowercased()
        return Distro(
            id: id, versionID: version, codename: codename.flatMap { isIdentifier($0) ? $0 : nil },
            prettyName: file["DISTRIB_DESCRIPTION"])
    }

    /// `jessie` from `8 (jessie)`; nil unless the parentheses hold one lowercase-able word.
    private static func parenthesizedWord(_ text: String) -> String? {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else {
            return nil
        }
        let word = text[text.index(after: open)..<close].lowercased()
        return isIdentifier(word) ? word : nil
    }

    /// An os-release identifier: `[a-z0-9._-]`, 1–64 characters.
    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy {
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
            }
    }

    /// A release version: starts with a digit, then letters, digits, `.`, `_`, `-`, `~`, `+`; 1–64 characters.
    static func isVersionLike(_ text: String) -> Bool {
        guard let first = text.utf8.first, (0x30...0x39).contains(first), text.utf8.count <= 64 else { return false }
        return text.unicodeScalars.allSatisfy {
            ("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0)
                || ".-_~+".unicodeScalars.contains($0)
        }
    }
}

extension String {
    fileprivate func replacingSpaces() -> String {
        String(map { $0 == " " ? "-" : $0 })
    }
}
