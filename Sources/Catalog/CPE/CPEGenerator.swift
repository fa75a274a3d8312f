public import Model

/// CPE 2.3 names for packages that ecosystem advisories don't cover (classified binaries, jars without Maven
/// coordinates), so they can be matched against NVD configurations.
public enum CPEGenerator {
    /// `cpe:2.3:a:<vendor>:<product>:<version>:*:*:*:*:*:*:*` with each value quoted for the formatted string.
    public static func format(vendor: String, product: String, version: String) -> String {
        "cpe:2.3:a:\(CPE.escape(vendor.lowercased())):\(CPE.escape(product.lowercased())):\(CPE.escape(version)):*:*:*:*:*:*:*"
    }

    /// Candidate vendor/product pairs for `package`, best first: from the Java group id or purl namespace,
    /// then the name itself (`name:name`), then `name_project:name` (NVD's convention for small projects).
    public static func candidates(for package: Package) -> [(vendor: String, product: String)] {
        let product = package.name.lowercased().replacingSpaces()
        var vendors: [String] = []
        if let group = package.metadata["groupId"] ?? package.purl.namespace, !group.isEmpty {
            // org.apache.logging.log4j → apache; com.fasterxml.jackson.core → fasterxml
            let parts = group.split(separator: ".").map(String.init)
            if parts.count >= 2, ["org", "com", "net", "io", "de", "edu"].contains(parts[0]) {
                vendors.append(parts[1])
            } else if let first = parts.first {
                vendors.append(first)
            }
        }
        if let vendor = package.metadata["vendor"], !vendor.isEmpty {
            vendors.append(vendor.lowercased().replacingSpaces())
        }
        vendors += [product, product + "_project"]
        var seen: Set<String> = []
        return vendors.filter { seen.insert($0).inserted }.map { ($0, product) }
    }

    /// `packages` with CPEs filled in where they are missing and no ecosystem advisories apply: binaries and
    /// Java archives without Maven coordinates (no group id). Others are returned unchanged.
    public static func annotate(_ packages: [Package]) -> [Package] {
        packages.map { package in
            guard package.cpes.isEmpty, !package.version.isEmpty, needsCPEs(package) else { return package }
            var annotated = package
            annotated.cpes = candidates(for: package).map {
                format(vendor: $0.vendor, product: $0.product, version: package.version)
            }
            return annotated
        }
    }

    /// Whether CPE matching is the only way to find advisories for `package`.
    public static func needsCPEs(_ package: Package) -> Bool {
        switch package.type {
        case .binary: true
        case .javaArchive: (package.metadata["groupId"] ?? package.purl.namespace ?? "").isEmpty
        default: false
        }
    }
}

extension String {
    fileprivate func replacingSpaces() -> String {
        String(map { $0 == " " ? "_" : $0 })
    }
}
