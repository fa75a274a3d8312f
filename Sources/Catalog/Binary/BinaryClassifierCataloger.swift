public import Layers
public import Model

/// Programs and libraries without package metadata, recognised by name and versioned from strings in their
/// bytes (syft: `binary-classifier-cataloger`). Every result is marked with the rule that found it
/// (`metadata["classifier"]`) and carries NVD CPEs, since no ecosystem advisories apply to such packages.
public struct BinaryClassifierCataloger: Cataloger {
    public let name = "binary-classifier-cataloger"
    let classifiers: [BinaryClassifier]

    public init() { classifiers = BinaryClassifier.all }

    public func wants(_ entry: FileEntryInfo) -> Bool { BinaryCapture.wants(entry) }

    public func catalog(_ tree: FileTree, context: CatalogContext) throws -> [Package] {
        // Names are matched on stored paths, symlinks included (Debian's redis-server links to redis-check-rdb);
        // the bytes and the location are the link's target.
        var byKey: [String: Package] = [:]
        var order: [String] = []
        for (path, node) in tree.nodes.sorted(by: { $0.key < $1.key }) {
            switch node.kind {
            case .regular, .symlink: break
            default: continue
            }
            let name = String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...])
            let rules = classifiers.filter { $0.appliesTo(name) }
            guard !rules.isEmpty, let contents = tree.contents(of: path) else { continue }
            guard Int64(contents.count) <= BinaryCapture.maximumSize else {
                context.warn("skipped '\(path)': \(contents.count) bytes is above the binary limit")
                continue
            }
            let location = tree.location(of: path)
            for rule in rules {
                guard let version = rule.version(contents, name) else { continue }
                let key = rule.packageName + "@" + version + "@" + location.path
                if byKey[key] != nil { break }
                order.append(key)
                byKey[key] = Self.package(rule, version: version, location: location)
                break
            }
        }
        return order.compactMap { byKey[$0] }
    }

    static func package(_ rule: BinaryClassifier, version: String, location: Location) -> Package {
        Package(
            name: rule.packageName, version: version, type: .binary,
            purl: PURL(type: "generic", namespace: rule.purlNamespace, name: rule.packageName, version: version),
            cpes: rule.cpeProducts.map {
                CPEGenerator.format(vendor: $0.vendor, product: $0.product, version: version)
            },
            locations: [location], layerDigest: location.layerDigest, foundBy: "binary-classifier-cataloger",
            metadata: ["classifier": rule.className])
    }
}
