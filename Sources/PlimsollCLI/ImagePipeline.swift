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
            let tree = try await LayerSquasher.squash(
                image, wants: { Cataloging.wants($0) }, limits: limits, progress: options.progress)
            var sbom = Cataloging.run(tree: tree, source: image.description)
            sbom.warnings = image.warnings + sbom.warnings
            results.append(Result(image: image, sbom: sbom))
        }
        return results
    }
}
