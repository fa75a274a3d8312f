import Testing
import VulnDB

@Suite struct PackageNameNormalizerTests {
    @Test(arguments: [
        ("PyPI", "PyYAML", "pyyaml"),
        ("PyPI", "zope.interface", "zope-interface"),
        ("PyPI", "Foo__Bar-.baz", "foo-bar-baz"),
        ("npm", "@Babel/Core", "@babel/core"),
        ("Maven", "com.fasterxml.jackson.core:jackson-databind", "com.fasterxml.jackson.core:jackson-databind"),
        ("Maven", "org.Apache.Logging.Log4j/log4j-core", "org.apache.logging.log4j:log4j-core"),
        ("Go", "github.com/Sirupsen/logrus", "github.com/Sirupsen/logrus"),
        ("Go", "golang.org/x/net/", "golang.org/x/net"),
        ("crates.io", "Serde_JSON", "serde-json"),
        ("NuGet", "Newtonsoft.Json", "newtonsoft.json"),
        ("Debian:10", "systemd", "systemd"),
        ("Alpine:v3.9", " musl ", "musl"),
        ("RubyGems", "Rails", "Rails"),
    ])
    func normalizes(_ ecosystem: String, _ name: String, _ expected: String) {
        #expect(PackageNameNormalizer.normalize(name, ecosystem: ecosystem) == expected)
    }

    @Test func baseEcosystemDropsTheRelease() {
        #expect(PackageNameNormalizer.baseEcosystem("Ubuntu:Pro:14.04:LTS") == "Ubuntu")
        #expect(PackageNameNormalizer.baseEcosystem("PyPI") == "PyPI")
        #expect(PackageNameNormalizer.ecosystemKey(" Alpine:v3.9") == "alpine:v3.9")
    }
}
