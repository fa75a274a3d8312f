/// Reads the header blobs of an rpm NDB database (`Packages.db`, SUSE) natively: a 32-byte header
/// (`RpmP`, version 0, slot page count), slot pages of 16-byte `Slot` entries, and `BlbS` blobs at
/// 16-byte block offsets. All integers are little-endian.
enum RpmNDBReader {
    private static let headerMagic: UInt32 = 0x506d_7052  // "RpmP"
    private static let slotMagic: UInt32 = 0x746f_6c53  // "Slot"
    private static let blobMagic: UInt32 = 0x5362_6c42  // "BlbS"
    private static let slotPageSize = 4096
    private static let blockSize = 16
    /// Slot pages beyond this are not a real database (4 Mi packages).
    private static let maximumSlotPages = 2048

    /// The header blobs in slot order.
    static func blobs(_ bytes: [UInt8], path: String) throws(RpmDatabaseError) -> [[UInt8]] {
        func uint32(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24
        }
        func fail(_ reason: String) -> RpmDatabaseError { RpmDatabaseError(path: path, reason: reason) }

        guard bytes.count >= 32, uint32(0) == headerMagic else { throw fail("not an ndb database (bad magic)") }
        guard uint32(4) == 0 else { throw fail("unsupported ndb version \(uint32(4))") }
        let slotPages = Int(uint32(12))
        guard slotPages > 0, slotPages <= maximumSlotPages, slotPages * slotPageSize <= bytes.count else {
            throw fail("slot page count \(slotPages) does not fit the \(bytes.count)-byte file")
        }
        var result: [[UInt8]] = []
        // The first two slots are taken by the database header.
        for slot in stride(from: 32, to: slotPages * slotPageSize, by: 16) {
            guard uint32(slot) == slotMagic else { throw fail("bad slot magic at offset \(slot)") }
            let packageIndex = uint32(slot + 4)
            if packageIndex == 0 { continue }
            let blob = Int(uint32(slot + 8)) * blockSize
            guard blob + 16 <= bytes.count else {
                throw fail("blob of package \(packageIndex) at offset \(blob) lies past the end of the file")
            }
            guard uint32(blob) == blobMagic, uint32(blob + 4) == packageIndex else {
                throw fail("no blob for package \(packageIndex) at offset \(blob)")
            }
            let length = Int(uint32(blob + 12))
            guard blob + 16 + length <= bytes.count else {
                throw fail("blob of package \(packageIndex) claims \(length) bytes past the end of the file")
            }
            result.append(Array(bytes[(blob + 16)..<(blob + 16 + length)]))
        }
        return result
    }
}
