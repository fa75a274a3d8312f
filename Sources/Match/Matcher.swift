import Foundation
public import Model
import Versions
public import VulnDB

/// Matches an SBOM's packages against a vulnerability database: distro packages by source package and
/// release, language packages by ecosystem and normalised name.
public struct Matcher: Sendable {
    /// The database.
    public var store: VulnerabilityStore
    /// Match interpreted-language packages that an OS package installed on their upstream ranges too
    /// (`--match-os-owned`); by default those findings are shown suppressed, the distro's advisories apply.
    public var matchOSOwned: Bool

    public init(store: VulnerabilityStore, matchOSOwned: Bool = false) {
        self.store = store
        self.matchOSOwned = matchOSOwned
    }

    /// Compiled code carries the versions it was built from whoever installed it (a Go binary in a .deb
    /// really contains that Go standard library), so distro precedence never hides its findings.
    static let compiledTypes: Set<PackageType> = [.goModule, .rustCrate, .binary]

    /// Every finding for `sbom`, enriched with NVD, KEV and EPSS data and sorted deterministically;
    /// `distroOverride` (`--distro`) replaces the detected distro.
    public func match(_ sbom: SBOM, distroOverride: Distro? = nil) throws(MatchError) -> MatchResult {
        let distro = distroOverride ?? sbom.distro
        var warnings: [String] = []
        var queries: [PackageQuery] = []
        var unmatchable: [PackageType: Int] = [:]
        let namespace = DistroNamespace.of(distro)
        for (index, package) in sbom.packages.enumerated() {
            if package.type.isOSPackage {
                if let namespace, Self.distroMatches(distro, package.type) {
                    queries.append(PackageQuery.distro(package, index: index, namespace: namespace))
                } else {
                    unmatchable[package.type, default: 0] += 1
                }
            } else if let query = PackageQuery.language(package, index: index) {
                queries.append(query)
            }
        }
        let osCount = unmatchable.values.reduce(0, +)
        if osCount > 0 {
            let kinds = unmatchable.keys.sorted().map(\.rawValue).joined(separator: ", ")
            let reason =
                distro.isUnknown
                ? "the distro is unknown"
                : "distro '\(distro.id) \(distro.versionID ?? distro.codename ?? "")' has no advisory namespace for \(kinds) packages"
            warnings.append(
                "\(osCount) OS packages (\(kinds)) could not be matched: \(reason); use --distro id:version to name it")
        }
        var matches = try lookUp(queries, packages: sbom.packages, warnings: &warnings)
        // "No findings" and "no data for this release" must not look alike; the ecosystem list is a full
        // scan of the affected table, so it is read only when the distro packages matched nothing.
        if let namespace, queries.contains(where: \.isDistro), !matches.contains(where: { $0.package.type.isOSPackage })
        {
            let knownEcosystems: Set<String>
            do { knownEcosystems = Set(try store.ecosystems().map { $0.lowercased() }) } catch {
                throw MatchError("cannot read the vulnerability database: \(error)")
            }
            if !namespace.ecosystems.contains(where: { knownEcosystems.contains($0.lowercased()) }) {
                let count = queries.filter(\.isDistro).count
                warnings.append(
                    "the database has no advisories for \(namespace.feedGroup): \(count) OS packages were not matched")
            }
        }
        try enrich(&matches)
        if !matchOSOwned { Self.applyDistroPrecedence(&matches, packages: sbom.packages) }
        let findings = matches.sorted { lhs, rhs in
            (lhs.package.sortKey, lhs.id) < (rhs.package.sortKey, rhs.id)
        }
        return MatchResult(findings: findings, warnings: warnings, distro: distro)
    }

    /// Whether `distro`'s advisories are about packages of `type` (PITFALLS 12: an apk database under a
    /// non-Alpine os-release is not matched against that distro's data).
    static func distroMatches(_ distro: Distro, _ type: PackageType) -> Bool {
        switch distro.id.lowercased() {
        case "debian", "ubuntu": type == .deb
        case "alpine", "wolfi", "chainguard": type == .apk
        default: type == .rpm
        }
    }

