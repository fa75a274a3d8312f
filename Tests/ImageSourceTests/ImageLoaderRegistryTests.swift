import Foundation
import ImageSource
import Model
import TestSupport
import Testing

/// `ImageLoader.open` hands `registry:` inputs and plain references to the registry client
/// (the local registry that `scripts/test-env.d/registry.sh` starts).
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["PLIMSOLL_TEST_REGISTRY"] != nil, "needs PLIMSOLL_TEST_REGISTRY"))
struct ImageLoaderRegistryTests {
    @Test func registrySchemeAndPlainReference() async throws {
        let host = try #require(ProcessInfo.processInfo.environment["PLIMSOLL_TEST_REGISTRY"])
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let options = SourceOptions(cacheDirectory: cache.path, insecureRegistries: [host])
        let local = try #require(
            try await ImageLoader.open(ImageForms.ociDir("layered-whiteout"), options: options).first)
        for input in ["registry:\(host)/layered-whiteout:v4", "\(host)/layered-whiteout:v4"] {
            let images = try await ImageLoader.open(input, options: options)
            let image = try #require(images.first)
            #expect(images.count == 1)
            #expect(image.description.scheme == "registry")
            #expect(image.description.userInput == input)
            #expect(image.description.manifestDigest == local.description.manifestDigest)
            #expect(image.description.layerDigests == local.description.layerDigests)
        }
    }
}

@Suite struct MissingPathTests {
    @Test(arguments: ["/nonexistent/image.tar", "./missing-dir", "images/app.tar"])
    func pathsThatDoNotExistAreNotReferences(input: String) async throws {
        await #expect {
            _ = try await ImageLoader.open(input, options: SourceOptions(cacheDirectory: "/nonexistent"))
        } throws: { error in
            "\(error)" == "'\(input)' does not exist (no such file or directory)"
        }
    }
}
