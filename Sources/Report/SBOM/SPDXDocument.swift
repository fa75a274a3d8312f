import Model

/// An SPDX 2.3 JSON document: the image as the described package (purpose `CONTAINER`), the distro as an
/// `OPERATING-SYSTEM` package, every package with its purl and CPEs as external references, and
/// `CONTAINS` relationships from the image to each.
///
/// `licenseDeclared` is the package's licenses joined with `AND`, each kept as written when it is an SPDX
/// license id or a simple `id AND|OR id`, `id WITH exception` expression of ids; anything else becomes a
/// `LicenseRef-…` declared in `hasExtractedLicensingInfos` with the original text.
struct SPDXDocument: Encodable {
    var spdxVersion = "SPDX-2.3"
    var dataLicense = "CC0-1.0"
    var spdxID = "SPDXRef-DOCUMENT"
    var name: String
    var documentNamespace: String
    var creationInfo: CreationInfo
    var packages: [SPDXPackage]
    var relationships: [Relationship]
    var hasExtractedLicensingInfos: [ExtractedLicense]?

    enum CodingKeys: String, CodingKey {
        case spdxID = "SPDXID"
        case spdxVersion, dataLicense, name, documentNamespace, creationInfo, packages, relationships
        case hasExtractedLicensingInfos
    }

    struct CreationInfo: Encodable {
        var created: String
        var creators: [String]
    }

    struct SPDXPackage: Encodable {
        var spdxID: String
        var name: String
        var versionInfo: String?
        var downloadLocation = "NOASSERTION"
        var filesAnalyzed = false
        var licenseConcluded = "NOASSERTION"
        var licenseDeclared = "NOASSERTION"
        var copyrightText = "NOASSERTION"
        var supplier = "NOASSERTION"
        var sourceInfo: String?
        var description: String?
        var primaryPackagePurpose: String?
        var externalRefs: [ExternalRef]?

        enum CodingKeys: String, CodingKey {
            case spdxID = "SPDXID"
            case name, versionInfo, downloadLocation, filesAnalyzed, licenseConcluded, licenseDeclared
            case copyrightText, supplier, sourceInfo, description, primaryPackagePurpose, externalRefs
        }
    }

    struct ExternalRef: Encodable {
        var referenceCategory: String
        var referenceType: String
        var referenceLocator: String
    }

    struct Relationship: Encodable {
        var spdxElementId: String
        var relationshipType: String
        var relatedSpdxElement: String
    }

    struct ExtractedLicense: Encodable {
        var licenseId: String
        var extractedText: String
        var name: String
    }

