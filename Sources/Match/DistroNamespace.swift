public import Model

/// The OSV ecosystems that hold a distro release's advisories, e.g. `Debian:10`, `Alpine:v3.9`.
public struct DistroNamespace: Sendable, Hashable {
    /// The ecosystems to query, most specific first.
    public var ecosystems: [String]
    /// The feed group shown in reports, e.g. `debian:10`.
    public var feedGroup: String

    /// Debian code names by release number, for os-release files without `VERSION_ID` (testing, sid).
    static let debianCodenames: [String: String] = [
        "hamm": "2", "slink": "2.1", "potato": "2.2", "woody": "3.0", "sarge": "3.1", "etch": "4", "lenny": "5",
        "squeeze": "6", "wheezy": "7", "jessie": "8", "stretch": "9", "buster": "10", "bullseye": "11",
        "bookworm": "12", "trixie": "13", "forky": "14", "duke": "15",
    ]

    /// Ubuntu releases with long-term support (their OSV ecosystems end in `:LTS`).
    static func isUbuntuLTS(_ version: String) -> Bool {
        let parts = version.split(separator: ".")
        guard parts.count == 2, let year = Int(parts[0]) else { return false }
        return parts[1] == "04" && year % 2 == 0
    }

    /// The namespace of `distro`, or nil when the distro is unknown or has no advisory namespace.
    public static func of(_ distro: Distro) -> DistroNamespace? {
        let id = distro.id.lowercased()
        let version = distro.versionID ?? ""
        let major = version.split(separator: ".").first.map(String.init) ?? ""
        let majorMinor = version.split(separator: ".").prefix(2).joined(separator: ".")
        switch id {
        case "debian":
            var release = major
            if release.isEmpty, let codename = distro.codename?.lowercased() {
                release = debianCodenames[codename] ?? ""
            }
            guard !release.isEmpty else { return nil }
            return DistroNamespace(ecosystems: ["Debian:\(release)"], feedGroup: "debian:\(release)")
        case "alpine":
            if version.contains("_alpha") || version.hasSuffix("edge") {
                return DistroNamespace(ecosystems: ["Alpine:edge"], feedGroup: "alpine:edge")
            }
            guard !majorMinor.isEmpty else { return nil }
            return DistroNamespace(ecosystems: ["Alpine:v\(majorMinor)"], feedGroup: "alpine:v\(majorMinor)")
        case "ubuntu":
            guard !majorMinor.isEmpty else { return nil }
            let ecosystems =
                isUbuntuLTS(majorMinor)
                ? ["Ubuntu:\(majorMinor):LTS", "Ubuntu:Pro:\(majorMinor):LTS"] : ["Ubuntu:\(majorMinor)"]
            return DistroNamespace(ecosystems: ecosystems, feedGroup: "ubuntu:\(majorMinor)")
        case "almalinux":
            guard !major.isEmpty else { return nil }
            return DistroNamespace(ecosystems: ["AlmaLinux:\(major)"], feedGroup: "almalinux:\(major)")
        case "rocky":
            guard !major.isEmpty else { return nil }
            return DistroNamespace(ecosystems: ["Rocky Linux:\(major)"], feedGroup: "rocky:\(major)")
        case "rhel", "centos", "ol":
            guard !major.isEmpty else { return nil }
            // Red Hat's OSV data names releases as `Red Hat:enterprise_linux:<major>::<repo>`; the
            // AlmaLinux/Rocky rebuilds carry the same fixes with the same NEVRAs.
            return DistroNamespace(
                ecosystems: ["Red Hat:\(major)", "AlmaLinux:\(major)", "Rocky Linux:\(major)"],
                feedGroup: "\(id):\(major)")
        case "sles", "sles_sap", "sle-micro":
            guard !version.isEmpty else { return nil }
            let servicePack = version.split(separator: ".").dropFirst().first.map { " SP\($0)" } ?? ""
            return DistroNamespace(
                ecosystems: ["SUSE:Linux Enterprise Server \(major)\(servicePack)"], feedGroup: "sles:\(version)")
        case "opensuse-leap":
            guard !version.isEmpty else { return nil }
            return DistroNamespace(ecosystems: ["openSUSE:Leap \(version)"], feedGroup: "opensuse-leap:\(version)")
        case "mariner", "azurelinux":
            guard !majorMinor.isEmpty else { return nil }
            return DistroNamespace(
                ecosystems: ["Mariner:\(majorMinor)", "Azure Linux:\(majorMinor)"], feedGroup: "\(id):\(majorMinor)")
        case "amzn":
            guard !major.isEmpty else { return nil }
            return DistroNamespace(ecosystems: ["Amazon Linux:\(major)"], feedGroup: "amzn:\(major)")
        case "wolfi":
            return DistroNamespace(ecosystems: ["Wolfi"], feedGroup: "wolfi")
        case "chainguard":
            return DistroNamespace(ecosystems: ["Chainguard"], feedGroup: "chainguard")
        default:
            return nil
        }
    }

    /// Parses a `--distro` value `id:version` (e.g. `alpine:3.9`, `debian:10`, `debian:trixie`).
    public static func parseOverride(_ text: String) -> Distro? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        let id = parts[0].lowercased()
        let value = parts[1]
        if value.first?.isNumber == true { return Distro(id: id, versionID: value) }
        return Distro(id: id, codename: value.lowercased())
    }
}
