import Model

/// A CycloneDX 1.6 JSON BOM: the image as `metadata.component` (type `container`), the distro as an
/// `operating-system` component, every package as a `library` component with its purl, first CPE and
/// licenses (SPDX ids as `id`, anything else as `name`), and Plimsoll's other fields as `plimsoll:*`
/// properties.
struct CycloneDXDocument: Encodable {
    var schema = "http://cyclonedx.org/schema/bom-1.6.schema.json"
    var bomFormat = "CycloneDX"
    var specVersion = "1.6"
    var serialNumber: String
    var version = 1
    var metadata: Metadata
    var components: [Component]
    var dependencies: [Dependency]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case bomFormat, specVersion, serialNumber, version, metadata, components, dependencies
    }

    struct Metadata: Encodable {
        var timestamp: String
        var tools: Tools
        var component: Component
    }

    struct Tools: Encodable {
        var components: [Component]
    }

    struct Component: Encodable {
        var bomRef: String?
        var type: String
        var name: String
        var version: String?
        var description: String?
        var licenses: [LicenseChoice]?
        var purl: String?
        var cpe: String?
        var properties: [Property]?

        enum CodingKeys: String, CodingKey {
            case bomRef = "bom-ref"
            case type, name, version, description, licenses, purl, cpe, properties
        }
    }

    struct LicenseChoice: Encodable {
        var license: License
    }

    struct License: Encodable {
        var id: String?
        var name: String?
    }

    struct Property: Encodable {
        var name: String
        var value: String
    }

    struct Dependency: Encodable {
        var ref: String
        var dependsOn: [String]
    }

    init(_ sbom: SBOM, options: SBOMRenderOptions) {
        let timestamp = options.timestampText
        serialNumber =
            options.serialNumber ?? "urn:uuid:"
            + ContentID.uuid(["cyclonedx"] + ContentID.parts(of: sbom, timestamp: timestamp))
        let image = sbom.source
        var imageProperties: [Property] = [Property(name: "plimsoll:image:scheme", value: image.scheme)]
        if let digest = image.configDigest {
            imageProperties.append(Property(name: "plimsoll:image:configDigest", value: digest.description))
        }
        if let platform = image.platform {
            imageProperties.append(Property(name: "plimsoll:image:platform", value: platform))
        }
        for (index, layer) in image.layerDigests.enumerated() {
            imageProperties.append(Property(name: "plimsoll:image:layer:\(index)", value: layer.description))
        }
        let imageRef = "image-" + ContentID.short(image.userInput + "\u{0}" + (image.manifestDigest?.description ?? ""))
        let imageComponent = Component(
            bomRef: imageRef, type: "container", name: image.fullTag ?? image.userInput,
            version: image.manifestDigest?.description, properties: imageProperties)
        metadata = Metadata(
            timestamp: timestamp,
            tools: Tools(components: [
                Component(type: "application", name: options.toolName, version: options.toolVersion)
            ]),
            component: imageComponent)

        var components: [Component] = []
        var refs: [String] = []
        var usedRefs: Set<String> = [imageRef]
        func uniqueRef(_ base: String) -> String {
            var candidate = base
            var counter = 2
            while !usedRefs.insert(candidate).inserted {
                candidate = "\(base)-\(counter)"
                counter += 1
            }
            return candidate
        }
        if !sbom.distro.isUnknown {
            let distro = sbom.distro
            let ref = uniqueRef("os-" + distro.id)
            var properties: [Property] = []
            if let codename = distro.codename {
                properties.append(Property(name: "plimsoll:distro:codename", value: codename))
            }
            if !distro.idLike.isEmpty {
                properties.append(Property(name: "plimsoll:distro:idLike", value: distro.idLike.joined(separator: " ")))
            }
            components.append(
                Component(
                    bomRef: ref, type: "operating-system", name: distro.id, version: distro.versionID,
                    description: distro.prettyName, properties: properties.isEmpty ? nil : properties))
            refs.append(ref)
        }
        for package in sbom.packages {
            let ref = uniqueRef("pkg-" + ContentID.short(package.sortKey + "\u{0}" + package.purl.description))
            components.append(Self.component(package, ref: ref, image: image))
            refs.append(ref)
        }
        self.components = components
        dependencies = [Dependency(ref: imageRef, dependsOn: refs)]
    }

    private static func component(_ package: Package, ref: String, image: ImageDescription) -> Component {
        var properties: [Property] = [
            Property(name: "plimsoll:package:type", value: package.type.rawValue),
            Property(name: "plimsoll:package:foundBy", value: package.foundBy),
        ]
        func add(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { properties.append(Property(name: name, value: value)) }
        }
        add("plimsoll:package:architecture", package.architecture)
        add("plimsoll:package:sourceName", package.sourceName)
        add("plimsoll:package:sourceVersion", package.sourceVersion)
        add("plimsoll:package:layerDigest", package.layerDigest?.description)
        add(
            "plimsoll:package:layerIndex",
            package.layerDigest.flatMap { image.layerDigests.firstIndex(of: $0) }.map(String.init))
        for (index, location) in package.locations.enumerated() {
            add("plimsoll:location:\(index):path", location.path)
        }
        for (index, cpe) in package.cpes.enumerated().dropFirst() { add("plimsoll:cpe:\(index)", cpe) }
        for key in package.metadata.keys.sorted() { add("plimsoll:metadata:\(key)", package.metadata[key]) }
        let licenses = package.licenses.map { name in
            SPDXLicenseList.licenses.contains(name)
                ? LicenseChoice(license: License(id: name)) : LicenseChoice(license: License(name: name))
        }
        return Component(
            bomRef: ref, type: "library", name: package.name, version: package.version,
            licenses: licenses.isEmpty ? nil : licenses, purl: package.purl.description, cpe: package.cpes.first,
            properties: properties)
    }
}
