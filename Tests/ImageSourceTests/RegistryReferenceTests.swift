import Foundation
import Model
import Testing

@testable import ImageSource

/// Reference normalisation as Docker does it, platforms, challenges, Retry-After: no registry needed.
@Suite struct RegistryReferenceTests {
    static let digest = "sha256:" + String(repeating: "ab", count: 32)

    @Test(
        "references normalise like Docker's",
        arguments: [
            ("alpine", "docker.io/library/alpine:latest"),
            ("alpine:3.19", "docker.io/library/alpine:3.19"),
            ("library/alpine:3.19", "docker.io/library/alpine:3.19"),
            ("user/app:v1.2_rc-1", "docker.io/user/app:v1.2_rc-1"),
            ("docker.io/alpine", "docker.io/library/alpine:latest"),
            ("index.docker.io/library/alpine:edge", "docker.io/library/alpine:edge"),
            ("ghcr.io/org/app@\(digest)", "ghcr.io/org/app@\(digest)"),
            ("ghcr.io/org/team/app:1@\(digest)", "ghcr.io/org/team/app:1@\(digest)"),
            ("localhost:5000/app:1", "localhost:5000/app:1"),
            ("localhost/app", "localhost/app:latest"),
            ("127.0.0.1:5055/alpine:3.14.10", "127.0.0.1:5055/alpine:3.14.10"),
            ("Registry.Example.COM/a.b/c__d/e-f", "Registry.Example.COM/a.b/c__d/e-f:latest"),
            ("[::1]:5000/app:1", "[::1]:5000/app:1"),
            ("quay.io:443/coreos/etcd:v3", "quay.io:443/coreos/etcd:v3"),
        ])
    func normalises(_ input: String, _ expected: String) throws {
        #expect(try ImageReference(parsing: input).description == expected)
    }

    @Test("parts of a reference")
    func parts() throws {
        let pinned = try ImageReference(parsing: "ghcr.io/org/app:1@\(Self.digest)")
        #expect(pinned.registry == "ghcr.io")
        #expect(pinned.repository == "org/app")
        #expect(pinned.tag == "1")
        #expect(pinned.digest?.description == Self.digest)
        #expect(pinned.manifestReference == Self.digest)
        let hub = try ImageReference(parsing: "alpine")
        #expect(hub.apiHost == "registry-1.docker.io")
        #expect(hub.manifestReference == "latest")
        #expect(try ImageReference(parsing: "localhost:5000/a").isLoopback)
        #expect(try ImageReference(parsing: "127.0.0.2:1/a").isLoopback)
        #expect(try ImageReference(parsing: "[::1]:5000/a").isLoopback)
        #expect(try ImageReference(parsing: "[::1]:5000/a").hostName == "::1")
        #expect(try !ImageReference(parsing: "example.com:5000/a").isLoopback)
        #expect(try !ImageReference(parsing: "localhost.example.com/a").isLoopback)
    }

    @Test(
        "invalid references are usage errors that quote the input and say why",
        arguments: [
            ("", "it is empty"),
            (
                "Alpine",
                "repository component 'Alpine' is not valid (lowercase letters, digits and separators . _ __ -)"
            ),
            ("alpine:", "tag '' is not valid (expected [A-Za-z0-9_][A-Za-z0-9_.-]{0,127})"),
            ("alpine:-x", "tag '-x' is not valid (expected [A-Za-z0-9_][A-Za-z0-9_.-]{0,127})"),
            ("alpine@sha256:abc", "digest 'sha256:abc' is malformed (expected lowercase hex of the right length)"),
            ("alpine@md5:abc", "digest algorithm 'md5' is not supported (expected sha256 or sha512)"),
            ("alpine @x", "it contains whitespace"),
            ("foo//bar", "repository component '' is not valid (lowercase letters, digits and separators . _ __ -)"),
            ("a/b-/c", "repository component 'b-' is not valid (lowercase letters, digits and separators . _ __ -)"),
            (
                "a/b___c",
                "repository component 'b___c' is not valid (lowercase letters, digits and separators . _ __ -)"
            ),
            ("host:99999999/app", "registry host 'host:99999999' is not valid"),
            ("ex_ample.com/app", "registry host 'ex_ample.com' is not valid"),
            ("[::1/app", "registry host '[::1' is not valid"),
            (":tag", "the repository name is empty"),
            (
                "alpine:" + String(repeating: "t", count: 129),
                "tag '\(String(repeating: "t", count: 129))' is not valid (expected [A-Za-z0-9_][A-Za-z0-9_.-]{0,127})"
            ),
        ])
    func rejects(_ input: String, _ why: String) {
        let error = #expect(throws: RegistryError.self) { try ImageReference(parsing: input) }
        #expect(error?.code == .invalidReference)
        #expect(error?.description == "invalid image reference '\(input)': \(why)")
        #expect(error?.exitCode == .usage)
    }

