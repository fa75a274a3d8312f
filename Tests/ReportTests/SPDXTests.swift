import Foundation
import Model
import Report
import Testing

@Suite struct SPDXTests {
    private func render(_ sbom: SBOM, options: SBOMRenderOptions = ReportFixtures.options) throws -> [UInt8] {
        try SBOMPresenter.render(sbom, as: .spdxJSON, options: options)
    }

    @Test(arguments: ["debian-10", "alpine-3.9", "ubuntu-18.04"])
    func validSPDX23(pkgdb: String) throws {
        let problems = try ReportFixtures.spdxProblems(try render(try ReportFixtures.sbom(pkgdb: pkgdb)))
        #expect(problems == nil)
    }

    @Test func hostDatabaseWithAllItsLicensesIsValid() throws {
        let sbom = try ReportFixtures.hostSBOM()
        #expect(sbom.packages.contains { !$0.licenses.isEmpty })
        #expect(try ReportFixtures.spdxProblems(try render(sbom)) == nil)
    }

    @Test func packagesLicensesAndRelationships() throws {
        let sbom = try ReportFixtures.sbom(pkgdb: "alpine-3.9")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(try render(sbom))) as? [String: Any])
        #expect(document["spdxVersion"] as? String == "SPDX-2.3")
        #expect(document["dataLicense"] as? String == "CC0-1.0")
        let namespace = try #require(document["documentNamespace"] as? String)
        #expect(namespace.hasPrefix("https://plimsoll.invalid/spdx/example.test-alpine-3.9-1-"))
        let creation = try #require(document["creationInfo"] as? [String: Any])
        #expect(creation["created"] as? String == "2026-12-03T17:00:00Z")
        #expect(creation["creators"] as? [String] == ["Tool: plimsoll-0.1.0-test"])
        let packages = try #require(document["packages"] as? [[String: Any]])
        #expect(packages.count == 16)
        #expect(packages[0]["primaryPackagePurpose"] as? String == "CONTAINER")
        #expect(packages[1]["primaryPackagePurpose"] as? String == "OPERATING-SYSTEM")
        #expect(packages[1]["name"] as? String == "alpine")
        let musl = try #require(packages.first { $0["name"] as? String == "musl" })
        #expect(musl["versionInfo"] as? String == "1.1.20-r4")
        #expect(musl["licenseDeclared"] as? String == "MIT")
        let refs = try #require(musl["externalRefs"] as? [[String: String]])
        #expect(
            refs == [
                [
                    "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
                    "referenceLocator": "pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=alpine-3.9.4",
                ]
            ])
        let relationships = try #require(document["relationships"] as? [[String: String]])
        #expect(relationships.count == 1 + 15)
        #expect(relationships.filter { $0["relationshipType"] == "CONTAINS" }.count == 15)
    }

    @Test func debianShortNamesBecomeDeclaredLicenseRefs() throws {
        let package = Package(
            name: "dpkg", version: "1.21.22", type: .deb, purl: PURL(type: "deb", namespace: "debian", name: "dpkg"),
            licenses: ["BSD-2-clause", "GPL-2", "GPL-2+", "MIT", "public-domain-s-s-d"], foundBy: "dpkg")
        let sbom = SBOM(
            source: ReportFixtures.source("x"), distro: Distro(id: "debian", versionID: "12"), packages: [package])
        let bytes = try render(sbom)
        #expect(try ReportFixtures.spdxProblems(bytes) == nil)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let packages = try #require(document["packages"] as? [[String: Any]])
        #expect(
            packages.last?["licenseDeclared"] as? String
                == "LicenseRef-BSD-2-clause AND LicenseRef-GPL-2 AND LicenseRef-GPL-2- AND MIT AND LicenseRef-public-domain-s-s-d"
        )
        let extracted = try #require(document["hasExtractedLicensingInfos"] as? [[String: String]])
        #expect(
            extracted.map { $0["extractedText"] ?? "" } == ["BSD-2-clause", "GPL-2", "GPL-2+", "public-domain-s-s-d"])
    }

    @Test func spdxExpressionsOfKnownIDsAreKept() throws {
        let package = Package(
            name: "x", version: "1", type: .apk, purl: PURL(type: "apk", name: "x"),
            licenses: ["MIT AND BSD-3-Clause", "GPL-2.0-or-later WITH Classpath-exception-2.0"], foundBy: "apk")
        let sbom = SBOM(source: ReportFixtures.source("x"), distro: Distro(id: "unknown"), packages: [package])
        let bytes = try render(sbom)
        #expect(try ReportFixtures.spdxProblems(bytes) == nil)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text.contains(
                "\"licenseDeclared\" : \"(MIT AND BSD-3-Clause) AND (GPL-2.0-or-later WITH Classpath-exception-2.0)\""))
    }

    @Test func injectedNamespaceIsUsed() throws {
        var options = ReportFixtures.options
        options.documentNamespace = "https://example.test/sboms/1"
        let sbom = try ReportFixtures.sbom(pkgdb: "alpine-3.7")
        let text = String(decoding: try render(sbom, options: options), as: UTF8.self)
        #expect(text.contains("\"documentNamespace\" : \"https://example.test/sboms/1\""))
    }
}
