/// An `os/arch[/variant]` platform as users write it and as index entries describe it.
public struct PlatformSpec: Sendable, Hashable, CustomStringConvertible {
    /// e.g. `linux`.
    public var os: String
    /// e.g. `amd64`, `arm64` (aliases like `x86_64` and `aarch64` are normalised).
    public var architecture: String
    /// e.g. `v8`, when given.
    public var variant: String?

    /// Creates a platform from its parts.
    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os.lowercased()
        self.architecture = Self.normalizedArchitecture(architecture)
        self.variant = variant.flatMap { $0.isEmpty ? nil : $0.lowercased() }
    }

    /// Parses `os/arch[/variant]`.
    public init(parsing text: String) throws(ImageLoadError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw ImageLoadError(
                .unsupported, "invalid platform '\(text)' (expected os/arch[/variant], e.g. linux/arm64)")
        }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// The platform of the machine Plimsoll runs on.
    public static var host: PlatformSpec {
        #if arch(arm64)
            PlatformSpec(os: "linux", architecture: "arm64")
        #else
            PlatformSpec(os: "linux", architecture: "amd64")
        #endif
    }

    public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }

    /// Whether an index entry for `other` satisfies a request for `self` (a request without a variant takes any;
    /// arm64 without a variant means v8).
    public func accepts(_ other: PlatformSpec) -> Bool {
        guard os == other.os, architecture == other.architecture else { return false }
        guard let variant else { return true }
        let defaultVariant = architecture == "arm64" ? "v8" : nil
        return variant == (other.variant ?? defaultVariant)
    }

    private static func normalizedArchitecture(_ architecture: String) -> String {
        switch architecture.lowercased() {
        case "x86_64", "x86-64": "amd64"
        case "aarch64": "arm64"
        default: architecture.lowercased()
        }
    }
}
