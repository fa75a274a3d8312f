/// An image platform, `os/arch[/variant]`, with Go's and Debian's architecture aliases normalised.
public struct Platform: Sendable, Hashable, CustomStringConvertible {
    /// e.g. `linux`.
    public var os: String
    /// e.g. `amd64`, `arm64`.
    public var architecture: String
    /// e.g. `v8`, `v7`; nil when not given.
    public var variant: String?

    /// Creates a platform from parts, normalising aliases (`x86_64` → `amd64`, `aarch64` → `arm64`).
    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os.lowercased()
        var architecture = architecture.lowercased()
        var variant = variant?.lowercased()
        switch architecture {
        case "x86_64", "x86-64": architecture = "amd64"
        case "aarch64": architecture = "arm64"
        case "armhf":
            architecture = "arm"
            variant = variant ?? "v7"
        case "armel":
            architecture = "arm"
            variant = variant ?? "v6"
        case "i386", "i686": architecture = "386"
        default: break
        }
        self.architecture = architecture
        self.variant = (variant?.isEmpty ?? true) ? nil : variant
    }

    /// Parses `os/arch[/variant]`.
    public init(parsing text: String) throws(RegistryError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let validPart: (String) -> Bool = { part in
            !part.isEmpty && part.count <= 32
                && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }
        }
        guard (2...3).contains(parts.count), parts.allSatisfy(validPart) else {
            throw RegistryError(
                .invalidPlatform,
                "invalid platform '\(text.prefix(100))' (expected os/arch[/variant], e.g. linux/arm64)")
        }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// The platform this process runs on (`linux/amd64` on x86-64 Linux).
    public static var host: Platform {
        #if arch(x86_64)
            Platform(os: "linux", architecture: "amd64")
        #elseif arch(arm64)
            Platform(os: "linux", architecture: "arm64")
        #elseif arch(arm)
            Platform(os: "linux", architecture: "arm", variant: "v7")
        #else
            Platform(os: "linux", architecture: "unknown")
        #endif
    }

    public var description: String {
        variant.map { "\(os)/\(architecture)/\($0)" } ?? "\(os)/\(architecture)"
    }

    /// The variant an absent one stands for (`arm64` means `v8`, `arm` means `v7`).
    var effectiveVariant: String? {
        if let variant { return variant }
        switch architecture {
        case "arm64": return "v8"
        case "arm": return "v7"
        default: return nil
        }
    }

    /// Picks the entry of `candidates` for this platform: same os and architecture, and the same variant
    /// (defaults filled in); without a variant of its own it falls back to any variant of the architecture.
    func bestMatch(in candidates: [Platform]) -> Int? {
        let sameArch = candidates.indices.filter {
            candidates[$0].os == os && candidates[$0].architecture == architecture
        }
        if let exact = sameArch.first(where: { candidates[$0].effectiveVariant == effectiveVariant }) { return exact }
        return variant == nil ? sameArch.first : nil
    }
}
