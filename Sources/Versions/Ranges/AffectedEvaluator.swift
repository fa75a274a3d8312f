/// Decides whether an installed version falls in an OSV advisory's `affected[].ranges` and
/// `affected[].versions`, following the OSV schema's evaluation rules.
///
/// Bad advisory data never produces a match it cannot justify: a range whose events do not parse, whose
/// versions cannot be ordered, or whose `fixed` comes before every `introduced` is skipped with a warning.
public enum AffectedEvaluator {
    /// Evaluates `version` against `ranges` (read with `scheme`; SEMVER ranges with semver, or go for Go) and
    /// the explicit `versions` list.
    public static func evaluate(
        version: String, ranges: [OSVRange], versions: [String] = [], scheme: VersionScheme
    ) -> AffectedResult {
        var result = AffectedResult(isAffected: false)
        for (index, range) in ranges.enumerated() {
            let rangeScheme: VersionScheme
            switch range.type {
            case .ecosystem: rangeScheme = scheme
            case .semver: rangeScheme = scheme == .go ? .go : .semver
            case .git: continue
            case .other(let name):
                result.warnings.append("range \(index + 1): unsupported range type '\(name)' ignored")
                continue
            }
            switch evaluate(version, range.events, rangeScheme, label: "range \(index + 1)") {
            case .failure(let skipped):
                result.warnings.append(skipped.message)
            case .success(let outcome):
                result.warnings += outcome.warnings
                if outcome.isAffected {
                    result.isAffected = true
                    for fixed in outcome.fixed where !result.fixedVersions.contains(fixed) {
                        result.fixedVersions.append(fixed)
                    }
                }
            }
        }
        if !versions.isEmpty && listContains(versions, version, scheme) { result.isAffected = true }
        return result
    }

    private static func listContains(_ versions: [String], _ version: String, _ scheme: VersionScheme) -> Bool {
        if versions.contains(version) { return true }
        guard let installed = try? scheme.parse(version) else { return false }
        return versions.contains { listed in
            guard let parsed = try? scheme.parse(listed) else { return false }
            return (try? parsed.compare(to: installed)) == 0
        }
    }

    /// Why a range was left out: becomes a warning.
    private struct Skipped: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private struct Outcome {
        var isAffected: Bool
        var fixed: [String]
        var warnings: [String]
    }

    private struct Event {
        var kind: OSVEvent.Kind
        var text: String
        /// nil for `introduced: 0`, which is below every version.
        var version: ParsedVersion?
    }

    private static func order(_ a: Event, _ b: Event) throws(VersionError) -> Int {
        switch (a.version, b.version) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?): return try x.compare(to: y)
        }
    }

    /// apk advisories sometimes write the revision with a dot (`20.10.11.r0`); read it as `-r0`.
    private static func normalizedApk(_ text: String) -> String? {
        guard let dot = text.lastIndex(of: "."), text[text.index(after: dot)...].hasPrefix("r") else { return nil }
        let digits = text[text.index(dot, offsetBy: 2)...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return text[..<dot] + "-r" + digits
    }

    private static func parseEvent(
        _ event: OSVEvent, _ scheme: VersionScheme, _ label: String, _ warnings: inout [String]
    ) -> Result<Event, Skipped> {
        if event.kind == .introduced && event.version == "0" { return .success(Event(kind: .introduced, text: "0")) }
        var parsed: ParsedVersion
        do {
            parsed = try scheme.parse(event.version)
        } catch {
            return .failure(Skipped("\(label) skipped: \(event.kind.rawValue) version: \(error)"))
        }
        if parsed.isLegacy {
            if scheme == .apk, let normalized = normalizedApk(event.version),
                let fixedUp = try? scheme.parse(normalized), !fixedUp.isLegacy
            {
                warnings.append("\(label): read apk version '\(event.version)' as '\(normalized)'")
                parsed = fixedUp
            } else if scheme == .apk {
                return .failure(Skipped("\(label) skipped: '\(event.version)' is not a valid apk version"))
            } else {
                warnings.append(
                    "\(label): '\(event.version)' is not a valid \(scheme.rawValue) version; ordered by the legacy rule"
                )
            }
        }
        return .success(Event(kind: event.kind, text: event.version, version: parsed))
    }

    private static func evaluate(
        _ text: String, _ rawEvents: [OSVEvent], _ scheme: VersionScheme, label: String
    ) -> Result<Outcome, Skipped> {
        var warnings: [String] = []
        let installed: ParsedVersion
        do {
            installed = try scheme.parse(text)
        } catch {
            return .failure(Skipped("\(label) skipped: installed version: \(error)"))
        }
        if installed.isLegacy {
            warnings.append(
                "installed version '\(text)' is not a valid \(scheme.rawValue) version; ordered by the legacy rule")
        }
        var events: [Event] = []
        for raw in rawEvents {
            switch parseEvent(raw, scheme, label, &warnings) {
            case .success(let event): events.append(event)
            case .failure(let skipped): return .failure(skipped)
            }
        }
        guard events.contains(where: { $0.kind == .introduced }) else {
            return .failure(Skipped("\(label) skipped: it has no introduced event"))
        }
        do {
            // Sort by version; at equal versions an introduced event comes first.
            var sorted: [Event] = []
            for event in events {
                var position = sorted.count
                while position > 0 {
                    let result = try order(sorted[position - 1], event)
                    if result < 0
                        || (result == 0 && (event.kind != .introduced || sorted[position - 1].kind == .introduced))
                    {
                        break
                    }
                    position -= 1
                }
                sorted.insert(event, at: position)
            }
            // A fix below every introduction is bad data: the stretch it closes does not exist.
            if let firstIntroduced = sorted.first(where: { $0.kind == .introduced }),
                let early = sorted.first(where: { $0.kind != .introduced && $0.kind != .limit }),
                try order(early, firstIntroduced) < 0
            {
                return .failure(
                    Skipped(
                        "\(label) skipped: \(early.kind.rawValue) \(early.text) is earlier than introduced \(firstIntroduced.text) (bad data)"
                    ))
            }
            var affected = false
            var index = 0
            while index < sorted.count {
                let event = sorted[index]
                if event.kind == .limit {
                    index += 1
                    continue
                }
                let relation = try order(Event(kind: .introduced, text: text, version: installed), event)
                if relation < 0 || (relation == 0 && event.kind == .lastAffected) { break }
                switch event.kind {
                case .introduced: affected = true
                case .fixed: affected = false
                case .lastAffected: affected = relation > 0 ? false : affected
                case .limit: break
                }
                index += 1
            }
            let limits = sorted.filter { $0.kind == .limit }
            if affected && !limits.isEmpty {
                var below = false
                for limit in limits
                where try order(Event(kind: .introduced, text: text, version: installed), limit) < 0 {
                    below = true
                }
                affected = below
            }
            var fixed: [String] = []
            if affected, let closing = sorted[index...].first(where: { $0.kind == .fixed || $0.kind == .lastAffected }),
                closing.kind == .fixed
            {
                fixed.append(closing.text)
            }
            return .success(Outcome(isAffected: affected, fixed: fixed, warnings: warnings))
        } catch {
            return .failure(Skipped("\(label) skipped: \(error)"))
        }
    }
}
