import Foundation
import Layers
import Model
import TestSupport
import Testing

@testable import Catalog

/// One row of `rpm -qa --qf '%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\n'`.
private struct RpmRow: Hashable, CustomStringConvertible {
    var fields: [String]
    var description: String { fields.joined(separator: "\t") }

    init(_ fields: [String]) { self.fields = fields }

    init(_ package: Package) {
        let versionRelease = package.purl.version ?? ""
        let dash = versionRelease.lastIndex(of: "-") ?? versionRelease.endIndex
        fields = [
            package.name, package.metadata["epoch"] ?? "(none)", String(versionRelease[..<dash]),
            package.metadata["release"] ?? "", package.architecture ?? "(none)",
            package.metadata["sourceRpm"] ?? "(none)",
        ]
    }
}

@Suite struct RpmDBCatalogerTests {
    static let query = "%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n"

    /// What the real `rpm` lists for the database directory `dbpath`.
    private func rpmRows(dbpath: URL, backend: String? = nil) throws -> Set<RpmRow> {
        var arguments = [
            "-qa", "--dbpath", dbpath.path, "--qf",
            "%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\n",
        ]
        if let backend { arguments += ["--define", "_db_backend \(backend)"] }
        let result = try ProcessRunner.run("rpm", arguments)
        #expect(result.status == 0, "rpm failed: \(result.error)")
        return Set(result.output.split(separator: "\n").map { RpmRow($0.split(separator: "\t").map(String.init)) })
    }

    /// A tree with `bytes` at `path`, as one base layer.
    private func tree(_ path: String, _ bytes: [UInt8], layerIndex: Int = 0) -> FileTree {
        var tree = FileTree(layerDigests: [nil, nil])
        tree.insert(path, FileNode(kind: .regular, size: Int64(bytes.count), layerIndex: layerIndex, contents: bytes))
        return tree
    }

