import Foundation
import Hashing
import Model

/// Reads images from an OCI image layout (`oci-layout`, `index.json`, `blobs/`), in a directory or inside a tar
/// (OCI archives and Docker ≥ 25 `docker save` archives). Every blob it returns is checked against its digest,
/// except layers, which the layer reader verifies while streaming them.
struct LocalLayoutReader: Sendable {
    let store: any LocalBlobStore
    let userInput: String
    let scheme: String
    let platform: PlatformSpec
    /// Tags from a `docker save` `manifest.json`, by manifest config digest, for naming images.
    var repoTagsByConfig: [String: [String]] = [:]

    /// The images `selector` picks (a tag or ref name); with `all`, every image in the layout.
    func images(selector: String?, all: Bool) throws(ImageLoadError) -> [Image] {
        guard let indexLocation = store.file("index.json") else {
            throw ImageLoadError(.notFound, "'\(store.displayPath)' has no index.json (not an OCI image layout)")
        }
        let what = "index.json of '\(store.displayPath)'"
        let index = try LocalManifest.decode(
            indexLocation.readAll(limit: LocalManifest.maximumBytes, what: what), what: what)
        guard let entries = index.manifests, !entries.isEmpty else {
            throw ImageLoadError(.notFound, "\(what) lists no images")
        }
        var candidates = entries
        if let selector {
            candidates = entries.filter { ImageNames.matches(selector, $0.names) }
            guard !candidates.isEmpty else {
                throw ImageLoadError(
                    .notFound,
                    "no image named '\(selector)' in '\(store.displayPath)' (available: \(Self.list(entries.flatMap(\.names))))"
                )
            }
        }
        // Entries that describe platforms are alternatives of one image, never separate images.
        if candidates.count > 1, candidates.contains(where: { $0.platform != nil }) {
            return [try image(for: try choosePlatform(candidates, in: what), depth: 0)]
        }
        if all { return try candidates.map { entry throws(ImageLoadError) in try image(for: entry, depth: 0) } }
        if candidates.count > 1 {
            throw ImageLoadError(
                .ambiguous,
                "'\(store.displayPath)' holds \(candidates.count) images; pick one with '#NAME' (available: \(Self.list(candidates.flatMap(\.names))))"
            )
        }
        return [try image(for: candidates[0], depth: 0)]
    }

    private func image(for descriptor: LocalDescriptor, depth: Int) throws(ImageLoadError) -> Image {
        let digest = try descriptor.parsedDigest(in: "index.json of '\(store.displayPath)'")
        let what = (descriptor.isIndex ? "image index " : "manifest ") + digest.description
        let bytes = try read(descriptor, digest: digest, what: what, limit: LocalManifest.maximumBytes)
        let document = try LocalManifest.decode(bytes, what: "\(what) in '\(store.displayPath)'")
        if let manifests = document.manifests {
            guard depth < 4 else {
                throw ImageLoadError(.corrupt, "image indexes nest more than 4 deep in '\(store.displayPath)'")
            }
            let chosen = try choosePlatform(manifests, in: what)
            var named = chosen
            if named.annotations == nil { named.annotations = descriptor.annotations }
            return try image(for: named, depth: depth + 1)
        }
        return try makeImage(manifest: document, digest: digest, names: descriptor.names)
    }

    private func choosePlatform(_ entries: [LocalDescriptor], in what: String) throws(ImageLoadError) -> LocalDescriptor
    {
        var offered: [(entry: LocalDescriptor, platform: PlatformSpec)] = []
        for entry in entries {
            guard let described = entry.platform, let os = described.os, let architecture = described.architecture,
                architecture != "unknown"
            else { continue }
            offered.append((entry, PlatformSpec(os: os, architecture: architecture, variant: described.variant)))
        }
        if let match = platform.bestMatch(in: offered.map(\.platform)) { return offered[match].entry }
        let available = offered.isEmpty ? "none" : offered.map(\.platform.description).joined(separator: ", ")
        throw ImageLoadError(
            .platformNotFound,
            "platform \(platform) not found (available: \(available)) in \(what) of '\(store.displayPath)'")
    }

    private func read(_ descriptor: LocalDescriptor, digest: Digest, what: String, limit: Int) throws(ImageLoadError)
        -> [UInt8]
    {
        guard let location = store.blob(digest) else {
            throw ImageLoadError(.notFound, "\(what) is missing from '\(store.displayPath)'")
        }
        if let size = descriptor.size, size != location.length {
            throw ImageLoadError(
                .corrupt,
                "\(what) in '\(store.displayPath)' is \(location.length) bytes, but its descriptor says \(size)")
        }
        return try location.readVerified(digest, limit: limit, what: what)
    }

