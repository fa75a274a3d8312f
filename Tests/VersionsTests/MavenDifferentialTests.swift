import Foundation
import TestSupport
import Testing

@testable import Versions

/// Maven against `ComparableVersion` from Debian's Maven 3.8.7 jar. Today's Maven orders some shapes
/// differently (the osv-scalibr vectors record today's order, and they win); every pair where 3.8.7 and we
/// disagree is listed below with the reason, and any other disagreement fails the test.
@Suite struct MavenDifferentialTests {
    static var jar: String? {
        let directory = "/usr/share/maven/lib"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("maven-artifact-3") && $0.hasSuffix(".jar") }.sorted().first.map {
            directory + "/" + $0
        }
    }

    static func run(_ pairs: [(String, String)], in directory: URL) throws -> [ReferenceTools.Verdict] {
        let jar = try #require(Self.jar, "maven-artifact jar missing under /usr/share/maven/lib")
        let file = try ReferenceTools.writePairs(pairs, in: directory)
        return try ReferenceTools.verdicts(
            "java", ["-cp", jar, ReferenceTools.fixture("MavenCompare.java").path, file.path], count: pairs.count)
    }

    @Test func mavenAgreesWithComparableVersion() throws {
        let directory = try ReferenceTools.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = ReferenceTools.pairs(.maven, count: 2500, seed: 8)
        let vectorRows =
            try VersionVectorTests.rows("osv-scalibr-maven-versions.tsv")
            + VersionVectorTests.rows("osv-scalibr-maven-versions-generated.tsv")
        let vectors = vectorRows.map { ($0.first, $0.second) }
        let pairs = generated + vectors
        let verdicts = try Self.run(pairs, in: directory)
        var unexplained: [String] = []
        var explained: Set<String> = []
        for (pair, verdict) in zip(pairs, verdicts) {
            let ours = ReferenceTools.ours(.maven, pair)
            guard ours != verdict else { continue }
            let key = "\(pair.0) \(pair.1)"
            if Self.knownDifferences.contains(where: { $0.key == key }) {
                explained.insert(key)
            } else {
                unexplained.append("'\(pair.0)' vs '\(pair.1)': maven 3.8.7 \(verdict), ours \(ours)")
            }
        }
        #expect(unexplained.isEmpty, LanguageDifferentialTests.report(unexplained))
        // Every listed difference is still a difference: the list cannot go stale.
        let listed = Set(Self.knownDifferences.map(\.key))
        #expect(explained == listed, "listed but no longer different: \(listed.subtracting(explained))")
    }

    /// Why Debian's Maven 3.8.7 orders a pair differently from today's Maven.
    enum Reason: String {
        /// The pair is a row of the osv-scalibr Maven vectors, which record today's order.
        case vector = "row of the osv-scalibr vectors (today's order); 3.8.7 predates it"
        /// `.qualifier < -qualifier < -number < .number`: the separator decides before the qualifier.
        case separator =
            "the separator decides first (.qualifier < -qualifier < -number < .number); 3.8.7 compares the qualifiers"
        /// `ga`, `final` and `release` equal the empty qualifier and are trimmed like `0`.
        case release = "ga/final/release are null tokens trimmed from the end; 3.8.7 keeps them after another qualifier"
        /// A trailing `.0` after a qualifier is a null token.
        case zero = "a trailing .0 after a qualifier is trimmed; 3.8.7 keeps it"
        /// `sp` sorts after the release, so a trailing `-sp` makes the version newer.
        case sp = "a trailing -sp sorts after the release; 3.8.7 compares it inside a sub-list"
    }

    struct Difference {
        var first: String
        var second: String
        var reason: Reason
        var key: String { "\(first) \(second)" }

        init(_ first: String, _ second: String, _ reason: Reason) {
            self.first = first
            self.second = second
            self.reason = reason
        }
    }

    /// Every pair of the generated corpus and the vectors where Debian's 3.8.7 differs from us, with why.
    static let knownDifferences: [Difference] = [
        Difference("3.SNAPSHOT", "3-cr1", .separator),
        Difference("10.2.12.4.android", "10.2.12.4.android-ga", .release),
        Difference("100.alpha-1", "100.alpha", .separator),
        Difference("20.cb-5", "20.c", .separator),
        Difference("1.01.0.SNAPSHOT", "1.01.0.SNAPSHOT-ga", .release),
        Difference("01.0.10.100.SNAPSHOT", "01.0.10.100.SNAPSHOT-ga", .release),
        Difference("4.9.10.12.SNAPSHOT", "4.9.10.12.SNAPSHOT.Final", .release),
        Difference("1.11.11.rc", "1.11.11.rc.Final", .release),
        Difference("01.rc", "01.rc-sp", .sp),
        Difference("12.0.00.20.SNAPSHOT", "12.0.00.20.SNAPSHOT.Final", .release),
        Difference("3.100.android", "3.100.android-sp", .sp),
        Difference("0.01.SNAPSHOT", "0.01.SNAPSHOT.Final", .release),
        Difference("0.android", "0.android.Final", .release),
        Difference("0.5.20.01.android", "0.5.20.01.android.0", .zero),
        Difference("1-1", "1-ga-1", .vector),
        Difference("1.0.0-RC16", "1.0.0.RC8-beta", .vector),
        Difference("1.0.0-gradle-rework-beta3", "1.0.0.RC7-3", .vector),
        Difference("2.9.0-1", "2.9.0.RC1", .vector),
        Difference("6.1.12.rc5", "6.1.12rc1", .vector),
        Difference("1.1.31.sec10", "1.1.31_noneautotype", .vector),
        Difference("1.1.34.sec10", "1.1.34_noneautotype", .vector),
        Difference("1.1.46.sec10", "1.1.46_noneautotype", .vector),
        Difference("1.2.8.sec10_noneautotype", "1.2.8_noneautotype", .vector),
        Difference("1.2.31.sec10", "1.2.31_noneautotype", .vector),
        Difference("1.2.48.sec10", "1.2.48_noneautotype", .vector),
        Difference("1.2.50.sec10", "1.2.50_noneautotype", .vector),
        Difference("1.2.54.sec10", "1.2.54_noneautotype", .vector),
        Difference("1.2.57.sec10", "1.2.57_noneautotype", .vector),
        Difference("1.2.60.sec10", "1.2.60_noneautotype", .vector),
        Difference("1.2.67.sec10", "1.2.67_noneautotype", .vector),
        Difference("1.0.0rc0", "1.0.beta8", .vector),
        Difference("1.5.9.RC1", "1.5.9-RC0", .vector),
        Difference("1.1.0-01-glassfish", "1.1.0.Beta1", .vector),
    ]
}
