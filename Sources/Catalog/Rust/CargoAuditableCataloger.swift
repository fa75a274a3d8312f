import Archive
import Foundation
public import Layers
public import Model

/// Crates compiled into Rust binaries built with `cargo auditable`, from the zlib-compressed JSON dependency
/// list in the `.dep-v0` ELF section (syft: `cargo-auditable-binary-cataloger`).
public struct CargoAuditableCataloger: Cataloger {
    public let name = "cargo-auditable-binary-cataloger"
    /// The largest inflated dependency list accepted (cargo-auditable's own reader uses 8 MiB).
    public static let maximumJSONSize = 8 << 20

    public init() {}

    public func wants(_ entry: FileEntryInfo) -> Bool { BinaryCapture.wants(entry) }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        var packages: [Package] = []
        for (path, elf) in BinaryCapture.elfFiles(in: tree, context: context) {
            guard let section = elf.section(named: ".dep-v0") else { continue }
            do {
                let location = tree.location(of: path)
                for crate in try Self.decode(try elf.data(of: section), path: path) {
                    var metadata = ["source": crate.source ?? "crates.io"]
                    if let kind = crate.kind { metadata["kind"] = kind }
                    if crate.root == true { metadata["root"] = "true" }
                    packages.append(
                        Package(
                            name: crate.name, version: crate.version, type: .rustCrate,
                            purl: PURL(type: "cargo", name: crate.name, version: crate.version), locations: [location],
                            layerDigest: location.layerDigest, foundBy: name, metadata: metadata))
                }
            } catch let error as ELFError {
                context.warn(error.description)
            } catch let error as PackageFileError {
                context.warn(error.description)
            }
        }
        return packages
    }

    /// One entry of the `packages` array.
    public struct Crate: Decodable, Hashable, Sendable {
        public var name: String
        public var version: String
        public var source: String?
        public var kind: String?
        public var root: Bool?
    }

    private struct Document: Decodable {
        var packages: [Crate]
    }

    /// The crates in a `.dep-v0` section's bytes (zlib-compressed JSON).
    public static func decode(_ section: ArraySlice<UInt8>, path: String) throws(PackageFileError) -> [Crate] {
        let json: [UInt8]
        do throws(ZlibInflater.Error) {
            json = try ZlibInflater.inflate(section, limit: maximumJSONSize)
        } catch {
            throw PackageFileError(path: path, reason: error.description)
        }
        do {
            return try JSONDecoder().decode(Document.self, from: Data(json)).packages
        } catch {
            throw PackageFileError(
                path: path,
                reason: "cargo-auditable dependency list is not valid: \(PackageFileError.reason(decoding: error))")
        }
    }
}
