import Foundation
import ImageSource
import Layers
import Model
import Synchronization
import TestSupport
import Testing

/// Whiteouts, opaque directories, hard links and symlinks across layers (PITFALLS 18–20).
@Suite struct WhiteoutAndLinkTests {
    static let site = "usr/lib/python3/site-packages"

    static func squash(_ tars: [[UInt8]], wants: @escaping @Sendable (FileEntryInfo) -> Bool = { _ in true })
        async throws
        -> FileTree
    {
        try await HostileLayerTests.withLayout(tars.map(TestLayout.Layer.tar)) { try await $0.squash(wants: wants) }
    }

    @Test func whiteoutAndOpaqueDirectory() async throws {
        let layer1 = HostileLayerTests.tar { builder in
            builder.file("\(Self.site)/requests-2.19.0.dist-info/METADATA", "Name: requests")
            builder.file("\(Self.site)/six-1.0.dist-info/METADATA", "Name: six")
            builder.file("keep/a", "a")
        }
        let layer2 = HostileLayerTests.tar { $0.file("\(Self.site)/.wh.requests-2.19.0.dist-info", "") }
        var tree = try await Self.squash([layer1, layer2])
        #expect(tree.nodes["/\(Self.site)/requests-2.19.0.dist-info/METADATA"] == nil)
        #expect(tree.nodes["/\(Self.site)/six-1.0.dist-info/METADATA"] != nil)
        // The opaque marker comes after the new entry in tar order: it still hides only the lower layers.
        let layer3 = HostileLayerTests.tar { builder in
            builder.file("\(Self.site)/urllib3-2.0.0.dist-info/METADATA", "Name: urllib3")
            builder.file("\(Self.site)/.wh..wh..opq", "")
        }
        tree = try await Self.squash([layer1, layer2, layer3])
        let remaining = tree.regularFiles { $0.hasPrefix("/\(Self.site)/") }
        #expect(remaining == ["/\(Self.site)/urllib3-2.0.0.dist-info/METADATA"])
        #expect(tree.text("/keep/a") == "a")
    }

    @Test func whiteoutBeforeOrAfterANewEntryOfTheSameLayer() async throws {
        let layer1 = HostileLayerTests.tar { $0.file("dir/old", "old") }
        let layer2 = HostileLayerTests.tar { builder in
            builder.file("dir/new", "new")
            builder.file(".wh.dir", "")
        }
        let tree = try await Self.squash([layer1, layer2])
        #expect(tree.nodes["/dir/old"] == nil)
        #expect(tree.text("/dir/new") == "new")
    }

    @Test(arguments: [true, false])
    func hardlinkKeepsContentFromLinkTime(targetWanted: Bool) async throws {
        let layer1 = HostileLayerTests.tar { builder in
            builder.file("opt/cache/ab12", "A", mode: 0o755)
            builder.add("usr/bin/tool", kind: .hardlink, link: "opt/cache/ab12", mode: 0o755)
        }
        let layer2 = HostileLayerTests.tar { $0.file("opt/cache/ab12", "B") }
        let layer3 = HostileLayerTests.tar { $0.file("opt/cache/.wh.ab12", "") }
        let tree = try await Self.squash([layer1, layer2, layer3]) { info in
            info.path == "/usr/bin/tool" || (targetWanted && info.path == "/opt/cache/ab12")
        }
        #expect(tree.text("/usr/bin/tool") == "A")
        #expect(tree.nodes["/usr/bin/tool"]?.size == 1)
        #expect(tree.nodes["/usr/bin/tool"]?.layerIndex == 0)
        #expect(tree.nodes["/opt/cache/ab12"] == nil)
    }

    @Test func symlinkOverAnEarlierPathAndDatabaseUpdatedLater() async throws {
        let layer1 = HostileLayerTests.tar { builder in
            builder.file("usr/lib/sysimage/rpm/rpmdb.sqlite", "v1")
            builder.file("var/lib/rpm/Packages", "bdb")
        }
        // Layer 2 replaces the directory with a symlink; layer 3 updates the database at its real path.
        let layer2 = HostileLayerTests.tar { builder in
            builder.file("var/lib/.wh.rpm", "")
            builder.add("var/lib/rpm", kind: .symlink, link: "../../usr/lib/sysimage/rpm")
        }
        let layer3 = HostileLayerTests.tar { $0.file("usr/lib/sysimage/rpm/rpmdb.sqlite", "v2") }
        var tree = try await Self.squash([layer1, layer2, layer3])
        #expect(tree.text("/var/lib/rpm/rpmdb.sqlite") == "v2")
        #expect(tree.nodes["/var/lib/rpm/Packages"] == nil)
        #expect(tree.warnings.isEmpty)
        // A later layer writing through the symlinked directory updates the real file.
        let layer4 = HostileLayerTests.tar { $0.file("var/lib/rpm/rpmdb.sqlite", "v3") }
        tree = try await Self.squash([layer1, layer2, layer3, layer4])
        #expect(tree.text("/usr/lib/sysimage/rpm/rpmdb.sqlite") == "v3")
        #expect(tree.location(of: "/var/lib/rpm/rpmdb.sqlite").layerIndex == 3)
    }

    @Test func fileReplacingADirectoryRemovesItsChildren() async throws {
        let layer1 = HostileLayerTests.tar { $0.file("thing/inner", "x") }
        let layer2 = HostileLayerTests.tar { $0.file("thing", "now a file") }
        let tree = try await Self.squash([layer1, layer2])
        #expect(tree.nodes["/thing/inner"] == nil)
        #expect(tree.text("/thing") == "now a file")
    }
}

/// Progress reports each layer's stored bytes as it streams, ending at the blob's size.
@Suite struct SquashProgressTests {
    @Test func reportsEveryLayerToItsEnd() async throws {
        let images = try await ImageLoader.open(
            ImageForms.ociDir("layered-whiteout"), options: SourceOptions(cacheDirectory: "/x"))
        let image = try #require(images.first)
        let events = Mutex<[Int: Int64]>([:])
        _ = try await LayerSquasher.squash(image, wants: { _ in false }) { event in
            if case .readingLayer(let index, let count, let bytes) = event, count == 4 {
                events.withLock { $0[index] = max($0[index] ?? 0, bytes) }
            }
        }
        #expect(
            events.withLock { $0 }
                == Dictionary(
                    uniqueKeysWithValues: image.layers.enumerated().map { ($0.offset, $0.element.location.length) }))
    }
}
