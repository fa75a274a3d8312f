import Foundation
import Hashing
import Model

/// Blobs (layers, configs, manifests) stored by digest under `<cache>/blobs/sha256/<hex>`.
///
/// Entries appear only by `rename` of a fully written, verified temporary file in the same directory, so a
/// crash or a failed download never leaves a partial entry under a digest's name.
struct BlobCache: Sendable {
    /// `<cache>/blobs/sha256`.
    let directory: String

    init(cacheDirectory: String) throws(RegistryError) {
        directory = cacheDirectory + "/blobs/sha256"
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw RegistryError(.cache, "cannot create blob cache '\(directory)': \(error.localizedDescription)")
        }
    }

    /// Where the blob with `digest` lives (whether or not it is there yet).
    func path(for digest: Digest) -> String { directory + "/" + digest.hex }

    /// Whether the blob is cached with the expected size (its bytes are verified again when layers are read).
    func contains(_ digest: Digest, size: Int64?) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path(for: digest)),
            let fileSize = (attributes[.size] as? NSNumber)?.int64Value
        else { return false }
        return size.map { $0 == fileSize } ?? true
    }

    /// A fresh temporary file name beside the entries (same file system, so `rename` is atomic).
    func temporaryPath(for digest: Digest) -> String {
        directory + "/.partial-\(digest.hex.prefix(16))-\(UUID().uuidString)"
    }

    /// Moves a verified temporary file into place under its digest.
    func commit(_ temporaryPath: String, as digest: Digest) throws(RegistryError) {
        guard rename(temporaryPath, path(for: digest)) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw RegistryError(.cache, "cannot move blob into cache '\(path(for: digest))': \(reason)")
        }
    }

    /// Stores small bytes (a manifest) under their digest, atomically.
    func store(_ bytes: [UInt8], as digest: Digest) throws(RegistryError) {
        if contains(digest, size: Int64(bytes.count)) { return }
        let temporary = temporaryPath(for: digest)
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw RegistryError(.cache, "cannot write blob cache file '\(temporary)'")
        }
        try commit(temporary, as: digest)
    }

    /// The cached bytes of a small blob if present and they still hash to `digest`; a corrupt entry is removed.
    func read(_ digest: Digest, limit: Int) -> [UInt8]? {
        let path = path(for: digest)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.intValue, size <= limit,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        let bytes = [UInt8](data)
        guard SHA256Hasher.digest(bytes) == digest else {
            unlink(path)
            return nil
        }
        return bytes
    }
}
