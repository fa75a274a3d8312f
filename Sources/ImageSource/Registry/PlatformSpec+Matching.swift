extension PlatformSpec {
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
    /// (defaults filled in); a request without a variant falls back to any variant of the architecture.
    func bestMatch(in candidates: [PlatformSpec]) -> Int? {
        let sameArch = candidates.indices.filter {
            candidates[$0].os == os && candidates[$0].architecture == architecture
        }
        if let exact = sameArch.first(where: { candidates[$0].effectiveVariant == effectiveVariant }) { return exact }
        return variant == nil ? sameArch.first : nil
    }

    /// Parses a `--platform` value, as a registry usage error when it is not `os/arch[/variant]`.
    static func registryPlatform(_ text: String) throws(RegistryError) -> PlatformSpec {
        do { return try PlatformSpec(parsing: text) } catch { throw RegistryError(.invalidPlatform, error.message) }
    }
}
