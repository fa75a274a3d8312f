#if canImport(Glibc)
    import Glibc
#endif

/// An open host file read with `pread`; owns its descriptor.
final class LocalFile: @unchecked Sendable {
    // The descriptor is only read with pread (no shared offset), so concurrent reads are safe.
    let path: String
    let size: Int64
    private let descriptor: Int32

    init(path: String) throws(ImageLoadError) {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ImageLoadError(errno == ENOENT ? .notFound : .io, "cannot open '\(path)': \(reason.lowercased())")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw ImageLoadError(.io, "cannot stat '\(path)'")
        }
        self.path = path
        self.descriptor = descriptor
        self.size = Int64(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes at `offset`; returns how many were read (0 at the end of the file).
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(ImageLoadError) -> Int {
        while true {
            let count = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw ImageLoadError(
                .io, "cannot read '\(path)' at offset \(offset): \(String(cString: strerror(errno)).lowercased())")
        }
    }

    /// Exactly `count` bytes at `offset`; a short read means the file is truncated.
    func read(at offset: Int64, count: Int) throws(ImageLoadError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < count {
            let got = try read(
                at: offset + Int64(filled), into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<count]))
            if got == 0 {
                throw ImageLoadError(
                    .corrupt, "'\(path)' is truncated: expected \(count) bytes at offset \(offset), found \(filled)")
            }
            filled += got
        }
        let bytes = [UInt8](UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        return bytes
    }
}
