internal import CCrypto

/// SHA-1 over libcrypto, for identifying archives the way Maven Central and syft do (never for security).
public enum SHA1 {
    /// The lowercase hex SHA-1 of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = bytes.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &output, &length, EVP_sha1(), nil)
        }
        // EVP_Digest only fails when libcrypto cannot allocate; an empty string then marks "no digest".
        guard status == 1 else { return "" }
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(Int(length) * 2)
        for byte in output.prefix(Int(length)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
