/// Deterministic version strings of each scheme, mixing everyday shapes with the edge cases each ecosystem's
/// comparator is known for (epochs, `~`, pre-releases, leading zeros, qualifiers, pseudo-versions…).
///
/// Used by the differential tests against the reference tools and by the `version-compare --benchmark` mode,
/// so both exercise the same shapes. The same seed always yields the same strings.
public struct VersionSampler: Sendable {
    private var state: UInt64

    /// A sampler whose output depends only on `seed`.
    public init(seed: UInt64) { state = seed }

    /// SplitMix64: tiny, fast and identical on every platform.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    private mutating func pick(_ choices: [String]) -> String { choices[below(choices.count)] }

    private mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    private mutating func number() -> String {
        pick(["0", "1", "2", "3", "4", "5", "9", "10", "11", "12", "20", "99", "100", "2024", "01", "007", "00"])
    }

    private mutating func dotted(_ minimum: Int, _ maximum: Int) -> String {
        (0..<(minimum + below(maximum - minimum + 1))).map { _ in number() }.joined(separator: ".")
    }

    /// `count` versions of `scheme`; most are valid, a few are deliberately malformed.
    public mutating func versions(_ scheme: VersionScheme, count: Int) -> [String] {
        (0..<count).map { _ in version(scheme) }
    }

    /// `count` pairs: half unrelated, half a version against a small variation of itself (where order bugs hide).
    public mutating func pairs(_ scheme: VersionScheme, count: Int) -> [(String, String)] {
        (0..<count).map { index in
            let first = version(scheme)
            if index % 2 == 0 { return (first, version(scheme)) }
            return (first, variation(of: first, scheme))
        }
    }

    private mutating func variation(of text: String, _ scheme: VersionScheme) -> String {
        switch below(5) {
        case 0: return text
        case 1: return text + pick(suffixes(scheme))
        case 2:
            // Change one digit.
            var scalars = Array(text.unicodeScalars)
            let digits = scalars.indices.filter { scalars[$0].properties.numericType != nil }
            guard !digits.isEmpty else { return text + "1" }
            scalars[digits[below(digits.count)]] = pick(["0", "1", "9"]).unicodeScalars.first ?? "0"
            return String(String.UnicodeScalarView(scalars))
        case 3:
            let cut = below(max(text.count, 1))
            return String(text.prefix(max(cut, 1)))
        default:
            return text.uppercased() == text ? text.lowercased() : text.uppercased()
        }
    }

    private func suffixes(_ scheme: VersionScheme) -> [String] {
        switch scheme {
        case .dpkg: return ["~", "~rc1", "+b1", "-1", ".0", "a", "+deb10u1", "~~"]
        case .rpm: return ["~rc1", "^git1", ".0", "-1", "a", "_1", ".el8"]
        case .apk: return ["_rc1", "_p1", "-r1", "a", ".0", "_alpha"]
        case .semver: return ["-rc.1", "-0", "+build", ".0", "-alpha.beta", "-1"]
        case .pep440: return ["rc1", ".post1", ".dev0", "+local.1", ".0", "a", "-1"]
        case .maven: return ["-SNAPSHOT", ".0", "-1", "-rc1", "-sp", ".Final", "-ga"]
        case .go: return ["-rc.1", "+incompatible", "-0.20210101000000-abcdef123456", ".0", "-pre"]
        case .gem: return [".pre", ".0", "-1", ".a", ".rc1", "b"]
        case .generic: return [".0", "-rc1", "a", ".1"]
        }
    }

    private mutating func version(_ scheme: VersionScheme) -> String {
        switch scheme {
        case .dpkg: return dpkg()
        case .rpm: return rpm()
        case .apk: return apk()
        case .semver: return semver()
        case .pep440: return pep440()
        case .maven: return maven()
        case .go: return go()
        case .gem: return gem()
        case .generic: return dotted(1, 4) + (chance(30) ? pick(["a", "-rc1", "+x", "~1"]) : "")
        }
    }

    private mutating func dpkg() -> String {
        if chance(3) { return pick(["", "a1.0", "1.0 2", "1:", ":1", "1.0-", "1_0", "1.0-a_b", "x:1", "-1"]) }
        var text = chance(15) ? "\(pick(["0", "1", "2", "10"])):" : ""
        text += number()
        for _ in 0..<below(4) {
            text += pick([".", ".", "+", "~", ""]) + pick([number(), "a", "b", "rc", "dfsg", "git", "~", "z", "A"])
        }
        if chance(60) {
            text += "-" + pick(["1", "0", "2ubuntu1", "1+deb10u1", "1~bpo9+1", "0.1", "3.1~exp", "1build1", "10"])
        }
        return text
    }

