import Foundation

/// Reads small user-supplied files (ignore files, VEX documents) with a size limit and typed errors.
enum FileInput {
    static func read(_ path: String, limit: Int, what: String) throws(MatchError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MatchError(path: path, "\(what) not found")
        }
        guard !isDirectory.boolValue else { throw MatchError(path: path, "\(what) is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MatchError(path: path, "\(what) cannot be read")
        }
        defer { try? handle.close() }
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
            throw MatchError(path: path, "\(what) cannot be read (\(error.localizedDescription))")
        }
        guard data.count <= limit else { throw MatchError(path: path, "\(what) is larger than \(limit) bytes") }
        return [UInt8](data)
    }
}
