/// Bounds on what reading one image may cost, so hostile or huge images end in a clear error (or, for one
/// file, a warning and a skip) instead of exhausting memory or running forever.
public struct LayerLimits: Sendable, Hashable {
    /// Decompressed tar bytes (headers and data) over all layers of one image; crossing it is an error.
    public var maxImageBytes: Int64
    /// Bytes of one captured file held in memory; a larger file is skipped with a warning.
    public var maxFileBytes: Int64
    /// Tar entries in one layer; crossing it is an error.
    public var maxEntriesPerLayer: Int
    /// Symlinks followed while resolving one path before it is reported as a loop.
    public var maxLinkDepth: Int

    /// Creates limits; see `default` for the defaults.
    public init(
        maxImageBytes: Int64 = 32 << 30, maxFileBytes: Int64 = 256 << 20, maxEntriesPerLayer: Int = 2_000_000,
        maxLinkDepth: Int = 40
    ) {
        self.maxImageBytes = maxImageBytes
        self.maxFileBytes = maxFileBytes
        self.maxEntriesPerLayer = maxEntriesPerLayer
        self.maxLinkDepth = maxLinkDepth
    }

    /// 32 GiB per image, 256 MiB per captured file, 2 million entries per layer, 40 links.
    public static let `default` = LayerLimits()

    /// The environment variables that override each limit (plain integers; sizes in bytes).
    public static let environmentKeys = [
        "PLIMSOLL_MAX_IMAGE_BYTES", "PLIMSOLL_MAX_FILE_BYTES", "PLIMSOLL_MAX_LAYER_ENTRIES", "PLIMSOLL_MAX_LINK_DEPTH",
    ]

    /// The defaults with any of `environmentKeys` applied; a malformed or non-positive value is an error.
    public static func fromEnvironment(_ environment: [String: String]) throws(LayerError) -> LayerLimits {
        var limits = LayerLimits.default
        func value(_ key: String) throws(LayerError) -> Int64? {
            guard let text = environment[key] else { return nil }
            guard let number = Int64(text), number > 0 else {
                throw LayerError(.invalidLimit, "\(key) must be a positive integer, got '\(text)'")
            }
            return number
        }
        if let number = try value("PLIMSOLL_MAX_IMAGE_BYTES") { limits.maxImageBytes = number }
        if let number = try value("PLIMSOLL_MAX_FILE_BYTES") { limits.maxFileBytes = number }
        if let number = try value("PLIMSOLL_MAX_LAYER_ENTRIES") { limits.maxEntriesPerLayer = Int(number) }
        if let number = try value("PLIMSOLL_MAX_LINK_DEPTH") { limits.maxLinkDepth = Int(number) }
        return limits
    }
}

/// Why the layers of an image could not be read into a file tree.
public struct LayerError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public enum Code: Sendable, Hashable {
        /// A layer's bytes do not hash to its digest.
        case digestMismatch
        /// A layer is not a readable tar (or tar+gzip, tar+zstd) stream.
        case corrupt
        /// A limit in `LayerLimits` was crossed.
        case limitExceeded
        /// A file could not be read from the host.
        case io
        /// A limit override is malformed.
        case invalidLimit
    }

    /// The kind of failure.
    public var code: Code
    /// What failed and where, lowercase, quoting the offending value.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
