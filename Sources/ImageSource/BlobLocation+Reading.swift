import Hashing
public import Model

extension BlobLocation {
    /// The whole blob, refused when longer than `limit`; `what` names it in errors (e.g. `manifest sha256:…`).
    public func readAll(limit: Int, what: String) throws(ImageLoadError) -> [UInt8] {
        guard length <= Int64(limit) else {
            throw ImageLoadError(
                .tooLarge, "\(what) in '\(path)' is \(length) bytes, more than the \(limit)-byte limit")
        }
        return try LocalFile(path: path).read(at: offset, count: Int(length))
    }

    /// The whole blob after checking that it hashes to `digest`.
    public func readVerified(_ digest: Digest, limit: Int, what: String) throws(ImageLoadError) -> [UInt8] {
        let bytes = try readAll(limit: limit, what: what)
        let actual = digest.algorithm == "sha256" ? SHA256Hasher.digest(bytes) : nil
        guard let actual, actual == digest else {
            throw ImageLoadError(
                .digestMismatch,
                "\(what) in '\(path)' does not match its digest \(digest) (its bytes hash to \(actual?.description ?? "an unsupported algorithm"))"
            )
        }
        return bytes
    }
}
