import Foundation
import Versions
import VulnDB

/// Decides whether an installed version falls in an OSV `affected` entry, and which fixes apply.
///
/// Versions are parsed once per string and cached (one evaluator per scan), so thousands of comparisons
/// cost a dictionary lookup each.
struct RangeEvaluator {
    /// The verdict for one affected entry.
    enum Verdict: Equatable {
        /// Not affected.
        case notAffected
        /// Affected; the `fixed` versions above the installed one, lowest first.
        case affected(fixes: [String])
        /// A version in the entry cannot be read by the scheme: reported, never guessed as vulnerable.
        case unreadable(String)
    }

    private var cache: [VersionScheme: [String: ParsedVersion?]] = [:]

    /// The parsed form of `text`, nil when the scheme refuses it (cached either way).
    mutating func parse(_ text: String, _ scheme: VersionScheme, installed: Bool = false) -> ParsedVersion? {
        let parsed: ParsedVersion?
        if let cached = cache[scheme]?[text] {
            parsed = cached
        } else {
            parsed = try? scheme.parse(Self.normalize(text, scheme))
            cache[scheme, default: [:]][text] = .some(parsed)
        }
        // apk-tools orders invalid strings (Alpine's own `libretls 3.3.3p1-r3`) by a fallback rule: an installed
        // version is compared the way apk itself would, but an advisory bound apk cannot read is not usable —
        // it never turns into a guessed match (PITFALLS 2).
        return parsed.flatMap { scheme == .apk && $0.isLegacy && !installed ? nil : $0 }
    }

    /// Rewrites spellings that mean a valid version: apk `20.10.11.r0` is `20.10.11-r0` (PITFALLS 2).
    static func normalize(_ text: String, _ scheme: VersionScheme) -> String {
        guard scheme == .apk, let dot = text.range(of: ".r", options: .backwards),
            !text[dot.upperBound...].isEmpty, text[dot.upperBound...].allSatisfy(\.isNumber), !text.contains("-r")
        else { return text }
        return text.replacingCharacters(in: dot, with: "-r")
    }

    /// Evaluates `entry` for `installed` (already parsed by `scheme`).
    mutating func evaluate(
        _ entry: AffectedPackage, installed: ParsedVersion, scheme: VersionScheme
    ) -> Verdict {
        var affected = false
        var fixes: [ParsedVersion] = []
        for listed in entry.versions {
            // Explicit lists are exact strings in the ecosystem's spelling; unreadable ones simply don't match.
            if listed == installed.text || parse(listed, scheme) == installed { affected = true }
        }
        for range in entry.ranges {
            let rangeScheme: VersionScheme
            switch range.type {
            case .ecosystem: rangeScheme = scheme
            case .semver: rangeScheme = scheme == .go ? .go : .semver
            case .git, .other: continue
            }
            guard let version = rangeScheme == scheme ? installed : parse(installed.text, rangeScheme) else {
                return .unreadable(installed.text)
            }
            switch evaluate(range.events, version: version, scheme: rangeScheme) {
            case .failure(let problem): return .unreadable(problem.text)
            case .success(let result):
                if result.affected {
                    affected = true
                    fixes += result.fixes
                }
            }
        }
        guard affected else { return .notAffected }
        return .affected(fixes: Array(Set(fixes)).sorted().map(\.text))
    }

    private struct RangeResult {
        var affected: Bool
        var fixes: [ParsedVersion]
    }

    private struct Unreadable: Error {
        var text: String
    }

    /// The OSV algorithm: events sorted by version (introduced `0` lowest; at equal versions `introduced`
    /// before the others), affected between an `introduced` and the next `fixed` / after `last_affected`.
    private mutating func evaluate(
        _ events: [RangeEvent], version: ParsedVersion, scheme: VersionScheme
    ) -> Result<RangeResult, Unreadable> {
        // nil version = "0", the lowest possible.
        var parsed: [(event: RangeEvent, version: ParsedVersion?, rank: Int)] = []
        for event in events {
            let text: String
            let rank: Int
            switch event {
            case .introduced(let value):
                text = value
                rank = 0
            case .fixed(let value):
                text = value
                rank = 1
            case .lastAffected(let value):
                text = value
                rank = 1
            case .limit(let value):
                text = value
                rank = 1
            }
            if case .introduced = event, text == "0" {
                parsed.append((event, nil, rank))
                continue
            }
            guard let value = parse(text, scheme) else { return .failure(Unreadable(text: text)) }
            parsed.append((event, value, rank))
        }
        parsed.sort { lhs, rhs in
            switch (lhs.version, rhs.version) {
            case (nil, nil): return lhs.rank < rhs.rank
            case (nil, _): return true
            case (_, nil): return false
            case (let left?, let right?): return left == right ? lhs.rank < rhs.rank : left < right
            }
        }
        var affected = false
        var fix: ParsedVersion?
        for item in parsed {
            switch item.event {
            case .introduced:
                if item.version.map({ version >= $0 }) ?? true { affected = true }
            case .fixed:
                guard let bound = item.version else { continue }
                if version >= bound {
                    affected = false
                } else if affected && fix == nil {
                    fix = bound
                }
            case .lastAffected:
                if let bound = item.version, version > bound { affected = false }
            case .limit:
                if let bound = item.version, version >= bound { affected = false }
            }
            if !affected { fix = nil }
        }
        return .success(RangeResult(affected: affected, fixes: affected ? fix.map { [$0] } ?? [] : []))
    }
}
