import Catalog
import Foundation
import Layers
import TestSupport

/// Real Debian packages for the classifier tests: fetched once with `apt-get download` into a cache
/// (`$PLIMSOLL_TEST_TMP/debs`, else `~/.cache/plimsoll-test/debs`) and unpacked with `dpkg-deb -x`.
enum BinaryDebianPackages {
    static var cacheDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        if let base = environment["PLIMSOLL_TEST_TMP"], !base.isEmpty {
            return URL(fileURLWithPath: base).appendingPathComponent("debs")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/plimsoll-test/debs")
    }

    /// The cached `.deb` of `package`, downloading it when missing.
    static func deb(_ package: String) throws -> URL {
        let directory = cacheDirectory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func cached() throws -> URL? {
            try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasPrefix(package + "_") && $0.hasSuffix(".deb") }.sorted().last
                .map { directory.appendingPathComponent($0) }
        }
        if let found = try cached() { return found }
        _ = try runTool("env", ["-C", directory.path, "apt-get", "download", "-q", package])
        guard let found = try cached() else {
            throw ToolFailure(description: "apt-get download \(package) left no .deb")
        }
        return found
    }

    /// The upstream part of the package's version: no epoch, no Debian revision, no `+dfsg`-style repack tag.
    static func upstreamVersion(_ package: String) throws -> String {
        let version = try runTool("dpkg-deb", ["-f", try deb(package).path, "Version"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var upstream = Substring(version)
        if let colon = upstream.firstIndex(of: ":") { upstream = upstream[upstream.index(after: colon)...] }
        if let dash = upstream.lastIndex(of: "-") { upstream = upstream[..<dash] }
        for tag in ["+dfsg", "~dfsg", "+ds", "~ds", "+repack"] {
            if let range = upstream.range(of: tag) { upstream = upstream[..<range.lowerBound] }
        }
        return String(upstream)
    }

    /// A tree of the packages' files as an image layer would give them: every entry through `wants`, so only
    /// what the cataloger asked for is captured; symlinks kept.
    static func tree(_ packages: [String], wants: (FileEntryInfo) -> Bool) throws -> FileTree {
        let root = try SharedData.makeTemporaryDirectory("plimsoll-debs")
        defer { try? FileManager.default.removeItem(at: root) }
        for package in packages { _ = try runTool("dpkg-deb", ["-x", try deb(package).path, root.path]) }
        var tree = FileTree(layerDigests: [nil])
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: root.path) else { return tree }
        while let relative = enumerator.nextObject() as? String {
            guard let path = FileTree.normalize(relative) else { continue }
            let full = root.path + "/" + relative
            let attributes = try manager.attributesOfItem(atPath: full)
            let mode = UInt32((attributes[.posixPermissions] as? Int) ?? 0o644)
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?:
                let target = try manager.destinationOfSymbolicLink(atPath: full)
                tree.insert(path, FileNode(kind: .symlink(target: target), mode: mode))
            case .typeDirectory?:
                tree.insert(path, FileNode(kind: .directory, mode: mode))
            case .typeRegular?:
                let size = Int64((attributes[.size] as? Int) ?? 0)
                let entry = FileEntryInfo(path: path, kind: .regular, size: size, mode: mode)
                let contents = wants(entry) ? [UInt8](try Data(contentsOf: URL(fileURLWithPath: full))) : nil
                tree.insert(path, FileNode(kind: .regular, size: size, mode: mode, contents: contents))
            default:
                continue
            }
        }
        return tree
    }
}
