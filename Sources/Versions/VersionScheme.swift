/// A family of version strings with its own ordering rules: one per packaging ecosystem.
public enum VersionScheme: String, CaseIterable, Sendable, Codable {
    /// Debian and Ubuntu packages (`dpkg --compare-versions`).
    case dpkg
    /// Red Hat-family, SUSE and Mariner packages (`rpmvercmp` with epoch and release).
    case rpm
    /// Alpine, Wolfi and Chainguard packages (apk-tools).
    case apk
    /// SemVer 2.0 as npm reads it (`v1.2.3`, `=1.2.3`, `1.2` accepted).
    case semver
    /// Python packages: PEP 440, with the pre-PEP 440 legacy order below every valid version.
    case pep440
    /// Maven artifacts: today's `ComparableVersion`.
    case maven
    /// Go modules (`golang.org/x/mod/semver`, `+incompatible`, pseudo-versions) and `go1.x` toolchains.
    case go
    /// Ruby gems (`Gem::Version`).
    case gem
    /// Anything else: dotted numbers; refuses to order what it cannot interpret.
    case generic

    /// Reads `text` once into a value that compares quickly; throws when it is not a version of this scheme.
    ///
    /// PEP 440 and apk strings that the current grammar rejects are still ordered by the ecosystem's
    /// documented fallback; such values are marked `isLegacy`.
    public func parse(_ text: String) throws(VersionError) -> ParsedVersion {
        if text.utf8.count > VersionError.maximumLength {
            throw .tooLong(scheme: self, length: text.utf8.count, limit: VersionError.maximumLength)
        }
        switch self {
        case .dpkg: return ParsedVersion(text, self, key: try DpkgVersion(text).key)
        case .rpm: return ParsedVersion(text, self, .rpm(try RpmVersion(text)))
        case .apk: return ParsedVersion(text, self, .apk(try ApkVersion(text)))
        case .semver: return ParsedVersion(text, self, key: try SemanticVersion(text).sortKey)
        case .pep440: return ParsedVersion(text, self, .pep440(PEP440Version(text)))
        case .maven: return ParsedVersion(text, self, .maven(try MavenVersion(text)))
        case .go: return ParsedVersion(text, self, key: try GoVersion(text).sortKey)
        case .gem: return ParsedVersion(text, self, .gem(try GemVersion(text)))
        case .generic: return ParsedVersion(text, self, .generic(try GenericVersion(text)))
        }
    }

    /// Orders `a` and `b`: -1 when `a` is older, 0 when equal, 1 when newer.
    ///
    /// Throws when either is not a version of this scheme, or (generic scheme) when no order can be justified.
    public func compare(_ a: String, _ b: String) throws(VersionError) -> Int {
        let first = try parse(a)
        let second = try parse(b)
        return try first.compare(to: second)
    }

    /// The scheme of an OSV `affected[].package.ecosystem` value such as `Debian:10`, `Alpine:v3.9` or `PyPI`.
    ///
    /// Unknown ecosystems get `.generic`, which never orders what it cannot interpret.
    public static func forEcosystem(_ ecosystem: String) -> VersionScheme {
        let base = ecosystem.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ecosystem
        switch base.lowercased() {
        case "debian", "ubuntu":
            return .dpkg
        case "alpine", "alpaquita", "bellsoft hardened containers", "chainguard", "wolfi", "minimos":
            return .apk
        case "red hat", "redhat", "rocky linux", "almalinux", "suse", "opensuse", "suse linux enterprise",
            "mariner", "azure linux", "amazon linux", "openeuler", "fedora", "oracle linux", "centos":
            return .rpm
        case "pypi": return .pep440
        case "go": return .go
        case "npm", "crates.io", "hex", "pub", "swifturl": return .semver
        case "maven": return .maven
        case "rubygems": return .gem
        default: return .generic
        }
    }
}
