import Foundation
import Model
import TestSupport
import Testing

@testable import ImageSource

/// Faults injected by Fixtures/registry/fault_proxy.py in front of the real plain registry.
@Suite(.enabled(if: RegistryTestEnvironment.plain != nil, "needs PLIMSOLL_TEST_REGISTRY"))
struct RegistryFaultTests {
    typealias Env = RegistryTestEnvironment

    static var alpineDigest: String { Env.images.first { $0.name == "alpine" }?.digest ?? "" }
    static var alpineLayer: String { (try? Env.localManifest("alpine").layers.first) ?? "" }

    /// Runs `body` with a proxy carrying `rules` and a fresh cache; stops and removes both afterwards.
    func withProxy(
        _ rules: [String], _ body: (FaultProxy, URL) async throws -> Void
    ) async throws {
        let upstream = try #require(Env.plain)
        let proxy = try FaultProxy(upstream: upstream, rules: rules)
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-registry-cache")
        defer {
            proxy.stop()
            try? FileManager.default.removeItem(at: cache)
        }
        try await body(proxy, cache)
    }

    @Test("429 with Retry-After: waits as told, then pulls")
    func tooManyRequests() async throws {
        try await withProxy(["/manifests/=429@1,429@1"]) { proxy, cache in
            let start = Date()
            let image = try await RegistryImageSource.open(
                "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache))
            #expect(Date().timeIntervalSince(start) >= 2)
            #expect(image.description.manifestDigest?.description == Self.alpineDigest)
            #expect(proxy.entries(containing: "/manifests/").map(\.status) == [429, 429, 200])
        }
    }

    @Test("500 then 503 on a layer: retried with backoff, then pulled and verified")
    func serverErrorsThenSuccess() async throws {
        try await withProxy(["/blobs/\(Self.alpineLayer)=500,503"]) { proxy, cache in
            let image = try await RegistryImageSource.open(
                "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache))
            #expect(proxy.entries(containing: Self.alpineLayer).map(\.status) == [500, 503, 200])
            let layer = try #require(image.layers.first)
            #expect(try Env.digestOfFile(layer.location.path) == Self.alpineLayer)
        }
    }

    @Test("500 forever: gives up after the configured retries with a one-line error, nothing cached")
    func serverErrorsForever() async throws {
        try await withProxy(["/blobs/\(Self.alpineLayer)=500*"]) { proxy, cache in
            let error = await #expect(throws: RegistryError.self) {
                try await RegistryImageSource.open(
                    "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache, retries: 2))
            }
            #expect(error?.code == .unavailable)
            #expect(
                error?.description
                    == "\(proxy.address) answered HTTP 500 for layer 1 \(Self.alpineLayer): UNAVAILABLE: injected failure (gave up after 3 attempts)"
            )
            #expect(error?.exitCode == .couldNotComplete)
            #expect(proxy.entries(containing: Self.alpineLayer).count == 3)
            let hex = Self.alpineLayer.replacingOccurrences(of: "sha256:", with: "")
            #expect(!Env.cacheEntries(cache).contains(hex))
            #expect(!Env.cacheEntries(cache).contains { $0.hasPrefix(".partial") })
        }
    }

    @Test("a connection dropped mid-blob is retried; the blob lands whole")
    func droppedConnection() async throws {
        try await withProxy(["/blobs/\(Self.alpineLayer)=drop"]) { proxy, cache in
            let image = try await RegistryImageSource.open(
                "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache))
            #expect(proxy.entries(containing: Self.alpineLayer).map(\.action) == ["drop", "pass"])
            let layer = try #require(image.layers.first)
            #expect(try Env.digestOfFile(layer.location.path) == Self.alpineLayer)
            #expect(layer.location.length == layer.size)
        }
    }

    @Test("dropped every time: a network error after the retries")
    func droppedForever() async throws {
        try await withProxy(["/blobs/\(Self.alpineLayer)=drop*"]) { proxy, cache in
            let error = await #expect(throws: RegistryError.self) {
                try await RegistryImageSource.open(
                    "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache, retries: 1))
            }
            #expect(error?.code == .network)
            #expect(
                error?.description.hasPrefix("cannot fetch layer 1 \(Self.alpineLayer) from \(proxy.address): ") == true
            )
            #expect(error?.description.hasSuffix("(gave up after 2 attempts)") == true)
            #expect(proxy.entries(containing: Self.alpineLayer).count == 2)
        }
    }

    @Test("401 without credentials and 404 are clear errors, not retried")
    func unauthorizedAndNotFound() async throws {
        try await withProxy(["/manifests/3.14.10=401*", "/manifests/3.10.3=404*"]) { proxy, cache in
            let unauthorized = await #expect(throws: RegistryError.self) {
                try await RegistryImageSource.open(
                    "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache))
            }
            #expect(
                unauthorized?.description
                    == "\(proxy.address) requires authentication for manifest 'alpine:3.14.10' and no credentials were found (use --username/--password, PLIMSOLL_REGISTRY_USERNAME/PLIMSOLL_REGISTRY_PASSWORD, or docker login)"
            )
            let notFound = await #expect(throws: RegistryError.self) {
                try await RegistryImageSource.open(
                    "\(proxy.address)/alpine-3.10:3.10.3", options: Env.options(cache: cache))
            }
            #expect(
                notFound?.description
                    == "manifest 'alpine-3.10:3.10.3' not found in \(proxy.address) (HTTP 404: MANIFEST_UNKNOWN: manifest unknown)"
            )
            #expect(proxy.entries(containing: "/manifests/").map(\.status) == [401, 404])
        }
    }

    @Test("a Retry-After longer than a pull waits ends the pull at once")
    func retryAfterTooLong() async throws {
        try await withProxy(["/manifests/=429@3600*"]) { proxy, cache in
            let error = await #expect(throws: RegistryError.self) {
                try await RegistryImageSource.open(
                    "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache))
            }
            #expect(
                error?.description
                    == "\(proxy.address) answered HTTP 429 for manifest 'alpine:3.14.10': TOOMANYREQUESTS: slow down (fault proxy); it asks to retry after 3600 s, longer than the 60 s a pull waits"
            )
            #expect(proxy.entries(containing: "/manifests/").count == 1)
        }
    }

    @Test("a blob whose bytes don't match its digest, or that is longer than announced, is an error, never data")
    func corruptBlob() async throws {
        try await withProxy(["/blobs/\(Self.alpineLayer)=corrupt,extend"]) { proxy, cache in
            let corrupt = await #expect(throws: RegistryError.self) {
                try await RegistryImageSource.open(
                    "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache))
            }
            #expect(corrupt?.code == .digestMismatch)
            #expect(
                corrupt?.description.hasPrefix(
                    "layer 1 of '\(proxy.address)/alpine:3.14.10' does not match its digest: expected \(Self.alpineLayer), got sha256:"
                ) == true)
            let longer = await #expect(throws: RegistryError.self) {
                try await RegistryImageSource.open(
                    "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache))
            }
            #expect(longer?.code == .digestMismatch)
            #expect(longer?.description.hasPrefix("blob \(Self.alpineLayer) is larger than the ") == true)
            let hex = Self.alpineLayer.replacingOccurrences(of: "sha256:", with: "")
            #expect(!Env.cacheEntries(cache).contains(hex))
            #expect(!Env.cacheEntries(cache).contains { $0.hasPrefix(".partial") })
            // The faults are spent: the next pull succeeds and caches the verified blob.
            let image = try await RegistryImageSource.open(
                "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache))
            #expect(image.layers.first?.digest.description == Self.alpineLayer)
            #expect(Env.cacheEntries(cache).contains(hex))
        }
    }

    @Test("a schema 1 manifest is 'unsupported'; a body that is not JSON is 'malformed'")
    func unsupportedAndMalformedManifests() async throws {
        try await withProxy(["/manifests/3.14.10=schema1*", "/manifests/3.10.3=garbage*"]) { proxy, cache in
            let schema1 = await #expect(throws: RegistryError.self) {
                try await RegistryImageSource.open(
                    "\(proxy.address)/alpine:3.14.10", options: Env.options(cache: cache))
            }
            #expect(schema1?.code == .unsupportedManifest)
            #expect(
                schema1?.description
                    == "'\(proxy.address)/alpine:3.14.10' has a Docker schema 1 manifest, which is unsupported (deprecated since 2017; re-push the image with a current Docker or skopeo)"
            )
            let garbage = await #expect(throws: RegistryError.self) {
                try await RegistryImageSource.open(
                    "\(proxy.address)/alpine-3.10:3.10.3", options: Env.options(cache: cache))
            }
            #expect(garbage?.code == .malformed)
            #expect(garbage?.description.contains("of '\(proxy.address)/alpine-3.10:3.10.3' is not valid JSON") == true)
        }
    }
}