    private func lookUp(
        _ queries: [PackageQuery], packages: [Package], warnings: inout [String]
    ) throws(MatchError) -> [Finding] {
        // One batched query per ecosystem.
        var namesByEcosystem: [String: Set<String>] = [:]
        for query in queries {
            for ecosystem in query.ecosystems { namesByEcosystem[ecosystem, default: []].formUnion(query.names) }
        }
        var records: [String: [String: [AdvisoryRecord]]] = [:]
        for (ecosystem, names) in namesByEcosystem {
            do { records[ecosystem] = try store.advisories(ecosystem: ecosystem, packages: names.sorted()) } catch {
                throw MatchError("cannot read advisories for \(ecosystem): \(error)")
            }
        }
        var evaluator = RangeEvaluator()
        var findings: [Finding] = []
        var unreadable: [String] = []
        for query in queries {
            let package = packages[query.index]
            guard let installed = evaluator.parse(query.version, query.scheme, installed: true) else {
                unreadable.append("\(package.name) \(query.version) (installed)")
                continue
            }
            var byID: [String: Finding] = [:]
            var order: [String] = []
            var candidates: [AdvisoryRecord] = []
            for ecosystem in query.ecosystems {
                for name in query.names { candidates += records[ecosystem]?[name] ?? [] }
            }
            for record in candidates where record.withdrawn == nil {
                for entry in record.affected where Self.streamsAgree(entry, package) {
                    var version = installed
                    if query.scheme == .rpm, let adjusted = Self.borrowEpoch(query.version, entry) {
                        guard let parsed = evaluator.parse(adjusted, .rpm) else { continue }
                        version = parsed
                    }
                    switch evaluator.evaluate(entry, installed: version, scheme: query.scheme) {
                    case .notAffected:
                        continue
                    case .unreadable(let text):
                        unreadable.append("\(record.id) (\(entry.name) version '\(text)')")
                    case .affected(let fixes):
                        if var existing = byID[record.id] {
                            existing.fixedVersions = Array(Set(existing.fixedVersions + fixes)).sorted()
                            byID[record.id] = existing
                        } else {
                            byID[record.id] = makeFinding(record, entry, package: package, query: query, fixes: fixes)
                            order.append(record.id)
                        }
                    }
                }
            }
            let packageFindings = order.compactMap { byID[$0] }
            findings += query.isDistro ? packageFindings : Self.mergeAliases(packageFindings)
        }
        if !unreadable.isEmpty {
            let sample = unreadable.prefix(5).joined(separator: "; ")
            warnings.append("\(unreadable.count) version(s) could not be read and were not matched (e.g. \(sample))")
        }
        return findings
    }

    private func makeFinding(
        _ record: AdvisoryRecord, _ entry: AffectedPackage, package: Package, query: PackageQuery, fixes: [String]
    ) -> Finding {
        var fixState = entry.fixState
        if !fixes.isEmpty {
            fixState = .fixed
        } else if let status = entry.trackerStatus?.lowercased() {
            fixState =
                status.contains("unfixed") || status.contains("postponed") ? .notFixed : .wontFix
        } else if fixState == .fixed || fixState == .unknown {
            fixState = entry.fixedVersions.isEmpty ? .notFixed : fixState
        }
        let matchType: String
        if query.isDistro {
            matchType = entry.name == package.name ? "distro-package" : "distro-source-package"
        } else {
            matchType = "ecosystem"
        }
        var finding = Finding(
            id: record.id, aliases: record.aliases, package: package, installedVersion: query.version,
            fixedVersions: fixes, fixState: fixState, namespace: query.feedGroup,
            urls: Self.links(record, feedGroup: query.feedGroup), matchType: matchType)
        finding.summary = record.summary
        if let severity = record.feedSeverity, severity != .unknown {
            finding.severity = severity
            finding.severitySource = Self.vendor(of: record, feedGroup: query.feedGroup)
        }
        return finding
    }

