import Foundation
import HTTPClient
import Hashing
import Model

/// Pulls an image from an OCI distribution / Docker Registry HTTP API v2 registry into the blob cache.
///
/// Manifests (Docker schema 2, OCI) and indexes (manifest lists, OCI indexes, resolved by platform) are
/// fetched with their digests checked; the config and every layer land in `<cache>/blobs/sha256/<hex>`,
/// verified against their digests, so a second open of the same image downloads no blob.
public enum RegistryImageSource {
    /// Layers downloaded at the same time.
    static let parallelDownloads = 3
    /// Indexes nested in indexes followed at most this deep.
    static let maxIndexDepth = 2
    /// The largest config blob read into memory.
    static let maxConfigBytes = 32 << 20
    /// More layers than any real image has; a manifest with more is rejected.
    static let maxLayers = 1000

    /// Resolves `reference` (e.g. `alpine:3.19`, `ghcr.io/org/app@sha256:…`, `localhost:5000/app:1`) for
    /// `options.platform` and returns the image with its layers located in the blob cache.
    public static func open(_ reference: String, options: SourceOptions) async throws -> Image {
        try await open(reference, options: options, environment: ProcessInfo.processInfo.environment)
    }

    /// `open` with an explicit environment (for `DOCKER_CONFIG` / `HOME`).
    static func open(_ input: String, options: SourceOptions, environment: [String: String]) async throws -> Image {
        let reference = try ImageReference(parsing: stripScheme(input))
        let explicitPlatform = try options.platform.map { (text) throws(RegistryError) in
            try PlatformSpec.registryPlatform(text)
        }
        let platform = explicitPlatform ?? PlatformSpec.host
        let cache = try BlobCache(cacheDirectory: options.cacheDirectory)
        let session = RegistrySession(reference: reference, options: options, environment: environment)
        options.progress?(.step("resolving \(reference)"))

        var manifest = try await fetchManifest(
            reference.manifestReference, expected: reference.digest, session: session, cache: cache)
        var fromIndex = false
        var depth = 0
        while case .index = manifest.document.kind(contentType: manifest.contentType) {
            depth += 1
            guard depth <= maxIndexDepth else {
                throw RegistryError(.unsupportedManifest, "indexes of '\(reference)' nest deeper than \(maxIndexDepth)")
            }
            let child = try selectPlatform(platform, in: manifest.document, reference: reference)
            manifest = try await fetchManifest(child.description, expected: child, session: session, cache: cache)
            fromIndex = true
        }
        let document = manifest.document
        switch document.kind(contentType: manifest.contentType) {
        case .manifest, .index: break
        case .schema1:
            throw RegistryError(
                .unsupportedManifest,
                "'\(reference)' has a Docker schema 1 manifest, which is unsupported (deprecated since 2017; re-push the image with a current Docker or skopeo)"
            )
        case .unknown(let type):
            throw RegistryError(
                .unsupportedManifest, "'\(reference)' has a manifest of unsupported media type '\(type)'")
        }
        guard let configDescriptor = document.config, let layerDescriptors = document.layers else {
            throw RegistryError(.malformed, "manifest \(manifest.digest) of '\(reference)' has no config or no layers")
        }
        if let type = configDescriptor.mediaType, type != MediaType.dockerConfig, type != MediaType.ociConfig {
            throw RegistryError(
                .unsupportedManifest,
                "'\(reference)' is not a container image (config media type '\(type.prefix(100))')")
        }
        guard layerDescriptors.count <= maxLayers else {
            throw RegistryError(.malformed, "manifest of '\(reference)' lists \(layerDescriptors.count) layers")
        }

        let configDigest = try parseDigest(configDescriptor.digest, what: "config", reference: reference)
        let configSize = try checkedSize(configDescriptor.size, what: "config \(configDigest)")
        _ = try await fetchBlob(configDigest, size: configSize, what: "config", session: session, cache: cache)
        var cachedConfig = cache.read(configDigest, limit: maxConfigBytes)
        if cachedConfig == nil {
            // A corrupt cache entry was just removed by `read`: fetch it once more.
            _ = try await fetchBlob(configDigest, size: configSize, what: "config", session: session, cache: cache)
            cachedConfig = cache.read(configDigest, limit: maxConfigBytes)
        }
        guard let configBytes = cachedConfig else {
            throw RegistryError(.malformed, "config \(configDigest) of '\(reference)' is unreadable or too large")
        }
        let config: ImageConfig
        do { config = try JSONDecoder().decode(ImageConfig.self, from: Data(configBytes)) } catch {
            throw RegistryError(
                .malformed,
                "config \(configDigest) of '\(reference)' is not a valid image config: \(DockerCredentialStore.describe(error))"
            )
        }
        var warnings: [String] = []
        let imagePlatform = PlatformSpec(
            os: config.os ?? "unknown", architecture: config.architecture ?? "unknown", variant: config.variant)
        if !fromIndex, config.architecture != nil, platform.bestMatch(in: [imagePlatform]) == nil {
            if let explicitPlatform {
                throw RegistryError(
                    .platformNotFound,
                    "platform \(explicitPlatform) not found (available: \(imagePlatform)) in '\(reference)'")
            }
            warnings.append("image '\(reference)' is \(imagePlatform), not this host's \(platform)")
        }

        let layers = try await fetchLayers(
            layerDescriptors, config: config, reference: reference, session: session, cache: cache,
            warnings: &warnings)
        let description = ImageDescription(
            userInput: input, scheme: "registry",
            fullTag: reference.tag.map { "\(reference.registry)/\(reference.repository):\($0)" },
            manifestDigest: manifest.digest, configDigest: configDigest,
            layerDigests: layers.compactMap(\.diffID), platform: imagePlatform.description)
        return Image(
            description: description, config: config, configBytes: configBytes, layers: layers, warnings: warnings)
    }

