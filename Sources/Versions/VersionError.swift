/// Why a version string could not be read or two versions could not be ordered.
public enum VersionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The version string is empty (or only blanks).
    case empty(scheme: VersionScheme)
    /// The version string is longer than any real version; refused so hostile input stays cheap.
    case tooLong(scheme: VersionScheme, length: Int, limit: Int)
    /// The string is not a version of this scheme; `reason` says which rule it breaks.
    case invalid(scheme: VersionScheme, version: String, reason: String)
    /// Both versions are valid but the scheme cannot justify an order between them (generic scheme only).
    case incomparable(scheme: VersionScheme, first: String, second: String)
    /// An unknown scheme name was given.
    case unknownScheme(String)

    /// The longest version string any scheme accepts, in UTF-8 bytes.
    public static let maximumLength = 1024

    public var description: String {
        switch self {
        case .empty(let scheme):
            return "empty \(scheme.rawValue) version"
        case .tooLong(let scheme, let length, let limit):
            return "\(scheme.rawValue) version is \(length) bytes long (limit \(limit))"
        case .invalid(let scheme, let version, let reason):
            return "invalid \(scheme.rawValue) version '\(Self.quoted(version))': \(reason)"
        case .incomparable(let scheme, let first, let second):
            return "cannot order \(scheme.rawValue) versions '\(Self.quoted(first))' and '\(Self.quoted(second))': "
                + "they differ only in non-numeric text the generic scheme does not interpret"
        case .unknownScheme(let name):
            let names = VersionScheme.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown version scheme '\(Self.quoted(name))' (expected one of: \(names))"
        }
    }

    /// The value as shown in messages: control characters escaped, cut to 80 characters.
    static func quoted(_ value: String) -> String {
        var shown = ""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == 80 {
                shown += "…"
                break
            }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                shown += scalar.escaped(asASCII: true)
            } else {
                shown.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return shown
    }
}
