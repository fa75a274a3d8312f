import Foundation
import Model

/// A content descriptor in an OCI index or manifest.
struct LocalDescriptor: Decodable, Sendable {
    struct Platform: Decodable, Sendable {
        var architecture: String?
        var os: String?
        var variant: String?
    }

    var mediaType: String?
    var digest: String
    var size: Int64?
    var annotations: [String: String]?
    var platform: Platform?
    var urls: [String]?

    /// Names this entry is known by: the OCI ref name and containerd's full image name.
    var names: [String] {
        ["org.opencontainers.image.ref.name", "io.containerd.image.name"].compactMap { annotations?[$0] }
    }

    var isIndex: Bool {
        mediaType == LocalManifest.ociIndexType || mediaType == LocalManifest.dockerListType
    }

    func parsedDigest(in source: String) throws(ImageLoadError) -> Digest {
        do { return try Digest(parsing: digest) } catch {
            throw ImageLoadError(.corrupt, "\(source) has an invalid descriptor: \(error)")
        }
    }
}

/// An OCI image index / Docker manifest list, or an OCI / Docker schema 2 image manifest (one decoder for all,
/// classified by what it holds).
struct LocalManifest: Decodable, Sendable {
    static let ociIndexType = "application/vnd.oci.image.index.v1+json"
    static let dockerListType = "application/vnd.docker.distribution.manifest.list.v2+json"
    static let maximumBytes = 8 << 20

    var schemaVersion: Int?
    var mediaType: String?
    var config: LocalDescriptor?
    var layers: [LocalDescriptor]?
    var manifests: [LocalDescriptor]?

    /// Decodes `bytes`, refusing schema 1 and documents that are neither an index nor a manifest.
    static func decode(_ bytes: [UInt8], what: String) throws(ImageLoadError) -> LocalManifest {
        let document: LocalManifest
        do { document = try JSONDecoder().decode(LocalManifest.self, from: Data(bytes)) } catch {
            throw ImageLoadError(
                .corrupt, "\(what) is not a valid manifest or index: \(LocalManifest.summary(of: error))")
        }
        if document.schemaVersion == 1
            || (document.mediaType ?? "").hasPrefix("application/vnd.docker.distribution.manifest.v1")
        {
            throw ImageLoadError(
                .unsupported,
                "\(what) is a docker schema 1 manifest, which is unsupported (re-push the image with a current docker or skopeo)"
            )
        }
        guard document.manifests != nil || (document.config != nil && document.layers != nil) else {
            throw ImageLoadError(.corrupt, "\(what) is neither an image manifest nor an image index")
        }
        return document
    }

    /// A one-line reason from a `DecodingError`.
    static func summary(of error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            let underlying = (context.underlyingError as? NSError)?.userInfo["NSDebugDescription"] as? String
            return (path.isEmpty ? "" : "at '\(path)': ") + (underlying ?? context.debugDescription).lowercased()
        case DecodingError.keyNotFound(let key, let context):
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return "missing '\(path)'"
        default:
            return "\(error)"
        }
    }
}
