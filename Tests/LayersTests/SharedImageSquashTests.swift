import Foundation
import ImageSource
import Layers
import Model
import TestSupport
import Testing

/// Every shared image, in every form it comes in, squashes to the same specific facts.
@Suite struct SharedImageSquashTests {
    enum Form: String, CaseIterable, Sendable {
        case ociDir, dockerArchive, ociArchive

        func input(_ name: String) throws -> String {
            switch self {
            case .ociDir: ImageForms.ociDir(name)
            case .dockerArchive: try ImageForms.dockerArchive(name)
            case .ociArchive: try ImageForms.ociArchive(name)
            }
        }
    }

    static let wanted: Set<String> = [
        "/lib/apk/db/installed", "/etc/alpine-release", "/var/lib/dpkg/status", "/etc/debian_version",
        "/etc/os-release",
        "/usr/bin/perl5.36.0",
    ]

    static func squash(_ input: String, platform: String? = nil) async throws -> (Image, FileTree) {
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let images = try await ImageLoader.open(
            input, options: SourceOptions(platform: platform, cacheDirectory: cache.path))
        try #require(images.count == 1)
        let tree = try await LayerSquasher.squash(
            images[0], wants: { wanted.contains($0.path) || $0.path.hasPrefix("/var/lib/dpkg/status.d/") })
        return (images[0], tree)
    }

    static func lines(_ text: String?, prefix: String) -> [String] {
        (text ?? "").split(separator: "\n").filter { $0.hasPrefix(prefix) }.map(String.init)
    }

    @Test(arguments: Form.allCases, ImageForms.names)
    func squashesToKnownContent(form: Form, name: String) async throws {
        let (image, tree) = try await Self.squash(try form.input(name))
        #expect(tree.warnings.isEmpty, "\(tree.warnings)")
        #expect(image.description.platform == "linux/amd64")
        switch name {
        case "alpine", "alpine-3.10":
            #expect(image.layers.count == 1)
            #expect(Self.lines(tree.text("/lib/apk/db/installed"), prefix: "P:").count == 14)
            #expect(tree.text("/etc/alpine-release") == (name == "alpine" ? "3.14.10\n" : "3.10.3\n"))
            // /bin/sh is a symlink to busybox: resolved inside the image.
            #expect(tree.node(at: "/bin/sh")?.kind == .regular)
            #expect(try tree.resolve("/bin/sh") == "/bin/busybox")
        case "debian-bookworm":
            #expect(image.layers.count == 4)
            #expect(Self.lines(tree.text("/var/lib/dpkg/status"), prefix: "Package: ").count == 159)
            #expect(tree.node(at: "/var/lib/dpkg/status")?.layerIndex == 1)
            #expect(tree.text("/etc/debian_version")?.hasPrefix("12.") == true)
            #expect(tree.node(at: "/app/.env")?.layerIndex == 3)
            // Hard link to /usr/bin/perl (not itself captured): its bytes come from a targeted re-read.
            let perl = try #require(tree.nodes["/usr/bin/perl"])
            let link = try #require(tree.contents(of: "/usr/bin/perl5.36.0"))
            #expect(Int64(link.count) == perl.size)
            #expect(link.prefix(4) == [0x7f, 0x45, 0x4c, 0x46])
            // merged-usr: /lib is a symlink into /usr.
            #expect(try tree.resolve("/lib/x86_64-linux-gnu") == "/usr/lib/x86_64-linux-gnu")
        case "distroless-like":
            #expect(image.layers.count == 2)
            let stanzas = tree.regularFiles { $0.hasPrefix("/var/lib/dpkg/status.d/") && !$0.hasSuffix(".md5sums") }
            #expect(stanzas.count == 6)
            #expect(tree.nodes["/var/lib/dpkg/status"] == nil)
            #expect(tree.nodes["/usr/bin/registry"]?.layerIndex == 1)
        case "layered-whiteout":
            try LayeredWhiteoutFacts.check(image, tree)
        default:
            Issue.record("no facts for \(name)")
        }
    }

    @Test func dockerSaveOCIArchive() async throws {
        let path = SharedData.images.appendingPathComponent("docker-save-oci/alpine.tar").path
        let (image, tree) = try await Self.squash(path)
        #expect(image.description.scheme == "docker-archive")
        #expect(image.layers.count == 1)
        #expect(image.layers[0].mediaType == "application/vnd.oci.image.layer.v1.tar")
        #expect(Self.lines(tree.text("/lib/apk/db/installed"), prefix: "P:").count == 14)
    }

    @Test(arguments: ["linux/amd64", "linux/arm64"])
    func multiArchitectureIndex(platform: String) async throws {
        for input in [ImageForms.ociDir("alpine-multiarch"), try ImageForms.ociArchive("alpine-multiarch")] {
            let (image, tree) = try await Self.squash(input, platform: platform)
            let architecture = platform == "linux/amd64" ? "x86_64" : "aarch64"
            let packages = Self.lines(tree.text("/lib/apk/db/installed"), prefix: "P:")
            #expect(packages.count == 14)
            #expect(
                Self.lines(tree.text("/lib/apk/db/installed"), prefix: "A:").allSatisfy { $0 == "A:" + architecture })
            #expect(image.description.platform?.hasPrefix(platform) == true)
        }
    }
}

/// What `layered-whiteout:v4` squashes to, per its README.
enum LayeredWhiteoutFacts {
    static let sitePackages = "/usr/local/lib/python3.9/site-packages"

    static func check(_ image: Image, _ tree: FileTree) throws {
        #expect(image.layers.count == 4)
        let paths = tree.nodes.keys
        #expect(!paths.contains { $0.hasPrefix(sitePackages + "/chardet") }, "chardet survived the opaque directory")
        #expect(paths.contains(sitePackages + "/urllib3-1.26.5.dist-info/METADATA"))
        #expect(!paths.contains { $0.hasPrefix(sitePackages + "/urllib3-1.24.1") })
        #expect(paths.contains(sitePackages + "/requests-2.19.1.dist-info/METADATA"))
        // The opaque layer 4 rewrote site-packages: its files are attributed to it.
        #expect(tree.nodes[sitePackages + "/requests-2.19.1.dist-info/METADATA"]?.layerIndex == 3)
        #expect(tree.nodes["/app/.env"] == nil)
        #expect(!paths.contains { $0.hasPrefix("/app/node_modules/node-fetch") })
        #expect(paths.contains("/app/node_modules/lodash/package.json"))
        #expect(tree.nodes["/sbin/ldconfig"] == nil)
        #expect(tree.nodes["/usr/bin/getent"] == nil)
        let installed = SharedImageSquashTests.lines(tree.text("/lib/apk/db/installed"), prefix: "P:")
        #expect(installed.count == 11)
        #expect(!installed.contains("P:libc-utils"))
        #expect(tree.node(at: "/lib/apk/db/installed")?.layerIndex == 2)
        // Layer 1's version of the database is still in the history, for layer attribution.
        #expect(tree.history(of: "/lib/apk/db/installed").map(\.layerIndex) == [0, 2])
    }
}
