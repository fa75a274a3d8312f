import Catalog
import Foundation
import Model
import Testing

/// Hostile bytes: thousands of deterministic single- and multi-byte corruptions of small Go and Rust ELF files.
/// Each must end in packages or a warning, never a crash, a hang or an unbounded allocation.
@Suite struct ELFMutationTests {
    /// A small ELF with inline (Go ≥ 1.18) build info and a `main.version` symbol.
    static func goELF() -> [UInt8] {
        let modinfo =
            Array("0123456789abcdef".utf8)
            + Array("path\tex.com/m\nmod\tex.com/m\t(devel)\t\ndep\tgolang.org/x/text\tv0.3.7\th1:x=\n".utf8)
            + Array("0123456789abcdef".utf8)
        var info = GoBuildInfoReader.magic + [8, 2] + [UInt8](repeating: 0, count: 16)
        info += [8] + Array("go1.21.5".utf8) + [UInt8(modinfo.count)] + modinfo
        var builder = ELFTestBuilder(sections: [
            .init(name: ".go.buildinfo", bytes: info),
            .init(name: ".rodata", bytes: Array("1.4.2".utf8)),
            .init(name: ".data", bytes: [UInt8](repeating: 0, count: 16)),
            .init(name: ".strtab", type: 3, bytes: Array("\0main.version\0".utf8)),
            .init(name: ".symtab", type: 2, bytes: [], link: 4),
        ])
        builder.sections[2].bytes = le(builder.address(ofSection: 1), 8) + le(5, 8)
        builder.sections[4].bytes =
            [UInt8](repeating: 0, count: 24) + le(1, 4) + [0x11, 0] + le(3, 2) + le(builder.address(ofSection: 2), 8)
            + le(16, 8)
        return builder.build()
    }

    @Test func theUnmutatedFileIsRead() throws {
        let context = CatalogContext(distro: Distro(id: "x"))
        let packages = try GoBinaryCataloger().catalog(binaryTree(["/bin/m": Self.goELF()]), context: context)
        #expect(context.warnings.isEmpty)
        #expect(
            packages.map { "\($0.name)@\($0.version)" } == [
                "golang.org/x/text@v0.3.7", "ex.com/m@v1.4.2", "stdlib@go1.21.5",
            ])
        #expect(packages[1].metadata["mainVersionSource"] == "symbol")
    }

    @Test func mutationsNeverCrash() throws {
        let original = Self.goELF()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var outcomes = (packages: 0, warnings: 0, nothing: 0)
        for round in 0..<3000 {
            var bytes = original
            for _ in 0..<(1 + round % 4) {
                let position = next() % bytes.count
                bytes[position] = round % 3 == 0 ? 0xFF : UInt8(truncatingIfNeeded: next())
            }
            if round % 50 == 0 { bytes = Array(bytes.prefix(next() % bytes.count)) }
            let context = CatalogContext(distro: Distro(id: "x"))
            let tree = binaryTree(["/bin/m": bytes])
            let found =
                try GoBinaryCataloger().catalog(tree, context: context)
                + (try CargoAuditableCataloger().catalog(tree, context: context))
                + (try BinaryClassifierCataloger().catalog(tree, context: context))
            if !found.isEmpty { outcomes.packages += 1 }
            if !context.warnings.isEmpty { outcomes.warnings += 1 }
            if found.isEmpty && context.warnings.isEmpty { outcomes.nothing += 1 }
        }
        // Most corruptions miss the structures that matter; a good share must be caught and reported.
        #expect(outcomes.packages > 1000)
        #expect(outcomes.warnings > 100)
    }
}
