import Foundation
import TestSupport

/// A real package database from ../shared/feeds/pkgdb laid out as a root file system in a temp dir.
struct PkgdbRoot {
    let directory: URL

    /// Copies `pkgdb/<name>` into place: dpkg `status` / `status.d`, apk `installed`, and `etc/os-release`.
    init(_ name: String) throws {
        let source = SharedData.feeds.appendingPathComponent("pkgdb/\(name)")
        directory = try SharedData.makeTemporaryDirectory("plimsoll-root-\(name)")
        let manager = FileManager.default
        func place(_ file: String, at path: String) throws {
            let target = directory.appendingPathComponent(path)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: source.appendingPathComponent(file), to: target)
        }
        try place("os-release", at: "etc/os-release")
        if manager.fileExists(atPath: source.appendingPathComponent("status").path) {
            try place("status", at: "var/lib/dpkg/status")
        }
        if manager.fileExists(atPath: source.appendingPathComponent("status.d").path) {
            try place("status.d", at: "var/lib/dpkg/status.d")
        }
        if manager.fileExists(atPath: source.appendingPathComponent("installed").path) {
            try place("installed", at: "lib/apk/db/installed")
        }
    }

    /// The Alpine 3.10.3 minirootfs's package database and os-release, extracted with tar.
    init(minirootfs archive: String) throws {
        directory = try SharedData.makeTemporaryDirectory("plimsoll-root-minirootfs")
        let path = SharedData.images.appendingPathComponent("src/\(archive)").path
        let result = try ProcessRunner.run(
            "tar", ["-xzf", path, "-C", directory.path, "./lib/apk/db/installed", "./etc/os-release"])
        guard result.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
