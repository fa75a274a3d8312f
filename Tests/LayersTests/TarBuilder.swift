/// Writes ustar archives byte by byte, so tests can build exactly the hostile entries they need.
struct TarBuilder {
    private(set) var bytes: [UInt8] = []

    enum Kind: UInt8 {
        case regular = 0x30
        case hardlink = 0x31
        case symlink = 0x32
        case directory = 0x35
    }

    mutating func file(_ name: String, _ text: String, mode: UInt32 = 0o644) {
        add(name, kind: .regular, data: Array(text.utf8), mode: mode)
    }

    mutating func add(_ name: String, kind: Kind, data: [UInt8] = [], link: String = "", mode: UInt32 = 0o644) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in Array(text.utf8).prefix(width).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits, at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(Int(mode), at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(data.count, at: 124, width: 12)
        octal(1_700_000_000, at: 136, width: 12)
        header[156] = kind.rawValue
        put(link, at: 157, width: 100)
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        for index in 148..<156 { header[index] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        octal(sum, at: 148, width: 7)
        header[155] = 0x20
        bytes += header
        bytes += data
        bytes += [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    /// The archive with its two zero end blocks.
    var finished: [UInt8] { bytes + [UInt8](repeating: 0, count: 1024) }
}