    /// The advisory's own page first, then its references (advisories before other links), without repeats.
    static func links(_ record: AdvisoryRecord, feedGroup: String) -> [String] {
        var links: [String] = []
        if record.id.hasPrefix("DSA-") || record.id.hasPrefix("DLA-") {
            links.append("https://security-tracker.debian.org/tracker/\(record.id)")
        } else if record.id.hasPrefix("ALPINE-CVE-") {
            links.append("https://security.alpinelinux.org/vuln/\(record.id.dropFirst("ALPINE-".count))")
        } else {
            links.append("https://osv.dev/vulnerability/\(record.id)")
        }
        let references =
            record.references.filter { $0.type == "ADVISORY" } + record.references.filter { $0.type != "ADVISORY" }
        for reference in references where !links.contains(reference.url) { links.append(reference.url) }
        return links
    }

    /// Who graded an advisory whose feed gives a severity: `ghsa`, `ubuntu`, or the feed group's distro.
    static func vendor(of record: AdvisoryRecord, feedGroup: String) -> String {
        if record.id.hasPrefix("GHSA-") { return "ghsa" }
        return feedGroup.split(separator: ":").first.map(String.init) ?? feedGroup
    }

    /// rpm: a package recorded without an epoch is compared with the advisory's epoch (PITFALLS 3).
    static func borrowEpoch(_ installed: String, _ entry: AffectedPackage) -> String? {
        guard !installed.contains(":") else { return nil }
        for range in entry.ranges {
            for event in range.events {
                if case .fixed(let value) = event, let colon = value.firstIndex(of: ":"),
                    value[..<colon].allSatisfy(\.isNumber)
                {
                    return "\(value[..<colon]):\(installed)"
                }
            }
        }
        return nil
    }

    /// The `name:stream` of an rpm package's modularity label (`postgresql:9.6:8050020210805:c5368500`).
    static func moduleStream(of package: Package) -> String? {
        guard let label = package.metadata["modularityLabel"], !label.isEmpty else { return nil }
        let parts = label.split(separator: ":")
        guard parts.count >= 2 else { return nil }
        return "\(parts[0]):\(parts[1])"
    }

    /// The module stream an advisory entry is for: `ecosystem_specific.module` / `database_specific.module`
    /// (`postgresql:12`) or the purl's `rpmmod` qualifier.
    static func moduleStream(of entry: AffectedPackage) -> String? {
        for json in [entry.ecosystemSpecificJSON, entry.databaseSpecificJSON].compactMap({ $0 }) {
            if let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
                let module = object["module"] as? String, !module.isEmpty
            {
                return module
            }
        }
        if let purl = entry.purl.flatMap(PURL.init(parsing:)), let module = purl.qualifiers["rpmmod"] {
            return module
        }
        return nil
    }

    /// RPM modularity (PITFALLS 5): an advisory for a module stream applies only to packages of that stream.
    static func streamsAgree(_ entry: AffectedPackage, _ package: Package) -> Bool {
        guard package.type == .rpm, let wanted = moduleStream(of: entry) else { return true }
        guard let installed = moduleStream(of: package) else { return false }
        return wanted.split(separator: ":").prefix(2) == installed.split(separator: ":").prefix(2)
    }

