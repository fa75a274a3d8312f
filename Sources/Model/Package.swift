/// One installed package, as a cataloger found it.
public struct Package: Hashable, Sendable, Codable {
    public var name: String
    public var version: String
    public var type: PackageType
    /// The package URL, with distro qualifiers for OS packages.
    public var purl: PURL
    /// CPE 2.3 strings for NVD matching, best guess first.
    public var cpes: [String]
    /// License expressions or names as recorded by the package.
    public var licenses: [String]
    /// The files that are evidence for this package (its database, manifest or archive).
    public var locations: [Location]
    /// The layer that introduced this package (its diff ID), when known.
    public var layerDigest: Digest?
    /// The CPU architecture the package was built for, e.g. `amd64`, `x86_64`, `all`.
    public var architecture: String?
    /// The source (origin) package name, e.g. `openssl` for Alpine's `libssl3`, `glibc` for `libc6`.
    public var sourceName: String?
    /// The source package version when it differs from `version` (binNMUs, Debian source versions).
    public var sourceVersion: String?
    /// Files the package database says this package installed.
    public var files: [String]
    /// The cataloger that found it, e.g. `dpkg`, `apk`, `python-dist-info`.
    public var foundBy: String
    /// Ecosystem-specific extras (rpm epoch, modularity label, Java group id, …), as plain strings.
    public var metadata: [String: String]

    public init(
        name: String, version: String, type: PackageType, purl: PURL, cpes: [String] = [],
        licenses: [String] = [], locations: [Location] = [], layerDigest: Digest? = nil,
        architecture: String? = nil, sourceName: String? = nil, sourceVersion: String? = nil,
        files: [String] = [], foundBy: String, metadata: [String: String] = [:]
    ) {
        self.name = name
        self.version = version
        self.type = type
        self.purl = purl
        self.cpes = cpes
        self.licenses = licenses
        self.locations = locations
        self.layerDigest = layerDigest
        self.architecture = architecture
        self.sourceName = sourceName
        self.sourceVersion = sourceVersion
        self.files = files
        self.foundBy = foundBy
        self.metadata = metadata
    }

    /// A stable identity for sorting and de-duplication: type, name, version, first location.
    public var sortKey: String {
        "\(type.rawValue)\u{0}\(name)\u{0}\(version)\u{0}\(locations.first?.path ?? "")"
    }
}
