import Foundation
import Hashing
import ImageSource
import Model
import Synchronization
import TestSupport
import Testing

/// Pulls from the real registry (Debian's docker-registry) that scripts/test-env.d/registry.sh starts.
@Suite(.enabled(if: RegistryTestEnvironment.plain != nil, "needs PLIMSOLL_TEST_REGISTRY"))
struct RegistryPullTests {
    typealias Env = RegistryTestEnvironment

    @Test(
        "every shared image pulls with the manifest digest of images.json and the layers of its OCI layout",
        arguments: RegistryTestEnvironment.images)
    func pullsEveryImage(_ shared: Env.SharedImage) async throws {
        let host = try #require(Env.plain)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let image = try await RegistryImageSource.open(
            "\(host)/\(shared.name):\(shared.tag)", options: Env.options(cache: cache))

        let isIndex = shared.mediaType == "application/vnd.oci.image.index.v1+json"
        let local = try Env.localManifest(shared.name, architecture: isIndex ? "amd64" : nil)
        if !isIndex { #expect(local.digest == shared.digest) }
        #expect(image.description.manifestDigest?.description == local.digest)
        #expect(image.description.fullTag == "\(host)/\(shared.name):\(shared.tag)")
        #expect(image.description.scheme == "registry")
        #expect(image.description.platform == "linux/amd64")
        #expect(image.config.architecture == "amd64")
        #expect(image.layers.map(\.digest.description) == local.layers)
        #expect(image.description.layerDigests.count == local.layers.count)
        #expect(SHA256Hasher.digest(image.configBytes) == image.description.configDigest)
        for layer in image.layers {
            #expect(layer.location.path == cache.path + "/blobs/sha256/" + layer.digest.hex)
            #expect(layer.location.offset == 0)
            #expect(layer.location.length == layer.size)
            #expect(try Env.digestOfFile(layer.location.path) == layer.digest.description)
        }
        #expect(!Env.cacheEntries(cache).contains { $0.hasPrefix(".partial") })
        #expect(image.warnings.isEmpty)
    }

    @Test("the :latest tag and the digest name the same image as the version tag")
    func latestAndDigestReferences() async throws {
        let host = try #require(Env.plain)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let alpine = try #require(Env.images.first { $0.name == "alpine" })
        let latest = try await RegistryImageSource.open("\(host)/alpine:latest", options: Env.options(cache: cache))
        let pinned = try await RegistryImageSource.open(
            "\(host)/alpine@\(alpine.digest)", options: Env.options(cache: cache))
        let schemed = try await RegistryImageSource.open(
            "docker://\(host)/alpine:3.14.10", options: Env.options(cache: cache))
        #expect(latest.description.manifestDigest?.description == alpine.digest)
        #expect(pinned.description.manifestDigest?.description == alpine.digest)
        #expect(pinned.description.fullTag == nil)
        #expect(schemed.description.manifestDigest?.description == alpine.digest)
    }

    @Test("the multi-platform index resolves linux/arm64 (and arm64/v8) to the arm64 manifest")
    func multiPlatformArm64() async throws {
        let host = try #require(Env.plain)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let arm = try Env.localManifest("alpine-multiarch", architecture: "arm64")
        for platform in ["linux/arm64", "linux/arm64/v8", "linux/aarch64"] {
            let image = try await RegistryImageSource.open(
                "\(host)/alpine-multiarch:3.14.10", options: Env.options(cache: cache, platform: platform))
            #expect(image.description.manifestDigest?.description == arm.digest)
            #expect(image.config.architecture == "arm64")
            #expect(image.layers.map(\.digest.description) == arm.layers)
        }
        let amd = try await RegistryImageSource.open(
            "\(host)/alpine-multiarch:3.14.10", options: Env.options(cache: cache, platform: "linux/amd64"))
        #expect(amd.description.manifestDigest?.description == Env.images.first { $0.name == "alpine" }?.digest)
    }

