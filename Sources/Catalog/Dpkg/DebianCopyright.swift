/// License names from a package's `/usr/share/doc/<package>/copyright`, read as syft reads them.
///
/// Machine-readable (DEP-5) files name licenses in `License: <short name>` lines; older free-form files
/// point at `/usr/share/common-licenses/<name>`. Both are collected: the first word after `License:` (so
/// `License: GPL-2+ or Artistic` gives `GPL-2+`, as syft's `^License: (\S*)` does), trailing `.` removed,
/// de-duplicated and sorted.
enum DebianCopyright {
    private static let licensePrefix = Array("License:".utf8)
    private static let commonLicenses = Array("/usr/share/common-licenses/".utf8)

    static func licenses(_ bytes: [UInt8]) -> [String] {
        // One pass over the bytes: copyright files run to hundreds of kilobytes and every package has one.
        var found: Set<String> = []
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var index = 0
            var atLineStart = true
            while index < count {
                let byte = buffer[index]
                if atLineStart && byte == licensePrefix[0] && matches(licensePrefix, in: buffer, at: index) {
                    var start = index + licensePrefix.count
                    while start < count && (buffer[start] == 0x20 || buffer[start] == 0x09) { start += 1 }
                    var end = start
                    while end < count && buffer[end] != 0x20 && buffer[end] != 0x09 && buffer[end] != 0x0A
                        && buffer[end] != 0x0D
                    {
                        end += 1
                    }
                    if let name = cleaned(buffer[start..<end]) { found.insert(name) }
                } else if byte == commonLicenses[0] && matches(commonLicenses, in: buffer, at: index) {
                    let start = index + commonLicenses.count
                    var end = start
                    while end < count && isLicenseFileNameByte(buffer[end]) { end += 1 }
                    if let name = cleaned(buffer[start..<end]) { found.insert(name) }
                }
                atLineStart = byte == 0x0A
                index += 1
            }
        }
        return found.sorted()
    }

    private static func matches(_ needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + needle.count <= buffer.count else { return false }
        for offset in 1..<needle.count where buffer[index + offset] != needle[offset] { return false }
        return true
    }

    private static func cleaned(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        var text = String(decoding: word.prefix(200), as: UTF8.self)
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return nil }
        return text
    }

    private static func isLicenseFileNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x5F || byte == 0x2E || byte == 0x2D
    }
}
