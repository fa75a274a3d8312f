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
        var found: Set<String> = []
        for line in TextLines(bytes) {
            if line.bytes.starts(with: licensePrefix) {
                let rest = line.bytes.dropFirst(licensePrefix.count).drop(while: { $0 == 0x20 || $0 == 0x09 })
                let word = rest.prefix(while: { $0 != 0x20 && $0 != 0x09 })
                if let name = cleaned(word) { found.insert(name) }
            }
            var searchFrom = line.bytes.startIndex
            while let start = firstOccurrence(of: commonLicenses, in: line.bytes[searchFrom...]) {
                let nameStart = start + commonLicenses.count
                let word = line.bytes[nameStart...].prefix(while: isLicenseFileNameByte)
                if let name = cleaned(word) { found.insert(name) }
                searchFrom = nameStart
            }
        }
        return found.sorted()
    }

    private static func cleaned(_ word: ArraySlice<UInt8>) -> String? {
        var text = String(decoding: word.prefix(200), as: UTF8.self)
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return nil }
        return text
    }

    private static func isLicenseFileNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == 0x5F || byte == 0x2E || byte == 0x2D
    }

    private static func firstOccurrence(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index <= haystack.endIndex - needle.count {
            guard let candidate = haystack[index...].firstIndex(of: first),
                candidate <= haystack.endIndex - needle.count
            else { return nil }
            if haystack[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
