/// One section header of an ELF file.
public struct ELFSection: Hashable, Sendable {
    /// The section name from the section-header string table, e.g. `.go.buildinfo`.
    public var name: String
    /// `sh_type` (1 = PROGBITS, 2 = SYMTAB, 8 = NOBITS, 11 = DYNSYM, …).
    public var type: UInt32
    /// The virtual address the section is loaded at (0 when not loaded).
    public var address: UInt64
    /// Where the section's bytes start in the file.
    public var offset: UInt64
    /// The section's size in bytes (in memory; NOBITS sections have no file bytes).
    public var size: UInt64
    /// `sh_link`: for symbol tables, the index of their string table.
    public var link: UInt32

    /// Section type of sections without file bytes (`.bss`).
    public static let typeNoBits: UInt32 = 8
}

/// One loadable program segment (`PT_LOAD`), for mapping virtual addresses to file offsets.
public struct ELFSegment: Hashable, Sendable {
    public var virtualAddress: UInt64
    public var offset: UInt64
    public var fileSize: UInt64
}

/// A symbol from `.symtab` (or `.dynsym`).
public struct ELFSymbol: Hashable, Sendable {
    public var name: String
    /// The symbol's value: for data symbols, its virtual address.
    public var value: UInt64
    public var size: UInt64
    /// The section the symbol is defined in (0 = undefined).
    public var sectionIndex: UInt16
}

/// A bounds-checked reader of ELF32/ELF64 files held in memory: headers, sections, segments, symbols.
///
/// Nothing is trusted: every offset and count from the file is checked against the buffer before use, and
/// tables are capped so a lying header cannot make the reader allocate or loop without bound.
public struct ELFFile: Sendable {
    /// The file's bytes (shared with the caller, never copied).
    public let bytes: [UInt8]
    /// The image path, for error messages.
    public let path: String
    /// Whether the file is ELF64 (otherwise ELF32).
    public let is64Bit: Bool
    /// Whether the file is little-endian.
    public let isLittleEndian: Bool
    /// `e_machine` (62 = x86-64, 183 = AArch64, 3 = i386, 40 = ARM, …).
    public let machine: UInt16
    /// Every section header, in file order (index 0 is the null section).
    public let sections: [ELFSection]
    /// The `PT_LOAD` program segments.
    public let segments: [ELFSegment]

    /// The most section headers accepted (`e_shnum` is 16-bit; extended numbering is capped here).
    public static let maximumSections = 65_536
    /// The most symbols read from one table.
    public static let maximumSymbols = 2_000_000

