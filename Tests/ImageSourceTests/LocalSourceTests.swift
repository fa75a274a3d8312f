import Foundation
import ImageSource
import Model
import TestSupport
import Testing

/// Opening the shared images from every local form, with the identities `images.json` records.
@Suite struct LocalSourceTests {
    struct Record: Decodable {
        var name: String
        var tag: String
        var digest: String
    }

    static let records: [String: Record] = {
        let url = SharedData.images.appendingPathComponent("images.json")
        let list = (try? JSONDecoder().decode([Record].self, from: Data(contentsOf: url))) ?? []
        return Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }()

    static let layerCounts = [
        "alpine": 1, "alpine-3.10": 1, "debian-bookworm": 4, "distroless-like": 2, "layered-whiteout": 4,
    ]

    static func open(_ input: String, platform: String? = nil) async throws -> [Image] {
        try await ImageLoader.open(
            input, options: SourceOptions(platform: platform, cacheDirectory: "/nonexistent-cache"))
    }

    @Test(arguments: ImageForms.names)
    func ociDirectoryAndArchiveMatchImagesJSON(name: String) async throws {
        let record = try #require(Self.records[name])
        for input in [ImageForms.ociDir(name), try ImageForms.ociArchive(name)] {
            let images = try await Self.open(input)
            let image = try #require(images.first)
            #expect(images.count == 1)
            #expect(image.description.manifestDigest?.description == record.digest)
            #expect(image.description.userInput == input)
            #expect(image.description.scheme == (input.hasPrefix("oci-dir:") ? "oci-dir" : "oci-archive"))
            #expect(image.description.fullTag == record.tag)
            #expect(image.description.platform == "linux/amd64")
            #expect(image.layers.count == Self.layerCounts[name])
            #expect(
                image.description.layerDigests == image.config.rootfs?.diffIDs?.compactMap { try? Digest(parsing: $0) })
            #expect(image.description.configDigest.map { $0.hex.count } == 64)
            #expect(image.warnings.isEmpty)
        }
    }

    @Test(arguments: ImageForms.names)
    func dockerArchive(name: String) async throws {
        let record = try #require(Self.records[name])
        let input = try ImageForms.dockerArchive(name)
        let image = try #require(try await Self.open(input).first)
        let oci = try #require(try await Self.open(ImageForms.ociDir(name)).first)
        #expect(image.description.scheme == "docker-archive")
        #expect(image.description.fullTag == "docker.io/library/\(name):\(record.tag)")
        #expect(image.description.manifestDigest == nil)
        // Same config and layers as the OCI layout, stored uncompressed: blob digest = diff ID.
        #expect(image.description.configDigest == oci.description.configDigest)
        #expect(image.description.layerDigests == oci.description.layerDigests)
        #expect(image.layers.allSatisfy { $0.digest == $0.diffID })
        // Blobs are byte ranges of the archive itself, not extracted copies.
        #expect(image.layers.allSatisfy { input.hasSuffix($0.location.path) && $0.location.offset > 0 })
    }

    @Test func dockerSaveWithOCILayoutInside() async throws {
        let path = SharedData.images.appendingPathComponent("docker-save-oci/alpine.tar").path
        for input in [path, "docker-archive:" + path, "docker-archive:\(path)#alpine:3.14.10"] {
            let image = try #require(try await Self.open(input).first)
            #expect(image.description.scheme == "docker-archive")
            #expect(
                image.description.manifestDigest?.description
                    == "sha256:14f60a4fc2d3a0154ecc8ed94cfc70e4642eba721eba59455ca0d954272c8397")
            #expect(image.description.fullTag == "docker.io/library/alpine:3.14.10")
            #expect(image.layers.map(\.mediaType) == ["application/vnd.oci.image.layer.v1.tar"])
        }
    }

    @Test func multiPlatformIndexPicksTheRequestedPlatform() async throws {
        for input in [ImageForms.ociDir("alpine-multiarch"), try ImageForms.ociArchive("alpine-multiarch")] {
            let host = try #require(try await Self.open(input).first)
            #expect(
                host.description.manifestDigest == Self.records["alpine"].flatMap { try? Digest(parsing: $0.digest) })
            for platform in ["linux/arm64", "linux/arm64/v8"] {
                let arm = try #require(try await Self.open(input, platform: platform).first)
                #expect(arm.description.manifestDigest?.hex.hasPrefix("6438f9264fc3") == true)
                #expect(arm.description.platform == "linux/arm64")
            }
            await #expect {
                _ = try await Self.open(input, platform: "linux/s390x")
            } throws: { error in
                let error = try #require(error as? ImageLoadError)
                return error.code == .platformNotFound
                    && error.message.hasPrefix(
                        "platform linux/s390x not found (available: linux/amd64, linux/arm64/v8)")
            }
        }
    }

    @Test func selectingByRefName() async throws {
        let layout = SharedData.images.appendingPathComponent("oci/layered-whiteout").path
        for input in ["oci-dir:\(layout)#v4", "oci-dir:\(layout):v4", "\(layout)#v4"] {
            let image = try #require(try await Self.open(input).first)
            #expect(image.description.manifestDigest?.hex.hasPrefix("33f3060ffe03") == true)
        }
        await #expect {
            _ = try await Self.open("oci-dir:\(layout)#v5")
        } throws: { error in
            "\(error)" == "no image named 'v5' in '\(layout)' (available: v4)"
        }
    }

    @Test func autodetectsEachKindOfPath() async throws {
        let formats = try ImageForms.formats()
        #expect(
            try await Self.open(SharedData.images.appendingPathComponent("oci/alpine").path).first?.description.scheme
                == "oci-dir")
        #expect(
            try await Self.open(formats + "/docker-archive/alpine.tar").first?.description.scheme == "docker-archive")
        #expect(try await Self.open(formats + "/oci-archive/alpine.tar").first?.description.scheme == "oci-archive")
        let root = try SharedData.makeTemporaryDirectory("plimsoll-rootfs")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        let image = try #require(try await Self.open(root.path).first)
        #expect(image.description.scheme == "dir")
        #expect(image.rootDirectory == root.standardizedFileURL.path)
        #expect(image.layers.isEmpty)
    }

    @Test func directoryOfArchivesYieldsEveryImage() async throws {
        let formats = try ImageForms.formats()
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-archives")
        defer { try? FileManager.default.removeItem(at: directory) }
        let manager = FileManager.default
        try manager.copyItem(atPath: formats + "/docker-archive/alpine.tar", toPath: directory.path + "/a.tar")
        try manager.copyItem(atPath: formats + "/oci-archive/layered-whiteout.tar", toPath: directory.path + "/b.tar")
        try Data("not an image".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        let images = try await Self.open(directory.path)
        #expect(images.map(\.description.scheme) == ["docker-archive", "oci-archive"])
        #expect(images.map { $0.layers.count } == [1, 4])
        #expect(images[1].description.userInput == directory.path + "/b.tar")
    }

    @Test func archiveWithSeveralImagesNeedsATag() async throws {
        let formats = try ImageForms.formats()
        let work = try SharedData.makeTemporaryDirectory("plimsoll-multi")
        defer { try? FileManager.default.removeItem(at: work) }
        // Merge two real `docker save` archives into one, as `docker save a b` writes it.
        var manifests: [Any] = []
        for name in ["alpine", "alpine-3.10"] {
            let untar = try ProcessRunner.run("tar", ["-xf", formats + "/docker-archive/\(name).tar", "-C", work.path])
            try #require(untar.status == 0)
            let data = try Data(contentsOf: work.appendingPathComponent("manifest.json"))
            manifests += try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
        }
        try JSONSerialization.data(withJSONObject: manifests).write(to: work.appendingPathComponent("manifest.json"))
        let archive = work.path + ".tar"
        defer { try? FileManager.default.removeItem(atPath: archive) }
        let pack = try ProcessRunner.run("tar", ["-cf", archive, "-C", work.path, "."])
        try #require(pack.status == 0)
        await #expect {
            _ = try await Self.open("docker-archive:" + archive)
        } throws: { error in
            "\(error)"
                == "'\(archive)' holds 2 images; pick one with 'docker-archive:\(archive)#TAG' (available: docker.io/library/alpine:3.14.10, docker.io/library/alpine-3.10:3.10.3)"
        }
        for tag in ["alpine-3.10:3.10.3", "docker.io/library/alpine-3.10:3.10.3"] {
            let image = try #require(try await Self.open("docker-archive:\(archive)#\(tag)").first)
            #expect(image.description.fullTag == "docker.io/library/alpine-3.10:3.10.3")
            let reference = try #require(try await Self.open(ImageForms.ociDir("alpine-3.10")).first)
            #expect(image.description.configDigest == reference.description.configDigest)
        }
        #expect(
            try await Self.open(archive + "#alpine:3.14.10").first?.description.fullTag
                == "docker.io/library/alpine:3.14.10")
    }
}

