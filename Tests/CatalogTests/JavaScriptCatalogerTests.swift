import Foundation
import Layers
import Model
import TestSupport
import Testing

@testable import Catalog

@Suite struct JavaScriptCatalogerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/javascript")

    private func catalog(_ cataloger: any Cataloger, _ tree: FileTree) throws -> ([Package], [String]) {
        let context = CatalogContext(distro: Distro(id: "unknown"))
        return (try cataloger.catalog(tree, context: context), context.warnings)
    }

    private func lockPackages(_ fixture: String) throws -> [Package] {
        let (packages, warnings) = try catalog(
            JavaScriptLockfileCataloger(), try FixtureTree.load(Self.fixtures.appendingPathComponent(fixture)))
        #expect(warnings.isEmpty)
        return packages
    }

    private func summary(_ packages: [Package]) -> Set<String> {
        Set(packages.map { "\($0.name)@\($0.version)" })
    }

    @Test(arguments: ["debian-bookworm", "layered-whiteout"])
    func installedPackagesMatchSyft(image: String) throws {
        let tree = try OCILayerFixture.tree(image: image, patterns: ["*package.json"])
        let (packages, warnings) = try catalog(JavaScriptPackageCataloger(), tree)
        #expect(warnings.isEmpty)
        let syft = try OCILayerFixture.syftRows(image: image, type: "npm")
        #expect(
            Set(packages.map { "\($0.name) \($0.version) \($0.purl) \($0.locations.map(\.path))" })
                == Set(syft.map { "\($0.name) \($0.version) \($0.purl) \($0.locations)" }))
    }

    /// The layered-whiteout image: node-fetch is whited out in layer 3; the project and two modules remain.
    @Test func layeredWhiteoutDropsNodeFetch() throws {
        let tree = try OCILayerFixture.tree(image: "layered-whiteout", patterns: ["app/*"])
        let (packages, _) = try catalog(JavaScriptPackageCataloger(), tree)
        #expect(summary(packages) == ["layered-app@1.0.0", "lodash@4.17.15", "minimist@1.2.0"])
        #expect(packages.allSatisfy { $0.locations.first?.layerIndex == 1 })
    }

    @Test func debianNodeScopedPackageAndLicense() throws {
        let tree = try OCILayerFixture.tree(image: "debian-bookworm", patterns: ["usr/share/nodejs/*package.json"])
        let (packages, _) = try catalog(JavaScriptPackageCataloger(), tree)
        let types = try #require(packages.first { $0.name == "@types/minimist" })
        #expect(types.purl.description == "pkg:npm/%40types/minimist@1.2.2")
        #expect(types.licenses == ["MIT"])
        #expect(types.foundBy == "javascript-package-cataloger")
    }

    /// PITFALLS 14: v3 lock with only `packages`; nested lodash is a second package, the root is the project. The
    /// expected set comes from npm itself (`npm ls --all --package-lock-only`, offline).
    @Test func packageLockV3MatchesNpm() throws {
        let packages = try lockPackages("lock-v3")
        #expect(summary(packages) == ["a@1.0.0", "lodash@4.17.21", "lodash@4.17.20", "@types/node@20.1.0"])
        #expect(
            packages.first { $0.version == "4.17.21" }?.metadata["lockPath"] == "node_modules/a/node_modules/lodash")
        let work = try SharedData.makeTemporaryDirectory("npm-ls")
        defer { try? FileManager.default.removeItem(at: work) }
        for file in ["package.json", "package-lock.json"] {
            try FileManager.default.copyItem(
                at: Self.fixtures.appendingPathComponent("lock-v3/\(file)"), to: work.appendingPathComponent(file))
        }
        let npm = try ProcessRunner.run(
            "/bin/sh", ["-c", "cd \"$1\" && npm ls --all --json --package-lock-only --offline", "sh", work.path])
        try #require(npm.status == 0, "npm ls failed: \(npm.error)")
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(npm.output.utf8)) as? [String: Any])
        var expected: Set<String> = []
        var pending = [tree]
        while let node = pending.popLast() {
            for (name, value) in node["dependencies"] as? [String: Any] ?? [:] {
                guard let child = value as? [String: Any], let version = child["version"] as? String else { continue }
                expected.insert("\(name)@\(version)")
                pending.append(child)
            }
        }
        #expect(summary(packages) == expected)
    }

    @Test func packageLockV2PrefersPackagesAndSkipsLinks() throws {
        #expect(summary(try lockPackages("lock-v2")) == ["minimist@1.2.0"])
    }

    @Test func packageLockV1WalksNestedDependencies() throws {
        let packages = try lockPackages("lock-v1")
        #expect(summary(packages) == ["express@4.17.1", "qs@6.7.0", "qs@6.9.4", "@babel/code-frame@7.12.13"])
        #expect(
            packages.first { $0.name == "@babel/code-frame" }?.purl.description
                == "pkg:npm/%40babel/code-frame@7.12.13")
    }

    @Test(arguments: [
        ("yarn-v1", ["@babel/code-frame@7.12.13", "lodash@4.17.21", "minimist@1.2.0"]),
        ("yarn-berry", ["@types/minimist@1.2.2", "lodash@4.17.21"]),
        ("pnpm-v5", ["lodash@4.17.21", "react-dom@17.0.2", "@babel/core@7.12.3"]),
        ("pnpm-v6", ["lodash@4.17.21", "@babel/core@7.12.3"]),
        ("pnpm-v9", ["minimist@1.2.0", "@types/minimist@1.2.2"]),
    ])
    func yarnAndPnpmLocks(fixture: String, expected: [String]) throws {
        let packages = try lockPackages(fixture)
        #expect(summary(packages) == Set(expected))
        #expect(packages.count == expected.count)
        #expect(packages.allSatisfy { $0.foundBy == "javascript-lock-cataloger" })
    }

    @Test func malformedFilesAreWarningsNotCrashes() throws {
        let deep =
            String(repeating: "{\"dependencies\":{\"x\":", count: 150) + "{}" + String(repeating: "}}", count: 150)
        let tree = FixtureTree.make([
            "/app/package-lock.json": "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {\"version\": 1",
            "/deep/package-lock.json": "{\"dependencies\":{\"x\":" + deep + "}}",
            "/empty/package-lock.json": "[]",
            "/app/yarn.lock": "lodash@^1:\n  version\n\u{0}\u{0}:\n",
            "/app/pnpm-lock.yaml": "packages:\n  /:\n  /@scope:\n",
        ])
        let (packages, warnings) = try catalog(JavaScriptLockfileCataloger(), tree)
        #expect(packages.isEmpty)
        #expect(
            warnings.sorted() == [
                "lock file '/app/package-lock.json': not a json object; skipped",
                "lock file '/deep/package-lock.json': dependencies nest deeper than 128; skipped",
                "lock file '/empty/package-lock.json': not a json object; skipped",
            ])
        let manifests = FixtureTree.make([
            "/node_modules/bad/package.json": "{\"name\": \"bad\", \"version\": ",
            "/node_modules/noversion/package.json": "{\"name\": \"noversion\"}",
            "/node_modules/evil/package.json": "{\"name\": \"../../etc\", \"version\": \"1.0.0\"}",
        ])
        let (installed, installedWarnings) = try catalog(JavaScriptPackageCataloger(), manifests)
        #expect(installed.isEmpty)
        #expect(installedWarnings == ["package.json '/node_modules/bad/package.json' is not a json object; skipped"])
    }

    /// debian-bookworm ships typeprof's VS Code extension inside a Ruby gem, with its package-lock.json (171 dev
    /// dependencies, no node_modules): a leftover of the gem's development, not packages installed in the image.
    @Test func lockFilesInsideInstalledPackagesAreNotTheImages() throws {
        let tree = try OCILayerFixture.tree(image: "debian-bookworm", patterns: ["*package-lock.json"])
        let path = "/usr/lib/ruby/gems/3.1.0/gems/typeprof-0.21.2/vscode/package-lock.json"
        let lock = try #require(tree.contents(of: path))
        #expect(try JavaScriptLockfileCataloger.packageLock(lock).count == 171)
        #expect(tree.node(at: "/usr/lib/ruby/gems/3.1.0/gems/typeprof-0.21.2/vscode/node_modules") == nil)
        let cataloger = JavaScriptLockfileCataloger()
        #expect(!cataloger.wants(FileEntryInfo(path: path, kind: .regular, size: 10, mode: 0o644)))
        #expect(
            !cataloger.wants(FileEntryInfo(path: "/app/node_modules/a/yarn.lock", kind: .regular, size: 1, mode: 0)))
        #expect(cataloger.wants(FileEntryInfo(path: "/app/package-lock.json", kind: .regular, size: 1, mode: 0)))
        let (packages, _) = try catalog(cataloger, tree)
        #expect(packages.isEmpty)
    }

    /// A lock file with node_modules installed beside it adds nothing: the installed packages are listed from their
    /// package.json files; without node_modules the lock file is all there is.
    @Test func lockFileBesideNodeModulesDefersToInstalledPackages() throws {
        let lock = try String(
            contentsOf: Self.fixtures.appendingPathComponent("lock-v3/package-lock.json"), encoding: .utf8)
        let installed = FixtureTree.make([
            "/app/package-lock.json": lock,
            "/app/node_modules/lodash/package.json": "{\"name\": \"lodash\", \"version\": \"4.17.20\"}",
        ])
        let (none, _) = try catalog(JavaScriptLockfileCataloger(), installed)
        #expect(none.isEmpty)
        let (declared, _) = try catalog(
            JavaScriptLockfileCataloger(), FixtureTree.make(["/srv/package-lock.json": lock]))
        #expect(declared.count == 4)
    }
}
