import Foundation
import Layers
import TestSupport

/// Files of a shared OCI image (`../shared/images/oci/<name>`), squashed with whiteouts applied, for tests that
/// need real image content before a layer reader is in place: Python's `tarfile` reads the layers in manifest
/// order and writes the files whose paths match into a temporary directory.
enum BinaryTestImage {
    static let script = """
        import json, os, re, sys, tarfile
        root, out, pattern = sys.argv[1], sys.argv[2], re.compile(sys.argv[3])
        index = json.load(open(os.path.join(root, 'index.json')))
        blob = lambda d: os.path.join(root, 'blobs', 'sha256', d.split(':')[1])
        manifest = json.load(open(blob(index['manifests'][0]['digest'])))
        files = {}
        for layer in manifest['layers']:
            with tarfile.open(blob(layer['digest'])) as tar:
                for member in tar:
                    path = '/' + os.path.normpath(member.name).lstrip('./')
                    base = os.path.basename(path)
                    if base == '.wh..wh..opq':
                        prefix = os.path.dirname(path) + '/'
                        files = {k: v for k, v in files.items() if not k.startswith(prefix)}
                        continue
                    if base.startswith('.wh.'):
                        gone = os.path.join(os.path.dirname(path), base[4:])
                        files = {k: v for k, v in files.items() if k != gone and not k.startswith(gone + '/')}
                        continue
                    if member.isfile() and pattern.search(path):
                        files[path] = tar.extractfile(member).read()
                    elif not member.isdir():
                        files.pop(path, None)
        for path, data in files.items():
            target = out + path
            os.makedirs(os.path.dirname(target), exist_ok=True)
            open(target, 'wb').write(data)
        """

    /// A one-layer tree of the image's files whose path matches `pattern` (a Python regex).
    static func tree(image: String, matching pattern: String) throws -> FileTree {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-image")
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = SharedData.images.appendingPathComponent("oci/\(image)").path
        _ = try runTool("python3", ["-c", script, root, directory.path, pattern])
        return try FixtureTree.load(directory)
    }
}
