import Foundation
import Model
import Report
import Testing

@Suite struct SBOMTableTests {
    @Test func alpinePackagesAreAlignedAndSortedByName() throws {
        let sbom = try ReportFixtures.sbom(pkgdb: "alpine-3.9")
        let text = try SBOMPresenter.renderString(sbom, as: .table, options: ReportFixtures.options)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 14 + 2)
        #expect(lines.last == "")
        // NAME is as wide as `ca-certificates-cacert`, VERSION as `20190108-r0`, plus two spaces each.
        #expect(lines[0] == "NAME                    VERSION      TYPE")
        #expect(lines[1] == "alpine-baselayout       3.1.0-r3     apk")
        #expect(lines.contains("ca-certificates-cacert  20190108-r0  apk"))
        #expect(lines.contains("musl                    1.1.20-r4    apk"))
        // Every row's VERSION and TYPE columns start where the header's do.
        let versionColumn = try #require(lines[0].range(of: "VERSION")).lowerBound.utf16Offset(in: lines[0])
        for line in lines.dropFirst().dropLast() {
            #expect(line.utf16.count > versionColumn)
            #expect(Array(line.utf16)[versionColumn - 1] == UInt16(UInt8(ascii: " ")))
            #expect(line.hasSuffix("  apk"))
        }
        let names = lines.dropFirst().dropLast().map { String($0.prefix(while: { $0 != " " })) }
        #expect(names == names.sorted())
    }

    @Test func controlCharactersFromTheImageAreNotPrinted() throws {
        let package = Package(
            name: "evil\u{1B}[2J", version: "1\u{7}", type: .apk, purl: PURL(type: "apk", name: "evil"), foundBy: "apk")
        let sbom = SBOM(source: ReportFixtures.source("x"), distro: Distro(id: "unknown"), packages: [package])
        let text = try SBOMPresenter.renderString(sbom, as: .table, options: ReportFixtures.options)
        #expect(text == "NAME      VERSION  TYPE\nevil?[2J  1?       apk\n")
    }

    @Test func emptySBOMSaysSo() throws {
        let sbom = SBOM(source: ReportFixtures.source("empty"), distro: Distro(id: "unknown"), packages: [])
        #expect(
            try SBOMPresenter.renderString(sbom, as: .table, options: ReportFixtures.options) == "No packages found\n")
    }

    @Test func formatNamesParseAndUnknownOnesAreUsageErrors() throws {
        #expect(try SBOMFormat(parsing: "cyclonedx-json") == .cyclonedxJSON)
        #expect(try SBOMFormat(parsing: "SPDX-JSON") == .spdxJSON)
        #expect(SBOMFormat.allCases.map(\.rawValue) == ["table", "json", "cyclonedx-json", "spdx-json"])
        #expect(throws: SBOMFormat.UnknownFormat.self) { try SBOMFormat(parsing: "xml") }
        do {
            _ = try SBOMFormat(parsing: "xml")
        } catch {
            #expect(
                error.description
                    == "unknown output format 'xml' (expected one of: table, json, cyclonedx-json, spdx-json)")
            #expect(error.exitCode == .usage)
        }
    }
}
