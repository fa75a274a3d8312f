import Foundation
import Hashing
import Model

/// Reads images from a `docker save` archive: the legacy layout (`manifest.json`, `<config>.json`, layer tars)
/// and Docker ≥ 25's OCI layout inside (read through `LocalLayoutReader` for manifest digests).
struct LocalDockerArchiveReader: Sendable {
    /// One image entry of `manifest.json`.
    struct Entry: Decodable, Sendable {
        struct LayerSource: Decodable, Sendable {
            var mediaType: String?
        }

        var config: String
        var repoTags: [String]?
        var layers: [String]
        var layerSources: [String: LayerSource]?

        enum CodingKeys: String, CodingKey {
            case config = "Config"
            case repoTags = "RepoTags"
            case layers = "Layers"
            case layerSources = "LayerSources"
        }
    }

    let archive: LocalTarIndex
    let userInput: String
    let platform: PlatformSpec

    func images(selector: String?, all: Bool) throws(ImageLoadError) -> [Image] {
        let path = archive.path
        guard let manifestLocation = archive.file("manifest.json") else {
            if archive.contains("index.json") {
                return try layoutReader(tags: [:]).images(selector: selector, all: all)
            }
            throw ImageLoadError(.notFound, "'\(path)' has no manifest.json (not a docker save archive)")
        }
        let what = "manifest.json of '\(path)'"
        let bytes = try manifestLocation.readAll(limit: LocalManifest.maximumBytes, what: what)
        let entries: [Entry]
        do { entries = try JSONDecoder().decode([Entry].self, from: Data(bytes)) } catch {
            throw ImageLoadError(.corrupt, "\(what) is not valid: \(LocalManifest.summary(of: error))")
        }
        guard !entries.isEmpty else { throw ImageLoadError(.notFound, "\(what) lists no images") }
        // Docker ≥ 25 writes an OCI layout beside manifest.json: read it for manifest digests.
        if archive.contains("index.json") && archive.contains("oci-layout") {
            var tags: [String: [String]] = [:]
            for entry in entries {
                if let hex = Self.digestHex(entry.config) { tags["sha256:" + hex, default: []] += entry.repoTags ?? [] }
            }
            let reader = layoutReader(tags: tags)
            if let selector, !entries.contains(where: { ImageNames.matches(selector, $0.repoTags ?? []) }) {
                return try reader.images(selector: selector, all: all)
            }
            // Select through manifest.json's RepoTags, then open the matching manifest by its config.
            let chosen = try choose(entries, selector: selector, all: all)
            let images = try reader.images(selector: nil, all: true)
            return try chosen.map { entry throws(ImageLoadError) in
                guard let hex = Self.digestHex(entry.config),
                    let image = images.first(where: { $0.description.configDigest?.hex == hex })
                else { return try legacyImage(entry, selector: selector) }
                return image
            }
        }
        return try choose(entries, selector: selector, all: all).map { entry throws(ImageLoadError) in
            try legacyImage(entry, selector: selector)
        }
    }

    private func layoutReader(tags: [String: [String]]) -> LocalLayoutReader {
        LocalLayoutReader(
            store: archive, userInput: userInput, scheme: "docker-archive", platform: platform, repoTagsByConfig: tags)
    }

    private func choose(_ entries: [Entry], selector: String?, all: Bool) throws(ImageLoadError) -> [Entry] {
        let allTags = entries.flatMap { $0.repoTags ?? [] }
        if let selector {
            let matching = entries.filter { ImageNames.matches(selector, $0.repoTags ?? []) }
            guard !matching.isEmpty else {
                throw ImageLoadError(
                    .notFound,
                    "no image tagged '\(selector)' in '\(archive.path)' (available: \(LocalLayoutReader.list(allTags)))"
                )
            }
            return all ? matching : [matching[0]]
        }
        if all || entries.count == 1 { return entries }
        throw ImageLoadError(
            .ambiguous,
            "'\(archive.path)' holds \(entries.count) images; pick one with 'docker-archive:\(archive.path)#TAG' (available: \(LocalLayoutReader.list(allTags)))"
        )
    }

    private func legacyImage(_ entry: Entry, selector: String?) throws(ImageLoadError) -> Image {
        let path = archive.path
        guard let configLocation = archive.file(entry.config) else {
            throw ImageLoadError(
                .notFound, "manifest.json of '\(path)' names config '\(entry.config)' which is missing")
        }
        let configWhat = "config '\(entry.config)'"
        let configBytes: [UInt8]
        let configDigest: Digest
        if let hex = Self.digestHex(entry.config) {
            configDigest = Digest(algorithm: "sha256", hex: hex)
            configBytes = try configLocation.readVerified(
                configDigest, limit: LocalManifest.maximumBytes, what: configWhat)
        } else {
            configBytes = try configLocation.readAll(limit: LocalManifest.maximumBytes, what: configWhat)
            configDigest = SHA256Hasher.digest(configBytes)
        }
        let config = try ImageConfigDecoding.decode(configBytes, what: "\(configWhat) in '\(path)'")
        let diffIDs = try ImageConfigDecoding.diffIDs(config, layerCount: entry.layers.count, what: configWhat)
        var layers: [LayerBlob] = []
        var warnings: [String] = []
        for (position, layerPath) in entry.layers.enumerated() {
            let diffID = diffIDs[position]
            let foreignType = entry.layerSources?[diffID.description]?.mediaType
            guard let location = archive.file(layerPath) else {
                if let foreignType, ImageConfigDecoding.isForeign(foreignType) {
                    warnings.append(
                        "skipped non-distributable layer \(diffID) (\(foreignType)): it is not in '\(path)'")
                    continue
                }
                throw ImageLoadError(
                    .notFound, "manifest.json of '\(path)' names layer '\(layerPath)' which is missing from the archive"
                )
            }
            // `docker save` layers are uncompressed, so the file hashes to its diff ID unless it is named by digest.
            let digest =
                Self.digestHex(layerPath).flatMap {
                    layerPath.hasPrefix("blobs/") ? Digest(algorithm: "sha256", hex: $0) : nil
                } ?? diffID
            layers.append(
                LayerBlob(
                    digest: digest, diffID: diffID,
                    mediaType: foreignType ?? "application/vnd.docker.image.rootfs.diff.tar",
                    size: location.length, location: location))
        }
        let tags = entry.repoTags ?? []
        let fullTag = selector.flatMap { wanted in tags.first { ImageNames.matches(wanted, [$0]) } } ?? tags.first
        let description = ImageDescription(
            userInput: userInput, scheme: "docker-archive", fullTag: fullTag, manifestDigest: nil,
            configDigest: configDigest, layerDigests: layers.compactMap(\.diffID),
            platform: ImageConfigDecoding.platform(of: config))
        return Image(
            description: description, config: config, configBytes: configBytes, layers: layers, warnings: warnings)
    }

    /// The hex digest in a name like `blobs/sha256/<hex>`, `<hex>.json` or `<hex>.tar`.
    static func digestHex(_ name: String) -> String? {
        var last = name.split(separator: "/").last.map(String.init) ?? name
        for suffix in [".json", ".tar"] where last.hasSuffix(suffix) { last.removeLast(suffix.count) }
        guard last.utf8.count == 64, last.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        return last
    }
}
