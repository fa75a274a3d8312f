public import Layers
public import Model

/// Go modules compiled into binaries, from the build info the Go linker embeds (syft: `go-module-binary-cataloger`).
///
/// Reports the main module, every dependency (a replaced module is reported under its replacement, as Go
/// itself resolves it) and the toolchain as the `stdlib` pseudo-package. Works on stripped and `-trimpath`
/// binaries: the build-info header survives both.
public struct GoBinaryCataloger: Cataloger {
    public let name = "go-module-binary-cataloger"

    public init() {}

    public func wants(_ entry: FileEntryInfo) -> Bool { BinaryCapture.wants(entry) }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for (path, elf) in BinaryCapture.elfFiles(in: tree, context: context) {
            do {
                guard let info = try GoBuildInfoReader.read(elf) else { continue }
                packages += Self.packages(for: info, elf: elf, location: tree.location(of: path))
            } catch {
                context.warn(error.description)
            }
        }
        return packages
    }

    /// The packages one binary's build info describes (dependencies, main module, then `stdlib`).
    public static func packages(for info: GoBuildInfo, elf: ELFFile?, location: Location) -> [Package] {
        let architecture = info.setting("GOARCH")
        let mainPath = info.main?.path ?? info.path
        var common: [String: String] = ["goCompiledVersion": info.goVersion]
        if let mainPath { common["mainModule"] = mainPath }
        func make(_ name: String, _ version: String, purl: PURL, extra: [String: String]) -> Package {
            Package(
                name: name, version: version, type: .goModule, purl: purl, locations: [location],
                layerDigest: location.layerDigest, architecture: architecture, foundBy: "go-module-binary-cataloger",
                metadata: common.merging(extra) { _, new in new })
        }
        var packages: [Package] = []
        for dependency in info.dependencies {
            let path = dependency.replacement?.path ?? dependency.path
            let version = dependency.replacement?.version ?? dependency.version
            // A replacement by a local directory has no version: nothing to match, but still part of the binary.
            var extra: [String: String] = [:]
            if let sum = dependency.replacement?.sum ?? dependency.sum { extra["h1Digest"] = sum }
            if dependency.replacement != nil { extra["replaces"] = dependency.path + "@" + dependency.version }
            packages.append(
                make(path, version, purl: GoPackageURL.make(modulePath: path, version: version), extra: extra))
        }
        if let mainPath {
            let (version, source) = GoMainVersion.resolve(info, elf: elf)
            var extra = ["mainVersionSource": source.rawValue]
            if let sum = info.main?.sum { extra["h1Digest"] = sum }
            if let revision = info.setting("vcs.revision") { extra["vcsRevision"] = revision }
            if let time = info.setting("vcs.time") { extra["vcsTime"] = time }
            packages.append(
                make(mainPath, version, purl: GoPackageURL.make(modulePath: mainPath, version: version), extra: extra))
        }
        if let purl = GoPackageURL.standardLibrary(goVersion: info.goVersion), let version = purl.version {
            var stdlib = make("stdlib", info.goVersion, purl: purl, extra: [:])
            stdlib.cpes = ["cpe:2.3:a:golang:go:\(CPE.escape(version)):-:*:*:*:*:*:*"]
            packages.append(stdlib)
        }
        return packages
    }
}