    private func pkgdb(_ name: String, _ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: SharedData.feeds.appendingPathComponent("pkgdb/\(name)/\(file)")))
    }

    /// Copies a shared database into a private directory (rpm and SQLite may write beside it).
    private func privateCopy(_ name: String, _ file: String) throws -> URL {
        let directory = try SharedData.makeTemporaryDirectory("rpmdb")
        let target = directory.appendingPathComponent(file)
        try FileManager.default.copyItem(
            at: SharedData.feeds.appendingPathComponent("pkgdb/\(name)/\(file)"), to: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target.path)
        return directory
    }

    @Test(
        arguments: [
            ("cbl-mariner-2.0", "rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite", 129, nil),
            ("amazonlinux-2023", "rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite", 103, nil),
            ("rhel-8-libuuid-single", "Packages", "/var/lib/rpm/Packages", 1, "bdb_ro"),
        ] as [(String, String, String, Int, String?)])
    func realDatabaseMatchesRpm(name: String, file: String, imagePath: String, count: Int, backend: String?) throws {
        let context = CatalogContext(distro: Distro(id: "unknown"))
        let packages = try RpmDBCataloger().catalog(tree(imagePath, try pkgdb(name, file)), context: context)
        #expect(packages.count == count)
        #expect(context.warnings.isEmpty)
        let directory = try privateCopy(name, file)
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try rpmRows(dbpath: directory, backend: backend)
        #expect(expected.count == count)
        let ours = Set(packages.map(RpmRow.init))
        #expect(ours == expected, "only ours: \(ours.subtracting(expected)); only rpm: \(expected.subtracting(ours))")
        #expect(packages.allSatisfy { $0.locations == [Location(path: imagePath, layerIndex: 0)] })
    }

    @Test func slesNDBDatabase() throws {
        let context = CatalogContext(distro: Distro(id: "sles", versionID: "15.3"))
        let packages = try RpmDBCataloger().catalog(
            tree("/usr/lib/sysimage/rpm/Packages.db", try pkgdb("sles-15.3", "Packages.db")), context: context)
        #expect(packages.count == 35)
        #expect(context.warnings.isEmpty)
        let glibc = try #require(packages.first { $0.name == "glibc" })
        #expect(glibc.version == "2.31-9.3.2")
        #expect(
            glibc.purl.description
                == "pkg:rpm/sles/glibc@2.31-9.3.2?arch=x86_64&distro=sles-15.3&upstream=glibc-2.31-9.3.2.src.rpm")
        #expect(glibc.files.contains("/lib64/libc.so.6"))
        let release = try #require(packages.first { $0.name == "sles-release" })
        #expect(release.version == "15.3-55.4.1")
        #expect(release.metadata["vendor"] == "SUSE LLC <https://www.suse.com/>")
    }

    @Test func rhelBerkeleyDBFields() throws {
        let context = CatalogContext(distro: Distro(id: "rhel", versionID: "8.8"))
        let packages = try RpmDBCataloger().catalog(
            tree("/var/lib/rpm/Packages", try pkgdb("rhel-8-libuuid-single", "Packages")), context: context)
        let libuuid = try #require(packages.first)
        #expect(libuuid.name == "libuuid")
        #expect(libuuid.version == "2.32.1-42.el8_8")
        #expect(
            libuuid.purl.description
                == "pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64&distro=rhel-8.8&upstream=util-linux-2.32.1-42.el8_8.src.rpm"
        )
        #expect(libuuid.licenses == ["BSD"])
        #expect(libuuid.metadata["vendor"] == "Red Hat, Inc.")
        #expect(libuuid.sourceName == "util-linux")
        #expect(libuuid.sourceVersion == "2.32.1-42.el8_8")
        #expect(libuuid.files.contains("/usr/lib64/libuuid.so.1"))
        #expect(libuuid.foundBy == "rpm-db-cataloger")
    }

    /// Builds packages with `rpmbuild`, installs them with `rpm --root … -i` (SQLite), exports them into a Berkeley DB
    /// with `rpmdb --exportdb` + `db5.3_load`, and checks both databases against `rpm -qa`.
    @Test func builtDatabasesMatchRpmFieldByField() throws {
        let work = try SharedData.makeTemporaryDirectory("rpmbuild")
        defer { try? FileManager.default.removeItem(at: work) }
        var packageFiles: [String] = []
        let specs: [(name: String, header: String, files: Int, label: String?)] = [
            ("plimsoll-epoch", "Epoch: 3\nBuildArch: noarch", 2, "postgresql:9.6:8050020210907:29c1ad77"),
            ("plimsoll-plain", "", 1, nil),
            // Enough file names that the header spans several Berkeley DB overflow pages.
            ("plimsoll-many-files", "BuildArch: noarch", 400, nil),
        ]
        for spec in specs {
            let text = """
                Name: \(spec.name)
                Version: 1.2.3
                Release: 4.fc99
                Summary: test package
                License: MIT AND Apache-2.0
                Vendor: Plimsoll Tests
                \(spec.header)
                %description
                test package
                %install
                mkdir -p %{buildroot}/usr/share/\(spec.name)
                for i in $(seq 1 \(spec.files)); do echo $i > %{buildroot}/usr/share/\(spec.name)/file-$i.txt; done
                %files
                /usr/share/\(spec.name)

                """
            let specFile = work.appendingPathComponent("\(spec.name).spec")
            try text.write(to: specFile, atomically: true, encoding: .utf8)
            var arguments = ["-bb", "--define", "_topdir \(work.path)/top", "--define", "__os_install_post %{nil}"]
            if let label = spec.label { arguments += ["--define", "modularitylabel \(label)"] }
            let build = try ProcessRunner.run("rpmbuild", arguments + [specFile.path])
            try #require(build.status == 0, "rpmbuild failed: \(build.error)")
        }
        let rpms = FileManager.default.enumerator(atPath: work.appendingPathComponent("top/RPMS").path)
        while let file = rpms?.nextObject() as? String {
            if file.hasSuffix(".rpm") { packageFiles.append(work.appendingPathComponent("top/RPMS/\(file)").path) }
        }
        try #require(packageFiles.count == 3)
        let root = work.appendingPathComponent("root")
        let install = try ProcessRunner.run(
            "rpm", ["--root", root.path, "--dbpath", "/var/lib/rpm", "-i", "--nodeps"] + packageFiles)
        try #require(install.status == 0, "rpm -i failed: \(install.error)")

        // SQLite, as Debian's rpm writes it (WAL mode: header bytes 18–19 are 2).
        let sqliteDirectory = root.appendingPathComponent("var/lib/rpm")
        let sqliteBytes = [UInt8](try Data(contentsOf: sqliteDirectory.appendingPathComponent("rpmdb.sqlite")))
        #expect(sqliteBytes[18] == 2 && sqliteBytes[19] == 2)
        let context = CatalogContext(distro: Distro(id: "fedora", versionID: "99"))
        let fromSQLite = try RpmDBCataloger().catalog(tree("/var/lib/rpm/rpmdb.sqlite", sqliteBytes), context: context)
        let expected = try rpmRows(dbpath: sqliteDirectory)
        #expect(expected.count == 3)
        #expect(Set(fromSQLite.map(RpmRow.init)) == expected)

        let epoch = try #require(fromSQLite.first { $0.name == "plimsoll-epoch" })
        #expect(epoch.version == "3:1.2.3-4.fc99")
        #expect(epoch.metadata["epoch"] == "3")
        #expect(epoch.metadata["modularityLabel"] == "postgresql:9.6:8050020210907:29c1ad77")
        #expect(
            epoch.purl.description
                == "pkg:rpm/fedora/plimsoll-epoch@1.2.3-4.fc99?arch=noarch&distro=fedora-99&epoch=3"
                + "&upstream=plimsoll-epoch-1.2.3-4.fc99.src.rpm")
        #expect(epoch.licenses == ["MIT AND Apache-2.0"])
        #expect(
            epoch.files.sorted() == [
                "/usr/share/plimsoll-epoch", "/usr/share/plimsoll-epoch/file-1.txt",
                "/usr/share/plimsoll-epoch/file-2.txt",
            ])
        let plain = try #require(fromSQLite.first { $0.name == "plimsoll-plain" })
        #expect(plain.metadata["epoch"] == nil && plain.metadata["modularityLabel"] == nil)
        #expect(plain.version == "1.2.3-4.fc99")
        #expect(try #require(fromSQLite.first { $0.name == "plimsoll-many-files" }).files.count == 401)

        // Berkeley DB, from rpm's own export.
        let export = try ProcessRunner.run(
            "/bin/sh",
            [
                "-c", "rpmdb --root \"$1\" --dbpath /var/lib/rpm --exportdb > \"$2\"", "sh", root.path,
                work.appendingPathComponent("export.bin").path,
            ])
        try #require(export.status == 0, "rpmdb --exportdb failed: \(export.error)")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/rpm/rpm-export-to-db-dump.py").path
        let dump = try ProcessRunner.run(
            "python3",
            [script, work.appendingPathComponent("export.bin").path, work.appendingPathComponent("dump.txt").path])
        try #require(dump.status == 0, "dump conversion failed: \(dump.error)")
        let bdbDirectory = work.appendingPathComponent("bdb")
        try FileManager.default.createDirectory(at: bdbDirectory, withIntermediateDirectories: true)
        let load = try ProcessRunner.run(
            "db5.3_load",
            ["-f", work.appendingPathComponent("dump.txt").path, bdbDirectory.appendingPathComponent("Packages").path])
        try #require(load.status == 0, "db5.3_load failed: \(load.error)")
        let bdbBytes = [UInt8](try Data(contentsOf: bdbDirectory.appendingPathComponent("Packages")))
        let fromBDB = try RpmDBCataloger().catalog(tree("/var/lib/rpm/Packages", bdbBytes), context: context)
        #expect(try rpmRows(dbpath: bdbDirectory, backend: "bdb_ro") == expected)
        #expect(Set(fromBDB.map(RpmRow.init)) == expected)
        #expect(Set(fromBDB.map(\.files)) == Set(fromSQLite.map(\.files)))
        #expect(context.warnings.isEmpty)
    }

    /// PITFALLS 13 and 20: `/var/lib/rpm` is a symlink to `/usr/lib/sysimage/rpm` and a later layer rewrote the
    /// database: the database is read once, at its real path, from the newest layer.
    @Test func symlinkedDatabaseDirectoryIsReadOnceFromTheNewestLayer() throws {
        let old = try pkgdb("amazonlinux-2023", "rpmdb.sqlite")
        let new = try pkgdb("cbl-mariner-2.0", "rpmdb.sqlite")
        var tree = FileTree(layerDigests: [nil, nil])
        tree.insert("/var/lib/rpm", FileNode(kind: .symlink(target: "../../usr/lib/sysimage/rpm")))
        tree.insert("/usr/lib/sysimage/rpm", FileNode(kind: .directory))
        let path = "/usr/lib/sysimage/rpm/rpmdb.sqlite"
        tree.insert(path, FileNode(kind: .regular, size: Int64(old.count), layerIndex: 0, contents: old))
        tree.insert(path, FileNode(kind: .regular, size: Int64(new.count), layerIndex: 1, contents: new))
        let cataloger = RpmDBCataloger()
        #expect(cataloger.wants(FileEntryInfo(path: path, kind: .regular, size: 1, mode: 0o644)))
        #expect(!cataloger.wants(FileEntryInfo(path: "/var/lib/rpm", kind: .symlink(target: "x"), size: 0, mode: 0)))
        #expect(!cataloger.wants(FileEntryInfo(path: "/opt/Packages", kind: .regular, size: 1, mode: 0o644)))
        let packages = try cataloger.catalog(
            tree, context: CatalogContext(distro: Distro(id: "mariner", versionID: "2.0")))
        #expect(packages.count == 129)
        #expect(Set(packages.map(\.locations)) == [[Location(path: path, layerIndex: 1)]])
    }

    @Test func hostileHeadersAreSkippedWithWarnings() throws {
        let work = try SharedData.makeTemporaryDirectory("rpm-hostile")
        defer { try? FileManager.default.removeItem(at: work) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/rpm/make-hostile-sqlite.py").path
        let source = try privateCopy("cbl-mariner-2.0", "rpmdb.sqlite")
        defer { try? FileManager.default.removeItem(at: source) }
        let output = work.appendingPathComponent("rpmdb.sqlite")
        let made = try ProcessRunner.run(
            "python3", [script, source.appendingPathComponent("rpmdb.sqlite").path, output.path])
        try #require(made.status == 0, "fixture script failed: \(made.error)")
        let context = CatalogContext(distro: Distro(id: "mariner", versionID: "2.0"))
        let packages = try RpmDBCataloger().catalog(
            tree("/var/lib/rpm/rpmdb.sqlite", [UInt8](try Data(contentsOf: output))), context: context)
        #expect(packages.map(\.name) == ["mariner-release"])
        #expect(context.warnings.count == 5)
        #expect(
            context.warnings.first
                == "rpm database '/var/lib/rpm/rpmdb.sqlite': header 1 skipped: index count 1000 and data length 10000000 "
                + "need 10016008 bytes, the header has 64")
        #expect(context.warnings[1].contains("index count 2147483647 is out of range"))
    }

    @Test(arguments: [
        ("/var/lib/rpm/rpmdb.sqlite", "not an sqlite database (bad magic)"),
        ("/var/lib/rpm/Packages", "berkeley db file is 300 bytes, too short"),
        ("/usr/lib/sysimage/rpm/Packages.db", "not an ndb database (bad magic)"),
    ])
    func corruptDatabasesAreWarnings(path: String, reason: String) throws {
        let context = CatalogContext(distro: Distro(id: "unknown"))
        let packages = try RpmDBCataloger().catalog(tree(path, [UInt8](repeating: 0x41, count: 300)), context: context)
        #expect(packages.isEmpty)
        #expect(context.warnings == ["rpm database '\(path)': \(reason)"])
    }

    @Test func truncatedDatabasesAreWarnings() throws {
        for (name, file, path) in [
            ("sles-15.3", "Packages.db", "/var/lib/rpm/Packages.db"),
            ("rhel-8-libuuid-single", "Packages", "/var/lib/rpm/Packages"),
            ("cbl-mariner-2.0", "rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite"),
        ] {
            let bytes = try pkgdb(name, file)
            let context = CatalogContext(distro: Distro(id: "unknown"))
            let packages = try RpmDBCataloger().catalog(
                tree(path, Array(bytes.prefix(bytes.count / 2))), context: context)
            #expect(context.warnings.count == 1, "\(name): \(context.warnings)")
            #expect(packages.isEmpty, "\(name)")
        }
    }

    /// A Berkeley DB whose overflow chain points back at itself ends with a warning, not a hang.
    @Test func overflowLoopIsAWarning() throws {
        var bytes = try pkgdb("rhel-8-libuuid-single", "Packages")
        // Page 2 holds the off-page item; find its first overflow page and point that page's next link at itself.
        let item = 2 * 4096 + 4079
        let first = Int(bytes[item + 4]) | Int(bytes[item + 5]) << 8
        let page = first * 4096
        bytes[page + 16] = UInt8(first & 0xff)
        bytes[page + 17] = UInt8(first >> 8)
        bytes[page + 18] = 0
        bytes[page + 19] = 0
        let context = CatalogContext(distro: Distro(id: "unknown"))
        let packages = try RpmDBCataloger().catalog(tree("/var/lib/rpm/Packages", bytes), context: context)
        #expect(packages.isEmpty)
        #expect(context.warnings.count == 1)
    }

    /// Through `Cataloging.run`: the distro comes from the image's os-release and lands in every purl.
    @Test(arguments: [
        (
            "cbl-mariner-2.0", "rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite", 129,
            "pkg:rpm/mariner/bash@5.1.8-1.cm2?arch=x86_64&distro=mariner-2.0&upstream=bash-5.1.8-1.cm2.src.rpm"
        ),
        (
            "sles-15.3", "Packages.db", "/usr/lib/sysimage/rpm/Packages.db", 35,
            "pkg:rpm/sles/bash@4.4-19.6.1?arch=x86_64&distro=sles-15.3&upstream=bash-4.4-19.6.1.src.rpm"
        ),
    ])
    func distroFromOSRelease(name: String, file: String, imagePath: String, count: Int, bashPURL: String) throws {
        var files = ["/etc/os-release": try pkgdb(name, "os-release")]
        files[imagePath] = try pkgdb(name, file)
        var tree = FileTree(layerDigests: [nil])
        for (path, bytes) in files {
            tree.insert(path, FileNode(kind: .regular, size: Int64(bytes.count), contents: bytes))
        }
        let sbom = Cataloging.run(tree: tree, source: ImageDescription(userInput: name, scheme: "dir"))
        let rpms = sbom.packages.filter { $0.type == .rpm }
        #expect(rpms.count == count)
        #expect(rpms.first { $0.name == "bash" }?.purl.description == bashPURL)
        #expect(sbom.warnings.isEmpty)
    }
}
