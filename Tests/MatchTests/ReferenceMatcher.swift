import Foundation
import TestSupport

/// Recomputes the expected package × advisory matches without Plimsoll's parsers or comparators: reads the
/// package database and the advisory JSON directly, and asks `dpkg --compare-versions` (one batched shell
/// run) or applies the apk rule of ../shared/feeds/README.md.
enum ReferenceMatcher {
    struct Installed {
        var name: String
        var source: String
        var version: String
    }

    struct Match: Hashable, Comparable {
        var package: String
        var advisory: String

        static func < (lhs: Match, rhs: Match) -> Bool { (lhs.package, lhs.advisory) < (rhs.package, rhs.advisory) }
    }

    /// dpkg `status` (or `status.d` files) stanzas: installed packages with source name and source version.
    static func dpkgPackages(_ root: URL) throws -> [Installed] {
        var texts: [String] = []
        let status = root.appendingPathComponent("var/lib/dpkg/status")
        if FileManager.default.fileExists(atPath: status.path) {
            texts.append(try String(contentsOf: status, encoding: .utf8))
        }
        let statusD = root.appendingPathComponent("var/lib/dpkg/status.d")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: statusD.path)) ?? [] {
            texts.append(try String(contentsOf: statusD.appendingPathComponent(file), encoding: .utf8))
        }
        var result: [Installed] = []
        for text in texts {
            for stanza in text.components(separatedBy: "\n\n") {
                var fields: [String: String] = [:]
                for line in stanza.split(separator: "\n") where !line.hasPrefix(" ") {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(
                        in: .whitespaces)
                }
                guard let name = fields["Package"], let version = fields["Version"] else { continue }
                if let status = fields["Status"], status != "install ok installed" { continue }
                var source = name
                var sourceVersion = version
                if let field = fields["Source"] {
                    let parts = field.split(separator: " ", maxSplits: 1)
                    source = String(parts[0])
                    if parts.count == 2 {
                        sourceVersion = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "()"))
                    }
                }
                result.append(Installed(name: name, source: source, version: sourceVersion))
            }
        }
        return result
    }

    /// apk `installed` records: `P:` name, `V:` version, `o:` origin.
    static func apkPackages(_ root: URL) throws -> [Installed] {
        let text = try String(contentsOf: root.appendingPathComponent("lib/apk/db/installed"), encoding: .utf8)
        var result: [Installed] = []
        for record in text.components(separatedBy: "\n\n") {
            var fields: [String: String] = [:]
            for line in record.split(separator: "\n") where line.count > 2 {
                fields[String(line.prefix(1))] = String(line.dropFirst(2))
            }
            guard let name = fields["P"], let version = fields["V"] else { continue }
            result.append(Installed(name: name, source: fields["o"] ?? name, version: version))
        }
        return result
    }

    /// (package, advisory id, fixed version or nil) for every affected entry naming a package's source.
    static func candidates(_ packages: [Installed], advisories directory: URL) throws -> [(Installed, String, String?)]
    {
        let bySource = Dictionary(grouping: packages, by: \.source)
        var result: [(Installed, String, String?)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        where file.hasSuffix(".json") {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let id = object["id"] as? String, let affected = object["affected"] as? [[String: Any]]
            else { continue }
            for entry in affected {
                guard let name = (entry["package"] as? [String: Any])?["name"] as? String,
                    let installed = bySource[name]
                else { continue }
                var fixed: String?
                for range in (entry["ranges"] as? [[String: Any]]) ?? [] {
                    for event in (range["events"] as? [[String: String]]) ?? [] {
                        if let value = event["fixed"] { fixed = value }
                        // The converted Debian/Alpine data only has "introduced: 0"; anything else needs
                        // a richer reference and must not pass silently.
                        if let introduced = event["introduced"], introduced != "0" {
                            throw CocoaError(.featureUnsupported)
                        }
                    }
                }
                for package in installed { result.append((package, id, fixed)) }
            }
        }
        return result
    }

    /// Expected Debian matches: affected when unfixed, or `dpkg --compare-versions installed lt fixed`.
    static func debian(_ packages: [Installed], advisories: URL) throws -> Set<Match> {
        let candidates = try candidates(packages, advisories: advisories)
        let pairs = candidates.compactMap { candidate in candidate.2.map { (candidate.0.version, $0) } }
        let script =
            "while read -r a b; do if dpkg --compare-versions \"$a\" lt \"$b\"; then echo 1; else echo 0; fi; done"
        var verdicts: [Bool] = []
        if !pairs.isEmpty {
            let input = pairs.map { "\($0.0) \($0.1)" }.joined(separator: "\n") + "\n"
            let output = try ProcessRunner.run("bash", ["-c", script], input: input)
            verdicts = output.output.split(separator: "\n").map { $0 == "1" }
        }
        guard verdicts.count == pairs.count else { throw CocoaError(.fileReadCorruptFile) }
        var result: Set<Match> = []
        var next = 0
        for candidate in candidates {
            if candidate.2 == nil {
                result.insert(Match(package: candidate.0.name, advisory: candidate.1))
                continue
            }
            if verdicts[next] { result.insert(Match(package: candidate.0.name, advisory: candidate.1)) }
            next += 1
        }
        return result
    }

    /// Expected Alpine matches by the apk rule.
    static func alpine(_ packages: [Installed], advisories: URL) throws -> Set<Match> {
        var result: Set<Match> = []
        for (package, id, fixed) in try candidates(packages, advisories: advisories) {
            guard let fixed else {
                result.insert(Match(package: package.name, advisory: id))
                continue
            }
            if try apkLess(package.version, fixed) { result.insert(Match(package: package.name, advisory: id)) }
        }
        return result
    }

    /// apk order for `digits(.digits)*[letter][-rN]`: numeric components, then the letter, then the revision.
    /// Anything richer (`_rc`, `_p`, …) throws, so the reference never guesses.
    static func apkLess(_ lhs: String, _ rhs: String) throws -> Bool {
        func split(_ text: String) throws -> ([Int], Character?, Int) {
            let parts = text.components(separatedBy: "-r")
            guard parts.count <= 2, let upstream = parts.first else { throw CocoaError(.featureUnsupported) }
            let revision = parts.count == 2 ? Int(parts[1]) : 0
            var numbers = upstream
            var letter: Character?
            if let last = numbers.last, last.isLetter {
                letter = last
                numbers.removeLast()
            }
            let components = numbers.split(separator: ".").map { Int($0) }
            guard let revision, !components.isEmpty, components.allSatisfy({ $0 != nil }) else {
                throw CocoaError(.featureUnsupported)
            }
            return (components.compactMap { $0 }, letter, revision)
        }
        let (a, aLetter, aRevision) = try split(lhs)
        let (b, bLetter, bRevision) = try split(rhs)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : -1
            let y = index < b.count ? b[index] : -1
            if x != y { return x < y }
        }
        if aLetter != bLetter { return (aLetter.map { String($0) } ?? "") < (bLetter.map { String($0) } ?? "") }
        return aRevision < bRevision
    }
}
