import Foundation
import ImageSource
import Layers
import Model
import Report

/// `plimsoll sbom IMAGE`: lists what is installed in an image.
struct SBOMCommand: Subcommand {
    static let name = "sbom"
    static let summary = "List what is installed in an image (table, json, CycloneDX, SPDX)"
    static let help = """
        usage: plimsoll sbom IMAGE [-o FORMAT] [--file FILE] [options]

        IMAGE is one of:
          registry:REF | REF            an image in a registry, e.g. alpine:3.19, localhost:5000/app:1
          docker-archive:PATH[#TAG]     a `docker save` tar (legacy or Docker >= 25 layout)
          oci-dir:PATH[#TAG]            an OCI image layout directory
          oci-archive:PATH[#TAG]        an OCI image layout in a tar
          dir:PATH                      an unpacked root file system
          PATH                          any of the above, detected; a directory of archives scans each

        options:
          -o, --output FORMAT            table (default), json, cyclonedx-json, spdx-json
          --file FILE                    write the document to FILE instead of standard output (with
                                         several images: FILE's name gets .1, .2, … before its extension)
        \(ImageOptions.help)

        Exit codes: 0 success, 2 the image could not be read, 64 usage error.

        """

    static func run(_ arguments: [String], terminal: Terminal) async throws -> ExitCode {
        let parsed = try ParsedArguments(
            arguments, options: ImageOptions.options.union(["--output", "--file"]), flags: ImageOptions.flags,
            aliases: ["-o": "--output"])
        let input = try parsed.requirePositionals(["image"])[0]
        let format: SBOMFormat
        do { format = try SBOMFormat(parsing: parsed.value("--output") ?? "table") } catch {
            throw UsageError(error.description)
        }
        let progress = ProgressDisplay.make(terminal: terminal, quiet: parsed.flag("--quiet"))
        let options = ImageOptions.sourceOptions(parsed, terminal: terminal, progress: progress)
        let results: [ImagePipeline.Result]
        do {
            let limits = try LayerLimits.fromEnvironment(terminal.environment)
            results = try await ImagePipeline.catalog(input, options: options, limits: limits)
            progress?.finish()
        } catch {
            progress?.finish()
            throw error
        }
        let renderOptions = SBOMRenderOptions(toolVersion: PlimsollCommand.version, timestamp: Date())
        for (index, result) in results.enumerated() {
            for warning in result.sbom.warnings { terminal.writeError("warning: \(warning)\n") }
            let document = try SBOMPresenter.render(result.sbom, as: format, options: renderOptions)
            if let file = parsed.value("--file") {
                let path = results.count == 1 ? file : OutputFile.numbered(file, index + 1)
                try OutputFile.write(document, to: path)
            } else {
                if results.count > 1, format == .table {
                    terminal.writeOutput("\(result.sbom.source.userInput)\n")
                }
                terminal.writeOutput(String(decoding: document, as: UTF8.self))
            }
        }
        return .success
    }
}
