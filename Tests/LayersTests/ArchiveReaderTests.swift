import Archive
import Foundation
import TestSupport
import Testing

/// The libarchive owner: tar streams in every compression, long names, damage; ZIP from memory.
@Suite struct ArchiveReaderTests {
    static func entries(_ bytes: [UInt8]) throws -> (compression: Compression, entries: [(TarEntry, [UInt8])]) {
        var position = 0
        let reader = try TarReader(name: "test stream", bufferSize: 4096) { buffer in
            let count = min(buffer.count, bytes.count - position)
            bytes[position..<(position + count)].withUnsafeBytes { buffer.copyMemory(from: $0) }
            position += count
            return count
        }
        var result: [(TarEntry, [UInt8])] = []
        while let entry = try reader.next() {
            var data: [UInt8] = []
            while let block = try reader.readBlock() { data += block.bytes }
            result.append((entry, data))
        }
        #expect(try reader.drainSource() == 0 || position == bytes.count)
        return (reader.compression, result)
    }

    static let sample: [UInt8] = {
        var builder = TarBuilder()
        builder.add("bin/", kind: .directory, mode: 0o755)
        builder.file("bin/tool", "#!/bin/sh\necho hi\n", mode: 0o4755)
        builder.add("bin/sh", kind: .symlink, link: "busybox")
        builder.add("bin/again", kind: .hardlink, link: "bin/tool")
        return builder.finished
    }()

    @Test(arguments: ["none", "gzip", "zstd"])
    func readsEntriesInEveryCompression(tool: String) throws {
        let bytes = tool == "none" ? Self.sample : try TestLayout.compress(Self.sample, tool)
        let (compression, entries) = try Self.entries(bytes)
        #expect(compression.rawValue == tool)
        #expect(entries.map(\.0.path) == ["bin/", "bin/tool", "bin/sh", "bin/again"])
        #expect(entries.map(\.0.kind) == [.directory, .regular, .symlink, .hardlink])
        #expect(entries[1].0.mode == 0o4755)
        #expect(entries[1].0.size == 18)
        #expect(String(decoding: entries[1].1, as: UTF8.self) == "#!/bin/sh\necho hi\n")
        #expect(entries[2].0.linkTarget == "busybox")
        #expect(entries[3].0.hardlinkTarget == "bin/tool")
    }

    @Test(arguments: ["pax", "gnu"])
    func longNamesFromGNUTar(format: String) throws {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-tar")
        defer { try? FileManager.default.removeItem(at: directory) }
        let long = String(repeating: "a", count: 150) + "/" + String(repeating: "b", count: 120)
        let file = directory.appendingPathComponent("src/" + long)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: file)
        let link = String(repeating: "c", count: 130)
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("src/link").path, withDestinationPath: "/" + long + "/" + link)
        let archive = directory.appendingPathComponent("a.tar").path
        let result = try ProcessRunner.run(
            "tar",
            ["--format=\(format)", "-cf", archive, "-C", directory.appendingPathComponent("src").path, long, "link"])
        try #require(result.status == 0)
        let (_, entries) = try Self.entries([UInt8](try Data(contentsOf: URL(fileURLWithPath: archive))))
        #expect(entries.map(\.0.path) == [long, "link"])
        #expect(entries[1].0.linkTarget == "/" + long + "/" + link)
    }

    @Test func truncatedStreamIsAnError() throws {
        #expect {
            _ = try Self.entries(Array(Self.sample.prefix(700)))
        } throws: { error in
            let error = try #require(error as? ArchiveError)
            return error.code == .corrupt && error.message.contains("test stream")
                && error.message.contains("truncated")
        }
    }

    @Test func sourceErrorsAreReported() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "disk on fire" } }
        #expect {
            let reader = try TarReader(name: "test stream") { _ in throw Broken() }
            _ = try reader.next()
        } throws: { error in
            let error = try #require(error as? ArchiveError)
            return error.code == .source && error.message == "cannot open test stream: disk on fire"
        }
    }

    static func zip(_ files: [String: Int]) throws -> [UInt8] {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-zip")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("a.jar").path
        let spec = files.map { "(\"\($0.key)\", \($0.value))" }.joined(separator: ",")
        let script = """
            import zipfile, sys
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                for name, size in [\(spec)]:
                    z.writestr(name, (name + "\\n") * size)
            """
        let result = try ProcessRunner.run("python3", ["-c", script, path])
        try #require(result.status == 0, "\(result.error)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func zipListsAndReadsEntries() throws {
        let bytes = try Self.zip(["META-INF/MANIFEST.MF": 2, "big.bin": 200_000])
        let zip = try ZipArchive(bytes)
        #expect(Set(zip.entries.map(\.name)) == ["META-INF/MANIFEST.MF", "big.bin"])
        #expect(zip.entries.first { $0.name == "big.bin" }?.uncompressedSize == 1_600_000)
        let manifest = try zip.contents(of: "META-INF/MANIFEST.MF", limit: 1024)
        #expect(String(decoding: manifest, as: UTF8.self) == "META-INF/MANIFEST.MF\nMETA-INF/MANIFEST.MF\n")
        #expect {
            _ = try zip.contents(of: "big.bin", limit: 1 << 20)
        } throws: { error in
            "\(error)" == "'big.bin' inflates past the 1048576-byte limit (zip bomb?)"
        }
        #expect {
            _ = try zip.contents(of: "missing", limit: 10)
        } throws: { error in
            "\(error)" == "no entry 'missing' in the archive"
        }
    }

    @Test func notAZip() throws {
        #expect {
            _ = try ZipArchive(Array("PK not really".utf8))
        } throws: { error in
            "\(error)" == "13 bytes is too short for a zip archive"
        }
        let whole = try Self.zip(["a.txt": 1000])
        let truncated = Array(whole.prefix(whole.count / 2))
        #expect(throws: ZipArchive.Error.self) {
            _ = try ZipArchive(truncated).contents(of: "a.txt", limit: 1 << 20)
        }
    }
}
