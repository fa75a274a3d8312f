import Model

/// `/etc/debian_version`: `12.4` on a release, `trixie/sid` on testing and unstable.
struct DebianVersionFile {
    /// The major release number, e.g. `12` from `12.4`.
    var majorVersion: String?
    /// The codename of testing, e.g. `trixie` from `trixie/sid`.
    var codename: String?

    init(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace().lowercased()
        if let first = text.split(separator: ".").first, !first.isEmpty, first.allSatisfy(\.isASCIIDigitCharacter) {
            majorVersion = String(first)
        } else if let slash = text.firstIndex(of: "/") {
            let name = String(text[..<slash])
            if DistroDetector.isIdentifier(name) { codename = name }
        }
    }

    /// A Debian distro from this file alone; nil when it says neither a number nor `codename/sid`.
    var distro: Distro? {
        if let majorVersion { return Distro(id: "debian", versionID: majorVersion) }
        if let codename {
            return Distro(id: "debian", codename: codename, prettyName: "Debian GNU/Linux \(codename)/sid")
        }
        return nil
    }
}

/// The one-line release files of the Red Hat family: `CentOS Linux release 7.9.2009 (Core)`.
enum RedHatReleaseFile {
    /// Product names and the os-release `ID` each one has; longest first so `CentOS Stream` beats `CentOS`.
    private static let products: [(prefix: String, id: String)] = [
        ("red hat enterprise linux", "rhel"), ("centos stream", "centos"), ("centos linux", "centos"),
        ("centos", "centos"), ("fedora", "fedora"), ("amazon linux", "amzn"), ("rocky linux", "rocky"),
        ("almalinux", "almalinux"), ("oracle linux", "ol"), ("scientific linux", "scientific"),
    ]

    /// The distro named by the file's first line; nil for products not listed (they are not guessed).
    static func distro(_ bytes: [UInt8]) -> Distro? {
        guard let line = TextLines(bytes).first(where: { !$0.isBlank })?.text.trimmingWhitespace() else {
            return nil
        }
        let lower = line.lowercased()
        guard let product = products.first(where: { lower.hasPrefix($0.prefix) }) else { return nil }
        guard let range = lower.firstRange(of: " release ") else { return nil }
        let version = lower[range.upperBound...].prefix(while: { $0.isASCIIDigitCharacter || $0 == "." })
        guard !version.isEmpty else { return nil }
        // CentOS and Fedora number releases by their major version in os-release (`7`, `38`); the rest keep
        // major.minor (`rhel` `8.8`).
        let versionID =
            product.id == "centos" || product.id == "fedora"
            ? String(version.split(separator: ".").first ?? version) : String(version)
        return Distro(id: product.id, versionID: versionID, prettyName: line)
    }
}

/// The pre-os-release SUSE file: `SUSE Linux Enterprise Server 12 (x86_64)` then `VERSION = 12`, `PATCHLEVEL = 3`.
enum SuSEReleaseFile {
    static func distro(_ bytes: [UInt8]) -> Distro? {
        let lines = TextLines(bytes).map { $0.text.trimmingWhitespace() }
        guard let title = lines.first(where: { !$0.isEmpty }) else { return nil }
        let lower = title.lowercased()
        let id: String
        if lower.hasPrefix("suse linux enterprise server") {
            id = "sles"
        } else if lower.hasPrefix("opensuse") {
            id = lower.contains("leap") ? "opensuse-leap" : "opensuse"
        } else {
            return nil
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace() }
            if parts.count == 2 { fields[parts[0].uppercased()] = parts[1] }
        }
        guard var version = fields["VERSION"], DistroDetector.isVersionLike(version) else { return nil }
        if let patch = fields["PATCHLEVEL"], patch != "0", patch.allSatisfy(\.isASCIIDigitCharacter), !patch.isEmpty {
            version += ".\(patch)"
        }
        return Distro(id: id, versionID: version, prettyName: title)
    }
}

/// The `BusyBox v1.36.1 (2023-…)` banner compiled into every BusyBox binary.
enum BusyBoxBanner {
    private static let marker = Array("BusyBox v".utf8)

    /// The version in the first banner found in `bytes`, nil when there is none.
    static func version(in bytes: [UInt8]) -> String? {
        guard bytes.count >= marker.count else { return nil }
        var index = 0
        let last = bytes.count - marker.count
        while index <= last {
            guard let candidate = bytes[index...last].firstIndex(of: marker[0]) else { return nil }
            if bytes[candidate..<(candidate + marker.count)].elementsEqual(marker) {
                let start = candidate + marker.count
                let version = bytes[start...].prefix(while: { (0x30...0x39).contains($0) || $0 == 0x2E })
                // `BusyBox v%s` format strings also occur; a real banner has digits after the `v`.
                if let first = version.first, first != 0x2E, version.count <= 32 {
                    let text = String(decoding: version, as: UTF8.self)
                    return text.hasSuffix(".") ? String(text.dropLast()) : text
                }
            }
            index = candidate + 1
        }
        return nil
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) }
}
