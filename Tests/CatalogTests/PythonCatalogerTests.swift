import Foundation
import Layers
import Model
import TestSupport
import Testing

@testable import Catalog

@Suite struct PythonCatalogerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/python")

    private func catalog(_ cataloger: any Cataloger, _ tree: FileTree) throws -> ([Package], [String]) {
        let context = CatalogContext(distro: Distro(id: "debian", versionID: "12"))
        return (try cataloger.catalog(tree, context: context), context.warnings)
    }

    /// Every installed distribution of debian-bookworm, as syft lists it (syft shows PEP 503 names; we keep the
    /// metadata's display name and put the normalised one in the purl, as syft does).
    @Test func debianBookwormMatchesSyft() throws {
        let tree = try OCILayerFixture.tree(
            image: "debian-bookworm", patterns: ["usr/local/lib/python3.11/*", "usr/lib/python3/*"])
        let (packages, warnings) = try catalog(PythonInstalledCataloger(), tree)
        #expect(warnings.isEmpty)
        let syft = try OCILayerFixture.syftRows(image: "debian-bookworm", type: "python")
        #expect(syft.count == 11)
        let ours = Set(
            packages.map { "\(PythonMetadata.normalize($0.name)) \($0.version) \($0.purl) \($0.locations.map(\.path))" }
        )
        let theirs = Set(syft.map { "\($0.name) \($0.version) \($0.purl) \($0.locations)" })
        #expect(ours == theirs)
        let django = try #require(packages.first { $0.name == "Django" })
        #expect(django.purl.description == "pkg:pypi/django@2.2")
        #expect(django.licenses == ["BSD"])
        #expect(django.files.contains("/usr/local/lib/python3.11/site-packages/django/__init__.py"))
        #expect(django.locations.first?.layerIndex == 2)
        #expect(django.layerDigest == tree.layerDigests[2])
        let requests = try #require(packages.first { $0.name == "requests" })
        #expect(requests.licenses == ["Apache 2.0"])
    }

    /// PITFALLS 18: layer 3 whites out urllib3 1.24.1's dist-info, layer 4 makes site-packages opaque without chardet.
    @Test func layeredWhiteoutKeepsOnlyTheSurvivors() throws {
        let tree = try OCILayerFixture.tree(image: "layered-whiteout", patterns: ["usr/local/lib/python3.9/*"])
        let (packages, _) = try catalog(PythonInstalledCataloger(), tree)
        #expect(
            Set(packages.map { "\($0.name) \($0.version)" })
                == ["requests 2.19.1", "urllib3 1.26.5", "idna 2.7", "certifi 2018.4.16"])
        let syft = try OCILayerFixture.syftRows(image: "layered-whiteout", type: "python")
        #expect(Set(packages.map(\.purl.description)) == Set(syft.map(\.purl)))
        #expect(packages.allSatisfy { $0.locations.allSatisfy { $0.layerIndex == 3 } })
    }

    /// syft runs no declared-dependency catalogers on images, so it does not list `/app/requirements.txt`; we do,
    /// as declared packages with their own `foundBy`. This is the file that decides the difference.
    @Test func debianBookwormRequirementsFileIsListedAsDeclared() throws {
        let tree = try OCILayerFixture.tree(image: "debian-bookworm", patterns: ["app/*"])
        let requirements = try #require(tree.contents(of: "/app/requirements.txt"))
        #expect(String(decoding: requirements, as: UTF8.self).hasPrefix("requests==2.19.1\nurllib3==1.24.1\n"))
        let (packages, warnings) = try catalog(PythonLockfileCataloger(), tree)
        #expect(warnings.isEmpty)
        #expect(packages.count == 11)
        #expect(packages.allSatisfy { $0.foundBy == "python-package-cataloger" })
        #expect(packages.first { $0.name == "PyYAML" }?.purl.description == "pkg:pypi/pyyaml@5.3")
    }

    @Test func eggInfoAndEggDirectories() throws {
        let tree = try FixtureTree.load(Self.fixtures.appendingPathComponent("egg"))
        let (packages, warnings) = try catalog(PythonInstalledCataloger(), tree)
        #expect(warnings.count == 2)
        #expect(
            warnings.contains(
                "python metadata '/usr/lib/python3.9/site-packages/broken-1.0.egg-info' has no Name or Version header; skipped"
            ))
        #expect(
            warnings.contains { $0.contains("python egg '/usr/lib/python3.9/site-packages/corrupt-0.1-py3.9.egg'") })
        #expect(packages.count == 4)
        let simplejson = try #require(packages.first { $0.name == "simplejson" })
        #expect(simplejson.version == "3.17.6")
        #expect(simplejson.licenses == ["MIT License"])
        #expect(simplejson.locations.map(\.path) == ["/usr/lib/python3.9/site-packages/simplejson-3.17.6-py3.9.egg"])
        let six = try #require(packages.first { $0.name == "six" })
        #expect(six.version == "1.16.0")
        #expect(six.licenses == ["MIT"])
        #expect(six.files.contains("/usr/lib/python3/dist-packages/six.py"))
        #expect(
            six.locations.map(\.path) == [
                "/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO",
                "/usr/lib/python3/dist-packages/six-1.16.0.egg-info/installed-files.txt",
                "/usr/lib/python3/dist-packages/six-1.16.0.egg-info/top_level.txt",
            ])
        let thing = try #require(packages.first { $0.name == "Thing_Lib" })
        #expect(thing.purl.description == "pkg:pypi/thing-lib@0.5")
        #expect(thing.licenses == ["BSD License"])
        let dateutil = try #require(packages.first { $0.name == "python-dateutil" })
        #expect(dateutil.licenses == ["Apache-2.0 OR BSD-3-Clause"])
        #expect(dateutil.locations.map(\.path) == ["/usr/lib/python3.9/site-packages/python_dateutil-2.8.2.egg-info"])
    }

    /// The pinned requirements agree with what Python's `packaging` parses from the same file.
    @Test func requirementsPinsMatchPackaging() throws {
        let file = Self.fixtures.appendingPathComponent("project/requirements-dev.txt")
        let reference = try ProcessRunner.run(
            "python3", [Self.fixtures.appendingPathComponent("pinned-requirements.py").path, file.path])
        try #require(reference.status == 0, "packaging failed: \(reference.error)")
        let expected = reference.output.split(separator: "\n").map(String.init)
        #expect(expected.count == 5)
        let ours = PythonLockfileCataloger.requirements([UInt8](try Data(contentsOf: file)))
        #expect(ours.map { "\($0.name)\t\($0.version)" } == expected)
    }

    @Test func pipfileAndPoetryLocks() throws {
        let tree = try FixtureTree.load(Self.fixtures.appendingPathComponent("project"))
        let (packages, warnings) = try catalog(PythonLockfileCataloger(), tree)
        #expect(warnings.isEmpty)
        let byFile = Dictionary(grouping: packages) { $0.locations.first?.path ?? "" }
        #expect(
            byFile["/Pipfile.lock"]?.map { "\($0.name) \($0.version)" } == [
                "flask 2.0.1", "zope.interface 5.4.0", "pytest 6.2.4",
            ])
        #expect(
            byFile["/poetry.lock"]?.map(\.purl.description) == [
                "pkg:pypi/certifi@2021.10.8", "pkg:pypi/typing-extensions@4.0.1",
            ])
        #expect(byFile["/requirements-dev.txt"]?.count == 5)
    }

    @Test func malformedLockFilesAreWarnings() throws {
        let tree = FixtureTree.make([
            "/srv/Pipfile.lock": "{\"default\": [1, 2",
            "/srv/poetry.lock": "[[package]]\nname = \"unterminated\nversion = 1\n",
            "/srv/requirements.txt": "==1.0\n[weird]==2\nok==\n\u{0}\u{1}==3\n",
        ])
        let (packages, warnings) = try catalog(PythonLockfileCataloger(), tree)
        #expect(packages.isEmpty)
        #expect(warnings == ["python lock file '/srv/Pipfile.lock' is not valid Pipfile.lock json; skipped"])
    }

    @Test(arguments: [
        ("Django", "django"), ("zope.interface", "zope-interface"), ("Typing__Extensions", "typing-extensions"),
        ("PyYAML", "pyyaml"), ("a-_.b", "a-b"),
    ])
    func pep503Normalisation(name: String, normalized: String) {
        #expect(PythonMetadata.normalize(name) == normalized)
    }

    @Test func wantsOnlyMetadataFiles() {
        let cataloger = PythonInstalledCataloger()
        func wants(_ path: String) -> Bool {
            cataloger.wants(FileEntryInfo(path: path, kind: .regular, size: 10, mode: 0o644))
        }
        #expect(wants("/usr/lib/python3/dist-packages/foo-1.0.dist-info/METADATA"))
        #expect(wants("/usr/lib/python3/dist-packages/foo-1.0.dist-info/RECORD"))
        #expect(!wants("/usr/lib/python3/dist-packages/foo-1.0.dist-info/LICENSE"))
        #expect(!wants("/usr/lib/python3/dist-packages/foo/METADATA"))
        #expect(wants("/usr/lib/python3/dist-packages/foo.egg-info"))
        #expect(wants("/x/foo-1.0-py3.9.egg/EGG-INFO/PKG-INFO"))
        #expect(wants("/x/foo-1.0-py3.9.egg"))
        #expect(!wants("/x/foo-1.0-py3.9.eggs"))
    }
}
