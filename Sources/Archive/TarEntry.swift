/// One entry's header from a tar stream.
public struct TarEntry: Sendable, Hashable {
    /// What kind of file system object an entry describes.
    public enum Kind: Sendable, Hashable {
        case regular
        case directory
        case symlink
        /// A hard link to an earlier entry (see `hardlinkTarget`).
        case hardlink
        case characterDevice
        case blockDevice
        case fifo
        case socket
        /// A type libarchive does not know.
        case unknown
    }

    /// The path exactly as stored (may be absolute, hold `..`, or be any bytes); invalid UTF-8 is replaced.
    public var path: String
    /// What the entry is.
    public var kind: Kind
    /// The declared size of the entry's data in bytes.
    public var size: Int64
    /// Permission and setuid/setgid/sticky bits (`0o7777`).
    public var mode: UInt32
    /// Owner user id.
    public var uid: Int64
    /// Owner group id.
    public var gid: Int64
    /// For symlinks: the target as stored.
    public var linkTarget: String?
    /// For hard links: the path of the earlier entry this one links to, as stored.
    public var hardlinkTarget: String?

    /// Creates an entry header.
    public init(
        path: String, kind: Kind, size: Int64, mode: UInt32, uid: Int64 = 0, gid: Int64 = 0,
        linkTarget: String? = nil, hardlinkTarget: String? = nil
    ) {
        self.path = path
        self.kind = kind
        self.size = size
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.linkTarget = linkTarget
        self.hardlinkTarget = hardlinkTarget
    }
}

/// The compression a stream really used, as libarchive recognised it from the magic bytes.
public enum Compression: String, Sendable, Hashable {
    case none
    case gzip
    case zstd
}