/// Docker ≤ 24 archives list `<id>/layer.tar`; skopeo writes those as symlinks to `<diffid>.tar` inside the tar.
@Suite struct LegacyLayerPathTests {
    @Test func layerPathsThroughSymlinksInsideTheArchive() async throws {
        let formats = try ImageForms.formats()
        let work = try SharedData.makeTemporaryDirectory("plimsoll-legacy")
        defer { try? FileManager.default.removeItem(at: work) }
        let source = formats + "/docker-archive/layered-whiteout.tar"
        let untar = try ProcessRunner.run("tar", ["-xf", source, "-C", work.path])
        try #require(untar.status == 0)
        // Point manifest.json at the `<id>/layer.tar` symlinks, in the order of the layers they link to.
        let manifestURL = work.appendingPathComponent("manifest.json")
        var manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [[String: Any]])
        let layers = try #require(manifest[0]["Layers"] as? [String])
        var byTarget: [String: String] = [:]
        for directory in try FileManager.default.contentsOfDirectory(atPath: work.path) {
            let link = work.path + "/" + directory + "/layer.tar"
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link) {
                byTarget[String(target.dropFirst(3))] = directory + "/layer.tar"
            }
        }
        manifest[0]["Layers"] = try layers.map { try #require(byTarget[$0]) }
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        let archive = work.path + ".tar"
        defer { try? FileManager.default.removeItem(atPath: archive) }
        let pack = try ProcessRunner.run("tar", ["-cf", archive, "-C", work.path, "."])
        try #require(pack.status == 0)
        let image = try #require(
            try await ImageLoader.open("docker-archive:" + archive, options: SourceOptions(cacheDirectory: "/x")).first)
        let original = try #require(
            try await ImageLoader.open("docker-archive:" + source, options: SourceOptions(cacheDirectory: "/x")).first)
        #expect(image.layers.map(\.digest) == original.layers.map(\.digest))
        #expect(image.layers.map(\.location.length) == original.layers.map(\.location.length))
        #expect(image.layers.allSatisfy { $0.location.path == archive })
    }
}
