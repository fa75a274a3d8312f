import Foundation
import Hashing
import Model
import TestSupport
import Testing

@testable import ImageSource

/// Broken layouts and archives: each gives one clear error (or a warning for absent foreign layers).
@Suite struct HostileSourceTests {
    /// A private, writable copy of a shared OCI layout.
    static func copyLayout(_ name: String) throws -> URL {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-layout")
        let copy = directory.appendingPathComponent(name)
        let result = try ProcessRunner.run(
            "cp", ["-r", SharedData.images.appendingPathComponent("oci/\(name)").path, copy.path])
        try #require(result.status == 0)
        _ = try ProcessRunner.run("chmod", ["-R", "u+w", copy.path])
        return copy
    }

    static func error(_ input: String, platform: String? = nil) async -> ImageLoadError? {
        do {
            _ = try await ImageLoader.open(
                input, options: SourceOptions(platform: platform, cacheDirectory: "/nonexistent"))
            return nil
        } catch {
            return error as? ImageLoadError
        }
    }

    static func manifest(of layout: URL) throws -> (digest: Digest, json: [String: Any]) {
        let index = try JSONSerialization.jsonObject(
            with: Data(contentsOf: layout.appendingPathComponent("index.json")))
        let text = try #require(
            ((index as? [String: Any])?["manifests"] as? [[String: Any]])?.first?["digest"] as? String)
        let digest = try Digest(parsing: text)
        let data = try Data(contentsOf: layout.appendingPathComponent("blobs/sha256/" + digest.hex))
        return (digest, try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }

    /// Writes `json` as a new manifest blob and points index.json at it.
    static func replaceManifest(in layout: URL, with json: [String: Any], mediaType: String? = nil) throws -> Digest {
        let bytes = [UInt8](try JSONSerialization.data(withJSONObject: json))
        let digest = SHA256Hasher.digest(bytes)
        try Data(bytes).write(to: layout.appendingPathComponent("blobs/sha256/" + digest.hex))
        let type = mediaType ?? (json["mediaType"] as? String) ?? "application/vnd.oci.image.manifest.v1+json"
        let index =
            #"{"schemaVersion":2,"manifests":[{"mediaType":"\#(type)","digest":"\#(digest)","size":\#(bytes.count)}]}"#
        try Data(index.utf8).write(to: layout.appendingPathComponent("index.json"))
        return digest
    }

    @Test func manifestNamingAMissingBlob() async throws {
        let layout = try Self.copyLayout("alpine")
        defer { try? FileManager.default.removeItem(at: layout.deletingLastPathComponent()) }
        let (digest, json) = try Self.manifest(of: layout)
        let layer = try #require((json["layers"] as? [[String: Any]])?.first?["digest"] as? String)
        try FileManager.default.removeItem(at: layout.appendingPathComponent("blobs/sha256/" + layer.dropFirst(7)))
        let error = try #require(await Self.error("oci-dir:" + layout.path))
        #expect(error.code == .notFound)
        #expect(error.message == "manifest \(digest) names layer blob \(layer) which is missing from '\(layout.path)'")
    }

    @Test func configWhoseBytesDoNotMatchItsDigest() async throws {
        let layout = try Self.copyLayout("alpine")
        defer { try? FileManager.default.removeItem(at: layout.deletingLastPathComponent()) }
        let (_, json) = try Self.manifest(of: layout)
        let config = try #require((json["config"] as? [String: Any])?["digest"] as? String)
        let path = layout.appendingPathComponent("blobs/sha256/" + config.dropFirst(7))
        var bytes = [UInt8](try Data(contentsOf: path))
        bytes[bytes.count - 2] ^= 0x01
        try Data(bytes).write(to: path)
        let error = try #require(await Self.error("oci-dir:" + layout.path))
        #expect(error.code == .digestMismatch)
        #expect(error.message.hasPrefix("config \(config) in '\(path.path)' does not match its digest \(config)"))
        #expect(error.message.hasSuffix("(its bytes hash to \(SHA256Hasher.digest(bytes)))"))
    }

