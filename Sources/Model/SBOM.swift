/// Everything known to be installed in one image: the result of cataloging.
public struct SBOM: Sendable, Codable {
    /// What was scanned.
    public var source: ImageDescription
    /// The detected operating system; `id == "unknown"` when none was recognised.
    public var distro: Distro
    /// Every package found, sorted by `Package.sortKey`.
    public var packages: [Package]
    /// Things skipped or doubtful along the way; the result is complete apart from these.
    public var warnings: [String]

    public init(source: ImageDescription, distro: Distro, packages: [Package], warnings: [String] = []) {
        self.source = source
        self.distro = distro
        self.packages = packages
        self.warnings = warnings
    }
}

/// Identifying facts about a scanned image, shown in report headers.
public struct ImageDescription: Hashable, Sendable, Codable {
    /// What the user asked for, e.g. `alpine:3.19` or `oci-dir:/images/app`.
    public var userInput: String
    /// The scheme that was used: `registry`, `docker-archive`, `oci-dir`, `oci-archive`, `dir`.
    public var scheme: String
    /// The full tag, e.g. `docker.io/library/alpine:3.19`, when there is one.
    public var fullTag: String?
    /// The manifest digest (the image's identity in a registry).
    public var manifestDigest: Digest?
    /// The config digest (the "image id").
    public var configDigest: Digest?
    /// The layers' diff IDs, base first.
    public var layerDigests: [Digest]
    /// e.g. `linux/amd64`.
    public var platform: String?

    public init(
        userInput: String, scheme: String, fullTag: String? = nil, manifestDigest: Digest? = nil,
        configDigest: Digest? = nil, layerDigests: [Digest] = [], platform: String? = nil
    ) {
        self.userInput = userInput
        self.scheme = scheme
        self.fullTag = fullTag
        self.manifestDigest = manifestDigest
        self.configDigest = configDigest
        self.layerDigests = layerDigests
        self.platform = platform
    }
}
