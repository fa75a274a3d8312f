import Foundation
import Model

/// Opens images from what a user typed: `docker-archive:PATH`, `oci-dir:PATH`, `oci-archive:PATH`, `dir:PATH`,
/// `registry:REF`, or a bare path (auto-detected) or reference. Archive and layout paths may end in `#NAME` to
/// pick one image by tag or ref name (`docker-archive:all.tar#alpine:3.19`, `oci-dir:layout#v4`); when the path
/// with a trailing `:NAME` does not exist but the path before it does, `:NAME` works too (`oci-dir:layout:v4`).
public enum ImageLoader {
    /// The schemes a user may write before a path or reference.
    public static let schemes = ["docker-archive", "oci-dir", "oci-archive", "dir", "registry"]

    /// Opens `input`; a single source yields one image, a directory of image archives one per image in them.
    public static func open(_ input: String, options: SourceOptions) async throws -> [Image] {
        let platform =
            try options.platform.map { text throws(ImageLoadError) in try PlatformSpec(parsing: text) } ?? .host
        if let colon = input.firstIndex(of: ":"), schemes.contains(String(input[..<colon])) {
            let scheme = String(input[..<colon])
            let rest = String(input[input.index(after: colon)...])
            guard !rest.isEmpty else {
                throw ImageLoadError(.notFound, "'\(input)' names no path or reference after '\(scheme):'")
            }
            if scheme == "registry" {
                // The scheme is already settled here, so `registry:127.0.0.1:5000/app` is never read as host
                // `registry`; the user's own words stay in the description.
                var image = try await RegistryImageSource.open(rest, options: options)
                image.description.userInput = input
                return [image]
            }
            let (path, selector) = try splitSelector(rest, input: input)
            return try openLocal(scheme: scheme, path: path, selector: selector, userInput: input, platform: platform)
        }
        if FileManager.default.fileExists(atPath: input) {
            return try autodetect(input, platform: platform)
        }
        if let (path, selector) = try? splitSelector(input, input: input), selector != nil,
            FileManager.default.fileExists(atPath: path)
        {
            let scheme = isDirectory(path) ? "oci-dir" : try archiveScheme(path)
            return try openLocal(scheme: scheme, path: path, selector: selector, userInput: input, platform: platform)
        }
        // Something written as a path that is not there is a missing file, not a registry reference.
        if input.hasPrefix("/") || input.hasPrefix("./") || input.hasPrefix("../") || input.hasSuffix(".tar") {
            throw ImageLoadError(.notFound, "'\(input)' does not exist (no such file or directory)")
        }
        return [try await RegistryImageSource.open(input, options: options)]
    }

    // MARK: Local sources

    static func openLocal(scheme: String, path: String, selector: String?, userInput: String, platform: PlatformSpec)
        throws(ImageLoadError) -> [Image]
    {
        switch scheme {
        case "dir":
            return [try rootDirectory(path, userInput: userInput)]
        case "oci-dir":
            guard isDirectory(path) else { throw ImageLoadError(.notFound, "oci-dir '\(path)' is not a directory") }
            guard LocalDirectoryStore(root: path).file("oci-layout") != nil else {
                throw ImageLoadError(.notFound, "'\(path)' has no oci-layout file (not an OCI image layout)")
            }
            let reader = LocalLayoutReader(
                store: LocalDirectoryStore(root: path), userInput: userInput, scheme: "oci-dir", platform: platform)
            return try reader.images(selector: selector, all: false)
        case "oci-archive":
            let index = try LocalTarIndex(path: path)
            let reader = LocalLayoutReader(
                store: index, userInput: userInput, scheme: "oci-archive", platform: platform)
            return try reader.images(selector: selector, all: false)
        default:
            let index = try LocalTarIndex(path: path)
            return try LocalDockerArchiveReader(archive: index, userInput: userInput, platform: platform)
                .images(selector: selector, all: false)
        }
    }

    private static func autodetect(_ path: String, platform: PlatformSpec) throws(ImageLoadError) -> [Image] {
        guard isDirectory(path) else {
            return try openLocal(
                scheme: try archiveScheme(path), path: path, selector: nil, userInput: path, platform: platform)
        }
        if LocalDirectoryStore(root: path).file("oci-layout") != nil {
            return try openLocal(scheme: "oci-dir", path: path, selector: nil, userInput: path, platform: platform)
        }
        // A directory holding image archives (what inline scan's `-v` mounts): every image in every archive.
        var images: [Image] = []
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        for name in names {
            let file = path + "/" + name
            guard !isDirectory(file), let index = try? LocalTarIndex(path: file) else { continue }
            if index.contains("manifest.json") {
                images += try LocalDockerArchiveReader(archive: index, userInput: file, platform: platform)
                    .images(selector: nil, all: true)
            } else if index.contains("index.json") && index.contains("oci-layout") {
                images += try LocalLayoutReader(
                    store: index, userInput: file, scheme: "oci-archive", platform: platform
                )
                .images(selector: nil, all: true)
            }
        }
        return images.isEmpty ? [try rootDirectory(path, userInput: path)] : images
    }

    /// `docker-archive` when the tar has `manifest.json`, `oci-archive` when it is an OCI layout.
    private static func archiveScheme(_ path: String) throws(ImageLoadError) -> String {
        let index = try LocalTarIndex(path: path)
        if index.contains("manifest.json") { return "docker-archive" }
        if index.contains("index.json") && index.contains("oci-layout") { return "oci-archive" }
        throw ImageLoadError(
            .unsupported, "'\(path)' is a tar archive but neither a docker save archive nor an OCI layout archive")
    }

    private static func rootDirectory(_ path: String, userInput: String) throws(ImageLoadError) -> Image {
        guard isDirectory(path) else { throw ImageLoadError(.notFound, "dir '\(path)' is not a directory") }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return Image(
            description: ImageDescription(userInput: userInput, scheme: "dir", fullTag: nil),
            config: ImageConfig(), configBytes: [], layers: [], rootDirectory: absolute)
    }

    /// `PATH#NAME` or (when `PATH:NAME` is not itself a path) `PATH:NAME`.
    static func splitSelector(_ text: String, input: String) throws(ImageLoadError) -> (String, String?) {
        if FileManager.default.fileExists(atPath: text) { return (text, nil) }
        if let hash = text.lastIndex(of: "#") {
            let selector = String(text[text.index(after: hash)...])
            guard !selector.isEmpty else {
                throw ImageLoadError(.notFound, "'\(input)' ends in '#' with no image name")
            }
            return (String(text[..<hash]), selector)
        }
        var candidate = text.startIndex
        while let colon = text[candidate...].firstIndex(of: ":") {
            let path = String(text[..<colon])
            if !path.isEmpty, FileManager.default.fileExists(atPath: path) {
                return (path, String(text[text.index(after: colon)...]))
            }
            candidate = text.index(after: colon)
        }
        return (text, nil)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}