    @Test func manifestWhoseBytesDoNotMatchItsDigest() async throws {
        let layout = try Self.copyLayout("alpine")
        defer { try? FileManager.default.removeItem(at: layout.deletingLastPathComponent()) }
        let (digest, _) = try Self.manifest(of: layout)
        let path = layout.appendingPathComponent("blobs/sha256/" + digest.hex)
        var bytes = [UInt8](try Data(contentsOf: path))
        bytes[10] = UInt8(ascii: " ")
        try Data(bytes).write(to: path)
        let error = try #require(await Self.error(layout.path))
        #expect(error.code == .digestMismatch)
        #expect(error.message.contains("manifest \(digest)"))
    }

    @Test func schemaOneManifestIsUnsupported() async throws {
        let layout = try Self.copyLayout("alpine")
        defer { try? FileManager.default.removeItem(at: layout.deletingLastPathComponent()) }
        let schema1: [String: Any] = [
            "schemaVersion": 1, "name": "library/alpine", "tag": "3", "architecture": "amd64",
            "fsLayers": [["blobSum": "sha256:" + String(repeating: "a", count: 64)]],
        ]
        _ = try Self.replaceManifest(
            in: layout, with: schema1, mediaType: "application/vnd.docker.distribution.manifest.v1+prettyjws")
        let error = try #require(await Self.error("oci-dir:" + layout.path))
        #expect(error.code == .unsupported)
        #expect(error.message.contains("is a docker schema 1 manifest, which is unsupported"))
    }