    init(_ sbom: SBOM, options: SBOMRenderOptions) {
        let timestamp = options.timestampText
        let image = sbom.source
        name = image.fullTag ?? image.userInput
        documentNamespace =
            options.documentNamespace
            ?? "https://plimsoll.invalid/spdx/\(Self.idSafe(name))-"
            + ContentID.uuid(["spdx"] + ContentID.parts(of: sbom, timestamp: timestamp))
        creationInfo = CreationInfo(
            created: timestamp, creators: ["Tool: \(Self.idSafe(options.toolName))-\(options.toolVersion)"])

        var usedIDs: Set<String> = [spdxID]
        func uniqueID(_ base: String) -> String {
            var candidate = base
            var counter = 2
            while !usedIDs.insert(candidate).inserted {
                candidate = "\(base)-\(counter)"
                counter += 1
            }
            return candidate
        }
        let imageID = uniqueID("SPDXRef-DocumentRoot-Image-\(Self.idSafe(name))")
        var packages = [
            SPDXPackage(
                spdxID: imageID, name: name, versionInfo: image.manifestDigest?.description,
                description: "container image (\(image.scheme))", primaryPackagePurpose: "CONTAINER")
        ]
        var relationships = [
            Relationship(spdxElementId: spdxID, relationshipType: "DESCRIBES", relatedSpdxElement: imageID)
        ]
        if !sbom.distro.isUnknown {
            let distro = sbom.distro
            let id = uniqueID("SPDXRef-OperatingSystem-\(Self.idSafe(distro.id))")
            packages.append(
                SPDXPackage(
                    spdxID: id, name: distro.id, versionInfo: distro.versionID ?? distro.codename,
                    description: distro.prettyName, primaryPackagePurpose: "OPERATING-SYSTEM"))
            relationships.append(
                Relationship(spdxElementId: imageID, relationshipType: "CONTAINS", relatedSpdxElement: id))
        }
        var licenses = LicenseRefs()
        for package in sbom.packages {
            let id = uniqueID(
                "SPDXRef-Package-\(package.type.rawValue)-\(Self.idSafe(package.name))-"
                    + ContentID.short(package.sortKey + "\u{0}" + package.purl.description))
            var refs = [
                ExternalRef(
                    referenceCategory: "PACKAGE-MANAGER", referenceType: "purl",
                    referenceLocator: package.purl.description)
            ]
            for cpe in package.cpes {
                refs.append(
                    ExternalRef(referenceCategory: "SECURITY", referenceType: "cpe23Type", referenceLocator: cpe))
            }
            let evidence = package.locations.first.map { ": \($0.path)" } ?? ""
            packages.append(
                SPDXPackage(
                    spdxID: id, name: package.name, versionInfo: package.version,
                    licenseDeclared: licenses.expression(for: package.licenses),
                    sourceInfo: "acquired package info from the \(package.foundBy) cataloger\(evidence)",
                    primaryPackagePurpose: package.type.isOSPackage ? "OPERATING-SYSTEM" : "LIBRARY",
                    externalRefs: refs))
            relationships.append(
                Relationship(spdxElementId: imageID, relationshipType: "CONTAINS", relatedSpdxElement: id))
        }
        self.packages = packages
        self.relationships = relationships
        hasExtractedLicensingInfos = licenses.extracted.isEmpty ? nil : licenses.extracted
    }

    /// Letters, digits, `.` and `-` only (what `SPDXRef-` ids and tool names allow); others become `-`.
    static func idSafe(_ text: String) -> String {
        let mapped = String(
            text.unicodeScalars.map {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "."
                    || $0 == "-"
                    ? Character($0) : "-"
            })
        return mapped.isEmpty ? "unnamed" : String(mapped.prefix(100))
    }

    /// Turns recorded license strings into SPDX expressions, collecting `LicenseRef-` declarations.
    struct LicenseRefs {
        var extracted: [ExtractedLicense] = []
        private var refByText: [String: String] = [:]

        mutating func expression(for licenses: [String]) -> String {
            let parts = licenses.map { license -> String in
                if let expression = Self.spdxExpression(license) { return expression }
                if let ref = refByText[license] { return ref }
                var ref = "LicenseRef-" + SPDXDocument.idSafe(license)
                if refByText.values.contains(ref) { ref += "-" + ContentID.short(license).prefix(8) }
                refByText[license] = ref
                extracted.append(ExtractedLicense(licenseId: ref, extractedText: license, name: license))
                return ref
            }
            guard !parts.isEmpty else { return "NOASSERTION" }
            return parts.count == 1
                ? parts[0] : parts.map { $0.contains(" ") ? "(\($0))" : $0 }.joined(separator: " AND ")
        }

        /// The license as an SPDX expression when it is one made of known ids; nil otherwise.
        static func spdxExpression(_ text: String) -> String? {
            let tokens = text.split(separator: " ").map(String.init)
            guard !tokens.isEmpty, tokens.count % 2 == 1 else { return nil }
            var output: [String] = []
            var expectingException = false
            for (index, token) in tokens.enumerated() {
                if index % 2 == 1 {
                    let op = token.uppercased()
                    guard op == "AND" || op == "OR" || op == "WITH" else { return nil }
                    expectingException = op == "WITH"
                    output.append(op)
                } else if expectingException {
                    guard SPDXLicenseList.exceptions.contains(token) else { return nil }
                    output.append(token)
                } else {
                    let base = token.hasSuffix("+") ? String(token.dropLast()) : token
                    guard SPDXLicenseList.licenses.contains(base) else { return nil }
                    output.append(token)
                }
            }
            return output.joined(separator: " ")
        }
    }
}
