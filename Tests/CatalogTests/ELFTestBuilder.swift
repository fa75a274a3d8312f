import Layers
import TestSupport

/// Writes small ELF64 little-endian files for tests: a header, one PT_LOAD segment mapping the whole file at
/// `baseAddress`, the given sections and a section-name table. Hostile variants patch the result afterwards.
struct ELFTestBuilder {
    struct Section {
        var name: String
        var type: UInt32 = 1
        var bytes: [UInt8]
        var link: UInt32 = 0
    }

    static let baseAddress: UInt64 = 0x40_0000
    var sections: [Section] = []

    /// The virtual address section `index` will be loaded at (data laid out after the 64+56-byte headers).
    func address(ofSection index: Int) -> UInt64 {
        Self.baseAddress + UInt64(dataOffset(ofSection: index))
    }

    func dataOffset(ofSection index: Int) -> Int {
        var offset = 64 + 56
        for section in sections[..<index] { offset += section.bytes.count }
        return offset
    }

    func build() -> [UInt8] {
        var names: [UInt8] = [0]
        var nameOffsets: [UInt32] = []
        for section in sections + [Section(name: ".shstrtab", type: 3, bytes: [])] {
            nameOffsets.append(UInt32(names.count))
            names += Array(section.name.utf8) + [0]
        }
        let all = sections + [Section(name: ".shstrtab", type: 3, bytes: names)]
        var data: [UInt8] = []
        for section in all { data += section.bytes }
        let sectionTableOffset = 64 + 56 + data.count
        var out: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 8)
        out += le(2, 2) + le(62, 2) + le(1, 4) + le(Self.baseAddress, 8) + le(64, 8)
        out += le(UInt64(sectionTableOffset), 8) + le(0, 4) + le(64, 2) + le(56, 2) + le(1, 2) + le(64, 2)
        out += le(UInt64(all.count + 1), 2) + le(UInt64(all.count), 2)
        let fileSize = UInt64(sectionTableOffset + (all.count + 1) * 64)
        out += le(1, 4) + le(5, 4) + le(0, 8) + le(Self.baseAddress, 8) + le(Self.baseAddress, 8)
        out += le(fileSize, 8) + le(fileSize, 8) + le(0x1000, 8)
        out += data
        out += [UInt8](repeating: 0, count: 64)  // null section
        var offset = 64 + 56
        for (index, section) in all.enumerated() {
            out += le(UInt64(nameOffsets[index]), 4) + le(UInt64(section.type), 4) + le(2, 8)
            out += le(Self.baseAddress + UInt64(offset), 8) + le(UInt64(offset), 8) + le(UInt64(section.bytes.count), 8)
            out += le(UInt64(section.link), 4) + le(0, 4) + le(1, 8) + le(0, 8)
            offset += section.bytes.count
        }
        return out
    }
}

/// `value` as `width` little-endian bytes.
func le(_ value: UInt64, _ width: Int) -> [UInt8] {
    (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
}

/// A one-layer tree holding `files` (path → bytes) as executables.
func binaryTree(_ files: [String: [UInt8]]) -> FileTree {
    var tree = FileTree(layerDigests: [nil])
    for (path, bytes) in files {
        tree.insert(path, FileNode(kind: .regular, size: Int64(bytes.count), mode: 0o755, contents: bytes))
    }
    return tree
}

/// Runs a tool and returns its standard output; throws when it exits non-zero.
func runTool(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
    let result = try ProcessRunner.run(tool, arguments, environment: environment)
    guard result.status == 0 else {
        throw ToolFailure(
            description: "\(tool) \(arguments.joined(separator: " ")) exited \(result.status): \(result.error)")
    }
    return result.output
}

/// A reference tool that failed.
struct ToolFailure: Error, CustomStringConvertible {
    var description: String
}
