public import Foundation
public import Model

/// Marks findings suppressed by ignore rules and VEX statements; never removes them.
public struct Suppressor: Sendable {
    /// The user's ignore rules.
    public var ignoreRules: IgnoreRules
    /// The VEX statements in force.
    public var vex: OpenVEX

    public init(ignoreRules: IgnoreRules = IgnoreRules(rules: []), vex: OpenVEX = OpenVEX()) {
        self.ignoreRules = ignoreRules
        self.vex = vex
    }

    /// `findings` with `suppressedBy`/`suppressionKind` set where a rule or statement applies, and warnings
    /// about expired rules (which are not applied).
    public func apply(to findings: [Finding], now: Date) -> (findings: [Finding], warnings: [String]) {
        var warnings: [String] = []
        var active: [IgnoreRule] = []
        for rule in ignoreRules.rules {
            if rule.isActive(at: now) {
                active.append(rule)
            } else {
                warnings.append("\(rule.label) expired on \(rule.expiresText ?? "?") and was not applied")
            }
        }
        var result = findings
        for index in result.indices {
            if let rule = active.first(where: { $0.matches(result[index]) }) {
                var reason = "\(rule.label): \(rule.reason ?? "no reason given")"
                if let expires = rule.expiresText { reason += " (until \(expires))" }
                result[index].suppressedBy = reason
                result[index].suppressionKind = .ignoreRule
                continue
            }
            if let statement = vex.statement(for: result[index]),
                statement.status == "not_affected" || statement.status == "fixed"
            {
                let detail = statement.justification ?? "no justification given"
                result[index].suppressedBy = "vex \(statement.status) (\(statement.source)): \(detail)"
                result[index].suppressionKind = statement.status == "fixed" ? .vexFixed : .vexNotAffected
            }
        }
        return (result, warnings)
    }
}