    /// Drops a `docker://` or `registry:` prefix (but not the `registry:5000/…` of a host named `registry`).
    static func stripScheme(_ input: String) -> String {
        if input.hasPrefix("docker://") { return String(input.dropFirst("docker://".count)) }
        if input.hasPrefix("registry:"), let next = input.dropFirst("registry:".count).first, !next.isNumber {
            return String(input.dropFirst("registry:".count))
        }
        return input
    }

    private struct FetchedManifest {
        var bytes: [UInt8]
        var digest: Digest
        var contentType: String?
        var document: ManifestDocument
    }

    /// A manifest by tag or digest; by digest it comes from the cache when there (no request at all).
    private static func fetchManifest(
        _ manifestReference: String, expected: Digest?, session: RegistrySession, cache: BlobCache
    ) async throws(RegistryError) -> FetchedManifest {
        let reference = session.reference
        var bytes: [UInt8]
        var contentType: String?
        if let expected, expected.algorithm == "sha256",
            let cached = cache.read(expected, limit: RegistrySession.maxDocumentBytes)
        {
            bytes = cached
        } else {
            let response = try await session.get(
                "manifests/\(manifestReference)", accept: MediaType.acceptManifests,
                what: "manifest '\(reference.repository):\(manifestReference)'", notFound: .manifestUnknown)
            bytes = response.body
            contentType = response.headers["Content-Type"]
            let digest = SHA256Hasher.digest(bytes)
            if let expected, expected != digest {
                throw RegistryError(
                    .digestMismatch,
                    "manifest of '\(reference)' does not match its digest: expected \(expected), got \(digest)")
            }
            if let header = response.headers["Docker-Content-Digest"], let announced = try? Digest(parsing: header),
                announced.algorithm == "sha256", announced != digest
            {
                throw RegistryError(
                    .digestMismatch,
                    "manifest of '\(reference)' does not match the digest the registry announces: \(announced) vs \(digest)"
                )
            }
            try cache.store(bytes, as: digest)
        }
        let digest = expected ?? SHA256Hasher.digest(bytes)
        let document: ManifestDocument
        do { document = try JSONDecoder().decode(ManifestDocument.self, from: Data(bytes)) } catch {
            throw RegistryError(
                .malformed,
                "manifest \(digest) of '\(reference)' is not valid JSON: \(DockerCredentialStore.describe(error))")
        }
        return FetchedManifest(bytes: bytes, digest: digest, contentType: contentType, document: document)
    }

    /// The index entry for `platform`, or the "not found (available: …)" error; never another platform.
    static func selectPlatform(
        _ platform: PlatformSpec, in index: ManifestDocument, reference: ImageReference
    ) throws(RegistryError) -> Digest {
        let entries = index.manifests ?? []
        let candidates = entries.map {
            PlatformSpec(
                os: $0.platform?.os ?? "unknown", architecture: $0.platform?.architecture ?? "unknown",
                variant: $0.platform?.variant)
        }
        guard let chosen = platform.bestMatch(in: candidates) else {
            var available: [String] = []
            for candidate in candidates where candidate.os != "unknown" && candidate.architecture != "unknown" {
                if !available.contains(candidate.description) { available.append(candidate.description) }
            }
            throw RegistryError(
                .platformNotFound,
                "platform \(platform) not found (available: \(available.isEmpty ? "none" : available.joined(separator: ", "))) in '\(reference)'"
            )
        }
        return try parseDigest(entries[chosen].digest, what: "index entry", reference: reference)
    }

