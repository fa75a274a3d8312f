import Foundation

/// A package file (build info, lock file, manifest, gemspec, …) that could not be read: which file and why.
///
/// Catalogers turn these into warnings (`CatalogContext.warn`) and go on with the next file.
public struct PackageFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The image path of the file.
    public var path: String
    /// What was wrong, lowercase, quoting the offending value.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot read '\(path)': \(reason)" }
}

extension PackageFileError {
    /// A short lowercase reason for a `JSONDecoder` failure: what was missing or wrong, and where.
    static func reason(decoding error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            "malformed json (\(context.debugDescription.lowercased()))"
        default:
            "\(error)"
        }
    }
}
