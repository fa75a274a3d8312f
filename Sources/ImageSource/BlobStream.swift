/// Reads one blob's bytes in order from wherever they are on this machine (a file or a byte range of one).
public final class BlobStream: @unchecked Sendable {
    // Holds a position that only its owning task advances; `@unchecked` so it can be handed to that task.
    private let file: LocalFile
    private let location: BlobLocation
    private var position: Int64

    /// Opens the blob at `location`.
    public init(_ location: BlobLocation) throws(ImageLoadError) {
        self.file = try LocalFile(path: location.path)
        self.location = location
        self.position = location.offset
        guard location.offset + location.length <= file.size else {
            throw ImageLoadError(
                .corrupt,
                "'\(location.path)' is truncated: a blob at offset \(location.offset) of \(location.length) bytes ends past its \(file.size) bytes"
            )
        }
    }

    /// Fills `buffer` with the next bytes and returns how many; 0 at the end of the blob.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ImageLoadError) -> Int {
        let end = location.offset + location.length
        guard position < end, buffer.count > 0 else { return 0 }
        let want = Int(min(Int64(buffer.count), end - position))
        let got = try file.read(at: position, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
        if got == 0 {
            throw ImageLoadError(.corrupt, "'\(location.path)' is truncated at offset \(position)")
        }
        position += Int64(got)
        return got
    }
}
