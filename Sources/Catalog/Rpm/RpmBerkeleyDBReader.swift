/// Reads the header blobs of an rpm Berkeley DB hash database (`Packages`, RHEL/CentOS ≤ 8, Amazon Linux 2)
/// natively from its pages: the metadata page gives the page size, byte order and last page; each hash page holds
/// key/value pairs whose values are headers, usually on chains of overflow pages.
enum RpmBerkeleyDBReader {
    private static let hashMagic: UInt32 = 0x061561
    private static let pageHeaderSize = 26
    private static let hashUnsortedPage: UInt8 = 2
    private static let hashPage: UInt8 = 13
    private static let overflowPage: UInt8 = 7
    private static let keyDataItem: UInt8 = 1
    private static let offPageItem: UInt8 = 3

    /// The header blobs in page order.
    static func blobs(_ bytes: [UInt8], path: String) throws(RpmDatabaseError) -> [[UInt8]] {
        let reader = try Reader(bytes: bytes, path: path)
        var result: [[UInt8]] = []
        for pageNumber in 0...reader.lastPage {
            let page = pageNumber * reader.pageSize
            let type = bytes[page + 25]
            guard type == hashPage || type == hashUnsortedPage else { continue }
            let entries = reader.uint16(page + 20)
            guard entries % 2 == 0, pageHeaderSize + entries * 2 <= reader.pageSize else {
                throw reader.error("hash page \(pageNumber) claims \(entries) entries")
            }
            for pair in stride(from: 0, to: entries, by: 2) {
                let key = try reader.item(page: page, index: pair, entries: entries)
                let value = try reader.item(page: page, index: pair + 1, entries: entries)
                // Key 0 holds rpm's header instance counter, not a package.
                if bytes[key.start] == keyDataItem, bytes[(key.start + 1)..<key.end].allSatisfy({ $0 == 0 }) {
                    continue
                }
                switch bytes[value.start] {
                case offPageItem: result.append(try reader.overflowChain(itemAt: value.start, onPage: pageNumber))
                case keyDataItem: result.append(Array(bytes[(value.start + 1)..<value.end]))
                default: continue
                }
            }
        }
        return result
    }

    private struct Reader {
        let bytes: [UInt8]
        let path: String
        let swapped: Bool
        let pageSize: Int
        let lastPage: Int

        init(bytes: [UInt8], path: String) throws(RpmDatabaseError) {
            self.bytes = bytes
            self.path = path
            guard bytes.count >= 512 else {
                throw RpmDatabaseError(path: path, reason: "berkeley db file is \(bytes.count) bytes, too short")
            }
            let little = UInt32(bytes[12]) | UInt32(bytes[13]) << 8 | UInt32(bytes[14]) << 16 | UInt32(bytes[15]) << 24
            let big = UInt32(bytes[15]) | UInt32(bytes[14]) << 8 | UInt32(bytes[13]) << 16 | UInt32(bytes[12]) << 24
            if little == RpmBerkeleyDBReader.hashMagic {
                swapped = false
            } else if big == RpmBerkeleyDBReader.hashMagic {
                swapped = true
            } else {
                throw RpmDatabaseError(
                    path: path, reason: "not a berkeley db hash database (magic 0x\(String(little, radix: 16)))")
            }
            let read32: (Int) -> UInt32 = { [bytes, swapped] offset in
                let values = (0..<4).map { UInt32(bytes[offset + $0]) }
                return swapped
                    ? values[0] << 24 | values[1] << 16 | values[2] << 8 | values[3]
                    : values[0] | values[1] << 8 | values[2] << 16 | values[3] << 24
            }
            let size = Int(read32(20))
            guard [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536].contains(size) else {
                throw RpmDatabaseError(path: path, reason: "unexpected berkeley db page size \(size)")
            }
            let last = Int(read32(32))
            guard (last + 1) * size <= bytes.count else {
                throw RpmDatabaseError(
                    path: path,
                    reason: "last page \(last) of \(size) bytes lies past the end of the \(bytes.count)-byte file")
            }
            pageSize = size
            lastPage = last
        }

        func error(_ reason: String) -> RpmDatabaseError { RpmDatabaseError(path: path, reason: reason) }

        func uint16(_ offset: Int) -> Int {
            swapped
                ? Int(bytes[offset]) << 8 | Int(bytes[offset + 1]) : Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
        }

        func uint32(_ offset: Int) -> UInt32 {
            let values = (0..<4).map { UInt32(bytes[offset + $0]) }
            return swapped
                ? values[0] << 24 | values[1] << 16 | values[2] << 8 | values[3]
                : values[0] | values[1] << 8 | values[2] << 16 | values[3] << 24
        }

        /// The byte range of item `index` on the page at `page`: items are stored from the page's end downwards,
        /// so each ends where the previous index's item starts.
        func item(page: Int, index: Int, entries: Int) throws(RpmDatabaseError) -> (start: Int, end: Int) {
            let start = uint16(page + pageHeaderSize + index * 2)
            let end = index == 0 ? pageSize : uint16(page + pageHeaderSize + (index - 1) * 2)
            guard start >= pageHeaderSize + entries * 2, start < end, end <= pageSize else {
                throw error("hash item \(index) on page \(page / pageSize) has bad bounds \(start)…\(end)")
            }
            return (page + start, page + end)
        }

        /// The value an off-page item points to, gathered from its chain of overflow pages.
        func overflowChain(itemAt offset: Int, onPage pageNumber: Int) throws(RpmDatabaseError) -> [UInt8] {
            guard offset + 12 <= (pageNumber + 1) * pageSize else {
                throw error("off-page item on page \(pageNumber) is cut")
            }
            var next = Int(uint32(offset + 4))
            let total = Int(uint32(offset + 8))
            guard total <= bytes.count else {
                throw error("off-page item on page \(pageNumber) claims \(total) bytes, more than the whole file")
            }
            var value: [UInt8] = []
            value.reserveCapacity(total)
            var visited = 0
            while next != 0, value.count < total {
                visited += 1
                guard next <= lastPage, visited <= lastPage else {
                    throw error("overflow chain from page \(pageNumber) reaches page \(next) (past the end or a loop)")
                }
                let page = next * pageSize
                guard bytes[page + 25] == overflowPage else {
                    throw error("page \(next) in the overflow chain from page \(pageNumber) is not an overflow page")
                }
                let length = uint16(page + 22)
                guard length <= pageSize - pageHeaderSize else {
                    throw error("overflow page \(next) claims \(length) bytes")
                }
                value.append(contentsOf: bytes[(page + pageHeaderSize)..<(page + pageHeaderSize + length)])
                next = Int(uint32(page + 16))
            }
            guard value.count == total else {
                throw error("overflow chain from page \(pageNumber) holds \(value.count) of \(total) bytes")
            }
            return value
        }
    }
}
