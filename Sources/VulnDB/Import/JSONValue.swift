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
        // Cast to the expected type first: testing `is NSNull` on a Swift collection bridges all of it.
        guard let value = object[key] else { return nil }
        if let text = value as? String { return text }
        if value is NSNull { return nil }
        throw RecordProblem("\(context)\(key) is not a string")
    }

    /// An array-of-strings field: empty when absent or `null`.
    static func strings(_ object: [String: Any], _ key: String, in context: String) throws(RecordProblem) -> [String] {
        guard let value = object[key] else { return [] }
        guard let array = value as? [Any] else {
            if value is NSNull { return [] }
            throw RecordProblem("\(context)\(key) is not an array")
        }
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
        guard let value = object[key] else { return [] }
        guard let array = value as? [Any] else {
            if value is NSNull { return [] }
            throw RecordProblem("\(context)\(key) is not an array")
        }
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
        guard let value = object[key] else { return nil }
        if let item = value as? [String: Any] { return item }
        if value is NSNull { return nil }
        throw RecordProblem("\(context)\(key) is not an object")
    }

    /// A number field: nil when absent or `null`.
    static func number(_ object: [String: Any], _ key: String, in context: String) throws(RecordProblem) -> Double? {
        guard let value = object[key] else { return nil }
        if value is String || value is [Any] || value is [String: Any] {
            throw RecordProblem("\(context)\(key) is not a number")
        }
        if value is NSNull { return nil }
        guard let number = value as? NSNumber, !isBoolean(number) else {
            throw RecordProblem("\(context)\(key) is not a number")
        }
        return number.doubleValue
    }

    /// Compact JSON text with sorted keys, for columns that keep a feed's structure as it was.
    ///
    /// Written by hand: `JSONSerialization.data(withJSONObject:)` bridges every value through NSObject on Linux
    /// and took a third of the import time.
    static func text(_ value: Any) -> String? {
        var output = ""
        guard write(value, to: &output) else { return nil }
        return output
    }

    private static func write(_ value: Any, to output: inout String) -> Bool {
        switch value {
        case let text as String:
            writeString(text, to: &output)
        case let object as [String: Any]:
            output += "{"
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                writeString(key, to: &output)
                output += ":"
                guard let element = object[key], write(element, to: &output) else { return false }
            }
            output += "}"
        case let array as [Any]:
            output += "["
            for (index, element) in array.enumerated() {
                if index > 0 { output += "," }
                guard write(element, to: &output) else { return false }
            }
            output += "]"
        case is NSNull:
            output += "null"
        case let number as NSNumber:
            if isBoolean(number) {
                output += number.boolValue ? "true" : "false"
            } else if String(cString: number.objCType) == "d" || String(cString: number.objCType) == "f" {
                let double = number.doubleValue
                guard double.isFinite else { return false }
                output += double == double.rounded() && abs(double) < 1e15 ? String(Int64(double)) : String(double)
            } else {
                output += number.stringValue
            }
        default:
            return false
        }
        return true
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                output +=
                    "\\u" + String(repeating: "0", count: 4 - String(control.value, radix: 16).count)
                    + String(control.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// Whether an NSNumber from `JSONSerialization` was a JSON `true`/`false` (`1 as Any is Bool` holds too).
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// The first line of an error's description, lowercased, for skip reasons.
    static func shortReason(_ error: any Error) -> String {
        // Foundation's parse errors carry the useful part ("unexpected end of file around line 3") in their
        // debug description; their `description` is an error-domain dump.
        let text = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? String(describing: error)
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
