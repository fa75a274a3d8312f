import Foundation
public import Model

/// The statements of OpenVEX documents that suppress findings: `not_affected` and `fixed`.
///
/// Reads OpenVEX 0.2 (`vulnerability: {name, aliases}`, `products: [{"@id": purl, subcomponents}]`) and
/// the older 0.0.x shape (`vulnerability: "CVE-…"`, `products: ["pkg:…"]`). A product or subcomponent
/// purl selects a package when type, namespace and name agree, and version and each qualifier it gives
/// (but `distro`) agree too. Later statements override earlier ones for the same vulnerability and product.
public struct OpenVEX: Sendable, Hashable {
    /// One statement as read.
    public struct Statement: Sendable, Hashable {
        /// The vulnerability id and its aliases.
        public var vulnerabilityIDs: [String]
        /// The purls the statement is about.
        public var products: [PURL]
        /// `not_affected`, `affected`, `fixed` or `under_investigation`.
        public var status: String
        /// The justification or impact statement, shown as the reason.
        public var justification: String?
        /// The document it came from, for messages.
        public var source: String
    }

    /// Every statement, in document order.
    public var statements: [Statement]

    public init(statements: [Statement] = []) {
        self.statements = statements
    }

    /// The statuses a statement may have.
    static let statuses: Set<String> = ["not_affected", "affected", "fixed", "under_investigation"]

    /// The largest VEX document read.
    public static let maximumFileSize = 32 << 20

    /// Reads and parses the document at `path`, appending its statements.
    public mutating func load(path: String) throws(MatchError) {
        let bytes = try FileInput.read(path, limit: Self.maximumFileSize, what: "vex document")
        statements += try Self.parse(bytes, path: path)
    }

    /// Parses one document; `path` names it in errors and reasons.
    public static func parse(_ bytes: [UInt8], path: String) throws(MatchError) -> [Statement] {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
            throw MatchError(path: path, "vex document is not valid json (\(error.localizedDescription))")
        }
        guard let document = object as? [String: Any] else {
            throw MatchError(path: path, "vex document is not a json object")
        }
        guard let context = document["@context"] as? String, context.contains("openvex") else {
            throw MatchError(path: path, "not an openvex document (no '@context' naming openvex)")
        }
        guard let list = document["statements"] as? [Any] else {
            throw MatchError(path: path, "vex document has no 'statements' list")
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        var statements: [Statement] = []
        for (index, item) in list.enumerated() {
            let position = "statement \(index + 1)"
            guard let entry = item as? [String: Any] else {
                throw MatchError(path: path, "\(position) is not an object")
            }
            var ids: [String] = []
            if let text = entry["vulnerability"] as? String {
                ids = [text]
            } else if let vulnerability = entry["vulnerability"] as? [String: Any] {
                if let id = vulnerability["name"] as? String { ids.append(id) }
                if let id = vulnerability["@id"] as? String, !id.contains("/") { ids.append(id) }
                ids += (vulnerability["aliases"] as? [Any])?.compactMap { $0 as? String } ?? []
            }
            guard !ids.isEmpty else { throw MatchError(path: path, "\(position) names no vulnerability") }
            guard let status = entry["status"] as? String, statuses.contains(status) else {
                throw MatchError(
                    path: path,
                    "\(position): status '\(entry["status"].map { "\($0)" } ?? "")' is not one of \(statuses.sorted().joined(separator: ", "))"
                )
            }
            var products: [PURL] = []
            for product in (entry["products"] as? [Any]) ?? [] {
                try collect(product, into: &products, path: path, position: position)
            }
            guard !products.isEmpty else { throw MatchError(path: path, "\(position) names no product purl") }
            let justification = [entry["justification"], entry["impact_statement"], entry["status_notes"]]
                .compactMap { $0 as? String }.joined(separator: "; ")
            statements.append(
                Statement(
                    vulnerabilityIDs: ids, products: products, status: status,
                    justification: justification.isEmpty ? nil : justification, source: name))
        }
        return statements
    }

    private static func collect(_ product: Any, into products: inout [PURL], path: String, position: String)
        throws(MatchError)
    {
        if let text = product as? String {
            guard let purl = PURL(parsing: text) else {
                throw MatchError(path: path, "\(position): product '\(text.prefix(120))' is not a purl")
            }
            products.append(purl)
            return
        }
        guard let object = product as? [String: Any] else {
            throw MatchError(path: path, "\(position): a product is neither a purl nor an object")
        }
        var identifiers: [String] = []
        if let id = object["@id"] as? String { identifiers.append(id) }
        if let purl = (object["identifiers"] as? [String: Any])?["purl"] as? String { identifiers.append(purl) }
        for identifier in identifiers where identifier.hasPrefix("pkg:") {
            guard let purl = PURL(parsing: identifier) else {
                throw MatchError(path: path, "\(position): product '\(identifier.prefix(120))' is not a purl")
            }
            products.append(purl)
        }
        for sub in (object["subcomponents"] as? [Any]) ?? [] {
            try collect(sub, into: &products, path: path, position: position)
        }
    }

    /// The last statement about `finding` (by id or alias, and purl), if any.
    public func statement(for finding: Finding) -> Statement? {
        let ids = Set(([finding.id] + finding.aliases).map { $0.uppercased() })
        return statements.last { statement in
            statement.vulnerabilityIDs.contains { ids.contains($0.uppercased()) }
                && statement.products.contains { Self.selects($0, finding.package.purl) }
        }
    }

    /// Whether a statement's purl selects a package purl.
    static func selects(_ product: PURL, _ package: PURL) -> Bool {
        guard product.type == package.type, product.name == package.name,
            (product.namespace ?? "").lowercased() == (package.namespace ?? "").lowercased()
        else { return false }
        if let version = product.version, version != package.version { return false }
        // `distro` is spelled differently by each tool (`jammy`, `ubuntu-22.04`); the name and version decide.
        for (key, value) in product.qualifiers where key != "distro" && package.qualifiers[key] != value {
            return false
        }
        return true
    }
}
