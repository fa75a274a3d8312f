import Model
import Testing

@Suite struct PURLTests {
    @Test func rendersQualifiersSortedAndEncoded() {
        let purl = PURL(
            type: "deb", namespace: "debian", name: "base-files", version: "12.4+deb12u15",
            qualifiers: ["distro": "debian-12", "arch": "amd64"])
        #expect(purl.description == "pkg:deb/debian/base-files@12.4%2Bdeb12u15?arch=amd64&distro=debian-12")
    }

    @Test func parsesWhatItRenders() throws {
        let text = "pkg:maven/org.apache.logging.log4j/log4j-core@2.19.0"
        let purl = try #require(PURL(parsing: text))
        #expect(purl.namespace == "org.apache.logging.log4j")
        #expect(purl.name == "log4j-core")
        #expect(purl.version == "2.19.0")
        #expect(purl.description == text)
    }

    @Test func rejectsNonPurl() {
        #expect(PURL(parsing: "deb/debian/x") == nil)
        #expect(PURL(parsing: "pkg:") == nil)
    }
}

@Suite struct DigestTests {
    @Test func parsesSHA256() throws {
        let digest = try Digest(parsing: "sha256:" + String(repeating: "ab", count: 32))
        #expect(digest.algorithm == "sha256")
        #expect(digest.short == "abababababab")
    }

    @Test(arguments: [
        "sha256:xyz", "nocolon", "md5:" + String(repeating: "a", count: 32),
        "sha256:" + String(repeating: "A", count: 64),
    ])
    func rejectsMalformed(_ text: String) {
        #expect(throws: Digest.ParseError.self) { try Digest(parsing: text) }
    }
}
