import Hashing
import Model

/// Hashes, counts and reports a blob's bytes as they arrive, and stops a blob that grows past its announced size.
///
/// `@unchecked Sendable`: libcurl calls it from one transfer thread, one chunk after another; the caller reads
/// the result only after the transfer has finished.
final class BlobSink: @unchecked Sendable {
    private let hasher = SHA256Hasher()
    private let digest: Digest
    private let expectedSize: Int64?
    private let progress: (@Sendable (ProgressEvent) -> Void)?
    private var lastReported: Int64 = 0
    /// Bytes seen so far.
    private(set) var count: Int64 = 0

    init(digest: Digest, expectedSize: Int64?, progress: (@Sendable (ProgressEvent) -> Void)?) {
        self.digest = digest
        self.expectedSize = expectedSize
        self.progress = progress
    }

    func consume(_ bytes: UnsafeRawBufferPointer) throws(RegistryError) {
        count += Int64(bytes.count)
        if let expectedSize, count > expectedSize {
            throw RegistryError(
                .digestMismatch, "blob \(digest) is larger than the \(expectedSize) bytes its manifest announces")
        }
        hasher.update(bytes)
        if count - lastReported >= 1 << 20 {
            lastReported = count
            progress?(.downloading(digest: digest.description, bytes: count, total: expectedSize))
        }
    }

    /// Finishes the hash; call once, after the transfer.
    func finish() -> Digest {
        progress?(.downloading(digest: digest.description, bytes: count, total: expectedSize))
        return hasher.finalize()
    }
}
