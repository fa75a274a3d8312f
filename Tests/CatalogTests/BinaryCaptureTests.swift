import Catalog
import Foundation
import Layers
import TestSupport
import Testing

@Suite struct BinaryCaptureTests {
    /// Every regular file of the squashed debian-bookworm image as (path, size, mode), listed by Python's tarfile.
    static func debianBookwormFiles() throws -> [FileEntryInfo] {
        let script = """
            import json, os, sys, tarfile
            root = sys.argv[1]
            blob = lambda d: os.path.join(root, 'blobs', 'sha256', d.split(':')[1])
            manifest = json.load(open(blob(json.load(open(os.path.join(root, 'index.json')))['manifests'][0]['digest'])))
            files = {}
            for layer in manifest['layers']:
                with tarfile.open(blob(layer['digest'])) as tar:
                    for m in tar:
                        path = '/' + os.path.normpath(m.name).lstrip('./')
                        base = os.path.basename(path)
                        if base.startswith('.wh.'):
                            files.pop(os.path.join(os.path.dirname(path), base[4:]), None)
                        elif m.isfile():
                            files[path] = (m.size, m.mode)
                        else:
                            files.pop(path, None)
            for path, (size, mode) in files.items():
                print(f'{path}\\t{size}\\t{mode}')
            """
        let output = try runTool(
            "python3", ["-c", script, SharedData.images.appendingPathComponent("oci/debian-bookworm").path])
        return output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t")
            guard fields.count == 3, let size = Int64(fields[1]), let mode = UInt32(fields[2]) else { return nil }
            return FileEntryInfo(path: String(fields[0]), kind: .regular, size: size, mode: mode)
        }
    }

    /// What the binary and language catalogers of this area capture stays well below the image's size.
    @Test func captureOnDebianBookwormIsBounded() throws {
        let files = try Self.debianBookwormFiles()
        let catalogers: [any Cataloger] = [
            GoBinaryCataloger(), GoModCataloger(), CargoAuditableCataloger(), CargoLockCataloger(), GemspecCataloger(),
            GemfileLockCataloger(), ComposerCataloger(.installed), ComposerCataloger(.lock), DotNetDepsCataloger(),
            BinaryClassifierCataloger(),
        ]
        var captured: Int64 = 0
        var paths: Set<String> = []
        for file in files where catalogers.contains(where: { $0.wants(file) }) {
            captured += file.size
            paths.insert(file.path)
        }
        let total = files.reduce(Int64(0)) { $0 + $1.size }
        #expect(total > 200_000_000)
        #expect(captured < total / 3, "captured \(captured) of \(total) bytes")
        // The files the catalogers need are among them.
        for needed in [
            "/usr/bin/docker-registry", "/usr/bin/python3.11", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3",
            "/usr/share/rubygems-integration/all/specifications/rack-2.2.22.gemspec",
        ] {
            #expect(paths.contains(needed), "\(needed) not captured")
        }
        #expect(!paths.contains("/usr/lib/x86_64-linux-gnu/libc.so.6"))
    }
}
