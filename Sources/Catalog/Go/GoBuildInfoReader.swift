/// Finds and decodes the build info (`\xff Go buildinf:` header) embedded in a Go ELF binary.
///
/// Two layouts exist: Go ≥ 1.18 stores the version and module info inline as varint-prefixed strings right
/// after the 32-byte header (flag bit 2); older toolchains store two pointers to Go string headers, which are
/// followed through the load segments. Stripped and `-trimpath` binaries keep the header, so both are read.
public enum GoBuildInfoReader {
    /// The 14-byte magic that starts the build-info header.
    public static let magic: [UInt8] = [0xFF] + Array(" Go buildinf:".utf8)
    /// The largest module-info text accepted (the syft binary's is ~20 KB).
    public static let maximumInfoLength = 4 << 20

    /// The build info of `elf`, nil when it has no Go build-info header (not a Go binary, or Go < 1.13);
    /// throws when a header is there but its contents are malformed.
    public static func read(_ elf: ELFFile) throws(PackageFileError) -> GoBuildInfo? {
        guard let headerOffset = findHeader(elf) else { return nil }
        let reader = elf.reader
        func fail(_ reason: String) -> PackageFileError { PackageFileError(path: elf.path, reason: reason) }
        guard let pointerSizeByte = reader.slice(headerOffset + 14, count: 2) else {
            throw fail("go build info header at offset \(headerOffset) is truncated")
        }
        let pointerSize = Int(pointerSizeByte[pointerSizeByte.startIndex])
        let flags = pointerSizeByte[pointerSizeByte.startIndex + 1]
        let version: String
        var modinfo: [UInt8]
        if flags & 0x2 != 0 {
            var cursor = headerOffset + 32
            version = String(decoding: try readVarintString(reader, &cursor, elf.path), as: UTF8.self)
            modinfo = Array(try readVarintString(reader, &cursor, elf.path))
        } else {
            guard pointerSize == 4 || pointerSize == 8 else {
                throw fail("go build info pointer size \(pointerSize) is neither 4 nor 8")
            }
            let pointers = ByteReader(elf.bytes, littleEndian: flags & 0x1 == 0)
            guard let versionAddress = pointers.uint(at: headerOffset + 16, width: pointerSize),
                let infoAddress = pointers.uint(at: headerOffset + 16 + pointerSize, width: pointerSize)
            else { throw fail("go build info header at offset \(headerOffset) is truncated") }
            version = String(
                decoding: try readPointerString(elf, pointers, versionAddress, pointerSize), as: UTF8.self)
            modinfo = Array(try readPointerString(elf, pointers, infoAddress, pointerSize))
        }
        guard version.hasPrefix("go") || version.hasPrefix("devel") else {
            throw fail("go build info has an implausible toolchain version '\(version.prefix(40))'")
        }
        // The module info is wrapped in two 16-byte sentinels; the byte before the trailing one is a newline.
        // Empty module info is legitimate (no module support); anything else without the sentinels is corrupt.
        if modinfo.count >= 33, modinfo[modinfo.count - 17] == 0x0A {
            modinfo = Array(modinfo[16..<(modinfo.count - 16)])
        } else if !modinfo.isEmpty {
            throw fail("go module info of \(modinfo.count) bytes lacks its sentinels")
        }
        return try GoBuildInfo.parse(
            goVersion: version, modinfo: String(decoding: modinfo, as: UTF8.self), path: elf.path)
    }

    /// The file offset of the build-info header: the start of `.go.buildinfo`, or a 16-byte aligned magic anywhere.
    static func findHeader(_ elf: ELFFile) -> Int? {
        if let section = elf.section(named: ".go.buildinfo"), let data = try? elf.data(of: section),
            data.starts(with: magic)
        {
            return data.startIndex
        }
        // Section headers without any Go section: not a Go binary, no need to scan the whole file. Files stripped
        // of their section headers (or Go older than 1.13) are searched for an aligned magic anywhere.
        let goSections: Set<String> = [".gopclntab", ".note.go.buildid", ".go.buildinfo", ".gosymtab"]
        if !elf.sections.isEmpty && !elf.sections.contains(where: { goSections.contains($0.name) }) { return nil }
        var position = 0
        while let found = ByteSearch.firstIndex(of: magic, in: elf.bytes, from: position) {
            if found % 16 == 0 { return found }
            position = found + 1
        }
        return nil
    }

    private static func readVarintString(_ reader: ByteReader, _ cursor: inout Int, _ path: String)
        throws(PackageFileError) -> ArraySlice<UInt8>
    {
        var length: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let byte = reader.slice(cursor, count: 1)?.first else {
                throw PackageFileError(
                    path: path, reason: "go build info string length at offset \(cursor) is truncated")
            }
            cursor += 1
            guard shift < 64 else {
                throw PackageFileError(path: path, reason: "go build info string length at offset \(cursor) overflows")
            }
            length |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        guard length <= UInt64(maximumInfoLength), let text = reader.slice(cursor, count: Int(length)) else {
            throw PackageFileError(
                path: path, reason: "go build info string of \(length) bytes at offset \(cursor) runs past the file")
        }
        cursor += Int(length)
        return text
    }

    private static func readPointerString(_ elf: ELFFile, _ reader: ByteReader, _ address: UInt64, _ pointerSize: Int)
        throws(PackageFileError) -> ArraySlice<UInt8>
    {
        guard let headerOffset = elf.fileOffset(ofAddress: address),
            let dataAddress = reader.uint(at: headerOffset, width: pointerSize),
            let length = reader.uint(at: headerOffset + pointerSize, width: pointerSize)
        else {
            throw PackageFileError(
                path: elf.path,
                reason: "go build info string header at address 0x\(String(address, radix: 16)) is not in the file")
        }
        guard length <= UInt64(maximumInfoLength), let text = elf.bytes(atAddress: dataAddress, count: Int(length))
        else {
            throw PackageFileError(
                path: elf.path,
                reason:
                    "go build info string of \(length) bytes at address 0x\(String(dataAddress, radix: 16)) is not in the file"
            )
        }
        return text
    }
}
