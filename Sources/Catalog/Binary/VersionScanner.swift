/// Finds version strings next to fixed anchors in binary bytes: the bounded, regex-free core of the classifiers.
///
/// Every search is a `memchr`/`memcmp` scan for an anchor followed by a small hand-written parse of at most a
/// few dozen bytes, and looks at no more than `maximumHits` anchor occurrences, so cost is linear in the file.
public enum VersionScanner {
    /// The most anchor occurrences examined per search.
    public static let maximumHits = 4096

    /// What may follow the numeric part of a version.
    public enum Suffix: Sendable {
        /// Nothing.
        case none
        /// Lowercase letters (`1.1.1w`) or `-alpha1`/`-beta1`/`-rc1`.
        case openSSL
        /// `alpha1`, `beta1`, `rc1` directly after the number (`15beta4`).
        case preRelease
        /// `+build` then `-revision` parts (`1.25.1+2`, nginx builds; `17.0.21.1+2` for OpenJDK).
        case plusBuild
    }

    /// The version that follows the first occurrence of `anchor` in `bytes` (after the preceding-byte check) and
    /// has `minimumParts`…`maximumParts` dot-separated numbers.
    public static func version(
        after anchor: String, in bytes: [UInt8], precededBy: Set<UInt8>? = nil, skipUntil: UInt8? = nil,
        minimumParts: Int = 3, maximumParts: Int = 3, suffix: Suffix = .none
    ) -> String? {
        let needle = Array(anchor.utf8)
        var position = 0
        var hits = 0
        while hits < maximumHits, let found = ByteSearch.firstIndex(of: needle, in: bytes, from: position) {
            hits += 1
            position = found + 1
            if let precededBy, found == 0 || !precededBy.contains(bytes[found - 1]) { continue }
            var start = found + needle.count
            if let skipUntil {
                // e.g. "nginx version: openresty/1.21.4.1": skip a short product name up to the '/'.
                let limit = min(bytes.count, start + 40)
                guard let slash = bytes[start..<limit].firstIndex(of: skipUntil) else { continue }
                start = slash + 1
            }
            if let version = parse(
                bytes, at: start, minimumParts: minimumParts, maximumParts: maximumParts, suffix: suffix)
            {
                return version
            }
        }
        return nil
    }

    /// The version that ends right before an occurrence of `anchor`, starting after a NUL (`\0 7.0.15 \0c11-builtin`).
    public static func version(
        before anchor: String, in bytes: [UInt8], minimumParts: Int = 3, maximumParts: Int = 3
    ) -> String? {
        let needle = Array(anchor.utf8)
        var position = 0
        var hits = 0
        while hits < maximumHits, let found = ByteSearch.firstIndex(of: needle, in: bytes, from: position) {
            hits += 1
            position = found + 1
            var start = found
            while start > 0, found - start < 32, ByteSearch.isDigit(bytes[start - 1]) || bytes[start - 1] == 0x2E {
                start -= 1
            }
            guard start < found, start > 0, bytes[start - 1] == 0 else { continue }
            if let version = parse(
                bytes, at: start, minimumParts: minimumParts, maximumParts: maximumParts, suffix: .none),
                version.utf8.count == found - start
            {
                return version
            }
        }
        return nil
    }

    /// Parses `\d+(\.\d+){min-1,max-1}` plus the suffix at `start`; nil when the numbers are not there.
    public static func parse(_ bytes: [UInt8], at start: Int, minimumParts: Int, maximumParts: Int, suffix: Suffix)
        -> String?
    {
        var index = start
        var parts = 0
        while parts < maximumParts {
            let runStart = index
            while index < bytes.count, index - runStart < 12, ByteSearch.isDigit(bytes[index]) { index += 1 }
            guard index > runStart else {
                if parts > 0 { index -= 1 }  // give the dot back
                break
            }
            parts += 1
            guard parts < maximumParts, index + 1 < bytes.count, bytes[index] == 0x2E,
                ByteSearch.isDigit(bytes[index + 1])
            else { break }
            index += 1
        }
        guard parts >= minimumParts else { return nil }
        let numericEnd = index
        index = numericEnd + suffixLength(bytes, at: numericEnd, suffix)
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func suffixLength(_ bytes: [UInt8], at start: Int, _ suffix: Suffix) -> Int {
        func has(_ text: String, at offset: Int) -> Bool {
            let pattern = Array(text.utf8)
            return offset + pattern.count <= bytes.count && Array(bytes[offset..<(offset + pattern.count)]) == pattern
        }
        func digits(from offset: Int) -> Int {
            var index = offset
            while index < bytes.count, index - offset < 8, ByteSearch.isDigit(bytes[index]) { index += 1 }
            return index - offset
        }
        switch suffix {
        case .none:
            return 0
        case .openSSL:
            var index = start
            while index < bytes.count, index - start < 4, bytes[index] >= 0x61, bytes[index] <= 0x7A { index += 1 }
            if index > start { return index - start }
            for tag in ["-alpha", "-beta", "-rc"] where has(tag, at: start) {
                let count = digits(from: start + tag.utf8.count)
                return count > 0 ? tag.utf8.count + count : 0
            }
            return 0
        case .preRelease:
            for tag in ["alpha", "beta", "rc"] where has(tag, at: start) {
                let count = digits(from: start + tag.utf8.count)
                return count > 0 ? tag.utf8.count + count : 0
            }
            return 0
        case .plusBuild:
            guard start < bytes.count, bytes[start] == 0x2B else { return 0 }
            let count = digits(from: start + 1)
            return count > 0 ? 1 + count : 0
        }
    }
}
