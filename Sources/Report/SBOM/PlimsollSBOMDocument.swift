import Foundation
public import Model

/// Plimsoll's own SBOM document (`-o json`), schema version 1; docs/json-format.md describes every field.
///
/// Field names and meanings only change with a new `schemaVersion`; fields may be added within a version.
/// Optional values are left out when unknown, never written as `null`.
struct PlimsollSBOMDocument: Codable {
    var schemaVersion: String
    var descriptor: Descriptor
    var source: Source
    var distro: DistroEntry
    var packages: [PackageEntry]
    var warnings: [String]

    struct Descriptor: Codable {
        var name: String
        var version: String
        var timestamp: String
    }

    struct Source: Codable {
        var userInput: String
        var scheme: String
        var fullTag: String?
        var manifestDigest: String?
        var configDigest: String?
        var layerDigests: [String]
        var platform: String?
    }

    struct DistroEntry: Codable {
        var id: String
        var versionID: String?
        var codename: String?
        var prettyName: String?
        var idLike: [String]
    }

    struct LocationEntry: Codable {
        var path: String
        var layerDigest: String?
        var layerIndex: Int?
    }

    struct PackageEntry: Codable {
        var name: String
        var version: String
        var type: String
        var purl: String
        var cpes: [String]
        var licenses: [String]
        var locations: [LocationEntry]
        var layerDigest: String?
        var layerIndex: Int?
        var architecture: String?
        var sourceName: String?
        var sourceVersion: String?
        var files: [String]
        var foundBy: String
        var metadata: [String: String]
    }

    init(_ sbom: SBOM, options: SBOMRenderOptions) {
        schemaVersion = PlimsollSBOMJSON.schemaVersion
        descriptor = Descriptor(name: options.toolName, version: options.toolVersion, timestamp: options.timestampText)
        let image = sbom.source
        source = Source(
            userInput: image.userInput, scheme: image.scheme, fullTag: image.fullTag,
            manifestDigest: image.manifestDigest?.description, configDigest: image.configDigest?.description,
            layerDigests: image.layerDigests.map(\.description), platform: image.platform)
        distro = DistroEntry(
            id: sbom.distro.id, versionID: sbom.distro.versionID, codename: sbom.distro.codename,
            prettyName: sbom.distro.prettyName, idLike: sbom.distro.idLike)
        packages = sbom.packages.map { package in
            PackageEntry(
                name: package.name, version: package.version, type: package.type.rawValue,
                purl: package.purl.description, cpes: package.cpes, licenses: package.licenses,
                locations: package.locations.map {
                    LocationEntry(path: $0.path, layerDigest: $0.layerDigest?.description, layerIndex: $0.layerIndex)
                },
                layerDigest: package.layerDigest?.description,
                layerIndex: package.layerDigest.flatMap { image.layerDigests.firstIndex(of: $0) },
                architecture: package.architecture, sourceName: package.sourceName,
                sourceVersion: package.sourceVersion, files: package.files, foundBy: package.foundBy,
                metadata: package.metadata)
        }
        warnings = sbom.warnings
    }

    /// The SBOM this document describes; throws when a digest, purl or package type is not valid.
    func sbom() throws(ReportError) -> SBOM {
        func digest(_ text: String?, _ field: String) throws(ReportError) -> Digest? {
            guard let text else { return nil }
            do { return try Digest(parsing: text) } catch { throw ReportError("\(field): \(error.description)") }
        }
        var layers: [Digest] = []
        for (index, text) in source.layerDigests.enumerated() {
            if let value = try digest(text, "source.layerDigests[\(index)]") { layers.append(value) }
        }
        let image = ImageDescription(
            userInput: source.userInput, scheme: source.scheme, fullTag: source.fullTag,
            manifestDigest: try digest(source.manifestDigest, "source.manifestDigest"),
            configDigest: try digest(source.configDigest, "source.configDigest"), layerDigests: layers,
            platform: source.platform)
        var result: [Package] = []
        for (index, entry) in packages.enumerated() {
            let field = "packages[\(index)]"
            guard let type = PackageType(rawValue: entry.type) else {
                throw ReportError("\(field).type: unknown package type '\(entry.type.prefix(40))'")
            }
            guard let purl = PURL(parsing: entry.purl) else {
                throw ReportError("\(field).purl: '\(entry.purl.prefix(80))' is not a package url")
            }
            var locations: [Location] = []
            for (number, location) in entry.locations.enumerated() {
                locations.append(
                    Location(
                        path: location.path,
                        layerDigest: try digest(location.layerDigest, "\(field).locations[\(number)].layerDigest"),
                        layerIndex: location.layerIndex))
            }
            result.append(
                Package(
                    name: entry.name, version: entry.version, type: type, purl: purl, cpes: entry.cpes,
                    licenses: entry.licenses, locations: locations,
                    layerDigest: try digest(entry.layerDigest, "\(field).layerDigest"),
                    architecture: entry.architecture, sourceName: entry.sourceName,
                    sourceVersion: entry.sourceVersion, files: entry.files, foundBy: entry.foundBy,
                    metadata: entry.metadata))
        }
        return SBOM(
            source: image,
            distro: Distro(
                id: distro.id, versionID: distro.versionID, codename: distro.codename,
                prettyName: distro.prettyName, idLike: distro.idLike),
            packages: result, warnings: warnings)
    }
}

/// Reading Plimsoll's own SBOM documents back (for `sbom:` sources and round trips).
public enum PlimsollSBOMJSON {
    /// The `schemaVersion` this build writes and reads.
    public static let schemaVersion = "1"

    /// The SBOM in a Plimsoll `json` document; throws for other formats, other schema versions, bad values.
    public static func read(_ bytes: [UInt8]) throws(ReportError) -> SBOM {
        struct Header: Decodable { var schemaVersion: String? }
        let decoder = JSONDecoder()
        let data = Data(bytes)
        let header: Header
        do { header = try decoder.decode(Header.self, from: data) } catch {
            throw ReportError("not a plimsoll sbom document: the input is not a json object")
        }
        guard let version = header.schemaVersion else {
            throw ReportError("not a plimsoll sbom document: no 'schemaVersion' field")
        }
        guard version == schemaVersion else {
            throw ReportError(
                "unsupported plimsoll sbom schemaVersion '\(version.prefix(20))' (this build reads '\(schemaVersion)')")
        }
        let document: PlimsollSBOMDocument
        do { document = try decoder.decode(PlimsollSBOMDocument.self, from: data) } catch {
            throw ReportError("malformed plimsoll sbom document: \(Self.describe(error))")
        }
        return try document.sbom()
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing field '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "bad value at '\(path(context))': \(context.debugDescription.lowercased())"
        @unknown default: return "\(error)"
        }
    }
}
