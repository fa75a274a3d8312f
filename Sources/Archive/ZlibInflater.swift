import CZlib

/// Inflates zlib streams (RFC 1950) with a hard cap on the output size (e.g. cargo-auditable `.dep-v0` sections).
public enum ZlibInflater {
    /// Why a stream could not be inflated.
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    /// The inflated bytes of `input`; throws when the stream is corrupt, truncated or inflates past `limit`.
    public static func inflate(_ input: ArraySlice<UInt8>, limit: Int) throws(Error) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Error(description: "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let source = Array(input)
        let status: Int32 = source.withUnsafeBufferPointer { inputBuffer -> Int32 in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.avail_in = UInt32(inputBuffer.count)
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (result, buffer.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > limit { return Z_MEM_ERROR }
                if result == Z_STREAM_END { return Z_STREAM_END }
                if result != Z_OK { return result }
                if produced == 0 && stream.avail_in == 0 { return Z_BUF_ERROR }
            }
        }
        switch status {
        case Z_STREAM_END: return output
        case Z_MEM_ERROR: throw Error(description: "zlib stream inflates past \(limit) bytes")
        case Z_BUF_ERROR: throw Error(description: "zlib stream is truncated")
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
            throw Error(description: "corrupt zlib stream: \(message)")
        }
    }
}
