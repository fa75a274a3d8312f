import Catalog
import Foundation
import Model
import TestSupport
import Testing

@Suite struct RustCatalogerTests {
    static let dependencyJSON = """
        {"packages":[\
        {"name":"hello","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},\
        {"name":"serde","version":"1.0.188","source":"crates.io"},\
        {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"}]}
        """

    /// A real ELF (a copy of `true`) with a `.dep-v0` section holding `payload`, added by objcopy.
    static func auditableBinary(payload: [UInt8]) throws -> [UInt8] {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-cargo")
        defer { try? FileManager.default.removeItem(at: directory) }
        let section = directory.appendingPathComponent("dep-v0")
        try Data(payload).write(to: section)
        let binary = directory.appendingPathComponent("hello").path
        _ = try runTool(
            "objcopy",
            [
                "--add-section", ".dep-v0=\(section.path)", "--set-section-flags", ".dep-v0=noload,readonly",
                "/usr/bin/true", binary,
            ])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: binary)))
    }

    /// zlib-compresses `text` with Python's zlib (the format cargo-auditable writes).
    static func compress(_ data: String) throws -> [UInt8] {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-zlib")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in")
        try data.write(to: input, atomically: true, encoding: .utf8)
        _ = try runTool(
            "python3",
            [
                "-c", "import sys,zlib; open(sys.argv[2],'wb').write(zlib.compress(open(sys.argv[1],'rb').read()))",
                input.path, input.path + ".z",
            ])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: input.path + ".z")))
    }

    static func run(_ binary: [UInt8]) throws -> ([Package], [String]) {
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try CargoAuditableCataloger().catalog(
            binaryTree(["/usr/local/bin/hello": binary]), context: context)
        return (packages, context.warnings)
    }

    @Test func readsTheDependencyListWrittenPerTheFormat() throws {
        let binary = try Self.auditableBinary(payload: try Self.compress(Self.dependencyJSON))
        let (packages, warnings) = try Self.run(binary)
        #expect(warnings.isEmpty)
        #expect(
            packages.map(\.purl.description) == [
                "pkg:cargo/hello@0.1.0", "pkg:cargo/serde@1.0.188", "pkg:cargo/cc@1.0.83",
            ])
        #expect(packages.map { $0.metadata["source"] ?? "" } == ["local", "crates.io", "crates.io"])
        #expect(packages[0].metadata["root"] == "true")
        #expect(packages[2].metadata["kind"] == "build")
        #expect(packages.allSatisfy { $0.type == .rustCrate && $0.foundBy == "cargo-auditable-binary-cataloger" })
        #expect(packages.allSatisfy { $0.locations.map(\.path) == ["/usr/local/bin/hello"] })
    }

    @Test func binaryWithoutTheSectionHasNoCrates() throws {
        let (packages, warnings) = try Self.run([UInt8](try Data(contentsOf: URL(fileURLWithPath: "/usr/bin/true"))))
        #expect(packages.isEmpty && warnings.isEmpty)
    }

    @Test func corruptZlibStreamIsAWarning() throws {
        var payload = try Self.compress(Self.dependencyJSON)
        payload[payload.count / 2] ^= 0xFF
        payload[payload.count / 2 + 1] ^= 0xFF
        let (packages, warnings) = try Self.run(try Self.auditableBinary(payload: payload))
        #expect(packages.isEmpty)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("cannot read '/usr/local/bin/hello': ") == true)
        #expect(warnings.first?.contains("zlib") == true)
    }

    @Test func truncatedZlibStreamIsAWarning() throws {
        let payload = Array(try Self.compress(Self.dependencyJSON).prefix(20))
        let (packages, warnings) = try Self.run(try Self.auditableBinary(payload: payload))
        #expect(packages.isEmpty)
        #expect(warnings == ["cannot read '/usr/local/bin/hello': zlib stream is truncated"])
    }

    @Test func decompressionBombStopsAtTheLimit() throws {
        // 64 MiB of spaces compress to ~64 KB; inflation must stop at the 8 MiB cap.
        let bomb = String(repeating: " ", count: 64 << 20)
        let (packages, warnings) = try Self.run(try Self.auditableBinary(payload: try Self.compress(bomb)))
        #expect(packages.isEmpty)
        #expect(warnings == ["cannot read '/usr/local/bin/hello': zlib stream inflates past 8388608 bytes"])
    }

    @Test func jsonWithoutVersionsIsAWarning() throws {
        let payload = try Self.compress("{\"packages\":[{\"name\":\"serde\"}]}")
        let (packages, warnings) = try Self.run(try Self.auditableBinary(payload: payload))
        #expect(packages.isEmpty)
        #expect(
            warnings == [
                "cannot read '/usr/local/bin/hello': cargo-auditable dependency list is not valid: missing 'version' at packages.Index 0"
            ])
    }

    static let cargoLock = """
        # This file is automatically @generated by Cargo.
        version = 3

        [[package]]
        name = "hello"
        version = "0.1.0"
        dependencies = [
         "serde",
        ]

        [[package]]
        name = "serde"
        version = "1.0.188"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        checksum = "cf9e0fcba69a370eed61bcf2b728575f726b50b55cba78064753d708ddc7549e"

        [[package]]
        name = "cc"
        version = "1.0.83"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        checksum = "f1174fb0b6ec23863f8b971027804a42614e347eafb0a95bf0b12cdae21fc4d0"
        """

    @Test func cargoLockAgreesWithPythonTomllib() throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-cargolock")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("Cargo.lock")
        try Self.cargoLock.write(to: path, atomically: true, encoding: .utf8)
        let reference = try runTool(
            "python3",
            [
                "-c",
                "import sys,tomllib; [print(p['name'], p['version'], p.get('checksum','')) for p in tomllib.load(open(sys.argv[1],'rb'))['package']]",
                path.path,
            ])
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try CargoLockCataloger().catalog(
            FixtureTree.make(["/src/app/Cargo.lock": Self.cargoLock]), context: context)
        #expect(context.warnings.isEmpty)
        #expect(
            packages.map { "\($0.name) \($0.version) \($0.metadata["checksum"] ?? "")" }.joined(separator: "\n") + "\n"
                == reference)
        #expect(packages.map(\.foundBy) == Array(repeating: "rust-cargo-lock-cataloger", count: 3))
    }

    @Test(arguments: [
        ("[[package]]\nname = \"x\"\n", "[[package]] at line 1 has no name or version"),
        ("[[package]]\nname = \"x\nversion = \"1\"\n", "line 2: 'name' is not a string: '\"x'"),
    ]) func malformedCargoLockIsAWarning(_ input: (String, String)) throws {
        let context = CatalogContext(distro: Distro(id: "debian"))
        let packages = try CargoLockCataloger().catalog(
            FixtureTree.make(["/app/Cargo.lock": input.0]), context: context)
        #expect(packages.isEmpty)
        #expect(context.warnings == ["cannot read '/app/Cargo.lock': \(input.1)"])
    }
}