    private func makeImage(manifest: LocalManifest, digest: Digest, names: [String]) throws(ImageLoadError) -> Image {
        let manifestWhat = "manifest \(digest)"
        guard let configDescriptor = manifest.config, let layerDescriptors = manifest.layers else {
            throw ImageLoadError(.corrupt, "\(manifestWhat) in '\(store.displayPath)' has no config or layers")
        }
        let configDigest = try configDescriptor.parsedDigest(in: manifestWhat)
        let configBytes = try read(
            configDescriptor, digest: configDigest, what: "config \(configDigest)", limit: LocalManifest.maximumBytes)
        let config = try ImageConfigDecoding.decode(
            configBytes, what: "config \(configDigest) in '\(store.displayPath)'")
        let diffIDs = try ImageConfigDecoding.diffIDs(
            config, layerCount: layerDescriptors.count, what: "config \(configDigest)")
        var layers: [LayerBlob] = []
        var warnings: [String] = []
        for (position, descriptor) in layerDescriptors.enumerated() {
            let layerDigest = try descriptor.parsedDigest(in: manifestWhat)
            let mediaType = descriptor.mediaType ?? "application/vnd.oci.image.layer.v1.tar"
            guard let location = store.blob(layerDigest) else {
                if ImageConfigDecoding.isForeign(mediaType) {
                    warnings.append(
                        "skipped non-distributable layer \(layerDigest) (\(mediaType)): its blob is not in '\(store.displayPath)'"
                    )
                    continue
                }
                throw ImageLoadError(
                    .notFound,
                    "\(manifestWhat) names layer blob \(layerDigest) which is missing from '\(store.displayPath)'")
            }
            if let size = descriptor.size, size != location.length {
                throw ImageLoadError(
                    .corrupt,
                    "layer \(layerDigest) in '\(store.displayPath)' is \(location.length) bytes, but the manifest says \(size)"
                )
            }
            layers.append(
                LayerBlob(
                    digest: layerDigest, diffID: diffIDs[position], mediaType: mediaType, size: descriptor.size,
                    location: location))
        }
        let tags =
            names.filter { $0.contains(":") || $0.contains("/") } + (repoTagsByConfig[configDigest.description] ?? [])
        let description = ImageDescription(
            userInput: userInput, scheme: scheme, fullTag: tags.first ?? names.first, manifestDigest: digest,
            configDigest: configDigest, layerDigests: layers.compactMap(\.diffID),
            platform: ImageConfigDecoding.platform(of: config))
        return Image(
            description: description, config: config, configBytes: configBytes, layers: layers, warnings: warnings)
    }

    static func list(_ names: [String]) -> String {
        var seen = Set<String>()
        let unique = names.filter { seen.insert($0).inserted }
        return unique.isEmpty ? "no named images" : unique.joined(separator: ", ")
    }
}

/// Shared config handling for layouts and `docker save` archives.
enum ImageConfigDecoding {
    static func decode(_ bytes: [UInt8], what: String) throws(ImageLoadError) -> ImageConfig {
        do { return try JSONDecoder().decode(ImageConfig.self, from: Data(bytes)) } catch {
            throw ImageLoadError(.corrupt, "\(what) is not a valid image config: \(LocalManifest.summary(of: error))")
        }
    }

    /// The config's diff IDs, one per layer.
    static func diffIDs(_ config: ImageConfig, layerCount: Int, what: String) throws(ImageLoadError) -> [Digest] {
        let texts = config.rootfs?.diffIDs ?? []
        guard texts.count == layerCount else {
            throw ImageLoadError(
                .corrupt, "\(what) lists \(texts.count) diff ids but the image has \(layerCount) layers")
        }
        var digests: [Digest] = []
        for text in texts {
            do { digests.append(try Digest(parsing: text)) } catch {
                throw ImageLoadError(.corrupt, "\(what) has an invalid diff id: \(error)")
            }
        }
        return digests
    }

    static func isForeign(_ mediaType: String) -> Bool {
        mediaType.contains("foreign") || mediaType.contains("nondistributable")
    }

    static func platform(of config: ImageConfig) -> String? {
        guard let os = config.os, let architecture = config.architecture else { return nil }
        return PlatformSpec(os: os, architecture: architecture, variant: config.variant).description
    }
}

/// Matching user-given image names against the names stored in archives and layouts.
enum ImageNames {
    /// Whether `wanted` names one of `names`, exactly or after normalising (`alpine:3` ≡ `docker.io/library/alpine:3`).
    static func matches(_ wanted: String, _ names: [String]) -> Bool {
        names.contains(wanted) || names.contains { normalize($0) == normalize(wanted) }
    }

    static func normalize(_ name: String) -> String {
        var name = name
        let lastComponent = name.split(separator: "/").last ?? ""
        if !lastComponent.contains(":") && !name.contains("@") { name += ":latest" }
        let first = name.split(separator: "/").first.map(String.init) ?? ""
        let hasRegistry = name.contains("/") && (first.contains(".") || first.contains(":") || first == "localhost")
        if !hasRegistry { name = "docker.io/" + name }
        let parts = name.split(separator: "/", maxSplits: 1)
        if parts.count == 2, parts[0] == "docker.io", !parts[1].contains("/") { name = "docker.io/library/" + parts[1] }
        return name
    }
}
