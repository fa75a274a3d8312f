import Foundation
import Model
import Report
import Testing

@Suite struct PlimsollJSONTests {
    private func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func debianDocumentHasTheDocumentedValues() throws {
        let sbom = try ReportFixtures.sbom(pkgdb: "debian-10")
        let bytes = try SBOMPresenter.render(sbom, as: .json, options: ReportFixtures.options)
        let document = try object(bytes)
        #expect(document["schemaVersion"] as? String == "1")
        let descriptor = try #require(document["descriptor"] as? [String: Any])
        #expect(descriptor["name"] as? String == "plimsoll")
        #expect(descriptor["version"] as? String == "0.1.0-test")
        #expect(descriptor["timestamp"] as? String == "2026-12-03T17:00:00Z")
        let source = try #require(document["source"] as? [String: Any])
        #expect(source["scheme"] as? String == "oci-dir")
        #expect(source["manifestDigest"] as? String == "sha256:" + String(repeating: "ab", count: 32))
        #expect(source["configDigest"] == nil)
        let distro = try #require(document["distro"] as? [String: Any])
        #expect(distro["id"] as? String == "debian")
        #expect(distro["versionID"] as? String == "10")
        #expect(distro["codename"] as? String == "buster")
        let packages = try #require(document["packages"] as? [[String: Any]])
        #expect(packages.count == 84)
        let bsdutils = try #require(packages.first { $0["name"] as? String == "bsdutils" })
        #expect(bsdutils["version"] as? String == "1:2.33.1-0.1")
        #expect(bsdutils["type"] as? String == "deb")
        #expect(bsdutils["sourceName"] as? String == "util-linux")
        #expect(bsdutils["sourceVersion"] as? String == "2.33.1-0.1")
        #expect(bsdutils["architecture"] as? String == "amd64")
        #expect(bsdutils["foundBy"] as? String == "dpkg")
        #expect(bsdutils["layerIndex"] as? Int == 0)
        #expect(bsdutils["layerDigest"] as? String == "sha256:" + String(repeating: "cd", count: 32))
        #expect(
            bsdutils["purl"] as? String
                == "pkg:deb/debian/bsdutils@1:2.33.1-0.1?arch=amd64&distro=debian-10&upstream=util-linux%402.33.1-0.1")
        let locations = try #require(bsdutils["locations"] as? [[String: Any]])
        #expect(locations.first?["path"] as? String == "/var/lib/dpkg/status")
        #expect(locations.first?["layerIndex"] as? Int == 0)
        #expect(document["warnings"] as? [String] == [])
        // Sorted keys and a final newline: the bytes are stable.
        #expect(bytes.last == 0x0A)
        let text = String(decoding: bytes, as: UTF8.self)
        let keys = ["descriptor", "distro", "packages", "schemaVersion", "source", "warnings"]
        let offsets = keys.compactMap { text.range(of: "\n  \"\($0)\"")?.lowerBound }
        #expect(offsets.count == keys.count)
        #expect(offsets == offsets.sorted())
    }

    @Test func renderingIsDeterministic() throws {
        let sbom = try ReportFixtures.sbom(pkgdb: "alpine-3.10")
        for format in SBOMFormat.allCases {
            let first = try SBOMPresenter.render(sbom, as: format, options: ReportFixtures.options)
            let second = try SBOMPresenter.render(sbom, as: format, options: ReportFixtures.options)
            #expect(first == second, "\(format)")
        }
    }

    @Test func documentReadsBackToTheSameSBOM() throws {
        let sbom = try ReportFixtures.sbom(pkgdb: "alpine-3.7")
        let bytes = try SBOMPresenter.render(sbom, as: .json, options: ReportFixtures.options)
        let read = try PlimsollSBOMJSON.read(bytes)
        #expect(read.packages == sbom.packages)
        #expect(read.distro == sbom.distro)
        #expect(read.source == sbom.source)
        #expect(read.warnings == sbom.warnings)
    }

    @Test(arguments: [
        ("[1,2]", "not a plimsoll sbom document: the input is not a json object"),
        ("{}", "not a plimsoll sbom document: no 'schemaVersion' field"),
        ("{\"schemaVersion\":\"2\"}", "unsupported plimsoll sbom schemaVersion '2' (this build reads '1')"),
        ("{\"schemaVersion\":\"1\"}", "malformed plimsoll sbom document: missing field 'descriptor'"),
        ("\u{0}\u{1}garbage", "not a plimsoll sbom document: the input is not a json object"),
    ])
    func badDocumentsAreRejectedWithAClearMessage(input: String, message: String) {
        #expect(throws: ReportError.self) { try PlimsollSBOMJSON.read(Array(input.utf8)) }
        do {
            _ = try PlimsollSBOMJSON.read(Array(input.utf8))
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aBadPurlInsideIsNamedByItsPath() throws {
        let sbom = try ReportFixtures.sbom(pkgdb: "alpine-3.7")
        let text = try SBOMPresenter.renderString(sbom, as: .json, options: ReportFixtures.options)
        let broken = text.replacingOccurrences(of: "\"pkg:apk/alpine/alpine-baselayout@", with: "\"nonsense:")
        do {
            _ = try PlimsollSBOMJSON.read(Array(broken.utf8))
            Issue.record("a document with a bad purl was accepted")
        } catch {
            #expect(error.description.hasPrefix("packages[0].purl: 'nonsense:"))
        }
    }
}
