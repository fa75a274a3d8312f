import Foundation
import TestSupport
import Testing

/// `plimsoll sbom` end to end: the built binary on every shared image in every local form, compared with
/// what syft 1.18.1 lists for the same image (`syft-baseline/`).
@Suite struct SBOMCommandTests {
    /// A package as both tools name it.
    struct Row: Hashable, Comparable, CustomStringConvertible {
        var type: String
        var name: String
        var version: String

        static func < (lhs: Row, rhs: Row) -> Bool {
            (lhs.type, lhs.name, lhs.version) < (rhs.type, rhs.name, rhs.version)
        }

        var description: String { "\(type) \(name) \(version)" }
    }

    static func syftBaseline(_ file: String) throws -> [Row] {
        let text = try String(
            contentsOf: SharedData.images.appendingPathComponent("syft-baseline/\(file).tsv"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3 else { return nil }
            return Row(type: String(fields[0]), name: String(fields[1]), version: String(fields[2]))
        }.sorted()
    }

    static func sbomRows(_ arguments: [String]) throws -> [Row] {
        let result = try ProcessRunner.run(ProcessRunner.plimsollBinary, ["sbom", "-o", "json"] + arguments)
        guard result.status == 0 else {
            Issue.record("plimsoll sbom \(arguments) exited \(result.status): \(result.error)")
            return []
        }
        let document = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let packages = document?["packages"] as? [[String: Any]] ?? []
        return packages.compactMap { package in
            guard let type = package["type"] as? String, let name = package["name"] as? String,
                let version = package["version"] as? String
            else { return nil }
            return Row(type: type, name: name, version: version)
        }.sorted()
    }

    static let osTypes: Set<String> = ["deb", "apk", "rpm"]

    @Test(arguments: ImageForms.names)
    func osPackagesMatchSyftInEveryForm(_ name: String) throws {
        let expected = try Self.syftBaseline(name).filter { Self.osTypes.contains($0.type) }
        #expect(!expected.isEmpty)
        for input in [ImageForms.ociDir(name), try ImageForms.dockerArchive(name), try ImageForms.ociArchive(name)] {
            let ours = try Self.sbomRows([input]).filter { Self.osTypes.contains($0.type) }
            #expect(ours == expected, "OS packages of \(input)")
        }
    }

    /// syft 1.18.1 lowercases Python names; we keep the `Name:` the package's METADATA declares (what pip
    /// shows). The purl is PEP 503-normalised either way. `pythonNamesComeFromMetadata` shows the content.
    static func comparable(_ row: Row) -> Row {
        row.type == "python" ? Row(type: row.type, name: row.name.lowercased(), version: row.version) : row
    }

    @Test(arguments: ImageForms.names)
    func everyPackageMatchesSyft(_ name: String) throws {
        let expected = try Self.syftBaseline(name).map(Self.comparable).sorted()
        let ours = try Self.sbomRows([ImageForms.ociDir(name)]).map(Self.comparable).sorted()
        #expect(ours.count == expected.count)
        #expect(Set(ours).subtracting(expected).sorted() == [], "only plimsoll lists these")
        #expect(Set(expected).subtracting(ours).sorted() == [], "only syft lists these")
    }

    @Test func pythonNamesComeFromMetadata() throws {
        // Read Django's METADATA straight from the image layer with Python's tarfile, independently of us.
        let script = """
            import gzip, json, sys, tarfile
            root = sys.argv[1]
            blob = lambda d: f"{root}/blobs/{d.replace(':', '/')}"
            manifest = json.load(open(blob(json.load(open(f"{root}/index.json"))["manifests"][0]["digest"])))
            for layer in manifest["layers"]:
                with tarfile.open(blob(layer["digest"])) as tar:
                    for member in tar:
                        if member.name.endswith("Django-2.2.dist-info/METADATA"):
                            text = tar.extractfile(member).read().decode()
                            print([l for l in text.splitlines() if l.startswith("Name:")][0])
            """
        let layout = SharedData.images.appendingPathComponent("oci/debian-bookworm").path
        let metadata = try ProcessRunner.run("python3", ["-c", script, layout])
        #expect(metadata.output == "Name: Django\n")
        let rows = try Self.sbomRows([ImageForms.ociDir("debian-bookworm")])
        #expect(rows.contains(Row(type: "python", name: "Django", version: "2.2")))
    }

    @Test func dockerSaveOfDocker25MatchesSyft() throws {
        let input = "docker-archive:" + SharedData.images.appendingPathComponent("docker-save-oci/alpine.tar").path
        let expected = try Self.syftBaseline("alpine")
        #expect(try Self.sbomRows([input]) == expected)
    }

    @Test(arguments: [("linux/arm64", "alpine-multiarch.arm64"), ("linux/amd64", "alpine-multiarch.amd64")])
    func multiPlatformIndexPicksThePlatform(_ platform: String, _ baseline: String) throws {
        let ours = try Self.sbomRows(["--platform", platform, ImageForms.ociDir("alpine-multiarch")])
        let expected = try Self.syftBaseline(baseline).filter { $0.type == "apk" }
        #expect(ours.filter { $0.type == "apk" } == expected)
    }

    @Test func missingPlatformIsAnErrorNamingTheAvailableOnes() throws {
        let result = try ProcessRunner.run(
            ProcessRunner.plimsollBinary, ["sbom", "--platform", "linux/s390x", ImageForms.ociDir("alpine-multiarch")])
        #expect(result.status == 2)
        #expect(result.error.contains("linux/s390x"))
        #expect(result.error.contains("linux/arm64"))
    }

    @Test func singlePlatformImageIsNotScannedAsAnother() throws {
        let layout = ImageForms.ociDir("alpine")
        let result = try ProcessRunner.run(ProcessRunner.plimsollBinary, ["sbom", "--platform", "linux/arm64", layout])
        #expect(result.status == 2)
        #expect(
            result.error == "error: platform linux/arm64 not found in '\(layout)' (the image is linux/amd64 only)\n")
        let matching = try ProcessRunner.run(
            ProcessRunner.plimsollBinary, ["sbom", "--platform", "linux/amd64", layout])
        #expect(matching.status == 0)
    }

