import Catalog
import Foundation
import Model
import TestSupport
import Testing

@Suite struct PHPComposerCatalogerTests {
    static let installedV2 = """
        {
            "packages": [
                {
                    "name": "monolog/monolog",
                    "version": "2.9.1",
                    "version_normalized": "2.9.1.0",
                    "source": {"type": "git", "url": "https://github.com/Seldaek/monolog.git", "reference": "f259e2b15fb95494c83f52d3caad003bbf5ffaa1"},
                    "type": "library",
                    "license": ["MIT"]
                },
                {
                    "name": "psr/log",
                    "version": "1.1.4",
                    "type": "library",
                    "license": ["MIT"]
                }
            ],
            "dev": true,
            "dev-package-names": []
        }
        """

    static let installedV1 = """
        [
            {"name": "symfony/polyfill-ctype", "version": "v1.27.0", "type": "library", "license": ["MIT"]}
        ]
        """

    static let lock = """
        {
            "_readme": ["This file locks the dependencies of your project to a known state"],
            "content-hash": "0123456789abcdef",
            "packages": [
                {"name": "guzzlehttp/guzzle", "version": "7.8.0", "type": "library", "license": ["MIT"]}
            ],
            "packages-dev": [
                {"name": "phpunit/phpunit", "version": "9.6.13", "type": "library", "license": ["BSD-3-Clause"]}
            ]
        }
        """

    /// name@version of every package in the JSON text, per Python's json module (the reference parser).
    static func reference(_ text: String, keys: [String]) throws -> [String] {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-composer")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("f.json")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let script = """
            import json, sys
            d = json.load(open(sys.argv[1]))
            pk = d if isinstance(d, list) else sum((d.get(k) or [] for k in sys.argv[2:]), [])
            [print(p['name'] + '@' + p['version']) for p in pk]
            """
        return try runTool("python3", ["-c", script, path.path] + keys).split(separator: "\n").map(String.init)
    }

    static func names(_ packages: [Package]) -> [String] { packages.map { "\($0.name)@\($0.version)" } }

    @Test func installedJSONVersion2() throws {
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try ComposerCataloger(.installed).catalog(
            FixtureTree.make(["/var/www/vendor/composer/installed.json": Self.installedV2]), context: context)
        #expect(context.warnings.isEmpty)
        #expect(Self.names(packages) == (try Self.reference(Self.installedV2, keys: ["packages"])))
        #expect(
            packages.map(\.purl.description) == ["pkg:composer/monolog/monolog@2.9.1", "pkg:composer/psr/log@1.1.4"])
        #expect(packages[0].licenses == ["MIT"])
        #expect(packages[0].metadata["sourceReference"] == "f259e2b15fb95494c83f52d3caad003bbf5ffaa1")
        #expect(packages.allSatisfy { $0.foundBy == "php-composer-installed-cataloger" && $0.type == .phpComposer })
    }

    @Test func installedJSONVersion1() throws {
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try ComposerCataloger(.installed).catalog(
            FixtureTree.make(["/app/vendor/composer/installed.json": Self.installedV1]), context: context)
        #expect(context.warnings.isEmpty)
        #expect(Self.names(packages) == (try Self.reference(Self.installedV1, keys: [])))
        #expect(packages.first?.purl.description == "pkg:composer/symfony/polyfill-ctype@v1.27.0")
    }

    @Test func composerLockIncludesDevPackagesMarked() throws {
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try ComposerCataloger(.lock).catalog(
            FixtureTree.make(["/app/composer.lock": Self.lock]), context: context)
        #expect(context.warnings.isEmpty)
        #expect(Self.names(packages) == (try Self.reference(Self.lock, keys: ["packages", "packages-dev"])))
        #expect(packages.map { $0.metadata["dev"] ?? "false" } == ["false", "true"])
        #expect(packages.allSatisfy { $0.foundBy == "php-composer-lock-cataloger" })
    }

    @Test(arguments: [
        ("{\"packages\": [{\"name\": \"a/b\"}]}", "composer file is not valid: missing 'version' at packages.Index 0"),
        ("{\"packages\": [", "composer file is not valid: malformed json"),
        ("{\"packages\": {\"name\": 3}}", "composer file is not valid: wrong type at 'packages'"),
    ]) func malformedComposerJSONIsAWarning(_ input: (String, String)) throws {
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try ComposerCataloger(.installed).catalog(
            FixtureTree.make(["/app/vendor/composer/installed.json": input.0]), context: context)
        #expect(packages.isEmpty)
        #expect(context.warnings.count == 1)
        #expect(
            context.warnings.first?.hasPrefix("cannot read '/app/vendor/composer/installed.json': \(input.1)") == true)
    }
}