    private static func fetchLayers(
        _ descriptors: [ManifestDocument.Descriptor], config: ImageConfig, reference: ImageReference,
        session: RegistrySession, cache: BlobCache, warnings: inout [String]
    ) async throws -> [LayerBlob] {
        let diffIDTexts = config.rootfs?.diffIDs ?? []
        if diffIDTexts.count != descriptors.count {
            warnings.append(
                "config of '\(reference)' lists \(diffIDTexts.count) diff_ids for \(descriptors.count) layers")
        }
        var planned: [LayerBlob] = []
        for (index, descriptor) in descriptors.enumerated() {
            let digest = try parseDigest(descriptor.digest, what: "layer \(index + 1)", reference: reference)
            let size = try checkedSize(descriptor.size, what: "layer \(digest)")
            let diffID = diffIDTexts.count == descriptors.count ? try? Digest(parsing: diffIDTexts[index]) : nil
            let mediaType = descriptor.mediaType ?? "application/vnd.oci.image.layer.v1.tar+gzip"
            planned.append(
                LayerBlob(
                    digest: digest, diffID: diffID, mediaType: mediaType, size: size,
                    location: BlobLocation(path: cache.path(for: digest), length: size ?? 0)))
        }
        // Download in parallel, a few at a time; results keep manifest order.
        var outcomes = [Result<Int64, RegistryError>?](repeating: nil, count: planned.count)
        try await withThrowingTaskGroup(of: (Int, Result<Int64, RegistryError>).self) { group in
            var next = 0
            func startNext() {
                guard next < planned.count else { return }
                let index = next
                let layer = planned[index]
                next += 1
                group.addTask {
                    do throws(RegistryError) {
                        let length = try await fetchBlob(
                            layer.digest, size: layer.size, what: "layer \(index + 1)", session: session, cache: cache)
                        return (index, .success(length))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for _ in 0..<parallelDownloads { startNext() }
            while let (index, outcome) = try await group.next() {
                outcomes[index] = outcome
                if case .failure(let error) = outcome,
                    !(error.code == .blobUnknown
                        && MediaType.isForeignLayer(planned[index].mediaType))
                {
                    group.cancelAll()
                    throw error
                }
                startNext()
            }
        }
        var layers: [LayerBlob] = []
        for (index, var layer) in planned.enumerated() {
            switch outcomes[index] {
            case .success(let length):
                layer.location.length = length
                layers.append(layer)
            case .failure:
                warnings.append(
                    "foreign layer \(layer.digest) (\(layer.mediaType)) of '\(reference)' is not in the registry: skipped"
                )
            case nil:
                throw RegistryError(.network, "layer \(layer.digest) of '\(reference)' was not downloaded")
            }
        }
        return layers
    }

    /// Ensures the blob is in the cache (downloading and verifying it if not); returns its length.
    private static func fetchBlob(
        _ digest: Digest, size: Int64?, what: String, session: RegistrySession, cache: BlobCache
    ) async throws(RegistryError) -> Int64 {
        let reference = session.reference
        guard digest.algorithm == "sha256" else {
            throw RegistryError(
                .unsupportedManifest,
                "\(what) of '\(reference)' uses digest algorithm '\(digest.algorithm)' (only sha256 is verified)")
        }
        let path = cache.path(for: digest)
        if cache.contains(digest, size: size) {
            return size ?? fileLength(path)
        }
        let temporary = cache.temporaryPath(for: digest)
        defer { unlink(temporary) }
        let progress = session.progressHandler
        let sinks = SinkBox()
        _ = try await session.get(
            "blobs/\(digest)", what: "\(what) \(digest)", notFound: .blobUnknown, downloadTo: temporary,
            makeSink: {
                let sink = BlobSink(digest: digest, expectedSize: size, progress: progress)
                sinks.latest = sink
                return sink
            })
        guard let sink = sinks.latest else {
            throw RegistryError(.network, "\(what) \(digest) of '\(reference)' was not downloaded")
        }
        let actual = sink.finish()
        if let size, sink.count != size {
            throw RegistryError(
                .digestMismatch, "\(what) \(digest) of '\(reference)' is \(sink.count) bytes, its manifest says \(size)"
            )
        }
        guard actual == digest else {
            throw RegistryError(
                .digestMismatch,
                "\(what) of '\(reference)' does not match its digest: expected \(digest), got \(actual)")
        }
        try cache.commit(temporary, as: digest)
        return sink.count
    }

    private static func fileLength(_ path: String) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    private static func parseDigest(_ text: String, what: String, reference: ImageReference) throws(RegistryError)
        -> Digest
    {
        do { return try Digest(parsing: text) } catch {
            throw RegistryError(.malformed, "\(what) of '\(reference)' has a bad digest: \(error.description)")
        }
    }

    private static func checkedSize(_ size: Int64?, what: String) throws(RegistryError) -> Int64? {
        guard let size else { return nil }
        guard size >= 0, size <= 1 << 40 else {
            throw RegistryError(.malformed, "\(what) has an impossible size \(size)")
        }
        return size
    }
}

/// The sink of the latest attempt, read after the download has finished.
///
/// `@unchecked Sendable`: written by `makeSink` before each attempt's transfer starts, read after the last ends.
private final class SinkBox: @unchecked Sendable {
    var latest: BlobSink?
}
