import Testing

@testable import Versions

@Suite struct RangeExpressionTests {
    @Test(arguments: [
        ("< 1.2.3", "1.2.2", true), ("< 1.2.3", "1.2.3", false), (">= 1.0, < 1.4", "1.3.9", true),
        (">= 1.0, < 1.4", "1.4.0", false), (">= 1.0, < 1.4", "0.9", false), (">=1.0 <1.4 || =2.0", "2.0.0", true),
        (">=1.0 <1.4 || =2.0", "1.5", false), ("<= 1.0 || > 3", "1.0", true), ("<= 1.0 || > 3", "3.0.1", true),
        ("!= 1.0", "1.0.0", false), ("== 1.0", "1.0.0", true), ("1.0", "1.0", true), ("*", "99", true),
    ])
    func semverExpressions(_ expression: String, _ version: String, _ expected: Bool) throws {
        #expect(try RangeExpression(expression).contains(version, scheme: .semver) == expected)
    }

    @Test func parsesIntoAlternatives() throws {
        let range = try RangeExpression(">=1.0,<1.4 ||  =2.0")
        #expect(range.alternatives.count == 2)
        #expect(
            range.alternatives[0] == [
                .init(op: .greaterThanOrEqual, version: "1.0"), .init(op: .lessThan, version: "1.4"),
            ])
        #expect(range.description == ">= 1.0, < 1.4 || = 2.0")
    }

    @Test func refusesWhatItCannotRead() {
        #expect(throws: RangeExpressionError.unsupportedOperator("^", "^1.2")) { try RangeExpression("^1.2") }
        #expect(throws: RangeExpressionError.unsupportedOperator("~=", "~=1.2")) { try RangeExpression("~=1.2") }
        #expect(throws: RangeExpressionError.missingVersion("<", ">= 1, <")) { try RangeExpression(">= 1, <") }
        #expect(throws: RangeExpressionError.empty("")) { try RangeExpression("") }
        #expect(throws: RangeExpressionError.empty("< 1 ||")) { try RangeExpression("< 1 ||") }
        #expect(
            RangeExpressionError.unsupportedOperator("^", "^1.2").description
                == "unsupported operator '^' in '^1.2' (expected one of: <, <=, >, >=, =, ==, !=)")
    }

    @Test func invalidVersionsThrowInsteadOfGuessing() throws {
        let range = try RangeExpression("< 1.2.3")
        #expect(throws: VersionError.self) { try range.contains("banana", scheme: .semver) }
        #expect(throws: VersionError.incomparable(scheme: .generic, first: "1.2.3a", second: "1.2.3")) {
            try RangeExpression("< 1.2.3").contains("1.2.3a", scheme: .generic)
        }
    }
}
