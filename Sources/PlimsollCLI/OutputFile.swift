import Foundation
import Model

#if canImport(Glibc)
    import Glibc
#endif

/// Writes report files: a regular file (or a new one) is replaced atomically, through a temporary file beside
/// it and a rename; anything else at the path (a device such as `/dev/stdout`, a FIFO, a symlink) is written
/// through, never replaced.
enum OutputFile {
    /// Why a report file could not be written.
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot write output file '\(path)': \(reason)" }
    }

    /// Writes `bytes` to `path`.
    static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        guard !path.isEmpty else { throw WriteError(path: path, reason: "the path is empty") }
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            if status.st_mode & S_IFMT == S_IFDIR { throw WriteError(path: path, reason: "it is a directory") }
            try writeThrough(bytes, to: path)
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let code = Int32(underlying?.code ?? 0)
            throw WriteError(path: path, reason: code > 0 ? String(cString: strerror(code)) : "\(error)")
        }
    }

    /// Opens the existing path for writing (following a symlink, as a shell's `>` does) and writes everything.
    private static func writeThrough(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw WriteError(path: path, reason: String(cString: strerror(errno)))
            }
            offset += written
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
