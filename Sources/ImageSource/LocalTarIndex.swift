/// The members of an uncompressed tar file on disk as byte ranges, so blobs inside a `docker save` or OCI
/// archive are read in place, never extracted. Understands ustar, pax (`x` records for path, linkpath and size)
/// and GNU long names (`L`/`K`).
struct LocalTarIndex: Sendable {
    /// One member of the outer tar.
    struct Member: Sendable {
        enum Kind: Sendable { case regular, directory, symlink, hardlink, other }
        var kind: Kind
        var offset: Int64
        var size: Int64
        var linkTarget: String?
    }

    let path: String
    private(set) var members: [String: Member] = [:]

    /// The most members an image archive may hold; real ones have dozens.
    static let maximumMembers = 1_000_000
    /// The largest pax header or GNU long name accepted.
    static let maximumMetadataBytes = 1 << 20

    init(path: String) throws(ImageLoadError) {
        self.path = path
        let file = try LocalFile(path: path)
        var offset: Int64 = 0
        var longName: String?
        var longLink: String?
        var pax: [String: String] = [:]
        while offset + 512 <= file.size {
            let header = try file.read(at: offset, count: 512)
            if header.allSatisfy({ $0 == 0 }) { return }
            if offset == 0, header[0] == 0x1f, header[1] == 0x8b {
                throw ImageLoadError(
                    .unsupported,
                    "'\(path)' is gzip-compressed; image archives are read in place, decompress it first (gzip -dk)")
            }
            guard Self.checksumMatches(header) else {
                throw ImageLoadError(
                    .corrupt, "'\(path)' is not a valid tar archive (bad header checksum at offset \(offset))")
            }
            guard var size = Self.number(header[124..<136]) else {
                throw ImageLoadError(
                    .corrupt, "'\(path)' has a malformed size field in the tar header at offset \(offset)")
            }
            if let paxSize = pax["size"].flatMap({ Int64($0) }) { size = paxSize }
            let dataOffset = offset + 512
            guard size >= 0, dataOffset + size <= file.size else {
                throw ImageLoadError(
                    .corrupt, "'\(path)' is truncated: the member at offset \(offset) needs \(size) bytes past the end")
            }
            let type = header[156]
            switch type {
            case UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "x"):
                guard size <= Self.maximumMetadataBytes else {
                    throw ImageLoadError(
                        .tooLarge, "'\(path)' has a \(size)-byte tar metadata header at offset \(offset)")
                }
                let data = try file.read(at: dataOffset, count: Int(size))
                if type == UInt8(ascii: "x") {
                    pax.merge(Self.paxRecords(data)) { _, new in new }
                } else {
                    let text = Self.string(data[...])
                    if type == UInt8(ascii: "L") { longName = text } else { longLink = text }
                }
            case UInt8(ascii: "g"):
                break  // Global pax headers carry nothing that locates a member.
            default:
                var name = Self.string(header[0..<100])
                if header[257..<263].elementsEqual(Array("ustar\0".utf8)) {
                    let prefix = Self.string(header[345..<500])
                    if !prefix.isEmpty { name = prefix + "/" + name }
                }
                name = pax["path"] ?? longName ?? name
                let link = pax["linkpath"] ?? longLink ?? Self.string(header[157..<257])
                let kind: Member.Kind =
                    switch type {
                    case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): .regular
                    case UInt8(ascii: "5"): .directory
                    case UInt8(ascii: "2"): .symlink
                    case UInt8(ascii: "1"): .hardlink
                    default: .other
                    }
                if let key = Self.key(name) {
                    guard members.count < Self.maximumMembers else {
                        throw ImageLoadError(.tooLarge, "'\(path)' holds more than \(Self.maximumMembers) members")
                    }
                    members[key] = Member(
                        kind: kind, offset: dataOffset, size: size,
                        linkTarget: kind == .symlink || kind == .hardlink ? link : nil)
                }
                longName = nil
                longLink = nil
                pax = [:]
            }
            offset = dataOffset + (size + 511) / 512 * 512
        }
        if offset < file.size || members.isEmpty {
            throw ImageLoadError(.corrupt, "'\(path)' is not a complete tar archive (it ends inside a header)")
        }
    }

    /// The member at `name` (following symlinks and hard links inside the archive), as a byte range.
    func location(of name: String) -> BlobLocation? {
        guard var key = Self.key(name) else { return nil }
        for _ in 0..<8 {
            guard let member = members[key] else { return nil }
            switch member.kind {
            case .regular:
                return BlobLocation(path: path, offset: member.offset, length: member.size)
            case .symlink, .hardlink:
                guard let target = member.linkTarget else { return nil }
                let base = member.kind == .symlink ? key.split(separator: "/").dropLast().joined(separator: "/") : ""
                guard let next = Self.key(base.isEmpty ? target : base + "/" + target) else { return nil }
                key = next
            case .directory, .other:
                return nil
            }
        }
        return nil
    }

    func contains(_ name: String) -> Bool { Self.key(name).map { members[$0] != nil } ?? false }

    /// `a/./b`, `/a/b`, `./a//b` → `a/b`; nil when `..` climbs out of the archive.
    static func key(_ name: String) -> String? {
        var parts: [Substring] = []
        for part in name.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
    }

    /// Octal (space/NUL padded) or GNU base-256 (high bit set).
    private static func number(_ field: ArraySlice<UInt8>) -> Int64? {
        guard let first = field.first else { return nil }
        if first & 0x80 != 0 {
            var value: Int64 = Int64(first & 0x7f)
            for byte in field.dropFirst() {
                guard value < Int64.max >> 8 else { return nil }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        var value: Int64 = 0
        var seenDigit = false
        for byte in field {
            if byte == 0 || byte == UInt8(ascii: " ") {
                if seenDigit { break } else { continue }
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte), value < Int64.max >> 3 else { return nil }
            value = value << 3 | Int64(byte - UInt8(ascii: "0"))
            seenDigit = true
        }
        return value
    }

    private static func checksumMatches(_ header: [UInt8]) -> Bool {
        guard let stored = number(header[148..<156]) else { return false }
        var sum: Int64 = 0
        for (index, byte) in header.enumerated() { sum += (148..<156).contains(index) ? 32 : Int64(byte) }
        return sum == stored
    }

    /// `"<len> key=value\n"` records.
    private static func paxRecords(_ data: [UInt8]) -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < data.count {
            guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0,
                index + length <= data.count
            else { break }
            let record = data[(space + 1)..<(index + length)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")) {
                let key = String(decoding: record[record.startIndex..<equals], as: UTF8.self)
                var value = record[(equals + 1)...]
                if value.last == UInt8(ascii: "\n") { value = value.dropLast() }
                records[key] = String(decoding: value, as: UTF8.self)
            }
            index += length
        }
        return records
    }
}