    @Test("hostile references: huge, control characters, path tricks")
    func hostileReferences() {
        let huge = String(repeating: "a", count: 100_000)
        let error = #expect(throws: RegistryError.self) { try ImageReference(parsing: huge) }
        #expect(error?.description.hasSuffix("it is longer than 1024 characters") == true)
        #expect(error.map { $0.description.count < 400 } == true)
        #expect(throws: RegistryError.self) { try ImageReference(parsing: "alpine\n:3") }
        #expect(throws: RegistryError.self) { try ImageReference(parsing: "../../etc/passwd") }
        #expect(throws: RegistryError.self) { try ImageReference(parsing: "host/../app") }
        #expect(throws: RegistryError.self) { try ImageReference(parsing: "a/" + String(repeating: "b", count: 300)) }
    }

    @Test("registry: and docker:// prefixes are dropped, a host named registry is kept")
    func schemes() {
        #expect(RegistryImageSource.stripScheme("registry:alpine:3.19") == "alpine:3.19")
        #expect(RegistryImageSource.stripScheme("docker://ghcr.io/a/b") == "ghcr.io/a/b")
        #expect(RegistryImageSource.stripScheme("registry:5000/app:1") == "registry:5000/app:1")
        #expect(RegistryImageSource.stripScheme("alpine") == "alpine")
    }

    @Test(
        "platforms parse and normalise aliases",
        arguments: [
            ("linux/amd64", "linux/amd64"), ("linux/x86_64", "linux/amd64"), ("linux/aarch64", "linux/arm64"),
            ("linux/arm64/v8", "linux/arm64/v8"), ("Linux/ARM/v6", "linux/arm/v6"),
        ])
    func platforms(_ input: String, _ expected: String) throws {
        #expect(try PlatformSpec.registryPlatform(input).description == expected)
    }

    @Test(
        "invalid platforms are usage errors", arguments: ["linux", "linux/", "/amd64", "a/b/c/d", ""])
    func invalidPlatforms(_ input: String) {
        let error = #expect(throws: RegistryError.self) { try PlatformSpec.registryPlatform(input) }
        #expect(error?.description == "invalid platform '\(input)' (expected os/arch[/variant], e.g. linux/arm64)")
        #expect(error?.exitCode == .usage)
    }

