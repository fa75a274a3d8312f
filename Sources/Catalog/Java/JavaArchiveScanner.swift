import Archive
import Hashing
import Model

/// Walks one archive found in an image and every archive nested in it (from memory), collecting the packages each
/// one declares; bounded in depth and in total inflated bytes.
struct JavaArchiveScanner {
    let limits: JavaArchiveCataloger.Limits
    /// Where the outermost archive is in the image; every package found inside it is located there.
    let location: Location
    let foundBy: String
    private(set) var warnings: [String] = []
    private var found: [Found] = []
    private var inflatedBytes = 0

    private struct Found {
        var package: Package
        /// True when the archive itself is the package (its own pom.properties, manifest or file name); false for
        /// pom.properties of other artifacts bundled (shaded) into an archive.
        var isArchive: Bool
        var coordinates: String
    }

    init(limits: JavaArchiveCataloger.Limits, location: Location, foundBy: String) {
        self.limits = limits
        self.location = location
        self.foundBy = foundBy
    }

    /// Scans the outermost archive and returns its packages. A pom.properties of some artifact that a real archive
    /// in the same tree also provides is dropped (PITFALLS 16: shaded leftovers must not override the real jar).
    mutating func packages(of bytes: [UInt8]) -> [Package] {
        scan(bytes, virtualPath: location.path, depth: 0)
        let archiveCoordinates = Set(found.filter(\.isArchive).map(\.coordinates))
        var seen: Set<String> = []
        return found.compactMap { item in
            if !item.isArchive && archiveCoordinates.contains(item.coordinates) { return nil }
            let key = "\(item.coordinates):\(item.package.version):\(item.package.metadata["virtualPath"] ?? "")"
            return seen.insert(key).inserted ? item.package : nil
        }
    }

    private mutating func scan(_ bytes: [UInt8], virtualPath: String, depth: Int) {
        // ZipArchive parses the central directory once and inflates only the entries asked for: linear on fat
        // jars (a libarchive pass per entry took 158 s for 300 libraries beside 20 000 classes).
        let archive: ZipArchive
        do throws(ZipArchive.Error) {
            archive = try ZipArchive(bytes)
        } catch {
            warnings.append("java archive '\(virtualPath)': \(error.description); skipped")
            return
        }
        let fileName = JavaArchiveFileName(
            virtualPath[
                (virtualPath.lastIndex(of: "/").map { virtualPath.index(after: $0) } ?? virtualPath.startIndex)...])
        var manifest: JavaManifest?
        var poms: [PomProperties] = []
        var nested: [ZipArchive.Entry] = []
        for entry in archive.entries where !entry.isDirectory {
            if entry.name.uppercased() == "META-INF/MANIFEST.MF" {
                if manifest == nil,
                    let text = read(entry, from: archive, virtualPath: virtualPath, limit: limits.maximumMetadataSize)
                {
                    manifest = JavaManifest(text)
                }
            } else if PomProperties.isPomProperties(entry.name) {
                if let text = read(entry, from: archive, virtualPath: virtualPath, limit: limits.maximumMetadataSize),
                    let pom = PomProperties(text, path: entry.name)
                {
                    poms.append(pom)
                }
            } else if JavaArchiveCataloger.isArchiveName(entry.name) {
                nested.append(entry)
            }
        }
        poms.sort { $0.path < $1.path }

        // The archive's own identity: a pom.properties matching its file name, else its manifest, else its name.
        let artifactIDs = Set(poms.map(\.artifactID))
        // A pom.properties naming the archive's manifest-derived name is its own too (syft merges those).
        let manifestName = Self.selectName(manifest, fileName)
        let ownPom =
            poms.first { Self.artifactID($0.artifactID, matches: fileName.name, among: artifactIDs) }
            ?? poms.first { $0.artifactID == manifestName }
        var mainName: String?
        if let ownPom {
            add(
                group: ownPom.groupID, artifact: ownPom.artifactID, version: ownPom.version, manifest: manifest,
                virtualPath: virtualPath, evidence: ownPom.path, confidence: "high", sha1: SHA1.hex(bytes),
                isArchive: true)
            mainName = ownPom.artifactID
        } else {
            let name = manifestName
            let manifestVersion = [
                "Implementation-Version", "Specification-Version", "Plugin-Version", "Bundle-Version",
            ]
            .lazy.compactMap { manifest?.value($0) }.first
            let version = manifestVersion ?? fileName.version
            if !name.isEmpty, let version, !version.isEmpty {
                add(
                    group: Self.groupID(from: manifest), artifact: name, version: version, manifest: manifest,
                    virtualPath: virtualPath, evidence: manifestVersion != nil ? "META-INF/MANIFEST.MF" : "file name",
                    confidence: manifestVersion != nil ? "medium" : "low", sha1: SHA1.hex(bytes), isArchive: true)
                mainName = name
            }
        }
        for pom in poms where pom != ownPom && pom.artifactID != mainName {
            add(
                group: pom.groupID, artifact: pom.artifactID, version: pom.version, manifest: nil,
                virtualPath: "\(virtualPath):\(pom.groupID):\(pom.artifactID)", evidence: pom.path, confidence: "high",
                sha1: nil, isArchive: false)
        }

        for entry in nested {
            let nestedPath = "\(virtualPath):\(entry.name)"
            guard depth + 1 <= limits.maximumDepth else {
                warnings.append(
                    "java archive '\(nestedPath)': nested more than \(limits.maximumDepth) archives deep; skipped")
                continue
            }
            let remaining = limits.maximumTotalInflatedSize - inflatedBytes
            // Declared sizes can lie; the inflate limit below catches that, this catches honest giants early.
            guard remaining > 0, entry.uncompressedSize <= remaining else {
                warnings.append(
                    "java archive '\(nestedPath)': the \(limits.maximumTotalInflatedSize)-byte budget for nested "
                        + "archives of '\(location.path)' is spent; skipped")
                continue
            }
            guard
                let inner = read(
                    entry, from: archive, virtualPath: virtualPath,
                    limit: min(limits.maximumNestedArchiveSize, remaining))
            else { continue }
            inflatedBytes += inner.count
            scan(inner, virtualPath: nestedPath, depth: depth + 1)
        }
    }