    @Test func layeredWhiteoutSquashesAsBuilt() throws {
        let rows = try Self.sbomRows([ImageForms.ociDir("layered-whiteout")])
        let python = rows.filter { $0.type == "python" }.map(\.description)
        #expect(python.contains("python urllib3 1.26.5"))
        #expect(!python.contains("python urllib3 1.24.1"))
        #expect(!python.contains { $0.hasPrefix("python chardet") })
        #expect(!rows.contains { $0.name == "node-fetch" })
        #expect(rows.filter { $0.type == "apk" }.count == 11)
    }

    @Test func missingImageExitsTwoWithOneLine() throws {
        let result = try ProcessRunner.run(ProcessRunner.plimsollBinary, ["sbom", "oci-dir:/nonexistent/layout"])
        #expect(result.status == 2)
        let lines = result.error.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("error: ") == true)
        #expect(result.error.contains("/nonexistent/layout"))
    }

    @Test(arguments: [["sbom"], ["sbom", "-o", "xml", "dir:/"], ["sbom", "--bogus", "dir:/"], ["sbom", "a", "b"]])
    func usageErrorsExitSixtyFour(_ arguments: [String]) throws {
        let result = try ProcessRunner.run(ProcessRunner.plimsollBinary, arguments)
        #expect(result.status == 64)
        #expect(result.error.hasPrefix("error: "))
    }

    @Test func fileOutputIsWrittenAndStdoutStaysEmpty() throws {
        let directory = try SharedData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sbom.spdx.json").path
        let result = try ProcessRunner.run(
            ProcessRunner.plimsollBinary, ["sbom", "-o", "spdx-json", "--file", file, ImageForms.ociDir("alpine")])
        #expect(result.status == 0)
        #expect(result.output.isEmpty)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file)))
        #expect((document as? [String: Any])?["spdxVersion"] as? String == "SPDX-2.3")
    }

    @Test func fileThatIsASymlinkIsWrittenThroughNotReplaced() throws {
        let directory = try SharedData.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("target.json").path
        let link = directory.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        _ = FileManager.default.createFile(atPath: target, contents: Data("old".utf8))
        let result = try ProcessRunner.run(
            ProcessRunner.plimsollBinary, ["sbom", "-o", "json", "--file", link, ImageForms.ociDir("alpine")])
        #expect(result.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written.contains("\"schemaVersion\""))
    }

    @Test func failedWritesAreErrorsNotSuccess() throws {
        let binary = ProcessRunner.plimsollBinary
        let layout = ImageForms.ociDir("alpine")
        let toStdout = try ProcessRunner.run("sh", ["-c", "'\(binary)' sbom -o json '\(layout)' > /dev/full"])
        #expect(toStdout.status == 2)
        #expect(toStdout.error == "error: cannot write to standard output: No space left on device\n")
        let toFile = try ProcessRunner.run(binary, ["sbom", "--file", "/dev/full", layout])
        #expect(toFile.status == 2)
        #expect(toFile.error == "error: cannot write output file '/dev/full': No space left on device\n")
        var status = stat()
        #expect(lstat("/dev/full", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func progressOnlyOnATerminalAndNotWithQuiet() throws {
        // `script` gives the command a pseudo-terminal, as a person's shell would.
        let command = "\(ProcessRunner.plimsollBinary) sbom \(ImageForms.ociDir("debian-bookworm")) >/dev/null"
        let onTerminal = try ProcessRunner.run("script", ["-qec", command, "/dev/null"])
        #expect(onTerminal.status == 0)
        #expect(onTerminal.output.contains("reading layer"))
        let quiet = try ProcessRunner.run("script", ["-qec", command + " --quiet", "/dev/null"])
        #expect(!quiet.output.contains("reading layer"))
        let piped = try ProcessRunner.run(ProcessRunner.plimsollBinary, ["sbom", ImageForms.ociDir("alpine")])
        #expect(!piped.error.contains("reading layer"))
    }
}
