import Archive
import Hashing
import ImageSource
import Model
import Synchronization

/// What one layer does to the tree below it, in tar order; produced while streaming, applied in layer order.
enum LayerChange: Sendable {
    /// A regular file, directory, symlink or special file.
    case entry(path: String, node: FileNode)
    /// A hard link to an earlier entry of this layer or a lower one.
    case hardlink(path: String, target: String, mode: UInt32, uid: Int, gid: Int)
    /// `.wh.NAME`: hides `path` of lower layers.
    case whiteout(path: String)
    /// `.wh..wh..opq`: hides the lower layers' contents of `directory`.
    case opaque(directory: String)
}

/// Decompressed bytes of one image, shared by the layers read in parallel.
final class ByteBudget: Sendable {
    let limit: Int64
    private let used = Atomic<Int64>(0)

    init(limit: Int64) { self.limit = limit }

    /// Adds `count` bytes; false once the total passes the limit.
    func spend(_ count: Int64) -> Bool {
        used.add(count, ordering: .relaxed).newValue <= limit
    }
}

/// Streams one layer blob once: hashes the stored bytes, decompresses (gzip, zstd or none, sniffed from the
/// bytes), walks the tar, captures the files `wants` asks for, and checks the digest at the end.
struct LayerReader {
    let layer: LayerBlob
    let index: Int
    let count: Int
    let wants: @Sendable (FileEntryInfo) -> Bool
    let limits: LayerLimits
    let budget: ByteBudget
    let progress: (@Sendable (ProgressEvent) -> Void)?
    /// When set, only these paths are captured (and `wants` is not asked): a targeted re-read.
    var onlyPaths: Set<String>?

    var name: String { "layer \(index + 1) of \(count) (\(layer.digest))" }

    func read() throws -> (changes: [LayerChange], warnings: [String]) {
        let hasher = SHA256Hasher()
        let stream = try BlobStream(layer.location)
        var storedBytes: Int64 = 0
        var lastReported: Int64 = 0
        let progress = self.progress
        let index = self.index
        let count = self.count
        let raw: TarReader.Source = { buffer in
            let got = try stream.read(into: buffer)
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            storedBytes += Int64(got)
            if let progress, storedBytes - lastReported >= 8 << 20 || got == 0 {
                lastReported = storedBytes
                progress(.readingLayer(index: index, count: count, bytes: storedBytes))
            }
            return got
        }
        var changes: [LayerChange] = []
        var warnings: [String] = []
        do {
            let reader = try TarReader(name: name, source: raw)
            try walk(reader, into: &changes, warnings: &warnings)
            _ = try reader.drainSource()
        } catch let error as ArchiveError {
            let failure: any Error =
                error.code == .source ? (error.underlying ?? error) : LayerError(.corrupt, error.message)
            if let layerError = failure as? LayerError, layerError.code == .corrupt {
                // A damaged stream may simply be the wrong bytes: say so when the digest disagrees too.
                try? Self.drain(raw)
                try verify(hasher.finalize(), detail: " (\(layerError.message))")
            }
            throw failure
        }
        try verify(hasher.finalize(), detail: "")
        return (changes, warnings)
    }

