/// The fields Plimsoll reads from one RPM header blob (the form rpm stores in its database: index count,
/// data length, index entries, data store — without the lead and magic of a `.rpm` file).
struct RpmHeader: Sendable, Equatable {
    var name: String
    var version: String
    var release: String
    var epoch: Int?
    var arch: String?
    var sourceRPM: String?
    var license: String?
    var vendor: String?
    var modularityLabel: String?
    var size: Int64?
    var files: [String]

    /// The most index entries a header may have (rpm's own `HEADER_TAGS_MAX`).
    static let maximumIndexCount = 0xffff
    /// The largest data store a header may have (rpm's own `HEADER_DATA_MAX`, 256 MiB).
    static let maximumDataLength = 0x0fff_ffff

    private enum Tag: Int32 {
        case name = 1000
        case version = 1001
        case release = 1002
        case epoch = 1003
        case size = 1009
        case vendor = 1011
        case license = 1014
        case arch = 1022
        case sourceRPM = 1044
        case dirIndexes = 1116
        case baseNames = 1117
        case dirNames = 1118
        case longSize = 5009
        case modularityLabel = 5096
    }

    private struct Entry {
        var type: Int32
        var offset: Int
        var count: Int
    }

    /// Parses `blob`; every offset and count is checked against the blob's real size.
    init(blob: [UInt8]) throws(RpmHeaderError) {
        guard blob.count >= 8 else {
            throw RpmHeaderError("header is \(blob.count) bytes, shorter than its 8-byte preamble")
        }
        let indexCount = Int(Self.int32(blob, 0))
        let dataLength = Int(Self.int32(blob, 4))
        guard indexCount > 0, indexCount <= Self.maximumIndexCount else {
            throw RpmHeaderError("index count \(indexCount) is out of range (1…\(Self.maximumIndexCount))")
        }
        guard dataLength >= 0, dataLength <= Self.maximumDataLength else {
            throw RpmHeaderError("data length \(dataLength) is out of range (0…\(Self.maximumDataLength))")
        }
        let dataStart = 8 + indexCount * 16
        guard dataStart + dataLength <= blob.count else {
            throw RpmHeaderError(
                "index count \(indexCount) and data length \(dataLength) need \(dataStart + dataLength) bytes, "
                    + "the header has \(blob.count)")
        }
        let store = Array(blob[dataStart..<(dataStart + dataLength)])
        var entries: [Int32: Entry] = [:]
        for index in 0..<indexCount {
            let base = 8 + index * 16
            let tag = Self.int32(blob, base)
            let type = Self.int32(blob, base + 4)
            let offset = Int(Self.int32(blob, base + 8))
            let count = Int(Self.int32(blob, base + 12))
            guard offset >= 0, offset <= dataLength, count >= 0, count <= dataLength + 1 else {
                throw RpmHeaderError(
                    "tag \(tag) has offset \(offset) and count \(count) outside the \(dataLength)-byte data store")
            }
            entries[tag] = Entry(type: type, offset: offset, count: count)
        }

        func strings(_ tag: Tag) throws(RpmHeaderError) -> [String]? {
            guard let entry = entries[tag.rawValue] else { return nil }
            // STRING (6), STRING_ARRAY (8) and I18NSTRING (9) are NUL-terminated strings packed back to back.
            guard entry.type == 6 || entry.type == 8 || entry.type == 9 else {
                throw RpmHeaderError("tag \(tag.rawValue) has type \(entry.type), expected a string type")
            }
            let wanted = entry.type == 6 ? 1 : entry.count
            var result: [String] = []
            // Each string takes at least its NUL byte, so a lying count cannot reserve more than the store holds.
            result.reserveCapacity(min(wanted, store.count - entry.offset))
            var position = entry.offset
            for _ in 0..<wanted {
                guard let end = store[position...].firstIndex(of: 0) else {
                    throw RpmHeaderError("string of tag \(tag.rawValue) at offset \(position) runs past the data store")
                }
                result.append(String(decoding: store[position..<end], as: UTF8.self))
                position = end + 1
            }
            return result
        }

        func integers(_ tag: Tag) throws(RpmHeaderError) -> [Int64]? {
            guard let entry = entries[tag.rawValue] else { return nil }
            let width: Int
            switch entry.type {
            case 2: width = 1
            case 3: width = 2
            case 4: width = 4
            case 5: width = 8
            default: throw RpmHeaderError("tag \(tag.rawValue) has type \(entry.type), expected an integer type")
            }
            guard entry.offset + entry.count * width <= store.count else {
                throw RpmHeaderError(
                    "\(entry.count) integers of tag \(tag.rawValue) at offset \(entry.offset) run past the data store")
            }
            var result: [Int64] = []
            result.reserveCapacity(entry.count)
            for index in 0..<entry.count {
                var value: UInt64 = 0
                for byte in store[(entry.offset + index * width)..<(entry.offset + (index + 1) * width)] {
                    value = value << 8 | UInt64(byte)
                }
                result.append(width == 8 ? Int64(bitPattern: value) : Int64(value))
            }
            return result
        }

        guard let name = try strings(.name)?.first, !name.isEmpty else {
            throw RpmHeaderError("header has no NAME tag")
        }
        self.name = name
        version = try strings(.version)?.first ?? ""
        release = try strings(.release)?.first ?? ""
        epoch = try integers(.epoch)?.first.map { Int($0) }
        arch = try strings(.arch)?.first
        sourceRPM = try strings(.sourceRPM)?.first
        license = try strings(.license)?.first
        vendor = try strings(.vendor)?.first
        modularityLabel = try strings(.modularityLabel)?.first
        let longSize = try integers(.longSize)?.first
        if let longSize { size = longSize } else { size = try integers(.size)?.first }
        let baseNames = try strings(.baseNames) ?? []
        let dirNames = try strings(.dirNames) ?? []
        let dirIndexes = try integers(.dirIndexes) ?? []
        guard baseNames.count == dirIndexes.count else {
            throw RpmHeaderError("\(baseNames.count) file base names but \(dirIndexes.count) directory indexes")
        }
        var files: [String] = []
        files.reserveCapacity(baseNames.count)
        for (baseName, dirIndex) in zip(baseNames, dirIndexes) {
            guard dirIndex >= 0, dirIndex < dirNames.count else {
                throw RpmHeaderError(
                    "directory index \(dirIndex) of '\(baseName)' is outside \(dirNames.count) directories")
            }
            files.append(dirNames[Int(dirIndex)] + baseName)
        }
        self.files = files
    }

    private static func int32(_ bytes: [UInt8], _ offset: Int) -> Int32 {
        Int32(
            bitPattern: UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
                | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3]))
    }
}

/// Why one RPM header blob could not be read.
struct RpmHeaderError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
