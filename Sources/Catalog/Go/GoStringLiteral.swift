/// Go's `strconv.Unquote` for the double-quoted build-setting values in build info.
enum GoStringLiteral {
    /// The unquoted text when `text` is a valid double-quoted Go literal, otherwise `text` unchanged.
    static func unquoteIfQuoted(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        return unquote(Array(text.utf8.dropFirst().dropLast())) ?? text
    }

    private static func unquote(_ body: [UInt8]) -> String? {
        var out: [UInt8] = []
        var index = 0
        func hex(_ count: Int) -> UInt32? {
            guard index + count <= body.count else { return nil }
            let digits = String(decoding: body[index..<(index + count)], as: UTF8.self)
            index += count
            return UInt32(digits, radix: 16)
        }
        while index < body.count {
            let byte = body[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard index < body.count else { return nil }
            let escape = body[index]
            index += 1
            switch escape {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): out.append(escape)
            case UInt8(ascii: "x"):
                guard let value = hex(2) else { return nil }
                out.append(UInt8(value))
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                guard let value = hex(escape == UInt8(ascii: "u") ? 4 : 8), let scalar = Unicode.Scalar(value) else {
                    return nil
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard index + 2 <= body.count,
                    let value = UInt32(
                        String(decoding: body[(index - 1)..<(index + 2)], as: UTF8.self), radix: 8), value < 256
                else { return nil }
                index += 2
                out.append(UInt8(value))
            default: return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