    /// Whether `bytes` start with the ELF magic `\x7fELF`.
    public static func hasMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x7F && bytes[1] == 0x45 && bytes[2] == 0x4C && bytes[3] == 0x46
    }

    /// Parses the ELF header, section headers and program headers of `bytes`.
    public init(_ bytes: [UInt8], path: String) throws(ELFError) {
        self.bytes = bytes
        self.path = path
        guard Self.hasMagic(bytes) else { throw ELFError(path: path, reason: "no elf magic") }
        guard bytes.count >= 52 else { throw ELFError(path: path, reason: "truncated header (\(bytes.count) bytes)") }
        switch bytes[4] {
        case 1: is64Bit = false
        case 2: is64Bit = true
        default: throw ELFError(path: path, reason: "unknown elf class \(bytes[4])")
        }
        switch bytes[5] {
        case 1: isLittleEndian = true
        case 2: isLittleEndian = false
        default: throw ELFError(path: path, reason: "unknown data encoding \(bytes[5])")
        }
        let reader = ByteReader(bytes, littleEndian: isLittleEndian)
        guard !is64Bit || bytes.count >= 64 else {
            throw ELFError(path: path, reason: "truncated header (\(bytes.count) bytes)")
        }
        let word = is64Bit ? 8 : 4
        // Header field offsets differ between the classes only by the width of the three address fields.
        let entryEnd = 24 + 3 * word
        guard let machine = reader.u16(18),
            let programOffset = reader.uint(at: 24 + word, width: word),
            let sectionOffset = reader.uint(at: 24 + 2 * word, width: word),
            let programEntrySize = reader.u16(entryEnd + 6),
            let programCount = reader.u16(entryEnd + 8),
            let sectionEntrySize = reader.u16(entryEnd + 10),
            let sectionCount16 = reader.u16(entryEnd + 12),
            let nameIndex16 = reader.u16(entryEnd + 14)
        else { throw ELFError(path: path, reason: "truncated header") }
        self.machine = machine

        var sections: [RawSection] = []
        if sectionOffset != 0 {
            let expectedSize = is64Bit ? 64 : 40
            guard Int(sectionEntrySize) >= expectedSize else {
                throw ELFError(path: path, reason: "section header size \(sectionEntrySize) is too small")
            }
            guard sectionOffset < UInt64(bytes.count) else {
                throw ELFError(path: path, reason: "section header offset \(sectionOffset) is past the end of the file")
            }
            let tableStart = Int(sectionOffset)
            let rawHeaders = Self.readSections(
                reader, at: tableStart, entrySize: Int(sectionEntrySize), is64Bit: is64Bit, count: 1)
            // Extended numbering: with e_shnum 0 the count lives in section 0's sh_size (and the name index in sh_link).
            var count = Int(sectionCount16)
            var nameIndex = Int(nameIndex16)
            if count == 0, let first = rawHeaders.first {
                count = Int(min(first.size, UInt64(Self.maximumSections)))
            }
            if nameIndex == 0xFFFF, let first = rawHeaders.first { nameIndex = Int(first.link) }
            let available = (bytes.count - tableStart) / Int(sectionEntrySize)
            guard count <= available else {
                throw ELFError(
                    path: path,
                    reason: "section header table claims \(count) entries at offset \(sectionOffset) but only "
                        + "\(available) fit in \(bytes.count) bytes")
            }
            sections = Self.readSections(
                reader, at: tableStart, entrySize: Int(sectionEntrySize), is64Bit: is64Bit, count: count)
            if nameIndex > 0, nameIndex < sections.count {
                let names = sections[nameIndex]
                for index in sections.indices {
                    let nameOffset = sections[index].nameOffset
                    if names.offset <= UInt64(Int.max), nameOffset < names.size {
                        let start = Int(names.offset) + Int(nameOffset)
                        sections[index].name = reader.cString(at: start, limit: 256) ?? ""
                    }
                }
            }
        }
        self.sections = sections.map {
            ELFSection(
                name: $0.name, type: $0.type, address: $0.address, offset: $0.offset, size: $0.size, link: $0.link)
        }

        var segments: [ELFSegment] = []
        let programSize = is64Bit ? 56 : 32
        if programOffset != 0, programOffset < UInt64(bytes.count), Int(programEntrySize) >= programSize {
            let start = Int(programOffset)
            let available = (bytes.count - start) / Int(programEntrySize)
            for index in 0..<min(Int(programCount), available) {
                let base = start + index * Int(programEntrySize)
                guard reader.u32(base) == 1 else { continue }  // PT_LOAD
                let segment: ELFSegment?
                if is64Bit {
                    segment = zip3(reader.u64(base + 8), reader.u64(base + 16), reader.u64(base + 32)).map {
                        ELFSegment(virtualAddress: $0.1, offset: $0.0, fileSize: $0.2)
                    }
                } else {
                    segment = zip3(reader.u32(base + 4), reader.u32(base + 8), reader.u32(base + 16)).map {
                        ELFSegment(virtualAddress: UInt64($0.1), offset: UInt64($0.0), fileSize: UInt64($0.2))
                    }
                }
                if let segment { segments.append(segment) }
            }
        }
        self.segments = segments
    }

    /// A reader over the file with its byte order.
    public var reader: ByteReader { ByteReader(bytes, littleEndian: isLittleEndian) }

    /// The pointer size of the file's class.
    public var pointerSize: Int { is64Bit ? 8 : 4 }

    /// The first section called `name`.
    public func section(named name: String) -> ELFSection? {
        sections.first { $0.name == name }
    }

    /// The file bytes of `section`; empty for NOBITS sections; an error when they lie outside the file.
    public func data(of section: ELFSection) throws(ELFError) -> ArraySlice<UInt8> {
        if section.type == ELFSection.typeNoBits { return [] }
        guard section.offset <= UInt64(bytes.count), section.size <= UInt64(bytes.count) - section.offset else {
            throw ELFError(
                path: path,
                reason: "section '\(section.name)' (offset \(section.offset), size \(section.size)) lies outside the "
                    + "\(bytes.count)-byte file")
        }
        return bytes[Int(section.offset)..<Int(section.offset + section.size)]
    }

    /// The file offset holding virtual address `address`, through the load segments (then sections), or nil.
    public func fileOffset(ofAddress address: UInt64) -> Int? {
        for segment in segments
        where address >= segment.virtualAddress && address - segment.virtualAddress < segment.fileSize {
            let offset = segment.offset &+ (address - segment.virtualAddress)
            return offset < UInt64(bytes.count) ? Int(offset) : nil
        }
        for section in sections
        where section.type != ELFSection.typeNoBits && section.address != 0 && address >= section.address
            && address - section.address < section.size
        {
            let offset = section.offset &+ (address - section.address)
            return offset < UInt64(bytes.count) ? Int(offset) : nil
        }
        return nil
    }

    /// `count` bytes at virtual address `address`, or nil when they are not all in the file.
    public func bytes(atAddress address: UInt64, count: Int) -> ArraySlice<UInt8>? {
        guard let offset = fileOffset(ofAddress: address) else { return nil }
        return reader.slice(offset, count: count)
    }

    /// The symbols of `.symtab`, or of `.dynsym` when the file is stripped; empty when there are none.
    public func symbols() throws(ELFError) -> [ELFSymbol] {
        let table = sections.first { $0.type == 2 } ?? sections.first { $0.type == 11 }
        guard let table else { return [] }
        guard Int(table.link) < sections.count else {
            throw ELFError(path: path, reason: "symbol table links to missing string table \(table.link)")
        }
        let strings = sections[Int(table.link)]
        let tableBytes = try data(of: table)
        let stringBytes = try data(of: strings)
        let entrySize = is64Bit ? 24 : 16
        let count = min(tableBytes.count / entrySize, Self.maximumSymbols)
        let reader = self.reader
        var result: [ELFSymbol] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let base = tableBytes.startIndex + index * entrySize
            guard let nameOffset = reader.u32(base) else { break }
            let value: UInt64?
            let size: UInt64?
            let sectionIndex: UInt16?
            if is64Bit {
                sectionIndex = reader.u16(base + 6)
                value = reader.u64(base + 8)
                size = reader.u64(base + 16)
            } else {
                value = reader.u32(base + 4).map(UInt64.init)
                size = reader.u32(base + 8).map(UInt64.init)
                sectionIndex = reader.u16(base + 14)
            }
            guard let value, let size, let sectionIndex else { break }
            var name = ""
            if Int(nameOffset) < stringBytes.count {
                let start = stringBytes.startIndex + Int(nameOffset)
                let end = stringBytes[start...].firstIndex(of: 0) ?? stringBytes.endIndex
                name = String(decoding: stringBytes[start..<end], as: UTF8.self)
            }
            result.append(ELFSymbol(name: name, value: value, size: size, sectionIndex: sectionIndex))
        }
        return result
    }

    // MARK: Private

    private struct RawSection {
        var name = ""
        var nameOffset: UInt32
        var type: UInt32
        var address: UInt64
        var offset: UInt64
        var size: UInt64
        var link: UInt32
    }

    private static func readSections(
        _ reader: ByteReader, at start: Int, entrySize: Int, is64Bit: Bool, count: Int
    ) -> [RawSection] {
        var result: [RawSection] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let base = start + index * entrySize
            let section: RawSection?
            if is64Bit {
                section = zip3(reader.u32(base), reader.u32(base + 4), reader.u64(base + 16)).flatMap { head in
                    zip3(reader.u64(base + 24), reader.u64(base + 32), reader.u32(base + 40)).map {
                        RawSection(
                            nameOffset: head.0, type: head.1, address: head.2, offset: $0.0, size: $0.1, link: $0.2)
                    }
                }
            } else {
                section = zip3(reader.u32(base), reader.u32(base + 4), reader.u32(base + 12)).flatMap { head in
                    zip3(reader.u32(base + 16), reader.u32(base + 20), reader.u32(base + 24)).map {
                        RawSection(
                            nameOffset: head.0, type: head.1, address: UInt64(head.2), offset: UInt64($0.0),
                            size: UInt64($0.1), link: $0.2)
                    }
                }
            }
            guard let section else { break }
            result.append(section)
        }
        return result
    }
}

/// The three values when all are present.
private func zip3<A, B, C>(_ a: A?, _ b: B?, _ c: C?) -> (A, B, C)? {
    guard let a, let b, let c else { return nil }
    return (a, b, c)
}