    private mutating func read(_ entry: ZipArchive.Entry, from archive: ZipArchive, virtualPath: String, limit: Int)
        -> [UInt8]?
    {
        do throws(ZipArchive.Error) {
            return try archive.contents(of: entry, limit: limit)
        } catch {
            warnings.append("java archive '\(virtualPath)': \(error.description); skipped")
            return nil
        }
    }

    private mutating func add(
        group: String, artifact: String, version: String, manifest: JavaManifest?, virtualPath: String,
        evidence: String, confidence: String, sha1: String?, isArchive: Bool
    ) {
        var metadata = [
            "artifactId": artifact, "virtualPath": virtualPath, "evidence": evidence, "confidence": confidence,
        ]
        metadata["groupId"] = group.isEmpty ? nil : group
        metadata["sha1"] = sha1.flatMap { $0.isEmpty ? nil : $0 }
        let licenses = ["Bundle-License", "Plugin-License-Name"].compactMap { manifest?.value($0) }
        let package = Package(
            name: artifact, version: version, type: .javaArchive,
            // Without a group, syft repeats the artifact as the namespace; so do we, to keep purls comparable.
            purl: PURL(type: "maven", namespace: group.isEmpty ? artifact : group, name: artifact, version: version),
            licenses: licenses, locations: [location], layerDigest: location.layerDigest, foundBy: foundBy,
            metadata: metadata)
        found.append(Found(package: package, isArchive: isArchive, coordinates: "\(group):\(artifact)"))
    }

    // MARK: Identity heuristics (as syft's, so packages line up)

    /// Whether a pom.properties artifactId names the archive: exactly, when some pom.properties matches the file name
    /// exactly; else by prefix/suffix.
    static func artifactID(_ artifactID: String, matches fileName: String, among artifactIDs: Set<String>) -> Bool {
        guard !artifactID.isEmpty, !fileName.isEmpty else { return false }
        if artifactIDs.contains(fileName) { return artifactID == fileName }
        return artifactID.hasPrefix(fileName) || fileName.hasSuffix(artifactID)
    }

    /// The artifact name of an archive without a matching pom.properties.
    static func selectName(_ manifest: JavaManifest?, _ fileName: JavaArchiveFileName) -> String {
        // Felix's maven-bundle-plugin writes Bundle-SymbolicName as "<groupId>.<artifactId>".
        if let manifest, manifest.main["Created-By"]?.contains("Apache Maven Bundle Plugin") == true,
            let symbolic = manifest.main["Bundle-SymbolicName"], !symbolic.isEmpty,
            manifest.main["Implementation-Vendor-Id"] != symbolic,
            let last = symbolic.split(separator: ";").first?.split(separator: ".").last
        {
            return String(last).trimmingSpaces()
        }
        let name = fileName.name
        if name.contains(".") && !name.hasPrefix("org.eclipse.") {
            let fields = name.split(separator: ".", omittingEmptySubsequences: false)
            if fields.allSatisfy({ $0.first.map { $0.isLetter || $0 == "_" || $0 == "$" } ?? false }),
                let last = fields.last
            {
                return String(last)
            }
        }
        if !name.isEmpty { return name }
        for field in ["Name", "Bundle-Name", "Short-Name", "Extension-Name", "Implementation-Title"] {
            if let value = manifest?.main[field], !value.isEmpty { return value }
        }
        return ""
    }

    /// A group id from manifest fields that look like one (reverse domain names), first in sorted order.
    static func groupID(from manifest: JavaManifest?) -> String {
        guard let manifest else { return "" }
        let primary = [
            "Group-Id", "Bundle-SymbolicName", "Extension-Name", "Specification-Vendor", "Implementation-Vendor",
            "Implementation-Vendor-Id", "Implementation-Title", "Bundle-Activator",
        ]
        let secondary = ["Automatic-Module-Name", "Main-Class", "Package"]
        for fields in [primary, secondary] {
            var candidates: [String] = []
            for field in fields {
                for section in [manifest.main] + manifest.sections {
                    guard let value = section[field],
                        ["com", "org", "net", "io", "be"].contains(where: { value.hasPrefix($0) })
                    else { continue }
                    let cleaned =
                        value.split(separator: ";", omittingEmptySubsequences: false).first
                        .flatMap { $0.split(separator: "#", omittingEmptySubsequences: false).first }
                        .map { $0.trimmingSpaces() } ?? ""
                    candidates.append(cleaned)
                }
            }
            if let first = candidates.sorted().first { return first }
        }
        return ""
    }
}

/// An archive's file name split into artifact name and version (`log4j-api-2.17.1.jar` → `log4j-api`, `2.17.1`).
struct JavaArchiveFileName: Equatable {
    var name: String
    var version: String?

    init<S: StringProtocol>(_ fileName: S) {
        var base = String(fileName)
        if let dot = base.lastIndex(of: "."), JavaArchiveCataloger.isArchiveName(base) { base = String(base[..<dot]) }
        // The version starts at the first "-" followed by a digit.
        var index = base.startIndex
        while let dash = base[index...].firstIndex(of: "-") {
            let next = base.index(after: dash)
            if next < base.endIndex, base[next].isNumber {
                name = String(base[..<dash])
                version = String(base[next...])
                return
            }
            index = next
        }
        name = base
        version = nil
    }
}
