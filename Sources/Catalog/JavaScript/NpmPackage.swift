import Model

/// Builds npm packages the way syft writes them: scoped names keep their `@scope/` prefix in `name`, and the
/// scope becomes the purl namespace (`pkg:npm/%40types/minimist@1.2.2`).
enum NpmPackage {
    static func make(
        name: String, version: String, licenses: [String] = [], locations: [Location], foundBy: String,
        metadata: [String: String] = [:]
    ) -> Package {
        var namespace: String?
        var bareName = name
        if name.hasPrefix("@"), let slash = name.firstIndex(of: "/") {
            namespace = String(name[..<slash])
            bareName = String(name[name.index(after: slash)...])
        }
        return Package(
            name: name, version: version, type: .npm,
            purl: PURL(type: "npm", namespace: namespace, name: bareName, version: version), licenses: licenses,
            locations: locations, layerDigest: locations.first?.layerDigest, foundBy: foundBy, metadata: metadata)
    }

    /// Whether `name` could be an npm package name (no path tricks, no control characters, at most 214 bytes).
    static func isPlausibleName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 214 && !name.contains("..")
            && name.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7f }
    }
}
