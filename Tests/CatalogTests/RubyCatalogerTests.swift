import Catalog
import Foundation
import Layers
import Model
import TestSupport
import Testing

@Suite struct RubyCatalogerTests {
    @Test func debianBookwormGemsMatchSyftBaseline() throws {
        let tree = try BinaryTestImage.tree(image: "debian-bookworm", matching: "/specifications/.*\\.gemspec$")
        let context = CatalogContext(distro: Distro(id: "debian", versionID: "12"))
        let packages = try GemspecCataloger().catalog(tree, context: context)
        #expect(context.warnings.isEmpty)
        let baseline = try String(
            contentsOf: SharedData.images.appendingPathComponent("syft-baseline/debian-bookworm.tsv"), encoding: .utf8)
        let expected = baseline.split(separator: "\n").filter { $0.hasPrefix("gem\t") }.map {
            $0.split(separator: "\t").dropFirst().joined(separator: "\t")
        }.sorted()
        let found = packages.map {
            [$0.name, $0.version, $0.purl.description, $0.locations.map(\.path).joined(separator: ",")]
                .joined(separator: "\t")
        }.sorted()
        #expect(expected.count == 92)
        #expect(found.count == expected.count)
        #expect(
            Set(found).symmetricDifference(expected).isEmpty, "differs: \(Set(found).symmetricDifference(expected))")
        let rack = try #require(packages.first { $0.name == "rack" })
        #expect(rack.licenses == ["MIT"])
        #expect(rack.foundBy == "ruby-installed-gemspec-cataloger")
    }

    @Test func gemspecAgreesWithRubyGems() throws {
        // Ruby's own loader is the reference for what a gemspec says.
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-gemspec")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("demo-1.2.3.gemspec")
        try """
        # -*- encoding: utf-8 -*-
        # stub: demo 1.2.3 ruby lib

        Gem::Specification.new do |s|
          s.name = "demo".freeze
          s.version = "1.2.3"
          s.authors = ["A. Person".freeze]
          s.homepage = "https://example.org/demo".freeze
          s.licenses = ["MIT".freeze, "Ruby".freeze]
          s.summary = "a \\"quoted\\" summary".freeze
        end
        """.write(to: path, atomically: true, encoding: .utf8)
        let reference = try runTool(
            "ruby",
            [
                "-e", "s = Gem::Specification.load(ARGV[0]); puts s.name, s.version, s.licenses.join(','), s.homepage",
                path.path,
            ])
        let spec = try GemspecCataloger.parse([UInt8](try Data(contentsOf: path)), path: "/x.gemspec")
        #expect(
            [spec.name, spec.version, spec.licenses.joined(separator: ","), spec.homepage ?? ""].joined(separator: "\n")
                + "\n" == reference)
    }

    @Test func gemspecWithComputedVersionIsAWarning() throws {
        let tree = FixtureTree.make([
            "/usr/lib/ruby/gems/3.1.0/specifications/odd-1.0.gemspec":
                "Gem::Specification.new do |s|\n  s.name = 'odd'\n  s.version = Odd::VERSION\nend\n",
            "/usr/lib/ruby/gems/3.1.0/specifications/good-2.0.gemspec":
                "Gem::Specification.new do |s|\n  s.name = 'good'\n  s.version = '2.0'\nend\n",
        ])
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try GemspecCataloger().catalog(tree, context: context)
        #expect(packages.map(\.name) == ["good"])
        #expect(
            context.warnings == [
                "cannot read '/usr/lib/ruby/gems/3.1.0/specifications/odd-1.0.gemspec': gemspec version is not a literal: 'Odd::VERSION'"
            ])
    }

    static let lockFile = """
        GIT
          remote: https://github.com/rails/rails.git
          revision: 0123456789abcdef
          specs:
            rails (7.1.0.alpha)
              actionpack (= 7.1.0.alpha)

        GEM
          remote: https://rubygems.org/
          specs:
            nokogiri (1.15.4-x86_64-linux)
              racc (~> 1.4)
            racc (1.7.1)
            rack (2.2.8)

        PLATFORMS
          x86_64-linux

        DEPENDENCIES
          rack (~> 2.2)

        BUNDLED WITH
           2.4.10
        """

    @Test func gemfileLockAgreesWithBundler() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-gemfile")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("Gemfile.lock")
        try Self.lockFile.write(to: path, atomically: true, encoding: .utf8)
        // Bundler's parser (shipped with Debian's ruby) is the reference.
        try "".write(to: directory.appendingPathComponent("Gemfile"), atomically: true, encoding: .utf8)
        let reference = try runTool(
            "env",
            [
                "-C", directory.path, "ruby", "-rbundler", "-e",
                "Bundler::LockfileParser.new(File.read(ARGV[0])).specs.each { |s| puts \"#{s.name}\\t#{s.version}#{s.platform.to_s == 'ruby' ? '' : '-' + s.platform.to_s}\" }",
                path.path,
            ])
        let tree = FixtureTree.make(["/srv/app/Gemfile.lock": Self.lockFile])
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try GemfileLockCataloger().catalog(tree, context: context)
        #expect(context.warnings.isEmpty)
        #expect(
            packages.map { "\($0.name)\t\($0.version)" }.sorted()
                == reference.split(separator: "\n").map(String.init).sorted())
        #expect(packages.first { $0.name == "rack" }?.purl.description == "pkg:gem/rack@2.2.8")
        #expect(packages.allSatisfy { $0.locations.map(\.path) == ["/srv/app/Gemfile.lock"] })
    }

    @Test(arguments: [
        ("GEM\n  specs:\n    rack (2.2.8\n", "line 3 is not 'name (version)': 'rack (2.2.8'"),
        ("GEM\n  specs:\n    rack\n", "line 3 is not 'name (version)': 'rack'"),
        ("GEM\n  specs:\n    rack (2.2\u{0}.8)\n", "lock file contains binary data"),
    ]) func malformedGemfileLockIsAWarning(_ input: (String, String)) throws {
        let tree = FixtureTree.make(["/app/Gemfile.lock": input.0])
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try GemfileLockCataloger().catalog(tree, context: context)
        #expect(packages.isEmpty)
        #expect(context.warnings == ["cannot read '/app/Gemfile.lock': \(input.1)"])
    }
}

@Suite struct RubyLockLocationTests {
    /// A lock file inside an installed gem pins that gem's development tools (debian-bookworm's rbs has one).
    @Test func lockFilesInsideInstalledGemsAreNotTheImagesGems() throws {
        let lock = "GEM\n  specs:\n    steep (0.47.0)\n"
        let tree = FixtureTree.make([
            "/usr/lib/ruby/gems/3.1.0/gems/rbs-2.1.0/steep/Gemfile.lock": lock, "/srv/app/Gemfile.lock": lock,
        ])
        let cataloger = GemfileLockCataloger()
        let packages = try cataloger.catalog(tree, context: CatalogContext(distro: Distro(id: "debian")))
        #expect(packages.map { $0.locations.map(\.path) } == [["/srv/app/Gemfile.lock"]])
        #expect(
            !cataloger.wants(
                FileEntryInfo(
                    path: "/usr/lib/ruby/gems/3.1.0/gems/rbs-2.1.0/steep/Gemfile.lock", kind: .regular, size: 100,
                    mode: 0o644)))
    }
}
