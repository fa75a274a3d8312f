import Catalog
import ImageSource
import Layers
import Model

/// Image → squashed file tree → SBOM: the steps `sbom` and `scan` share.
enum ImagePipeline {
    /// One opened image and what is installed in it.
    struct Result: Sendable {
        var image: Image
        var sbom: SBOM
    }

    /// Opens every image `input` names (one, or several for a directory of archives) and catalogs each.
    static func catalog(_ input: String, options: SourceOptions, limits: LayerLimits = .default) async throws
        -> [Result]
    {
        let images = try await ImageLoader.open(input, options: options)
        var results: [Result] = []
        for image in images {
            try checkPlatform(of: image, requested: options.platform)
            // Lock files describe a source tree, not what an image has installed (see CatalogerRegistry).
            let catalogers = image.rootDirectory == nil ? CatalogerRegistry.installed : CatalogerRegistry.all
            let tree = try await LayerSquasher.squash(
                image, wants: { Cataloging.wants($0, catalogers: catalogers) }, limits: limits,
                progress: options.progress)
            var sbom = Cataloging.run(tree: tree, source: image.description, catalogers: catalogers)
            sbom.warnings = image.warnings + sbom.warnings
            results.append(Result(image: image, sbom: sbom))
        }
        return results
    }

    /// A single-platform image is what it is: asking for another platform is an error, never a silent scan of
    /// the wrong one (an index already picked the requested entry, whose config agrees).
    static func checkPlatform(of image: Image, requested: String?) throws(ImageLoadError) {
        guard let requested, let os = image.config.os, let architecture = image.config.architecture else { return }
        let wanted = try PlatformSpec(parsing: requested)
        let actual = PlatformSpec(os: os, architecture: architecture, variant: image.config.variant)
        guard wanted.accepts(actual) else {
            throw ImageLoadError(
                .platformNotFound,
                "platform \(wanted) not found in '\(image.description.userInput)' (the image is \(actual) only)")
        }
    }
}
