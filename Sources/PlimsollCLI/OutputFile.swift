import Foundation
import Model

/// Writes report files atomically (a temporary file beside the target, then a rename).
enum OutputFile {
    /// Why a report file could not be written.
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot write output file '\(path)': \(reason)" }
    }

    /// Writes `bytes` to `path`, replacing it only once everything is written.
    static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WriteError(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// `report.json` → `report.2.json`: the name of the n-th of several documents.
    static func numbered(_ path: String, _ number: Int) -> String {
        let url = URL(fileURLWithPath: path)
        let fileExtension = url.pathExtension
        let stem = url.deletingPathExtension().path
        return fileExtension.isEmpty ? "\(stem).\(number)" : "\(stem).\(number).\(fileExtension)"
    }
}