    /// One finding per vulnerability for a language package: records that alias each other (GHSA and
    /// PYSEC for the same flaw) become one, keeping the first id, all aliases and all fixes.
    static func mergeAliases(_ findings: [Finding]) -> [Finding] {
        var merged: [Finding] = []
        for finding in findings {
            let ids = Set([finding.id] + finding.aliases)
            if let index = merged.firstIndex(where: { !ids.isDisjoint(with: [$0.id] + $0.aliases) }) {
                var existing = merged[index]
                let preferGHSA = finding.id.hasPrefix("GHSA-") && !existing.id.hasPrefix("GHSA-")
                var aliases = Set(existing.aliases + finding.aliases + [existing.id, finding.id])
                if preferGHSA {
                    existing.id = finding.id
                    existing.urls = finding.urls + existing.urls.filter { !finding.urls.contains($0) }
                }
                aliases.remove(existing.id)
                existing.aliases = aliases.sorted()
                existing.fixedVersions = Array(Set(existing.fixedVersions + finding.fixedVersions)).sorted()
                if finding.severity > existing.severity {
                    existing.severity = finding.severity
                    existing.severitySource = finding.severitySource
                }
                merged[index] = existing
            } else {
                merged.append(finding)
            }
        }
        return merged
    }

    /// A language package whose files an OS package installed (e.g. `python3-requests`'s dist-info) is
    /// graded by the distro's advisories: its ecosystem findings are kept, visibly suppressed.
    static func applyDistroPrecedence(_ findings: inout [Finding], packages: [Package]) {
        var owners: [String: String] = [:]
        for package in packages where package.type.isOSPackage {
            for file in package.files { owners[file] = package.name }
        }
        guard !owners.isEmpty else { return }
        for index in findings.indices {
            let type = findings[index].package.type
            guard !type.isOSPackage, !compiledTypes.contains(type) else { continue }
            // Only the evidence file itself counts: parent directories (`/usr/lib`) belong to many packages.
            let evidence = findings[index].package.locations.map(\.path)
            if let owner = evidence.lazy.compactMap({ owners[$0] }).first {
                findings[index].suppressedBy =
                    "installed by OS package \(owner): the distro's advisories apply, not the ecosystem's"
                findings[index].suppressionKind = .distroPrecedence
            }
        }
    }

    /// Adds NVD CVSS (when the feed gave no severity), KEV and EPSS, in three batched queries.
    private func enrich(_ findings: inout [Finding]) throws(MatchError) {
        var cves: Set<String> = []
        for finding in findings { cves.formUnion(finding.cveReferenceIDs) }
        guard !cves.isEmpty else { return }
        let ids = cves.sorted()
        let nvd: [String: NVDRecord]
        let kev: [String: KEVEntry]
        let epss: [String: EPSSScore]
        do {
            nvd = try store.nvd(cves: ids)
            kev = try store.kev(cves: ids)
            epss = try store.epss(cves: ids)
        } catch {
            throw MatchError("cannot read enrichment data: \(error)")
        }
        for index in findings.indices {
            let references = findings[index].cveReferenceIDs
            var best: (cve: String, metric: CVSSMetric)?
            for cve in references {
                guard let metric = nvd[cve]?.preferredMetric else { continue }
                if best.map({ metric.baseScore > $0.metric.baseScore }) ?? true { best = (cve, metric) }
            }
            if let best {
                findings[index].cvssScore = best.metric.baseScore
                findings[index].cvssVector = best.metric.vector
                if findings[index].severitySource == nil {
                    findings[index].severity = Severity(cvssScore: best.metric.baseScore)
                    let who = best.metric.isPrimary ? "nvd" : "nvd (\(best.metric.source))"
                    findings[index].severitySource = "\(who) cvss \(best.metric.version) \(best.cve)"
                }
            }
            findings[index].knownExploited = references.contains { kev[$0] != nil }
            if let score = references.compactMap({ epss[$0] }).max(by: { $0.score < $1.score }) {
                findings[index].epssScore = score.score
                findings[index].epssPercentile = score.percentile
            }
        }
    }
}

extension Finding {
    /// CVE ids among the finding's id and aliases (Alpine's `ALPINE-CVE-…` ids name their CVE too).
    var cveReferenceIDs: [String] {
        var ids: Set<String> = []
        for id in [self.id] + aliases {
            if id.hasPrefix("CVE-") {
                ids.insert(id)
            } else if id.hasPrefix("ALPINE-CVE-") {
                ids.insert(String(id.dropFirst("ALPINE-".count)))
            }
        }
        return ids.sorted()
    }
}
