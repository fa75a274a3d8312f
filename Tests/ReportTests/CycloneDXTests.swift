import Foundation
import Model
import Report
import Testing

@Suite struct CycloneDXTests {
    private func render(_ sbom: SBOM, options: SBOMRenderOptions = ReportFixtures.options) throws -> [UInt8] {
        try SBOMPresenter.render(sbom, as: .cyclonedxJSON, options: options)
    }

    @Test(arguments: ["debian-10", "alpine-3.9", "ubuntu-18.04"])
    func validAgainstTheCycloneDX16Schema(pkgdb: String) throws {
        let bytes = try render(try ReportFixtures.sbom(pkgdb: pkgdb))
        let strict = try ReportFixtures.cycloneDXProblems(bytes)
        #expect(strict == nil)
        let schema = try ReportFixtures.checkJSONSchemaProblems(bytes)
        #expect(schema == nil)
    }

    @Test func hostDatabaseWithAllItsLicensesIsValid() throws {
        let sbom = try ReportFixtures.hostSBOM()
        #expect(sbom.packages.count > 100)
        #expect(try ReportFixtures.cycloneDXProblems(try render(sbom)) == nil)
    }

    @Test func componentsCarryPurlLicensesAndProperties() throws {
        let sbom = try ReportFixtures.sbom(pkgdb: "alpine-3.9")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(try render(sbom))) as? [String: Any])
        #expect(document["bomFormat"] as? String == "CycloneDX")
        #expect(document["specVersion"] as? String == "1.6")
        let serial = try #require(document["serialNumber"] as? String)
        #expect(
            serial.wholeMatch(of: /urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil
        )
        let metadata = try #require(document["metadata"] as? [String: Any])
        #expect(metadata["timestamp"] as? String == "2026-12-03T17:00:00Z")
        let image = try #require(metadata["component"] as? [String: Any])
        #expect(image["type"] as? String == "container")
        #expect(image["name"] as? String == "example.test/alpine-3.9:1")
        let components = try #require(document["components"] as? [[String: Any]])
        #expect(components.count == 15)
        let os = try #require(components.first)
        #expect(os["type"] as? String == "operating-system")
        #expect(os["name"] as? String == "alpine")
        #expect(os["version"] as? String == "3.9.4")
        let musl = try #require(components.first { $0["name"] as? String == "musl" })
        #expect(musl["type"] as? String == "library")
        #expect(musl["version"] as? String == "1.1.20-r4")
        #expect(musl["purl"] as? String == "pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=alpine-3.9.4")
        let licenses = try #require(musl["licenses"] as? [[String: [String: String]]])
        #expect(licenses == [["license": ["id": "MIT"]]])
        let properties = try #require(musl["properties"] as? [[String: String]])
        #expect(properties.contains(["name": "plimsoll:package:sourceName", "value": "musl"]))
        #expect(properties.contains(["name": "plimsoll:location:0:path", "value": "/lib/apk/db/installed"]))
        #expect(
            properties.contains([
                "name": "plimsoll:metadata:commit", "value": "924ee86d730895b7e33788d02187ff4e8cd25461",
            ]))
        // A license that is not a current SPDX id (`GPL-2.0` is deprecated) is a name.
        let busybox = try #require(components.first { $0["name"] as? String == "busybox" })
        #expect(busybox["licenses"] as? [[String: [String: String]]] == [["license": ["name": "GPL-2.0"]]])
        let refs = components.compactMap { $0["bom-ref"] as? String }
        #expect(Set(refs).count == components.count)
        let dependencies = try #require(document["dependencies"] as? [[String: Any]])
        #expect((dependencies.first?["dependsOn"] as? [String])?.count == 15)
    }

    @Test func serialNumberIsInjectableAndOtherwiseDependsOnTime() throws {
        let sbom = try ReportFixtures.sbom(pkgdb: "alpine-3.7")
        var options = ReportFixtures.options
        options.serialNumber = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
        let injected = String(decoding: try render(sbom, options: options), as: UTF8.self)
        #expect(injected.contains("\"serialNumber\" : \"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\""))
        let now = String(decoding: try render(sbom), as: UTF8.self)
        var later = ReportFixtures.options
        later.timestamp = ReportFixtures.timestamp.addingTimeInterval(1)
        let oneSecondLater = String(decoding: try render(sbom, options: later), as: UTF8.self)
        func serial(_ text: String) -> String? {
            text.firstMatch(of: /"serialNumber" : "([^"]+)"/).map { String($0.1) }
        }
        #expect(serial(now) != nil)
        #expect(serial(now) != serial(oneSecondLater))
    }

    @Test func hostileNamesAndLicensesStillValidate() throws {
        let packages = [
            Package(
                name: "evil\u{1B}[2J\"name", version: "1 2", type: .apk, purl: PURL(type: "apk", name: "evil"),
                licenses: ["GPL2+ <script>", "MIT", ""], locations: [Location(path: "/lib/apk/db/installed")],
                foundBy: "apk"),
            Package(
                name: "evil\u{1B}[2J\"name", version: "1 2", type: .apk, purl: PURL(type: "apk", name: "evil"),
                locations: [Location(path: "/lib/apk/db/installed")], foundBy: "apk"),
        ]
        let sbom = SBOM(source: ReportFixtures.source("x"), distro: Distro(id: "unknown"), packages: packages)
        #expect(try ReportFixtures.cycloneDXProblems(try render(sbom)) == nil)
    }
}
