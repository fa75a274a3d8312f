/// A version string read once by its scheme; comparing two of them does no parsing.
///
/// Values of different schemes never compare equal: they are ordered by scheme (in `VersionScheme.allCases`
/// order) so that a mixed collection still sorts deterministically.
public struct ParsedVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    enum Storage: Sendable {
        case dpkg(DpkgVersion)
        case rpm(RpmVersion)
        case apk(ApkVersion)
        case semver(SemanticVersion)
        case pep440(PEP440Version)
        case maven(MavenVersion)
        case go(GoVersion)
        case gem(GemVersion)
        case generic(GenericVersion)
    }

    /// The string as given.
    public let text: String
    let storage: Storage

    init(_ text: String, _ storage: Storage) {
        self.text = text
        self.storage = storage
    }

    /// The scheme that read this version.
    public var scheme: VersionScheme {
        switch storage {
        case .dpkg: return .dpkg
        case .rpm: return .rpm
        case .apk: return .apk
        case .semver: return .semver
        case .pep440: return .pep440
        case .maven: return .maven
        case .go: return .go
        case .gem: return .gem
        case .generic: return .generic
        }
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
        switch (storage, other.storage) {
        case (.dpkg(let a), .dpkg(let b)): return DpkgVersion.compare(a, b)
        case (.rpm(let a), .rpm(let b)): return RpmVersion.compare(a, b)
        case (.apk(let a), .apk(let b)): return ApkVersion.compare(a, b)
        case (.semver(let a), .semver(let b)): return SemanticVersion.compare(a, b)
        case (.pep440(let a), .pep440(let b)): return PEP440Version.compare(a, b)
        case (.maven(let a), .maven(let b)): return MavenVersion.compare(a, b)
        case (.go(let a), .go(let b)): return GoVersion.compare(a, b)
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
