import Catalog
import Foundation
import Testing

@Suite struct ELFFileTests {
    @Test func readsSectionsOfARealBinaryLikeReadelf() throws {
        let path = "/usr/bin/docker-registry"
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let elf = try ELFFile(bytes, path: path)
        #expect(elf.is64Bit && elf.isLittleEndian && elf.machine == 62)
        // readelf -S is the reference for names, offsets and sizes.
        let readelf = try runTool("readelf", ["-S", "-W", path])
        for name in [".go.buildinfo", ".rodata", ".noptrdata", ".data"] {
            let line = try #require(readelf.split(separator: "\n").first { $0.contains(" \(name) ") })
            let fields = line.split(separator: "]")[1].split(separator: " ")
            let section = try #require(elf.section(named: name))
            #expect(section.address == UInt64(fields[2], radix: 16))
            #expect(section.offset == UInt64(fields[3], radix: 16))
            #expect(section.size == UInt64(fields[4], radix: 16))
        }
    }

    @Test func findsSymbolsOfAnUnstrippedBinary() throws {
        let builder = ELFTestBuilder(sections: [
            .init(name: ".strtab", type: 3, bytes: Array("\0main.version\0other\0".utf8)),
            .init(
                name: ".symtab", type: 2,
                bytes: [UInt8](repeating: 0, count: 24) + le(1, 4) + [0x11, 0] + le(1, 2) + le(0x401000, 8) + le(16, 8),
                link: 1),
        ])
        let elf = try ELFFile(builder.build(), path: "/t")
        let symbols = try elf.symbols()
        #expect(symbols.count == 2)
        #expect(symbols[1].name == "main.version" && symbols[1].value == 0x401000 && symbols[1].size == 16)
    }

    @Test func rejectsTruncatedFiles() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "/usr/bin/docker-registry")).prefix(4096))
        let error = #expect(throws: ELFError.self) { try ELFFile(bytes, path: "/usr/bin/cut") }
        #expect(error?.description.contains("'/usr/bin/cut'") == true)
        #expect(error?.reason.contains("past the end of the file") == true)
        #expect(throws: ELFError.self) { try ELFFile([0x7F, 0x45, 0x4C, 0x46, 2, 1], path: "/short") }
        #expect(throws: ELFError.self) { try ELFFile(Array("#!/bin/sh\necho hi\n".utf8), path: "/script") }
    }

    @Test func rejectsSectionTablesThatClaimMoreThanTheFileHolds() throws {
        var bytes = ELFTestBuilder(sections: [.init(name: ".data", bytes: [1, 2, 3])]).build()
        bytes[60] = 0xFF  // e_shnum = 0xFF03
        let error = #expect(throws: ELFError.self) { try ELFFile(bytes, path: "/lying") }
        #expect(error?.reason.contains("claims") == true)
    }

    @Test func reportsSectionsWhoseDataLiesOutsideTheFile() throws {
        let builder = ELFTestBuilder(sections: [.init(name: ".go.buildinfo", bytes: [1, 2, 3, 4])])
        var bytes = builder.build()
        // Patch the first real section header's sh_offset to far beyond the file.
        let sectionTable = Int(ByteReader(bytes).u64(40) ?? 0)
        bytes.replaceSubrange((sectionTable + 64 + 24)..<(sectionTable + 64 + 32), with: le(1 << 40, 8))
        let elf = try ELFFile(bytes, path: "/lying")
        let section = try #require(elf.section(named: ".go.buildinfo"))
        let error = #expect(throws: ELFError.self) { try elf.data(of: section) }
        #expect(error?.reason.contains("lies outside") == true)
    }

    @Test func mapsAddressesThroughLoadSegments() throws {
        let builder = ELFTestBuilder(sections: [.init(name: ".data", bytes: Array("hello".utf8))])
        let elf = try ELFFile(builder.build(), path: "/t")
        #expect(elf.bytes(atAddress: builder.address(ofSection: 0), count: 5).map(Array.init) == Array("hello".utf8))
        #expect(elf.bytes(atAddress: 0x10, count: 5) == nil)
        #expect(elf.bytes(atAddress: builder.address(ofSection: 0), count: 1 << 30) == nil)
    }
}
