import Catalog
import Model
import Testing

@Suite struct CPETests {
    @Test func parsesAndFormatsRoundTrip() throws {
        let text = #"cpe:2.3:a:docker:distribution\/cmd\/registry:v2.8.2\+ds1:*:*:*:*:*:*:*"#
        let cpe = try CPE(parsing: text)
        #expect(cpe.part == .value("a"))
        #expect(cpe.vendor == .value("docker"))
        #expect(cpe.product == .value(#"distribution\/cmd\/registry"#))
        #expect(cpe.version == .value(#"v2.8.2\+ds1"#))
        #expect(cpe.update == .any)
        #expect(cpe.description == text)
        #expect(CPE.unescape(cpe.version.description) == "v2.8.2+ds1")
        let na = try CPE(parsing: "cpe:2.3:a:golang:go:1.19.8:-:*:*:*:*:*:*")
        #expect(na.update == .notApplicable)
        // A quoted colon does not split attributes.
        let colon = try CPE(parsing: #"cpe:2.3:a:vendor:product:1.0\:beta:*:*:*:*:*:*:*"#)
        #expect(colon.version == .value(#"1.0\:beta"#))
    }

    @Test(arguments: [
        ("cpe:/a:openssl:openssl:1.0", "does not start with 'cpe:2.3:'"),
        ("cpe:2.3:a:openssl:openssl:1.0", "has 4 attributes (expected 11)"),
        ("cpe:2.3:x:openssl:openssl:1.0:*:*:*:*:*:*:*", "part 'x' is not one of a, o, h"),
        ("cpe:2.3:a::openssl:1.0:*:*:*:*:*:*:*", "attribute 'vendor' is empty"),
        (#"cpe:2.3:a:openssl:openssl:1.0:*:*:*:*:*:*:\"#, "ends with a lone backslash"),
    ]) func rejectsMalformedNames(_ input: (String, String)) {
        let error = #expect(throws: CPEError.self) { try CPE(parsing: input.0) }
        #expect(error?.description == "invalid cpe '\(input.0)': \(input.1)")
    }

    @Test(arguments: [
        ("2.8.2+ds1", #"2.8.2\+ds1"#),
        ("1.0 beta", "1.0_beta"),
        ("a*b?c", #"a\*b\?c"#),
        ("17.0.21.1+2", #"17.0.21.1\+2"#),
        ("release_1-2.3", "release_1-2.3"),
        ("x:y/z", #"x\:y\/z"#),
    ]) func escapesValuesForTheFormattedString(_ input: (String, String)) {
        #expect(CPE.escape(input.0) == input.1)
        #expect(input.0.contains(" ") || CPE.unescape(CPE.escape(input.0)) == input.0)
    }

    @Test func attributeRelationsFollowTheMatchingSpec() throws {
        typealias V = CPE.Value
        let table: [(V, V, CPE.Relation)] = [
            (.any, .any, .equal), (.any, .value("1.0"), .superset), (.any, .notApplicable, .superset),
            (.notApplicable, .notApplicable, .equal), (.notApplicable, .any, .subset),
            (.notApplicable, .value("1.0"), .disjoint),
            (.value("1.0"), .any, .subset), (.value("1.0"), .notApplicable, .disjoint),
            (.value("1.0"), .value("1.0"), .equal), (.value("1.0"), .value("1.1"), .disjoint),
            (.value("1.*"), .value("1.2.3"), .superset), (.value("1.?"), .value("1.2"), .superset),
            (.value("1.?"), .value("1.23"), .disjoint), (.value(#"1.\*"#), .value("1.2"), .disjoint),
            (.value(#"1.\*"#), .value(#"1.\*"#), .equal), (.value("1.0"), .value("1.*"), .undefined),
        ]
        for (source, target, relation) in table {
            #expect(CPE.relation(source: source, target: target) == relation, "\(source) vs \(target)")
        }
    }

    @Test func nvdConfigurationMatchesPackageCPE() throws {
        let nvd = try CPE(parsing: "cpe:2.3:a:golang:go:*:*:*:*:*:*:*:*")
        let stdlib = try CPE(parsing: "cpe:2.3:a:golang:go:1.19.8:-:*:*:*:*:*:*")
        #expect(nvd.matches(stdlib))
        #expect(!stdlib.matches(nvd))
        let exact = try CPE(parsing: "cpe:2.3:a:openssl:openssl:3.0.20:*:*:*:*:*:*:*")
        let generated = try CPE(parsing: CPEGenerator.format(vendor: "OpenSSL", product: "openssl", version: "3.0.20"))
        #expect(exact.matches(generated))
        #expect(!(try CPE(parsing: "cpe:2.3:a:openssl:openssl:3.0.21:*:*:*:*:*:*:*")).matches(generated))
        // An NVD entry pinned to update '-' only covers a target with unknown update when asked to be lenient.
        #expect(!stdlib.matches(try CPE(parsing: "cpe:2.3:a:golang:go:1.19.8:*:*:*:*:*:*:*")))
        #expect(stdlib.matches(try CPE(parsing: "cpe:2.3:a:golang:go:1.19.8:*:*:*:*:*:*:*"), targetAnyMatches: true))
        // Matching is case-insensitive, as NVD names are lowercase and generated ones may not be.
        #expect(exact.matches(try CPE(parsing: "cpe:2.3:a:OpenSSL:OpenSSL:3.0.20:*:*:*:*:*:*:*")))
    }

    @Test func generatorFillsOnlyPackagesWithoutEcosystemAdvisories() {
        let packages = [
            Package(
                name: "httpd", version: "2.4.57", type: .binary,
                purl: PURL(type: "generic", name: "httpd", version: "2.4.57"),
                foundBy: "x"),
            Package(
                name: "mystery-lib", version: "1.2", type: .javaArchive,
                purl: PURL(type: "maven", name: "mystery-lib", version: "1.2"), foundBy: "x"),
            Package(
                name: "log4j-core", version: "2.19.0", type: .javaArchive,
                purl: PURL(type: "maven", namespace: "org.apache.logging.log4j", name: "log4j-core", version: "2.19.0"),
                foundBy: "x"),
            Package(name: "rack", version: "2.2.22", type: .gem, purl: PURL(type: "gem", name: "rack"), foundBy: "x"),
        ]
        let result = CPEGenerator.annotate(packages)
        #expect(
            result[0].cpes == [
                "cpe:2.3:a:httpd:httpd:2.4.57:*:*:*:*:*:*:*", "cpe:2.3:a:httpd_project:httpd:2.4.57:*:*:*:*:*:*:*",
            ])
        #expect(
            result[1].cpes == [
                "cpe:2.3:a:mystery-lib:mystery-lib:1.2:*:*:*:*:*:*:*",
                "cpe:2.3:a:mystery-lib_project:mystery-lib:1.2:*:*:*:*:*:*:*",
            ])
        #expect(result[2].cpes.isEmpty && result[3].cpes.isEmpty)
    }

    @Test func hostileWildcardPatternsStayQuadratic() throws {
        let pattern = CPE.Value.value(String(repeating: "*a", count: 200))
        let target = CPE.Value.value(String(repeating: "a", count: 300) + "b")
        #expect(CPE.relation(source: pattern, target: target) == .disjoint)
    }
}
