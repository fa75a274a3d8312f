import Catalog
import Foundation
import Layers
import Model
import Report
import TestSupport
import Testing

/// Real SBOMs for the report tests, made by the real catalogers from the shared package databases.
enum ReportFixtures {
    /// 2026-12-03T17:00:00Z, so documents are byte-for-byte reproducible.
    static let timestamp = Date(timeIntervalSince1970: 1_796_317_200)
    static let options = SBOMRenderOptions(toolVersion: "0.1.0-test", timestamp: timestamp)

    static let manifestDigest = Digest(algorithm: "sha256", hex: String(repeating: "ab", count: 32))
    static let layerDigest = Digest(algorithm: "sha256", hex: String(repeating: "cd", count: 32))

    /// The image description the SBOMs claim to come from.
    static func source(_ name: String) -> ImageDescription {
        ImageDescription(
            userInput: "oci-dir:/images/\(name)", scheme: "oci-dir", fullTag: "example.test/\(name):1",
            manifestDigest: manifestDigest, layerDigests: [layerDigest], platform: "linux/amd64")
    }

    /// A pkgdb folder of `../shared/feeds/pkgdb` laid out as a one-layer root file system and cataloged.
    static func sbom(pkgdb name: String) throws -> SBOM {
        let folder = SharedData.feeds.appendingPathComponent("pkgdb").appendingPathComponent(name)
        var tree = FileTree(layerDigests: [layerDigest])
        func put(_ path: String, _ url: URL) throws {
            let bytes = [UInt8](try Data(contentsOf: url))
            tree.insert(path, FileNode(kind: .regular, size: Int64(bytes.count), contents: bytes))
        }
        try put("/etc/os-release", folder.appendingPathComponent("os-release"))
        let manager = FileManager.default
        for entry in try manager.contentsOfDirectory(atPath: folder.path) {
            switch entry {
            case "status", "valid": try put(DpkgCataloger.statusPath, folder.appendingPathComponent(entry))
            case "installed": try put("/lib/apk/db/installed", folder.appendingPathComponent(entry))
            default: continue
            }
        }
        return Cataloging.run(tree: tree, source: source(name))
    }

    /// The host's own dpkg database with every package's copyright file: hundreds of real license strings.
    static func hostSBOM() throws -> SBOM {
        var tree = FileTree(layerDigests: [layerDigest])
        func put(_ path: String) {
            guard let data = FileManager.default.contents(atPath: path) else { return }
            tree.insert(path, FileNode(kind: .regular, size: Int64(data.count), contents: [UInt8](data)))
        }
        put("/etc/os-release")
        put(DpkgCataloger.statusPath)
        for name in try FileManager.default.contentsOfDirectory(atPath: "/usr/share/doc") {
            put("/usr/share/doc/\(name)/copyright")
        }
        return Cataloging.run(tree: tree, source: source("host"))
    }

    /// Writes `bytes` to a fresh temp file named `name` and runs `check` on its path.
    static func withTemporaryFile<T>(_ name: String, _ bytes: [UInt8], _ check: (String) throws -> T) throws -> T {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-report")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return try check(url.path)
    }

    /// Validates a CycloneDX document with cyclonedx-python-lib's strict JSON validator (the CycloneDX 1.6
    /// schema files it ships, with their SPDX and JSF sub-schemas resolved offline).
    static func cycloneDXProblems(_ bytes: [UInt8]) throws -> String? {
        try withTemporaryFile("bom.cdx.json", bytes) { path in
            let program = """
                import sys
                from cyclonedx.schema import SchemaVersion
                from cyclonedx.validation.json import JsonStrictValidator
                error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(open(sys.argv[1]).read())
                print(error if error else "valid")
                sys.exit(1 if error else 0)
                """
            let result = try ProcessRunner.run("python3", ["-c", program, path])
            return result.status == 0 ? nil : result.output + result.error
        }
    }

    /// Validates with check-jsonschema against the CycloneDX 1.6 schema file shipped in cyclonedx-python-lib.
    static func checkJSONSchemaProblems(_ bytes: [UInt8]) throws -> String? {
        let located = try ProcessRunner.run(
            "python3", ["-c", "import cyclonedx.schema._res as r, os; print(os.path.dirname(r.__file__))"])
        let schemas = located.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return try withTemporaryFile("bom.cdx.json", bytes) { path in
            let result = try ProcessRunner.run(
                "check-jsonschema",
                [
                    // The schema's $id is cyclonedx.org: resolve its spdx/jsf $refs from the shipped files instead.
                    "--base-uri", "file://" + schemas + "/bom-1.6.SNAPSHOT.schema.json",
                    "--schemafile", schemas + "/bom-1.6.SNAPSHOT.schema.json", path,
                ])
            return result.status == 0 ? nil : result.output + result.error
        }
    }

    /// Validates an SPDX document with spdx-tools' `pyspdxtools -i` (parses and validates SPDX 2.3).
    static func spdxProblems(_ bytes: [UInt8]) throws -> String? {
        try withTemporaryFile("sbom.spdx.json", bytes) { path in
            let result = try ProcessRunner.run("pyspdxtools", ["-i", path])
            return result.status == 0 ? nil : result.output + result.error
        }
    }
}