    @Test("a platform the index lacks is an error listing what it has, never another platform")
    func missingPlatform() async throws {
        let host = try #require(Env.plain)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let error = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open(
                "\(host)/alpine-multiarch:3.14.10", options: Env.options(cache: cache, platform: "linux/s390x"))
        }
        #expect(error?.code == .platformNotFound)
        #expect(
            error?.description
                == "platform linux/s390x not found (available: linux/amd64, linux/arm64/v8) in '\(host)/alpine-multiarch:3.14.10'"
        )
        #expect(error?.exitCode == .couldNotComplete)
        // A single-platform image asked for another platform explicitly.
        let single = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open(
                "\(host)/alpine:3.14.10", options: Env.options(cache: cache, platform: "linux/arm64"))
        }
        #expect(
            single?.description == "platform linux/arm64 not found (available: linux/amd64) in '\(host)/alpine:3.14.10'"
        )
    }

    @Test("a second open downloads nothing; a digest-pinned one makes no request at all")
    func secondOpenUsesTheCache() async throws {
        let host = try #require(Env.plain)
        let proxy = try FaultProxy(upstream: host)
        defer { proxy.stop() }
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let first = try await RegistryImageSource.open(
            "\(proxy.address)/layered-whiteout:v4", options: Env.options(cache: cache))
        let blobGets = proxy.entries(containing: "/blobs/")
        #expect(blobGets.count == first.layers.count + 1)
        #expect(Set(blobGets.map(\.path)).count == blobGets.count)
        let cachedFiles = Env.cacheEntries(cache)
        var modified: [String: Date] = [:]
        for name in cachedFiles {
            modified[name] =
                try FileManager.default.attributesOfItem(
                    atPath: cache.path + "/blobs/sha256/" + name)[.modificationDate] as? Date
        }

        let before = proxy.entries().count
        let second = try await RegistryImageSource.open(
            "\(proxy.address)/layered-whiteout:v4", options: Env.options(cache: cache))
        let secondRequests = proxy.entries().dropFirst(before)
        #expect(secondRequests.filter { $0.path.contains("/blobs/") }.isEmpty)
        #expect(second.layers == first.layers)
        #expect(Env.cacheEntries(cache) == cachedFiles)
        for name in cachedFiles {
            let date =
                try FileManager.default.attributesOfItem(
                    atPath: cache.path + "/blobs/sha256/" + name)[.modificationDate] as? Date
            #expect(date == modified[name])
        }

        let digest = try #require(first.description.manifestDigest)
        let beforePinned = proxy.entries().count
        let pinned = try await RegistryImageSource.open(
            "\(proxy.address)/layered-whiteout@\(digest)", options: Env.options(cache: cache))
        #expect(proxy.entries().count == beforePinned)
        #expect(pinned.layers == first.layers)
    }

    @Test("a corrupt cached config or manifest is noticed, removed and fetched again")
    func corruptCacheEntries() async throws {
        let host = try #require(Env.plain)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let first = try await RegistryImageSource.open("\(host)/alpine:3.14.10", options: Env.options(cache: cache))
        let configDigest = try #require(first.description.configDigest)
        let manifestDigest = try #require(first.description.manifestDigest)
        for digest in [configDigest, manifestDigest] {
            let path = cache.path + "/blobs/sha256/" + digest.hex
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes[bytes.count / 2] ^= 0xFF
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let again = try await RegistryImageSource.open(
            "\(host)/alpine@\(manifestDigest)", options: Env.options(cache: cache))
        #expect(again.configBytes == first.configBytes)
        #expect(again.description.manifestDigest == manifestDigest)
        for digest in [configDigest, manifestDigest] {
            #expect(try Env.digestOfFile(cache.path + "/blobs/sha256/" + digest.hex) == digest.description)
        }
    }

    @Test("download progress reaches each blob's full size")
    func progressEvents() async throws {
        let host = try #require(Env.plain)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let seen = Mutex<[String: (Int64, Int64?)]>([:])
        let image = try await RegistryImageSource.open(
            "\(host)/distroless-like:nonroot",
            options: Env.options(cache: cache) { event in
                if case .downloading(let digest, let bytes, let total) = event {
                    seen.withLock { $0[digest] = (bytes, total) }
                }
            })
        let final = seen.withLock { $0 }
        for layer in image.layers {
            let entry = try #require(final[layer.digest.description])
            #expect(entry.0 == layer.size)
            #expect(entry.1 == layer.size)
        }
    }

    @Test("an unknown tag and an unknown repository are clear 'not found' errors")
    func notFound() async throws {
        let host = try #require(Env.plain)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let tag = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open("\(host)/alpine:9.99", options: Env.options(cache: cache))
        }
        #expect(tag?.code == .manifestUnknown)
        #expect(
            tag?.description
                == "manifest 'alpine:9.99' not found in \(host) (HTTP 404: MANIFEST_UNKNOWN: manifest unknown)")
        let repository = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open("\(host)/no/such-repo:1", options: Env.options(cache: cache))
        }
        #expect(repository?.code == .manifestUnknown)
        #expect(repository?.description.hasPrefix("manifest 'no/such-repo:1' not found in \(host) (HTTP 404") == true)
    }

    @Test("a registry that is not listening is a network error after the retries")
    func unreachable() async throws {
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let error = await #expect(throws: RegistryError.self) {
            try await RegistryImageSource.open("127.0.0.1:9/alpine:1", options: Env.options(cache: cache, retries: 1))
        }
        #expect(error?.code == .network)
        #expect(error?.description.hasPrefix("cannot fetch the API root from 127.0.0.1:9: ") == true)
        #expect(error?.description.hasSuffix("(gave up after 2 attempts)") == true)
    }
}
