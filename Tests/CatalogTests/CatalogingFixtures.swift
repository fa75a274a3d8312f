import Catalog
import Foundation
import Layers
import Model
import TestSupport
import Testing

/// Builds trees for the catalog tests from the shared package databases and from real files.
enum CatalogFixtures {
    /// `../shared/feeds/pkgdb/<name>`.
    static func pkgdb(_ name: String) -> URL {
        SharedData.feeds.appendingPathComponent("pkgdb").appendingPathComponent(name)
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    /// A one-layer tree holding `files` (image path → bytes) as regular files.
    static func tree(_ files: [String: [UInt8]], layerDigests: [Digest?] = [nil]) -> FileTree {
        var tree = FileTree(layerDigests: layerDigests)
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            tree.insert(path, FileNode(kind: .regular, size: Int64(bytes.count), contents: bytes))
        }
        return tree
    }

    /// A pkgdb folder laid out as the root file system it came from: its database at the real path and its
    /// `os-release` at `/etc/os-release`.
    static func rootTree(pkgdb name: String) throws -> FileTree {
        let folder = pkgdb(name)
        var files: [String: [UInt8]] = ["/etc/os-release": try bytes(folder.appendingPathComponent("os-release"))]
        let manager = FileManager.default
        for entry in try manager.contentsOfDirectory(atPath: folder.path) {
            let url = folder.appendingPathComponent(entry)
            switch entry {
            case "status", "valid": files[DpkgCataloger.statusPath] = try bytes(url)
            case "installed": files["/lib/apk/db/installed"] = try bytes(url)
            case "status.d":
                for file in try manager.contentsOfDirectory(atPath: url.path) {
                    files[DpkgCataloger.statusDirectory + file] = try bytes(url.appendingPathComponent(file))
                }
            default: continue
            }
        }
        return tree(files)
    }

    /// A fake layer digest for attribution tests.
    static func layerDigest(_ index: Int) -> Digest {
        Digest(algorithm: "sha256", hex: String(repeating: String(index % 10), count: 64))
    }

    /// Runs the real `tar` to extract `members` of `archive` into a fresh temp dir and returns it.
    static func extract(_ archive: URL, members: [String]) throws -> URL {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-catalog")
        let result = try ProcessRunner.run(
            "tar", ["-xzf", archive.path, "-C", directory.path, "--no-same-owner"] + members)
        #expect(result.status == 0, "tar failed: \(result.error)")
        return directory
    }

    /// The official Alpine minirootfs tarball in `../shared/images/src`.
    static func alpineMinirootfs(_ version: String, arch: String = "x86_64") -> URL {
        SharedData.images.appendingPathComponent("src/alpine-minirootfs-\(version)-\(arch).tar.gz")
    }

    /// The files Plimsoll's catalogers want from an Alpine minirootfs, as a one-layer tree.
    static func alpineTree(_ version: String) throws -> FileTree {
        let directory = try extract(
            alpineMinirootfs(version),
            members: ["./etc/os-release", "./etc/alpine-release", "./lib/apk/db/installed", "./bin/busybox"])
        defer { try? FileManager.default.removeItem(at: directory) }
        return try FixtureTree.load(directory)
    }

    /// Rows of the real `dpkg-query -W` over a private admin dir holding `status`.
    static func dpkgQuery(status: [UInt8], format: String) throws -> [String] {
        let admin = try SharedData.makeTemporaryDirectory("plimsoll-dpkg")
        defer { try? FileManager.default.removeItem(at: admin) }
        for folder in ["info", "updates"] {
            try FileManager.default.createDirectory(
                at: admin.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data(status).write(to: admin.appendingPathComponent("status"))
        let result = try ProcessRunner.run("dpkg-query", ["--admindir=\(admin.path)", "-W", "-f=\(format)"])
        #expect(result.status == 0, "dpkg-query failed: \(result.error)")
        return result.output.split(separator: "\n").map(String.init)
    }
}
