import Foundation

/// Small readers over `JSONSerialization` output that say what was wrong when a field has the wrong shape.
enum JSONField {
    /// Parses `bytes` as JSON; the reason names the parser's complaint.
    static func parse(_ bytes: Data) throws(RecordProblem) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
        } catch {
            throw RecordProblem("invalid json (\(Self.shortReason(error)))")
        }
    }

    /// A string field: nil when absent or `null`, an error when present with another type.
    static func string(_ object: [String: Any], _ key: String, in context: String) throws(RecordProblem) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw RecordProblem("\(context)\(key) is not a string") }
        return text
    }

    /// An array-of-strings field: empty when absent or `null`.
    static func strings(_ object: [String: Any], _ key: String, in context: String) throws(RecordProblem) -> [String] {
        guard let value = object[key], !(value is NSNull) else { return [] }
        guard let array = value as? [Any] else { throw RecordProblem("\(context)\(key) is not an array") }
        var result: [String] = []
        for element in array {
            guard let text = element as? String else {
                throw RecordProblem("\(context)\(key) holds a non-string value")
            }
            result.append(text)
        }
        return result
    }

    /// An array-of-objects field: empty when absent or `null`.
    static func objects(_ object: [String: Any], _ key: String, in context: String) throws(RecordProblem)
        -> [[String: Any]]
    {
        guard let value = object[key], !(value is NSNull) else { return [] }
        guard let array = value as? [Any] else { throw RecordProblem("\(context)\(key) is not an array") }
        var result: [[String: Any]] = []
        for element in array {
            guard let item = element as? [String: Any] else {
                throw RecordProblem("\(context)\(key) holds a non-object value")
            }
            result.append(item)
        }
        return result
    }

    /// An object field: nil when absent or `null`.
    static func object(_ object: [String: Any], _ key: String, in context: String) throws(RecordProblem)
        -> [String: Any]?
    {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let item = value as? [String: Any] else { throw RecordProblem("\(context)\(key) is not an object") }
        return item
    }

    /// A number field: nil when absent or `null`.
    static func number(_ object: [String: Any], _ key: String, in context: String) throws(RecordProblem) -> Double? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, !(value is Bool) else {
            throw RecordProblem("\(context)\(key) is not a number")
        }
        return number.doubleValue
    }

    /// Compact JSON text with sorted keys, for columns that keep a feed's structure as it was.
    static func text(_ value: Any) -> String? {
        guard JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The first line of an error's description, lowercased, for skip reasons.
    static func shortReason(_ error: any Error) -> String {
        let text = String(describing: error)
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        return line.count > 160 ? String(line.prefix(157)).lowercased() + "..." : line.lowercased()
    }
}

/// Why one record was skipped; becomes a `SkippedRecord` with the file it came from.
struct RecordProblem: Error {
    var reason: String

    init(_ reason: String) { self.reason = reason }
}

/// RFC 3339 timestamps as the database stores them (UTC, whole seconds).
enum Timestamp {
    /// `date` as `2026-12-03T17:20:51Z`.
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt))
    }

    /// Parses RFC 3339 / ISO 8601 text, with or without fractional seconds or zone; nil when it is not a date.
    static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: false)) {
            return date
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        return nil
    }
}