    /// Reads a source to its end (to finish a digest when libarchive gave up before reading anything).
    private static func drain(_ source: TarReader.Source) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while try source(buffer) > 0 {}
    }

    private func verify(_ actual: Digest, detail: String) throws(LayerError) {
        guard actual == layer.digest else {
            throw LayerError(
                .digestMismatch,
                "\(name) in '\(layer.location.path)' does not match its digest: its bytes hash to \(actual)\(detail)")
        }
    }

    private func walk(_ reader: TarReader, into changes: inout [LayerChange], warnings: inout [String]) throws {
        var entries = 0
        while let entry = try reader.next() {
            entries += 1
            guard entries <= limits.maxEntriesPerLayer else {
                throw LayerError(
                    .limitExceeded, "\(name) has more than \(limits.maxEntriesPerLayer) entries (the per-layer limit)")
            }
            try spend(512)
            if entries % 1024 == 0 { try Task.checkCancellation() }
            guard let path = FileTree.normalize(entry.path) else {
                warnings.append("skipped entry '\(entry.path)' in \(name): its path escapes the image root")
                try drain(reader, path: entry.path)
                continue
            }
            if path == "/" { continue }
            let parent = FileTree.parent(of: path)
            let base = path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...]
            if base.hasPrefix(".wh.") {
                if base == ".wh..wh..opq" {
                    changes.append(.opaque(directory: parent))
                } else if !base.hasPrefix(".wh..wh.") && base.count > 4 {
                    changes.append(.whiteout(path: (parent == "/" ? "" : parent) + "/" + base.dropFirst(4)))
                }
                try drain(reader, path: path)
                continue
            }
            let mode = entry.mode
            let uid = Int(clamping: entry.uid)
            let gid = Int(clamping: entry.gid)
            switch entry.kind {
            case .hardlink:
                guard let target = entry.hardlinkTarget.flatMap(FileTree.normalize) else {
                    warnings.append(
                        "skipped hard link '\(path)' in \(name): its target '\(entry.hardlinkTarget ?? "")' escapes the image root"
                    )
                    continue
                }
                changes.append(.hardlink(path: path, target: target, mode: mode, uid: uid, gid: gid))
                try drain(reader, path: path)
            case .regular:
                let info = FileEntryInfo(path: path, kind: .regular, size: entry.size, mode: mode)
                let wanted = onlyPaths.map { $0.contains(path) } ?? wants(info)
                var contents: [UInt8]?
                if wanted {
                    if entry.size > limits.maxFileBytes {
                        warnings.append(
                            "did not read '\(path)' in \(name): \(entry.size) bytes is more than the \(limits.maxFileBytes)-byte per-file limit"
                        )
                        try drain(reader, path: path)
                    } else {
                        contents = try capture(reader, path: path, declared: entry.size, warnings: &warnings)
                    }
                } else {
                    try drain(reader, path: path)
                }
                let node = FileNode(
                    kind: .regular, size: entry.size, mode: mode, uid: uid, gid: gid, layerIndex: index,
                    contents: contents)
                changes.append(.entry(path: path, node: node))
            case .directory:
                changes.append(
                    .entry(
                        path: path, node: FileNode(kind: .directory, mode: mode, uid: uid, gid: gid, layerIndex: index))
                )
            case .symlink:
                let node = FileNode(
                    kind: .symlink(target: entry.linkTarget ?? ""), mode: mode, uid: uid, gid: gid, layerIndex: index)
                changes.append(.entry(path: path, node: node))
            case .characterDevice, .blockDevice, .fifo, .socket, .unknown:
                changes.append(
                    .entry(path: path, node: FileNode(kind: .other, mode: mode, uid: uid, gid: gid, layerIndex: index)))
                try drain(reader, path: path)
            }
        }
    }

    private func spend(_ bytes: Int64) throws(LayerError) {
        guard budget.spend(bytes) else {
            throw LayerError(
                .limitExceeded,
                "the image decompresses to more than \(budget.limit) bytes (the per-image limit) while reading \(name); raise PLIMSOLL_MAX_IMAGE_BYTES if it is genuine"
            )
        }
    }

    /// Reads past the current entry's data, counting it against the image budget.
    private func drain(_ reader: TarReader, path: String) throws {
        while let block = try reader.readBlock() { try spend(Int64(block.bytes.count)) }
    }

    /// The current entry's bytes, or nil (with a warning) when they turn out larger than the per-file limit.
    private func capture(_ reader: TarReader, path: String, declared: Int64, warnings: inout [String]) throws
        -> [UInt8]?
    {
        var data: [UInt8] = []
        data.reserveCapacity(Int(max(0, declared)))
        var overflow = false
        while let block = try reader.readBlock() {
            try spend(Int64(block.bytes.count))
            if overflow { continue }
            let end = block.offset + Int64(block.bytes.count)
            if end > limits.maxFileBytes {
                overflow = true
                warnings.append(
                    "did not read '\(path)' in \(name): it holds more than the \(limits.maxFileBytes)-byte per-file limit"
                )
                data = []
                continue
            }
            // Sparse entries skip ahead: the gap reads as zeros.
            if block.offset > Int64(data.count) {
                data.append(contentsOf: repeatElement(0, count: Int(block.offset) - data.count))
            }
            data.append(contentsOf: block.bytes)
        }
        if !overflow, Int64(data.count) < declared {
            data.append(contentsOf: repeatElement(0, count: Int(declared) - data.count))
        }
        return overflow ? nil : data
    }
}
