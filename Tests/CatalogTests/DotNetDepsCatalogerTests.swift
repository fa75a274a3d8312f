import Catalog
import Foundation
import Model
import TestSupport
import Testing

@Suite struct DotNetDepsCatalogerTests {
    static let deps = """
        {
          "runtimeTarget": {"name": ".NETCoreApp,Version=v6.0", "signature": ""},
          "compilationOptions": {},
          "targets": {
            ".NETCoreApp,Version=v6.0": {
              "webapp/1.0.0": {"dependencies": {"Newtonsoft.Json": "13.0.1"}, "runtime": {"webapp.dll": {}}},
              "Newtonsoft.Json/13.0.1": {"runtime": {"lib/netstandard2.0/Newtonsoft.Json.dll": {}}}
            }
          },
          "libraries": {
            "webapp/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
            "Newtonsoft.Json/13.0.1": {
              "type": "package",
              "serviceable": true,
              "sha512": "sha512-ppPFpBcvxdsfUonNcvITKqLl3bqxWbDCZIzDWHzjpdAHRFfZe0Dw9HmA0+za13IdyrgJwpkDTDA9fHaxOrt20A==",
              "path": "newtonsoft.json/13.0.1",
              "hashPath": "newtonsoft.json.13.0.1.nupkg.sha512"
            }
          }
        }
        """

    @Test func librariesOfADepsFile() throws {
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try DotNetDepsCataloger().catalog(
            FixtureTree.make(["/app/webapp.deps.json": Self.deps]), context: context)
        #expect(context.warnings.isEmpty)
        // Python's json module is the reference for the library keys.
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-deps")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("webapp.deps.json")
        try Self.deps.write(to: path, atomically: true, encoding: .utf8)
        let reference = try runTool(
            "python3",
            ["-c", "import json,sys; [print(k) for k in sorted(json.load(open(sys.argv[1]))['libraries'])]", path.path])
        #expect(packages.map { "\($0.name)/\($0.version)" }.joined(separator: "\n") + "\n" == reference)
        let newtonsoft = try #require(packages.first { $0.name == "Newtonsoft.Json" })
        #expect(newtonsoft.purl.description == "pkg:nuget/Newtonsoft.Json@13.0.1")
        #expect(newtonsoft.metadata["sha512"]?.hasPrefix("sha512-ppPFpBcv") == true)
        #expect(newtonsoft.metadata["type"] == "package")
        #expect(packages.allSatisfy { $0.foundBy == "dotnet-deps-cataloger" && $0.type == .dotnet })
    }

    @Test(arguments: [
        ("{\"libraries\": {\"NoVersion\": {}}}", "library key 'NoVersion' is not 'Name/Version'"),
        ("{\"libraries\": []}", "deps file is not valid: wrong type at 'libraries'"),
        ("[1, 2", "deps file is not valid: malformed json"),
    ]) func malformedDepsFileIsAWarning(_ input: (String, String)) throws {
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try DotNetDepsCataloger().catalog(
            FixtureTree.make(["/app/x.deps.json": input.0]), context: context)
        #expect(packages.isEmpty)
        #expect(context.warnings.count == 1)
        #expect(context.warnings.first?.hasPrefix("cannot read '/app/x.deps.json': \(input.1)") == true)
    }
}
