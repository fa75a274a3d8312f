/// Where in an image something was found: an absolute path and the layer that last wrote it.
public struct Location: Hashable, Sendable, Codable, Comparable {
    /// Absolute path inside the image root, e.g. `/var/lib/dpkg/status`.
    public var path: String
    /// The layer's diff ID (digest of its uncompressed tar), when known.
    public var layerDigest: Digest?
    /// The layer's position, 0 for the base layer, when known.
    public var layerIndex: Int?

    public init(path: String, layerDigest: Digest? = nil, layerIndex: Int? = nil) {
        self.path = path
        self.layerDigest = layerDigest
        self.layerIndex = layerIndex
    }

    public static func < (lhs: Location, rhs: Location) -> Bool {
        (lhs.path, lhs.layerIndex ?? -1) < (rhs.path, rhs.layerIndex ?? -1)
    }
}
