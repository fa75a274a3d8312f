import Foundation
import HTTPClient
import Synchronization
import TestSupport
import Testing

/// HTTPClient (libcurl) against a real local HTTP server (Fixtures/registry/http_fixture.py) and the TLS registry.
@Suite struct RegistryHTTPClientTests {
    /// Runs `body` with a fresh fixture server.
    func withServer(_ body: (String) async throws -> Void) async throws {
        let server = try FixtureServer(script: "http_fixture.py")
        defer { server.stop() }
        try await body("http://\(server.address)")
    }

    struct Echo: Decodable {
        var method: String
        var headers: [String: String]
        var body: String
    }

    @Test("GET, HEAD and POST send method, headers and body; response headers are trimmed")
    func methods() async throws {
        try await withServer { base in
            let client = HTTPClient()
            let get = try await client.send(HTTPRequest(url: base + "/echo", headers: ["X-Test": "one two"]))
            #expect(get.status == 200)
            #expect(get.isSuccess)
            #expect(get.headers["content-type"] == "application/json")
            let echo = try JSONDecoder().decode(Echo.self, from: Data(get.body))
            #expect(echo.method == "GET")
            #expect(echo.headers["x-test"] == "one two")
            #expect(echo.headers["user-agent"] == "plimsoll")

            let post = try await client.send(
                HTTPRequest(method: "POST", url: base + "/echo", body: Array("a=1&b=\u{0}2".utf8)))
            let posted = try JSONDecoder().decode(Echo.self, from: Data(post.body))
            #expect(posted.method == "POST")
            #expect(posted.body == "a=1&b=\u{0}2")

            let head = try await client.send(HTTPRequest(method: "HEAD", url: base + "/bytes?n=5000"))
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.headers["Content-Length"] == "5000")

            let missing = try await client.send(HTTPRequest(url: base + "/status/418"))
            #expect(missing.status == 418)
            #expect(missing.bodyText() == #"{"error":"as asked"}"#)
        }
    }

    @Test("redirects: Authorization kept on the same origin, dropped on another; 303 turns POST into GET")
    func redirects() async throws {
        try await withServer { base in
            let client = HTTPClient()
            let port = try #require(URLComponents(string: base)?.port)
            let headers: HTTPHeaders = ["Authorization": "Bearer secret", "X-Other": "kept"]
            let same = try await client.send(
                HTTPRequest(url: base + "/redirect?to=/echo", headers: headers))
            #expect(same.url == base + "/echo")
            #expect(
                try JSONDecoder().decode(Echo.self, from: Data(same.body)).headers["authorization"] == "Bearer secret")

            let other = "http://localhost:\(port)/echo"
            let cross = try await client.send(
                HTTPRequest(url: base + "/redirect?to=" + other, headers: headers))
            #expect(cross.url == other)
            let crossEcho = try JSONDecoder().decode(Echo.self, from: Data(cross.body))
            #expect(crossEcho.headers["authorization"] == nil)
            #expect(crossEcho.headers["x-other"] == "kept")

            let seeOther = try await client.send(
                HTTPRequest(method: "POST", url: base + "/redirect?code=303&to=/echo", body: Array("x".utf8)))
            #expect(try JSONDecoder().decode(Echo.self, from: Data(seeOther.body)).method == "GET")

            let loop = await #expect(throws: HTTPError.self) {
                try await HTTPClient(configuration: .init(maxRedirects: 3)).send(HTTPRequest(url: base + "/loop"))
            }
            #expect(loop?.code == .redirect)
            #expect(loop?.description == "request to '\(base)/loop' failed: more than 3 redirects")
            let ftp = await #expect(throws: HTTPError.self) {
                try await client.send(HTTPRequest(url: base + "/redirect?to=ftp://example.com/x"))
            }
            #expect(ftp?.code == .redirect)
        }
    }

    @Test("download streams a 2xx body to a file and the handler; other statuses leave no file")
    func download() async throws {
        try await withServer { base in
            let directory = try SharedData.makeTemporaryDirectory("plimsoll-http")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("out").path
            let seen = Mutex<Int>(0)
            let response = try await HTTPClient().download(
                HTTPRequest(url: base + "/bytes?n=3000000"), to: path,
                onBody: { bytes in seen.withLock { $0 += bytes.count } })
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
            #expect(response.bodyLength == 3_000_000)
            #expect(seen.withLock { $0 } == 3_000_000)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(data.count == 3_000_000)
            #expect(data[1000] == UInt8(1000 % 256))

            let missingPath = directory.appendingPathComponent("missing").path
            let missing = try await HTTPClient().download(HTTPRequest(url: base + "/status/404"), to: missingPath)
            #expect(missing.status == 404)
            #expect(missing.bodyText() == #"{"error":"as asked"}"#)
            #expect(!FileManager.default.fileExists(atPath: missingPath))

            let empty = directory.appendingPathComponent("empty").path
            _ = try await HTTPClient().download(HTTPRequest(url: base + "/bytes?n=0"), to: empty)
            #expect(FileManager.default.fileExists(atPath: empty))
        }
    }

    @Test("limits and failures: body too large, handler abort, dropped connection, stalled server")
    func failures() async throws {
        try await withServer { base in
            let large = await #expect(throws: HTTPError.self) {
                try await HTTPClient(configuration: .init(maxBodyBytes: 1000)).send(
                    HTTPRequest(url: base + "/bytes?n=5000"))
            }
            #expect(large?.code == .responseTooLarge)
            #expect(
                large?.description == "request to '\(base)/bytes?n=5000' failed: response body larger than 1000 bytes")

            struct Enough: Error, CustomStringConvertible { var description: String { "enough" } }
            let aborted = await #expect(throws: HTTPError.self) {
                try await HTTPClient().send(HTTPRequest(url: base + "/bytes?n=5000"), onBody: { _ in throw Enough() })
            }
            #expect(aborted?.code == .aborted)
            #expect(aborted?.underlying is Enough)
            #expect(aborted?.description == "enough")

            let directory = try SharedData.makeTemporaryDirectory("plimsoll-http")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("partial").path
            let dropped = await #expect(throws: HTTPError.self) {
                try await HTTPClient().download(HTTPRequest(url: base + "/drop"), to: path)
            }
            #expect(dropped?.code == .connectionLost)
            #expect(dropped?.isTransient == true)
            #expect(dropped?.curlCode == 18)
            #expect(!FileManager.default.fileExists(atPath: path))

            let stalled = await #expect(throws: HTTPError.self) {
                try await HTTPClient(configuration: .init(lowSpeedLimit: 100, lowSpeedTime: 1)).send(
                    HTTPRequest(url: base + "/stall"))
            }
            #expect(stalled?.code == .timedOut)
            #expect(stalled?.isTransient == true)
        }
    }

    @Test("cancelling the task aborts a transfer in flight")
    func cancellation() async throws {
        try await withServer { base in
            let task = Task { try await HTTPClient().send(HTTPRequest(url: base + "/stall")) }
            try await Task.sleep(nanoseconds: 300_000_000)
            task.cancel()
            let error = await #expect(throws: HTTPError.self) { try await task.value }
            #expect(error?.code == .cancelled)
        }
    }

    @Test("refused connections and unusable URLs are typed errors")
    func connectionErrors() async throws {
        let refused = await #expect(throws: HTTPError.self) {
            try await HTTPClient().send(HTTPRequest(url: "http://127.0.0.1:9/x"))
        }
        #expect(refused?.code == .connectFailed)
        #expect(refused?.isTransient == true)
        #expect(refused?.curlCode == 7)
        #expect(refused?.description.hasPrefix("request to 'http://127.0.0.1:9/x' failed: ") == true)
        for url in ["ftp://example.com/x", "not a url", "file:///etc/passwd", "http://"] {
            let error = await #expect(throws: HTTPError.self) { try await HTTPClient().send(HTTPRequest(url: url)) }
            #expect(error?.code == .invalidRequest)
            #expect(error?.isTransient == false)
        }
    }

    @Test(
        "TLS: a CA bundle verifies the self-signed registry; without it the certificate error; insecure mode connects",
        .enabled(if: RegistryTestEnvironment.tls != nil, "needs PLIMSOLL_TEST_REGISTRY_TLS"))
    func tls() async throws {
        let host = try #require(RegistryTestEnvironment.tls)
        let url = "https://\(host)/v2/"
        let trusted = try await HTTPClient(configuration: .init(caBundle: RegistryTestEnvironment.tlsCA)).send(
            HTTPRequest(url: url))
        #expect(trusted.status == 200)
        let untrusted = await #expect(throws: HTTPError.self) { try await HTTPClient().send(HTTPRequest(url: url)) }
        #expect(untrusted?.code == .certificate)
        #expect(untrusted?.isTransient == false)
        let insecure = try await HTTPClient(configuration: .init(verifyTLS: false)).send(HTTPRequest(url: url))
        #expect(insecure.status == 200)
        let missingBundle = await #expect(throws: HTTPError.self) {
            try await HTTPClient(configuration: .init(caBundle: "/nonexistent/ca.pem")).send(HTTPRequest(url: url))
        }
        #expect(missingBundle?.code == .certificate)
    }
}
