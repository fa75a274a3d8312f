#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A version string read once by its scheme; comparing two of them does no parsing.
///
/// Values of different schemes never compare equal: they are ordered by scheme (in `VersionScheme.allCases`
/// order) so that a mixed collection still sorts deterministically.
public struct ParsedVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    enum Storage: Sendable {
        /// dpkg, semver and go: everything is in `key`.
        case keyed
        case rpm(RpmVersion)
        case apk(ApkVersion)
        case pep440(PEP440Version)
        case maven(MavenVersion)
        case gem(GemVersion)
        case generic(GenericVersion)
    }

    /// The string as given.
    public let text: String
    /// The scheme that read this version.
    public let scheme: VersionScheme
    /// For dpkg, semver and go: bytes whose `memcmp` order is the version order (the fast path of sorting).
    let key: [UInt8]
    let storage: Storage

    init(_ text: String, _ scheme: VersionScheme, _ storage: Storage) {
        self.text = text
        self.scheme = scheme
        self.key = []
        self.storage = storage
    }

    init(_ text: String, _ scheme: VersionScheme, key: [UInt8]) {
        self.text = text
        self.scheme = scheme
        self.key = key
        self.storage = .keyed
    }

    /// Whether the string breaks the scheme's current grammar and is ordered by its documented fallback
    /// (PEP 440's pre-PEP 440 "legacy" order, apk-tools' handling of invalid versions).
    public var isLegacy: Bool {
        switch storage {
        case .pep440(let version): return version.isLegacy
        case .apk(let version): return !version.isValid
        default: return false
        }
    }

    public var description: String { text }

    /// -1, 0 or 1; throws only for generic versions whose order cannot be justified.
    public func compare(to other: ParsedVersion) throws(VersionError) -> Int {
        if case .generic(let left) = storage, case .generic(let right) = other.storage {
            guard let result = GenericVersion.strictCompare(left, right) else {
                throw .incomparable(scheme: .generic, first: text, second: other.text)
            }
            return result
        }
        return order(other)
    }

    /// The total order used by `<` and `==` (the generic scheme falls back to comparing its suffix text).
    func order(_ other: ParsedVersion) -> Int {
        if scheme == other.scheme, case .keyed = storage {
            return key.withUnsafeBufferPointer { left in
                other.key.withUnsafeBufferPointer { right in
                    if let a = left.baseAddress, let b = right.baseAddress {
                        let result = memcmp(a, b, min(left.count, right.count))
                        if result != 0 { return result < 0 ? -1 : 1 }
                    }
                    return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
                }
            }
        }
        switch (storage, other.storage) {
        case (.rpm(let a), .rpm(let b)): return RpmVersion.compare(a, b)
        case (.apk(let a), .apk(let b)): return ApkVersion.compare(a, b)
        case (.pep440(let a), .pep440(let b)): return PEP440Version.compare(a, b)
        case (.maven(let a), .maven(let b)): return MavenVersion.compare(a, b)
        case (.gem(let a), .gem(let b)): return GemVersion.compare(a, b)
        case (.generic(let a), .generic(let b)): return GenericVersion.totalCompare(a, b)
        default:
            let all = VersionScheme.allCases
            let left = all.firstIndex(of: scheme) ?? 0
            let right = all.firstIndex(of: other.scheme) ?? 0
            return left < right ? -1 : 1
        }
    }

    public static func < (lhs: ParsedVersion, rhs: ParsedVersion) -> Bool { lhs.order(rhs) < 0 }

    public static func == (lhs: ParsedVersion, rhs: ParsedVersion) -> Bool { lhs.order(rhs) == 0 }

    /// Hashes only the scheme: equal versions may be spelled differently (`1.0` and `1.0.0`).
    public func hash(into hasher: inout Hasher) { hasher.combine(scheme) }
}
