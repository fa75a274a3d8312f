import Foundation
import TestSupport
import Testing

/// The built `plimsoll sbom` on real images, where every cataloger contributes (deb, gem, jar, npm, python,
/// Go): the CycloneDX and SPDX documents stay valid for the real validators.
@Suite struct SBOMImageValidityTests {
    private func sbom(_ image: String, format: String) throws -> [UInt8] {
        let cache = try SharedData.makeTemporaryDirectory("plimsoll-cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let layout = SharedData.images.appendingPathComponent("oci").appendingPathComponent(image).path
        let result = try ProcessRunner.run(
            ProcessRunner.plimsollBinary, ["sbom", "--quiet", "-o", format, "oci-dir:" + layout],
            environment: ["PLIMSOLL_CACHE_DIR": cache.path])
        #expect(result.status == 0, "\(result.error)")
        return Array(result.output.utf8)
    }

    @Test(arguments: ["debian-bookworm", "layered-whiteout", "distroless-like"])
    func cycloneDXAndSPDXOfWholeImagesAreValid(image: String) throws {
        let cycloneDX = try sbom(image, format: "cyclonedx-json")
        #expect(cycloneDX.count > 1000)
        #expect(try ReportFixtures.cycloneDXProblems(cycloneDX) == nil)
        let spdx = try sbom(image, format: "spdx-json")
        #expect(spdx.count > 1000)
        #expect(try ReportFixtures.spdxProblems(spdx) == nil)
    }
}
