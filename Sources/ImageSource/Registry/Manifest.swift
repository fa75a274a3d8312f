import Foundation

/// The media types of manifests and configs Plimsoll understands.
enum MediaType {
    static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    static let ociIndex = "application/vnd.oci.image.index.v1+json"
    static let dockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json"
    static let dockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws"
    static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    static let ociConfig = "application/vnd.oci.image.config.v1+json"

    /// What a manifest request accepts (schema 1 is deliberately not asked for).
    static let acceptManifests = [ociIndex, dockerManifestList, ociManifest, dockerManifest].joined(separator: ", ")

    /// Whether a layer is "foreign" / non-distributable: it may legitimately be absent from the registry.
    static func isForeignLayer(_ mediaType: String) -> Bool {
        mediaType.hasPrefix("application/vnd.docker.image.rootfs.foreign.")
            || mediaType.hasPrefix("application/vnd.oci.image.layer.nondistributable.")
    }
}

/// A manifest or an index as JSON; which one it is comes from `kind(contentType:)`.
struct ManifestDocument: Decodable {
    var schemaVersion: Int?
    var mediaType: String?
    var config: Descriptor?
    var layers: [Descriptor]?
    var manifests: [Descriptor]?
    /// Present only in Docker schema 1 manifests.
    var fsLayers: [FSLayer]?

    struct FSLayer: Decodable {}

    /// A reference to a blob or a manifest.
    struct Descriptor: Decodable {
        var mediaType: String?
        var digest: String
        var size: Int64?
        var platform: PlatformField?
        var urls: [String]?
    }

    /// An index entry's `platform`.
    struct PlatformField: Decodable {
        var os: String?
        var architecture: String?
        var variant: String?
    }

    /// What the document is.
    enum Kind {
        case index
        case manifest
        case schema1
        case unknown(String)
    }

    /// Decides from the response's `Content-Type` first, then `mediaType`, then the document's shape.
    func kind(contentType: String?) -> Kind {
        let declared = [contentType.map(Self.stripParameters), mediaType].compactMap { $0 }
        for type in declared {
            switch type {
            case MediaType.ociIndex, MediaType.dockerManifestList: return .index
            case MediaType.ociManifest, MediaType.dockerManifest: return .manifest
            case MediaType.dockerSchema1, MediaType.dockerSchema1Signed: return .schema1
            default: continue
            }
        }
        if schemaVersion == 1 || fsLayers != nil { return .schema1 }
        if manifests != nil { return .index }
        if config != nil, layers != nil { return .manifest }
        return .unknown(declared.first ?? "none")
    }

    private static func stripParameters(_ value: String) -> String {
        String(value.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }
}