    @Test("platform matching: default variants, explicit variants, never another architecture")
    func platformMatching() throws {
        let entries = [
            PlatformSpec(os: "linux", architecture: "amd64"),
            PlatformSpec(os: "linux", architecture: "arm", variant: "v6"),
            PlatformSpec(os: "linux", architecture: "arm", variant: "v7"),
            PlatformSpec(os: "linux", architecture: "arm64", variant: "v8"),
            PlatformSpec(os: "unknown", architecture: "unknown"),
        ]
        #expect(try PlatformSpec(parsing: "linux/arm64").bestMatch(in: entries) == 3)
        #expect(try PlatformSpec(parsing: "linux/arm").bestMatch(in: entries) == 2)
        #expect(try PlatformSpec(parsing: "linux/arm/v6").bestMatch(in: entries) == 1)
        #expect(try PlatformSpec(parsing: "linux/arm/v5").bestMatch(in: entries) == nil)
        #expect(try PlatformSpec(parsing: "linux/s390x").bestMatch(in: entries) == nil)
        #expect(try PlatformSpec(parsing: "windows/amd64").bestMatch(in: entries) == nil)
        #expect(
            try PlatformSpec(parsing: "linux/arm64").bestMatch(in: [PlatformSpec(os: "linux", architecture: "arm64")])
                == 0)
    }

    @Test("an index with only linux/arm64 asked for linux/amd64: the PITFALLS 25 message")
    func pitfall25() throws {
        let json = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(Self.digest)","size":1,
              "platform":{"os":"linux","architecture":"arm64"}},
             {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(Self.digest)","size":1,
              "platform":{"os":"unknown","architecture":"unknown"}}]}
            """
        let index = try JSONDecoder().decode(ManifestDocument.self, from: Data(json.utf8))
        let reference = try ImageReference(parsing: "example.com/app:1")
        let error = #expect(throws: RegistryError.self) {
            try RegistryImageSource.selectPlatform(
                PlatformSpec(os: "linux", architecture: "amd64"), in: index, reference: reference)
        }
        #expect(error?.description == "platform linux/amd64 not found (available: linux/arm64) in 'example.com/app:1'")
    }

    @Test("manifest kinds come from Content-Type, then mediaType, then shape")
    func manifestKinds() throws {
        func kind(_ json: String, _ contentType: String? = nil) throws -> String {
            let document = try JSONDecoder().decode(ManifestDocument.self, from: Data(json.utf8))
            return "\(document.kind(contentType: contentType))"
        }
        #expect(try kind("{}", "application/vnd.docker.distribution.manifest.list.v2+json; charset=utf-8") == "index")
        #expect(try kind(#"{"mediaType":"application/vnd.oci.image.manifest.v1+json"}"#) == "manifest")
        #expect(try kind(#"{"schemaVersion":1,"fsLayers":[]}"#) == "schema1")
        #expect(try kind("{}", "application/vnd.docker.distribution.manifest.v1+prettyjws") == "schema1")
        #expect(try kind(#"{"manifests":[]}"#) == "index")
        #expect(
            try kind(#"{"mediaType":"application/vnd.cncf.helm.chart"}"#)
                == #"unknown("application/vnd.cncf.helm.chart")"#)
    }

    @Test("WWW-Authenticate challenges parse, with quoting and escapes")
    func challenges() throws {
        let bearer = try #require(
            AuthChallenge(
                header:
                    #"Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push""#
            ))
        #expect(bearer.scheme == "bearer")
        #expect(bearer.parameters["realm"] == "https://auth.example.com/token")
        #expect(bearer.parameters["service"] == "registry.example.com")
        #expect(bearer.parameters["scope"] == "repository:a/b:pull,push")
        let basic = try #require(AuthChallenge(header: #"Basic realm="say \"hi\"", charset=UTF-8"#))
        #expect(basic.scheme == "basic")
        #expect(basic.parameters["realm"] == #"say "hi""#)
        #expect(basic.parameters["charset"] == "UTF-8")
        #expect(AuthChallenge(header: "   ") == nil)
        let truncated = try #require(AuthChallenge(header: #"Bearer realm="unterminated"#))
        #expect(truncated.parameters["realm"] == "unterminated")
    }

    @Test("Retry-After: seconds and HTTP dates; backoff grows, has jitter, and is capped")
    func retryPolicy() throws {
        #expect(RetryPolicy.parseRetryAfter("3") == 3)
        #expect(RetryPolicy.parseRetryAfter(" 120 ") == 120)
        #expect(RetryPolicy.parseRetryAfter("-1") == nil)
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
        let now = try #require(ISO8601DateFormatter().date(from: "2015-10-21T07:28:00Z"))
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30)
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now: now) == 0)
        let policy = RetryPolicy(retries: 4)
        for attempt in 0..<8 {
            let ceiling = min(policy.maxDelay, policy.baseDelay * Double(1 << attempt))
            let delay = policy.delay(attempt: attempt, retryAfter: nil)
            #expect(delay >= ceiling / 2 && delay <= ceiling)
        }
        let told = policy.delay(attempt: 0, retryAfter: 2)
        #expect(told >= 2 && told <= 2.2)
    }

    @Test("docker config keys: Docker Hub's aliases and URL forms")
    func configKeys() {
        #expect(DockerCredentialStore.normalizeKey("https://index.docker.io/v1/") == "index.docker.io")
        #expect(DockerCredentialStore.normalizeKey("HTTP://Localhost:5000/v2/") == "localhost:5000")
        #expect(DockerCredentialStore.lookupKeys(for: "docker.io").contains("index.docker.io"))
        #expect(DockerCredentialStore.serverURL(for: "docker.io") == "https://index.docker.io/v1/")
        #expect(DockerCredentialStore.serverURL(for: "ghcr.io") == "ghcr.io")
    }

    @Test("--insecure-registry matches host:port, a bare host, and scheme-prefixed entries")
    func insecureMatching() throws {
        let reference = try ImageReference(parsing: "reg.example.com:5000/app")
        #expect(RegistrySession.isListed(reference, in: ["reg.example.com:5000"]))
        #expect(RegistrySession.isListed(reference, in: ["reg.example.com"]))
        #expect(RegistrySession.isListed(reference, in: ["http://reg.example.com:5000/"]))
        #expect(!RegistrySession.isListed(reference, in: ["reg.example.com:5001", "example.com"]))
    }
}
