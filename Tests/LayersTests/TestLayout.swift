import Foundation
import Hashing
import ImageSource
import Layers
import Model
import TestSupport

/// Builds small OCI layouts in a temporary directory from layers the test writes, for hostile-input tests.
struct TestLayout {
    /// One layer: the bytes stored as the blob, the uncompressed tar (for the diff ID) and the claimed media type.
    struct Layer {
        var blob: [UInt8]
        var tar: [UInt8]
        var mediaType: String

        static func tar(_ tar: [UInt8]) -> Layer {
            Layer(blob: tar, tar: tar, mediaType: "application/vnd.oci.image.layer.v1.tar")
        }

        static func gzip(_ tar: [UInt8], mediaType: String = "application/vnd.oci.image.layer.v1.tar+gzip") throws
            -> Layer
        {
            Layer(blob: try compress(tar, "gzip"), tar: tar, mediaType: mediaType)
        }

        static func zstd(_ tar: [UInt8], mediaType: String = "application/vnd.oci.image.layer.v1.tar+zstd") throws
            -> Layer
        {
            Layer(blob: try compress(tar, "zstd"), tar: tar, mediaType: mediaType)
        }
    }

    let root: URL

    /// Writes the layout; `configDiffIDs` overrides the diff IDs written into the config.
    init(_ layers: [Layer], in directory: URL) throws {
        root = directory.appendingPathComponent("layout")
        let blobs = root.appendingPathComponent("blobs/sha256")
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        func store(_ bytes: [UInt8]) throws -> String {
            let digest = SHA256Hasher.digest(bytes)
            try Data(bytes).write(to: blobs.appendingPathComponent(digest.hex))
            return digest.description
        }
        var descriptors: [String] = []
        var diffIDs: [String] = []
        for layer in layers {
            let digest = try store(layer.blob)
            descriptors.append(
                #"{"mediaType":"\#(layer.mediaType)","digest":"\#(digest)","size":\#(layer.blob.count)}"#)
            diffIDs.append(#""\#(SHA256Hasher.digest(layer.tar))""#)
        }
        let config = Array(
            #"{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[\#(diffIDs.joined(separator: ","))]}}"#
                .utf8)
        let configDigest = try store(config)
        let manifest = Array(
            #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(configDigest)","size":\#(config.count)},"layers":[\#(descriptors.joined(separator: ","))]}"#
                .utf8)
        let manifestDigest = try store(manifest)
        let index =
            #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(manifestDigest)","size":\#(manifest.count),"annotations":{"org.opencontainers.image.ref.name":"test"}}]}"#
        try Data(index.utf8).write(to: root.appendingPathComponent("index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: root.appendingPathComponent("oci-layout"))
    }

    var input: String { "oci-dir:" + root.path }

    func blobPath(_ blob: [UInt8]) -> String {
        root.appendingPathComponent("blobs/sha256/" + SHA256Hasher.digest(blob).hex).path
    }

    /// Opens the layout and squashes it, capturing every regular file.
    func squash(limits: LayerLimits = .default, wants: @escaping @Sendable (FileEntryInfo) -> Bool = { _ in true })
        async throws -> FileTree
    {
        let images = try await ImageLoader.open(input, options: SourceOptions(cacheDirectory: root.path + "-cache"))
        return try await LayerSquasher.squash(images[0], wants: wants, limits: limits)
    }

    /// Compresses with the real command-line tool (`gzip` or `zstd`).
    static func compress(_ bytes: [UInt8], _ tool: String) throws -> [UInt8] {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-compress")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("data")
        try Data(bytes).write(to: input)
        let output = directory.appendingPathComponent(tool == "gzip" ? "data.gz" : "data.zst")
        let result =
            tool == "gzip"
            ? try ProcessRunner.run("gzip", ["-k", "-n", input.path])
            : try ProcessRunner.run("zstd", ["-q", input.path, "-o", output.path])
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        return [UInt8](try Data(contentsOf: output))
    }
}

extension FileTree {
    /// Captured bytes at `path` as text.
    func text(_ path: String) -> String? { contents(of: path).map { String(decoding: $0, as: UTF8.self) } }
}