    private mutating func rpm() -> String {
        if chance(2) { return pick(["", "1:", ":1"]) }
        var text = chance(15) ? "\(pick(["0", "1", "2", "4", "00"])):" : ""
        text += number()
        for _ in 0..<below(4) {
            text += pick([".", ".", "_", "+", "~", "^", ""]) + pick([number(), "a", "b", "rc", "git", "p", "Z"])
        }
        if chance(70) {
            text +=
                "-"
                + pick(["1", "0.1", "419.el8", "1.el8_4", "0.rc1.fc33", "1.module+el8.3.0+123+abcd", "2.1~", "3^1"])
        }
        return text
    }

    private mutating func apk() -> String {
        var text = dotted(1, 4)
        if chance(15) { text += pick(["a", "b", "z"]) }
        for _ in 0..<below(3) {
            text +=
                "_" + pick(["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"])
                + (chance(50) ? number() : "")
        }
        if chance(5) { text += "~" + pick(["abc123", "0f", "deadbeef"]) }
        if chance(70) { text += "-r" + number() }
        return text
    }

    private mutating func semverCore() -> String {
        pick(["0", "1", "2", "10", "3"]) + "." + pick(["0", "1", "2", "10", "3"]) + "."
            + pick(["0", "1", "2", "10", "11"])
    }

    private mutating func semver() -> String {
        if chance(4) { return pick(["", "1.2.3.4", "a.b.c", "1.2.3-", "1.2.3+", "1..2", "1.2.3-a..b", "01.x.3"]) }
        var text = chance(10) ? pick(["1", "2", "1.2", "0.9"]) : semverCore()
        if chance(10) { text = pick(["v", "=", "v=", " "]) + text }
        if chance(45) && text.filter({ $0 == "." }).count == 2 {
            let identifiers = (0..<(1 + below(3))).map { _ in
                self.pick(["alpha", "beta", "rc", "0", "1", "2", "10", "x-y", "-", "alpha1", "B", "11"])
            }
            text += "-" + identifiers.joined(separator: ".")
        }
        if chance(10) { text += "+" + pick(["build.1", "001", "sha.abc", "x-y"]) }
        return text
    }

    private mutating func pep440() -> String {
        if chance(8) {
            return pick([
                "1.0-foo", "french toast", "1.0.x", "dev", "rc1.0", "2004d", "1.0+local+x", "0.4-SNAPSHOT", "1.0-", "",
                "1.0.0.dev456-x", "1_0_foo", "٣.0",
            ])
        }
        var text = chance(5) ? pick(["1!", "0!", "2!"]) : ""
        if chance(5) { text = "v" + text }
        text += dotted(1, 4)
        if chance(35) {
            text +=
                pick(["", ".", "-", "_"]) + pick(["a", "b", "rc", "c", "alpha", "beta", "pre", "preview", "RC"])
                + pick(["", "0", "1", "2", "10", "-1", ".1"])
        }
        if chance(25) { text += pick([".post1", "-1", "post", "r3", ".rev", "-post-2", "_post_1", ".POST0"]) }
        if chance(20) { text += pick([".dev0", "dev", "-dev-1", ".dev", "_dev3"]) }
        if chance(15) { text += "+" + pick(["abc.1", "1.2", "ubuntu-1", "cgr.1", "A.B", "0", "x_y"]) }
        if chance(3) { text = " " + text + "\n" }
        return text
    }

    private mutating func maven() -> String {
        var text = dotted(1, 4)
        if chance(50) {
            text +=
                pick(["-", "."])
                + pick([
                    "SNAPSHOT", "alpha-1", "beta2", "RC1", "rc", "sp1", "Final", "ga", "M1", "cr1", "jre11", "jre8",
                    "cb-5", "1", "2", "android", "b1", "a1", "release", "20210101.123456-1",
                ])
        }
        return text
    }

    private mutating func go() -> String {
        if chance(5) { return pick(["", "v01.2.3", "v1.2.3-01", "v1.2", "1.2.3.4", "v1.2.3-", "v1.2.3+", "vx"]) }
        var text = "v" + (chance(10) ? pick(["1", "1.2", "0.0"]) : semverCore())
        if text.filter({ $0 == "." }).count == 2 {
            if chance(20) {
                text +=
                    "-" + pick(["0", "0.0"]) + ".20" + pick(["21", "19"]) + "0101000000-"
                    + pick(["abcdef123456", "000000000000"])
            } else if chance(25) {
                text += "-" + pick(["rc.1", "beta.2", "alpha", "pre", "0", "1.2"])
            }
            if chance(15) { text += pick(["+incompatible", "+meta"]) }
        }
        return text
    }

    private mutating func gem() -> String {
        if chance(5) { return pick(["1.0-", "a", "1..0", "1.0.", "-1", "1beta", "1.0 x", "1.0+1"]) }
        var text = dotted(1, 4)
        for _ in 0..<below(3) { text += "." + pick(["pre", "a", "b1", "rc", "rc1", "beta", "A", "0", "1"]) }
        if chance(10) { text += "-" + pick(["rc1", "beta-2", "1", "pre.1"]) }
        if chance(3) { text = " " + text + " " }
        return text
    }
}
