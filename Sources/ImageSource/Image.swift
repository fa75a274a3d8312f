public import Model

/// An image opened from any source: its identity, config and layer blobs, ready to be read.
public struct Image: Sendable {
    /// Identifying facts for reports.
    public var description: ImageDescription
    /// The parsed image config.
    public var config: ImageConfig
    /// The config exactly as stored (its digest is the image id).
    public var configBytes: [UInt8]
    /// The layers, base first. Empty for a `dir:` root.
    public var layers: [LayerBlob]
    /// For `dir:` sources: the root directory on the host; nil for images with layers.
    public var rootDirectory: String?
    /// Things skipped while opening (e.g. absent foreign layers).
    public var warnings: [String]

    public init(
        description: ImageDescription, config: ImageConfig, configBytes: [UInt8], layers: [LayerBlob],
        rootDirectory: String? = nil, warnings: [String] = []
    ) {
        self.description = description
        self.config = config
        self.configBytes = configBytes
        self.layers = layers
        self.rootDirectory = rootDirectory
        self.warnings = warnings
    }
}

/// One layer blob and where its bytes are on this machine.
public struct LayerBlob: Sendable, Hashable {
    /// The digest of the blob as stored (compressed bytes); verified while reading.
    public var digest: Digest
    /// The digest of the uncompressed tar (from the config's `rootfs.diff_ids`), when known.
    public var diffID: Digest?
    /// The media type the manifest claims; the real compression is sniffed from the bytes.
    public var mediaType: String
    /// The size the manifest claims, when known.
    public var size: Int64?
    /// Where the bytes are.
    public var location: BlobLocation

    public init(digest: Digest, diffID: Digest?, mediaType: String, size: Int64?, location: BlobLocation) {
        self.digest = digest
        self.diffID = diffID
        self.mediaType = mediaType
        self.size = size
        self.location = location
    }
}

/// Where a blob's bytes are: a byte range of a local file (a cache entry, an OCI blob, a member of a tar).
public struct BlobLocation: Sendable, Hashable {
    public var path: String
    public var offset: Int64
    public var length: Int64

    public init(path: String, offset: Int64 = 0, length: Int64) {
        self.path = path
        self.offset = offset
        self.length = length
    }
}