    @Test func absentForeignLayerIsSkippedWithAWarning() async throws {
        let layout = try Self.copyLayout("layered-whiteout")
        defer { try? FileManager.default.removeItem(at: layout.deletingLastPathComponent()) }
        var (_, json) = try Self.manifest(of: layout)
        var layers = try #require(json["layers"] as? [[String: Any]])
        let foreign = "sha256:" + String(repeating: "f", count: 64)
        layers.insert(
            [
                "mediaType": "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "digest": foreign,
                "size": 10,
            ],
            at: 0)
        json["layers"] = layers
        // The config's diff IDs must line up with the manifest's layers: add one for the foreign layer.
        let configDigest = try #require((json["config"] as? [String: Any])?["digest"] as? String)
        let configPath = layout.appendingPathComponent("blobs/sha256/" + configDigest.dropFirst(7))
        var config = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: configPath)) as? [String: Any])
        var rootfs = try #require(config["rootfs"] as? [String: Any])
        rootfs["diff_ids"] = [foreign] + (try #require(rootfs["diff_ids"] as? [String]))
        config["rootfs"] = rootfs
        let configBytes = [UInt8](try JSONSerialization.data(withJSONObject: config))
        let newConfig = SHA256Hasher.digest(configBytes)
        try Data(configBytes).write(to: layout.appendingPathComponent("blobs/sha256/" + newConfig.hex))
        json["config"] = [
            "mediaType": "application/vnd.oci.image.config.v1+json", "digest": newConfig.description,
            "size": configBytes.count,
        ]
        _ = try Self.replaceManifest(in: layout, with: json)
        let image = try #require(
            try await ImageLoader.open(layout.path, options: SourceOptions(cacheDirectory: "/nonexistent")).first)
        #expect(image.layers.count == 4)
        #expect(
            image.warnings == [
                "skipped non-distributable layer \(foreign) (application/vnd.oci.image.layer.nondistributable.v1.tar+gzip): its blob is not in '\(layout.path)'"
            ])
    }

    /// PITFALLS 25: an index with only linux/arm64, asked for linux/amd64, never falls back to another platform.
    @Test func indexWithoutTheRequestedPlatform() async throws {
        let layout = try Self.copyLayout("alpine-multiarch")
        defer { try? FileManager.default.removeItem(at: layout.deletingLastPathComponent()) }
        var (_, index) = try Self.manifest(of: layout)
        let entries = try #require(index["manifests"] as? [[String: Any]])
        index["manifests"] = entries.filter {
            (($0["platform"] as? [String: Any])?["architecture"] as? String) == "arm64"
        }
        _ = try Self.replaceManifest(in: layout, with: index, mediaType: "application/vnd.oci.image.index.v1+json")
        let error = try #require(await Self.error("oci-dir:" + layout.path))
        #expect(error.code == .platformNotFound)
        #expect(error.message.hasPrefix("platform linux/amd64 not found (available: linux/arm64/v8)"))
        let arm = try await ImageLoader.open(
            layout.path, options: SourceOptions(platform: "linux/arm64", cacheDirectory: "/x"))
        #expect(arm.first?.description.platform == "linux/arm64")
    }

    @Test func brokenArchives() async throws {
        let formats = try ImageForms.formats()
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-broken")
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = [UInt8](
            try Data(contentsOf: URL(fileURLWithPath: formats + "/docker-archive/layered-whiteout.tar")))
        // Cut in the middle of a layer member.
        let truncated = directory.appendingPathComponent("truncated.tar")
        try Data(whole.prefix(whole.count / 3)).write(to: truncated)
        let cut = try #require(await Self.error("docker-archive:" + truncated.path))
        #expect(cut.code == .corrupt)
        #expect(cut.message.hasPrefix("'\(truncated.path)' is truncated"))
        // Gzipped as a whole: refused with advice instead of being extracted somewhere.
        let gzipped = directory.appendingPathComponent("image.tar")
        try Data(whole.prefix(1 << 20)).write(to: gzipped)
        _ = try ProcessRunner.run("gzip", ["-f", gzipped.path])
        let gzip = try #require(await Self.error("docker-archive:" + gzipped.path + ".gz"))
        #expect(gzip.code == .unsupported)
        #expect(gzip.message.contains("is gzip-compressed"))
        // Not a tar at all.
        let text = directory.appendingPathComponent("notes.tar")
        try Data(String(repeating: "hello\n", count: 200).utf8).write(to: text)
        let notTar = try #require(await Self.error(text.path))
        #expect(notTar.message == "'\(text.path)' is not a valid tar archive (bad header checksum at offset 0)")
        // A manifest.json that is not JSON.
        let bad = directory.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: bad.appendingPathComponent("manifest.json"))
        let badTar = directory.appendingPathComponent("bad.tar")
        _ = try ProcessRunner.run("tar", ["-cf", badTar.path, "-C", bad.path, "manifest.json"])
        let invalid = try #require(await Self.error("docker-archive:" + badTar.path))
        #expect(invalid.code == .corrupt)
        #expect(invalid.message.hasPrefix("manifest.json of '\(badTar.path)' is not valid"))
    }

    @Test func missingPathsAndSchemes() async throws {
        let missing = try #require(await Self.error("oci-dir:/nonexistent/layout"))
        #expect(missing.message == "oci-dir '/nonexistent/layout' is not a directory")
        let archive = try #require(await Self.error("docker-archive:/nonexistent.tar"))
        #expect(archive.message == "cannot open '/nonexistent.tar': no such file or directory")
        let empty = try #require(await Self.error("dir:"))
        #expect(empty.message == "'dir:' names no path or reference after 'dir:'")
    }

    /// The outer-tar walker reads pax and GNU long names written by GNU tar.
    @Test(arguments: ["pax", "gnu"])
    func longMemberNamesInOuterTar(format: String) throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-longnames")
        defer { try? FileManager.default.removeItem(at: directory) }
        let long = String(repeating: "d", count: 120) + "/" + String(repeating: "f", count: 110) + ".json"
        let file = directory.appendingPathComponent("src/" + long)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("payload-\(format)".utf8).write(to: file)
        let archive = directory.appendingPathComponent("long.tar").path
        let result = try ProcessRunner.run(
            "tar", ["--format=\(format)", "-cf", archive, "-C", directory.appendingPathComponent("src").path, long])
        try #require(result.status == 0)
        let index = try LocalTarIndex(path: archive)
        let location = try #require(index.location(of: long))
        let bytes = try location.readAll(limit: 1024, what: "member")
        #expect(String(decoding: bytes, as: UTF8.self) == "payload-\(format)")
        #expect(index.location(of: "./" + long) == location)
        #expect(index.location(of: "../" + long) == nil)
    }
}
