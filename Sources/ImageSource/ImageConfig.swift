/// The parts of an OCI / Docker image config that Plimsoll reads.
public struct ImageConfig: Sendable, Codable, Hashable {
    public var architecture: String?
    public var os: String?
    public var variant: String?
    public var created: String?
    public var config: RuntimeConfig?
    public var rootfs: RootFS?
    public var history: [HistoryEntry]?

    public init(
        architecture: String? = nil, os: String? = nil, variant: String? = nil, created: String? = nil,
        config: RuntimeConfig? = nil, rootfs: RootFS? = nil, history: [HistoryEntry]? = nil
    ) {
        self.architecture = architecture
        self.os = os
        self.variant = variant
        self.created = created
        self.config = config
        self.rootfs = rootfs
        self.history = history
    }

    /// How a container from this image runs.
    public struct RuntimeConfig: Sendable, Codable, Hashable {
        public var user: String?
        public var env: [String]?
        public var cmd: [String]?
        public var entrypoint: [String]?
        public var workingDir: String?
        public var exposedPorts: [String: EmptyObject]?
        public var labels: [String: String]?
        public var healthcheck: Healthcheck?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case user = "User"
            case env = "Env"
            case cmd = "Cmd"
            case entrypoint = "Entrypoint"
            case workingDir = "WorkingDir"
            case exposedPorts = "ExposedPorts"
            case labels = "Labels"
            case healthcheck = "Healthcheck"
        }
    }

    /// The config's `Healthcheck`.
    public struct Healthcheck: Sendable, Codable, Hashable {
        public var test: [String]?

        enum CodingKeys: String, CodingKey { case test = "Test" }
    }

    /// The `{}` values of `ExposedPorts`.
    public struct EmptyObject: Sendable, Codable, Hashable {}

    /// The layers' diff IDs.
    public struct RootFS: Sendable, Codable, Hashable {
        public var type: String?
        public var diffIDs: [String]?

        enum CodingKeys: String, CodingKey {
            case type
            case diffIDs = "diff_ids"
        }
    }

    /// One build step; `emptyLayer` steps made no layer.
    public struct HistoryEntry: Sendable, Codable, Hashable {
        public var created: String?
        public var createdBy: String?
        public var comment: String?
        public var emptyLayer: Bool?

        enum CodingKeys: String, CodingKey {
            case created
            case createdBy = "created_by"
            case comment
            case emptyLayer = "empty_layer"
        }
    }
}
