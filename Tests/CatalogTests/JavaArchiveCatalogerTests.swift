import Archive
import Foundation
import Hashing
import Layers
import Model
import TestSupport
import Testing

@testable import Catalog

@Suite struct JavaArchiveCatalogerTests {
    /// The jars Debian installs in debian-bookworm (`/usr/share/java`, layers 1–3), extracted once.
    static let debianJava = Result {
        try OCILayerFixture.tree(image: "debian-bookworm", patterns: ["usr/share/java/*"])
    }

    /// The archives built by `Fixtures/java/make-archives.py` from Debian's jars, by file name.
    static let builtArchives: Result<[String: [UInt8]], any Error> = Result {
        let tree = try debianJava.get()
        let work = try SharedData.makeTemporaryDirectory("java-archives")
        defer { try? FileManager.default.removeItem(at: work) }
        let jars = work.appendingPathComponent("debian")
        let output = work.appendingPathComponent("out")
        for directory in [jars, output] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        for name in ["jackson-databind.jar", "log4j-api.jar", "httpcore.jar", "gson.jar"] {
            let bytes = try #require(tree.contents(of: "/usr/share/java/\(name)"))
            try Data(bytes).write(to: jars.appendingPathComponent(name))
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/java/make-archives.py").path
        let result = try ProcessRunner.run("python3", [script, jars.path, output.path])
        try #require(result.status == 0, "make-archives.py failed: \(result.error)")
        var archives: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: output.path) {
            archives[name] = [UInt8](try Data(contentsOf: output.appendingPathComponent(name)))
        }
        return archives
    }

    private func catalog(
        _ files: [String: [UInt8]], cataloger: JavaArchiveCataloger = JavaArchiveCataloger()
    ) throws -> ([Package], [String]) {
        var tree = FileTree(layerDigests: [nil])
        for (path, bytes) in files {
            tree.insert(path, FileNode(kind: .regular, size: Int64(bytes.count), contents: bytes))
        }
        let context = CatalogContext(distro: Distro(id: "unknown"))
        return (try cataloger.catalog(tree, context: context), context.warnings)
    }

    private func archive(_ name: String) throws -> [UInt8] {
        try #require(try Self.builtArchives.get()[name])
    }

