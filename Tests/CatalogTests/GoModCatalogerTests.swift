import Catalog
import Foundation
import Model
import TestSupport
import Testing

@Suite struct GoModCatalogerTests {
    static let goMod = """
        module example.com/service

        go 1.21

        require (
        \tgithub.com/google/uuid v1.3.0
        \tgolang.org/x/net v0.17.0 // indirect
        \t"github.com/pkg/errors" v0.9.1
        )

        require github.com/sirupsen/logrus v1.9.0

        replace golang.org/x/net v0.17.0 => golang.org/x/net v0.23.0

        replace github.com/pkg/errors => ../errors

        exclude github.com/google/uuid v1.2.0
        """

    static let goSum = """
        github.com/google/uuid v1.3.0 h1:t6JiXgmwXMjEs8VusXIJk2BXHsn+wx8BZdTaoZ5fu7I=
        github.com/google/uuid v1.3.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=
        golang.org/x/net v0.23.0 h1:7EYJ93RZ9vYSZAIb2x3lnuvqO5zneoD6IvWjuhfxjTs=
        """

    @Test func requirementsAgreeWithGoModEdit() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-gomod")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.goMod.write(to: directory.appendingPathComponent("go.mod"), atomically: true, encoding: .utf8)
        // `go mod edit -json` is Go's own parser; apply its Replace list to its Require list.
        let json = try runTool(
            "env", ["-C", directory.path, "go", "mod", "edit", "-json"], environment: ["GOFLAGS": ""])
        struct Module: Decodable { var Path: String; var Version: String? }
        struct Require: Decodable { var Path: String; var Version: String; var Indirect: Bool? }
        struct Replace: Decodable { var Old: Module; var New: Module }
        struct Document: Decodable { var Require: [Require]; var Replace: [Replace]? }
        let document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        let expected = document.Require.map { require -> String in
            let replace = document.Replace?.first {
                $0.Old.Path == require.Path && ($0.Old.Version ?? require.Version) == require.Version
            }
            if let replace, let version = replace.New.Version { return "\(replace.New.Path)@\(version)" }
            return "\(require.Path)@\(require.Version)"
        }
        let tree = FixtureTree.make(["/src/service/go.mod": Self.goMod, "/src/service/go.sum": Self.goSum])
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try GoModCataloger().catalog(tree, context: context)
        #expect(context.warnings.isEmpty)
        #expect(packages.map { "\($0.name)@\($0.version)" } == expected)
        let net = try #require(packages.first { $0.name == "golang.org/x/net" })
        #expect(net.metadata["h1Digest"] == "h1:7EYJ93RZ9vYSZAIb2x3lnuvqO5zneoD6IvWjuhfxjTs=")
        #expect(net.metadata["indirect"] == "true")
        #expect(net.metadata["replaces"] == "golang.org/x/net@v0.17.0")
        #expect(net.purl.description == "pkg:golang/golang.org/x/net@v0.23.0")
        #expect(
            packages.first { $0.name == "github.com/google/uuid" }?.metadata["h1Digest"]
                == "h1:t6JiXgmwXMjEs8VusXIJk2BXHsn+wx8BZdTaoZ5fu7I=")
        #expect(
            packages.allSatisfy {
                $0.foundBy == "go-module-file-cataloger" && $0.locations.map(\.path) == ["/src/service/go.mod"]
            })
    }

    @Test func malformedGoModIsAWarning() throws {
        let tree = FixtureTree.make(["/src/go.mod": "module x\n\nrequire (\n\tgithub.com/a/b\n)\n"])
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try GoModCataloger().catalog(tree, context: context)
        #expect(packages.isEmpty)
        #expect(context.warnings == ["cannot read '/src/go.mod': line 4: cannot read '\tgithub.com/a/b'"])
    }
}

@Suite struct GoModLocationTests {
    @Test func moduleCacheAndVendorTreesAreSkipped() throws {
        let mod = "module x\n\nrequire github.com/a/b v1.0.0\n"
        let tree = FixtureTree.make([
            "/root/go/pkg/mod/github.com/a/b@v1.0.0/go.mod": mod, "/src/app/vendor/github.com/a/b/go.mod": mod,
            "/src/app/go.mod": mod,
        ])
        let packages = try GoModCataloger().catalog(tree, context: CatalogContext(distro: Distro(id: "debian")))
        #expect(packages.map { $0.locations.map(\.path) } == [["/src/app/go.mod"]])
    }
}
