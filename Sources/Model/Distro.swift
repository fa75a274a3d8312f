/// The operating system release an image is built on, as read from os-release and friends.
public struct Distro: Hashable, Sendable, Codable {
    /// The os-release `ID`, lowercased, e.g. `debian`, `alpine`, `rhel`; `unknown` when not recognised.
    public var id: String
    /// The os-release `VERSION_ID`, e.g. `12`, `3.14.10`; nil for rolling releases such as Debian sid.
    public var versionID: String?
    /// The os-release `VERSION_CODENAME`, e.g. `bookworm`.
    public var codename: String?
    /// The os-release `PRETTY_NAME`.
    public var prettyName: String?
    /// The os-release `ID_LIKE` list, e.g. `["rhel", "fedora"]`.
    public var idLike: [String]

    public init(
        id: String, versionID: String? = nil, codename: String? = nil, prettyName: String? = nil,
        idLike: [String] = []
    ) {
        self.id = id
        self.versionID = versionID
        self.codename = codename
        self.prettyName = prettyName
        self.idLike = idLike
    }

    /// Whether the distro could not be identified.
    public var isUnknown: Bool { id == "unknown" }
}