    /// All 45 java-archive rows syft lists for debian-bookworm: name, version, purl and location.
    @Test func debianBookwormMatchesSyft() throws {
        let tree = try Self.debianJava.get()
        let context = CatalogContext(distro: Distro(id: "debian", versionID: "12"))
        let packages = try JavaArchiveCataloger().catalog(tree, context: context)
        #expect(context.warnings.isEmpty)
        let syft = try OCILayerFixture.syftRows(image: "debian-bookworm", type: "java-archive")
        #expect(syft.count == 45)
        let ours = packages.map { "\($0.name) \($0.version) \($0.purl) \($0.locations.map(\.path))" }.sorted()
        let theirs = syft.map { "\($0.name) \($0.version) \($0.purl) \($0.locations)" }.sorted()
        #expect(
            ours == theirs, "only ours: \(Set(ours).subtracting(theirs)); only syft: \(Set(theirs).subtracting(ours))")
    }

    @Test func debianJarMetadata() throws {
        let tree = try Self.debianJava.get()
        let packages = try JavaArchiveCataloger().catalog(tree, context: CatalogContext(distro: Distro(id: "debian")))
        let core = try #require(packages.first { $0.name == "log4j-core" })
        #expect(core.metadata["groupId"] == "org.apache.logging.log4j")
        #expect(core.metadata["confidence"] == "high")
        #expect(core.metadata["evidence"] == "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties")
        // The SHA-1 of the jar file, as `sha1sum` computes it.
        let bytes = try #require(tree.contents(of: "/usr/share/java/log4j-core.jar"))
        let work = try SharedData.makeTemporaryDirectory("sha1")
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("log4j-core.jar")
        try Data(bytes).write(to: file)
        let sha1sum = try ProcessRunner.run("sha1sum", [file.path])
        #expect(core.metadata["sha1"] == sha1sum.output.split(separator: " ").first.map(String.init))
        // Manifest-only jar: name from the bundle plugin's symbolic name, group from manifest fields.
        let logging = try #require(
            packages.first { $0.locations.first?.path == "/usr/share/java/commons-logging-1.2.jar" })
        #expect(logging.metadata["confidence"] == "medium")
        #expect(logging.licenses == ["http://www.apache.org/licenses/LICENSE-2.0.txt"])
        // Empty manifest: the file name is all there is.
        let driver = try #require(packages.first { $0.name == "mongodb-driver" })
        #expect(driver.metadata["confidence"] == "low")
        #expect(driver.metadata["evidence"] == "file name")
    }

    /// PITFALLS 16: the fat jar's nested jackson-databind (2.14.0, its own pom.properties) wins over a stray
    /// jackson-databind 2.11.1 pom.properties inside a shaded library; evidence paths say where each came from.
    @Test func fatJarStrayPomPropertiesDoesNotOverride() throws {
        let (packages, warnings) = try catalog(["/opt/app/app-1.0.0.jar": try archive("app-1.0.0.jar")])
        #expect(warnings.isEmpty)
        #expect(
            Set(packages.map { "\($0.purl)" }) == [
                "pkg:maven/com.example/app@1.0.0",
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.14.0",
                "pkg:maven/com.example/shaded-lib@1.0",
            ])
        let databind = try #require(packages.first { $0.name == "jackson-databind" })
        #expect(databind.metadata["virtualPath"] == "/opt/app/app-1.0.0.jar:BOOT-INF/lib/jackson-databind-2.14.0.jar")
        #expect(databind.locations.map(\.path) == ["/opt/app/app-1.0.0.jar"])
        #expect(databind.metadata["sha1"]?.count == 40)
    }

    /// PITFALLS 17: a nested jar with only a MANIFEST keeps its own version, never the war's; a jar with no
    /// metadata gets its file name's version at low confidence.
    @Test func warLibrariesUseTheirOwnMetadata() throws {
        let (packages, warnings) = try catalog(["/srv/webapp-3.0.0.war": try archive("webapp-3.0.0.war")])
        #expect(warnings.isEmpty)
        let summary = Set(packages.map { "\($0.name) \($0.version) \($0.metadata["confidence"] ?? "")" })
        #expect(
            summary == [
                "webapp 3.0.0 medium", "httpcore 4.4.16 high", "gson 2.10 high", "api 2.19.0 medium",
                "mystery-lib 4.5.6 low",
            ])
        // Named as syft names it: Felix's bundle plugin wrote Bundle-SymbolicName "org.apache.logging.log4j.api".
        let api = try #require(packages.first { $0.name == "api" })
        #expect(api.metadata["evidence"] == "META-INF/MANIFEST.MF")
        #expect(api.purl.description == "pkg:maven/org.apache/api@2.19.0")
    }

    @Test func deepNestingStopsAtTheLimitWithAWarning() throws {
        let (packages, warnings) = try catalog(["/nested-100.jar": try archive("nested-100.jar")])
        // The outer file's own name gives one more package: "nested" 100, from the file name only.
        #expect(packages.count == 18)
        #expect(Set(packages.map(\.name)) == Set((0...16).map { "level-\($0)" } + ["nested"]))
        #expect(packages.first { $0.name == "nested" }?.metadata["confidence"] == "low")
        #expect(warnings.count == 1)
        #expect(
            warnings.first?.hasSuffix(":lib/level-17-17.0.jar': nested more than 16 archives deep; skipped") == true)
    }

    @Test(arguments: ["bomb.jar", "liar-bomb.jar"])
    func zipBombIsCutOffWithAWarning(file: String) throws {
        let bomb = try archive(file)
        #expect(bomb.count < 2 << 20)
        let (packages, warnings) = try catalog(["/\(file)": bomb])
        #expect(packages.map(\.name) == ["bomb"])
        #expect(
            warnings == [
                "java archive '/\(file)': 'lib/zeros-1.0.jar' inflates past the 134217728-byte limit (zip bomb?); skipped"
            ])
    }

    @Test func totalBudgetBoundsManyNestedArchives() throws {
        let limits = JavaArchiveCataloger.Limits(maximumTotalInflatedSize: 512 << 10)
        let (packages, warnings) = try catalog(
            ["/srv/webapp-3.0.0.war": try archive("webapp-3.0.0.war")], cataloger: JavaArchiveCataloger(limits: limits))
        #expect(packages.contains { $0.name == "webapp" })
        #expect(warnings.contains { $0.contains("budget for nested archives of '/srv/webapp-3.0.0.war' is spent") })
    }

    @Test func corruptArchivesAreWarnings() throws {
        let (packages, warnings) = try catalog([
            "/truncated.jar": try archive("truncated.jar"),
            "/empty.jar": [],
            "/text.war": Array("not a zip".utf8),
        ])
        #expect(packages.isEmpty)
        #expect(
            warnings.sorted() == [
                "java archive '/empty.jar': 0 bytes is too short for a zip archive; skipped",
                "java archive '/text.war': 9 bytes is too short for a zip archive; skipped",
                "java archive '/truncated.jar': no end of central directory record (not a zip archive); skipped",
            ])
    }

    @Test(
        arguments: [
            ("log4j-api-2.17.1.jar", "log4j-api", "2.17.1"),
            ("mssql-jdbc-13.2.1.jre11.jar", "mssql-jdbc", "13.2.1.jre11"),
            ("gson.jar", "gson", nil), ("spring-boot-3.1.0-SNAPSHOT.war", "spring-boot", "3.1.0-SNAPSHOT"),
            ("a-b-c.jpi", "a-b-c", nil),
        ] as [(String, String, String?)])
    func fileNames(file: String, name: String, version: String?) {
        let parsed = JavaArchiveFileName(file)
        #expect(parsed.name == name)
        #expect(parsed.version == version)
    }

    @Test func wantsArchivesOnly() {
        let cataloger = JavaArchiveCataloger()
        func wants(_ path: String, _ kind: FileKind = .regular) -> Bool {
            cataloger.wants(FileEntryInfo(path: path, kind: kind, size: 10, mode: 0o644))
        }
        #expect(wants("/usr/share/java/gson.jar"))
        #expect(wants("/opt/jenkins/plugins/git.HPI"))
        #expect(wants("/srv/app.ear"))
        #expect(!wants("/usr/share/java/gson.jar", .symlink(target: "gson-2.10.jar")))
        #expect(!wants("/usr/share/java/readme.txt"))
        #expect(!wants("/usr/share/java/x.jarx"))
    }

    /// The private zip reader lists and inflates exactly what Python's `zipfile` does, for every Debian jar.
    @Test func zipReaderAgreesWithPythonZipfile() throws {
        let tree = try Self.debianJava.get()
        let work = try SharedData.makeTemporaryDirectory("zip-reference")
        defer { try? FileManager.default.removeItem(at: work) }
        let script = """
            import hashlib, sys, zipfile
            for path in sys.argv[1:]:
                with zipfile.ZipFile(path) as archive:
                    for info in archive.infolist():
                        print(path.rsplit("/", 1)[-1], info.filename, hashlib.sha256(archive.read(info)).hexdigest())
            """
        var ours: [String] = []
        var files: [String] = []
        for path in tree.regularFiles(where: { $0.hasSuffix(".jar") }) {
            let bytes = try #require(tree.contents(of: path))
            let name = String(path.split(separator: "/").last ?? "")
            let file = work.appendingPathComponent(name)
            try Data(bytes).write(to: file)
            files.append(file.path)
            let archive = try ZipArchive(bytes)
            for entry in archive.entries {
                let contents = try archive.contents(of: entry, limit: 64 << 20)
                ours.append("\(name) \(entry.name) \(SHA256Hasher.digest(contents).hex)")
            }
        }
        let reference = try ProcessRunner.run("python3", ["-c", script] + files)
        try #require(reference.status == 0, "python zipfile failed: \(reference.error)")
        #expect(files.count == 40)
        #expect(ours == reference.output.split(separator: "\n").map(String.init))
    }
}
