import Testing

@testable import Versions

/// Empty, huge, unicode and separator-only strings: every scheme answers (a value or a typed error),
/// never crashes, never hangs, and answers the same way twice.
@Suite struct HostileInputTests {
    static let samples: [String] = [
        "", " ", "\t\n", ".", "..", "...", "-", "--", "_", "~", "^", "+", ":", "::", "-.-._~^+", "0", "00000", "v",
        "go",
        "go1.", "1.", ".1", "1..2", "1--2", "1__2", "é", "1.0é", "١٢٣", "1.٣", "🙂", "1.0-🙂", "\u{0}", "1\u{0}2",
        "1.0\u{FEFF}", "\u{3000}1.0", "İ", "ß.1", "K1", String(repeating: "9", count: 400),
        String(repeating: "1.", count: 500),
        String(repeating: "-1", count: 500), String(repeating: "a", count: 1000), String(repeating: "~", count: 1000),
    ]

    @Test(arguments: VersionScheme.allCases)
    func everySchemeSurvivesHostileStrings(_ scheme: VersionScheme) {
        var parsed: [ParsedVersion] = []
        for sample in Self.samples {
            let first = Result { () throws(VersionError) -> ParsedVersion in try scheme.parse(sample) }
            let second = Result { () throws(VersionError) -> ParsedVersion in try scheme.parse(sample) }
            switch (first, second) {
            case (.success(let a), .success(let b)):
                #expect(a.order(b) == 0, "\(scheme) '\(sample)' is not equal to itself")
                parsed.append(a)
            case (.failure(let a), .failure(let b)):
                #expect(a == b)
                #expect(!a.description.isEmpty)
            default:
                Issue.record("\(scheme) '\(sample)' parsed differently twice")
            }
        }
        // The order is antisymmetric and deterministic on whatever parsed.
        for a in parsed {
            for b in parsed { #expect(a.order(b) == -b.order(a)) }
        }
    }

    @Test(arguments: VersionScheme.allCases)
    func oneMegabyteIsRefusedQuickly(_ scheme: VersionScheme) {
        let huge = String(repeating: "1.", count: 512 * 1024)
        #expect(throws: VersionError.tooLong(scheme: scheme, length: huge.utf8.count, limit: 1024)) {
            try scheme.parse(huge)
        }
        #expect(throws: VersionError.tooLong(scheme: scheme, length: 1025, limit: 1024)) {
            try scheme.compare("1", String(repeating: "1", count: 1025))
        }
    }

    @Test(arguments: VersionScheme.allCases)
    func generatedVersionsOrderConsistently(_ scheme: VersionScheme) throws {
        var sampler = VersionSampler(seed: 42)
        let parsed = sampler.versions(scheme, count: 300).compactMap { try? scheme.parse($0) }
        #expect(parsed.count > 200)
        let sorted = parsed.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.order(b) <= 0) }
    }

    /// Random strings over digits, letters, every separator the schemes know, white space, NUL and non-ASCII
    /// characters: each parses the same way twice and the order of whatever parses is antisymmetric.
    @Test(arguments: VersionScheme.allCases)
    func randomStringsNeverCrash(_ scheme: VersionScheme) {
        let alphabet = Array("0123456789019abcdefghijklmnopqrstuvwxyzABZ.-_~^+:!=*<> \t\n\u{0}éß١🙂vgo")
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var parsed: [ParsedVersion] = []
        for _ in 0..<3000 {
            let text = String((0..<next(24)).map { _ in alphabet[next(alphabet.count)] })
            let first = try? scheme.parse(text)
            let second = try? scheme.parse(text)
            #expect((first == nil) == (second == nil), "\(scheme) '\(text)'")
            if let first { parsed.append(first) }
        }
        for (a, b) in zip(parsed, parsed.reversed()) {
            #expect(a.order(b) == -b.order(a), "\(scheme) '\(a.text)' vs '\(b.text)'")
        }
    }
}
