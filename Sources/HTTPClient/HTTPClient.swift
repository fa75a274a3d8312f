import CCurl
import Foundation
import Synchronization

/// A small HTTP client over libcurl: in-memory or streamed-to-file bodies, timeouts, custom CA bundles,
/// unverified TLS on request, proxies from the environment, HTTP/2, and redirects that keep
/// `Authorization` on the origin it was meant for.
///
/// Each request runs `curl_easy_perform` on its own thread, never on the cooperative pool; cancelling
/// the calling task aborts the transfer. Handles (and their open connections) are reused between
/// requests of the same client.
public struct HTTPClient: Sendable {
    /// How requests are made; fixed for the client's lifetime.
    public struct Configuration: Sendable, Hashable {
        /// Seconds allowed for the TCP + TLS connect.
        public var connectTimeout: Double
        /// A transfer slower than `lowSpeedLimit` bytes/s for `lowSpeedTime` seconds is aborted as timed out.
        public var lowSpeedLimit: Int
        /// Seconds below `lowSpeedLimit` before a transfer is aborted (a hanging server can't hang us).
        public var lowSpeedTime: Int
        /// An overall limit per request in seconds; nil means none (large downloads rely on the low-speed abort).
        public var totalTimeout: Double?
        /// A PEM file of extra trusted CA certificates, used beside the system's `/etc/ssl/certs`.
        public var caBundle: String?
        /// Whether server certificates and host names are verified (false = insecure mode).
        public var verifyTLS: Bool
        /// How many redirects are followed before giving up.
        public var maxRedirects: Int
        /// The largest body kept in memory by `send`; a larger one fails with `.responseTooLarge`.
        public var maxBodyBytes: Int
        /// Whether HTTP/2 is offered over TLS (HTTP/1.1 otherwise).
        public var http2: Bool
        /// The `User-Agent` header.
        public var userAgent: String

        /// Creates a configuration; the defaults suit registries and feed mirrors.
        public init(
            connectTimeout: Double = 30, lowSpeedLimit: Int = 1, lowSpeedTime: Int = 60, totalTimeout: Double? = nil,
            caBundle: String? = nil, verifyTLS: Bool = true, maxRedirects: Int = 10,
            maxBodyBytes: Int = 64 << 20, http2: Bool = true, userAgent: String = "plimsoll"
        ) {
            self.connectTimeout = connectTimeout
            self.lowSpeedLimit = lowSpeedLimit
            self.lowSpeedTime = lowSpeedTime
            self.totalTimeout = totalTimeout
            self.caBundle = caBundle
            self.verifyTLS = verifyTLS
            self.maxRedirects = maxRedirects
            self.maxBodyBytes = maxBodyBytes
            self.http2 = http2
            self.userAgent = userAgent
        }
    }

    /// Called with each chunk of a 2xx response body as it arrives; throwing aborts the transfer.
    public typealias BodyHandler = @Sendable (UnsafeRawBufferPointer) throws -> Void

    /// The configuration every request uses.
    public let configuration: Configuration
    private let pool = CurlHandlePool()

    /// Creates a client.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Sends `request` and returns the final response with its body in memory (at most `maxBodyBytes`).
    public func send(_ request: HTTPRequest, onBody: BodyHandler? = nil) async throws(HTTPError) -> HTTPResponse {
        try await run(request, downloadPath: nil, onBody: onBody)
    }

    /// Sends `request`; a 2xx body is streamed to `path` (created or truncated) and to `onBody`, any other
    /// status keeps its (error) body in memory and leaves no file. A failed transfer removes the file.
    public func download(
        _ request: HTTPRequest, to path: String, onBody: BodyHandler? = nil
    ) async throws(HTTPError) -> HTTPResponse {
        try await run(request, downloadPath: path, onBody: onBody)
    }

    private func run(
        _ request: HTTPRequest, downloadPath: String?, onBody: BodyHandler?
    ) async throws(HTTPError) -> HTTPResponse {
        let flag = CancellationFlag()
        let configuration = configuration
        let pool = pool
        let result: Result<HTTPResponse, HTTPError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // A plain thread: curl_easy_perform blocks, and the cooperative pool must never block.
                let thread = Thread {
                    let result = Self.perform(
                        request, configuration: configuration, pool: pool, downloadPath: downloadPath,
                        onBody: onBody, cancellation: flag)
                    continuation.resume(returning: result)
                }
                thread.name = "plimsoll.http"
                thread.start()
            }
        } onCancel: {
            flag.cancel()
        }
        return try result.get()
    }

    /// Follows redirects itself so that credentials never travel to another origin.
    private static func perform(
        _ request: HTTPRequest, configuration: Configuration, pool: CurlHandlePool, downloadPath: String?,
        onBody: BodyHandler?, cancellation: CancellationFlag
    ) -> Result<HTTPResponse, HTTPError> {
        guard CurlHandle.globalInit == CURLE_OK else {
            return .failure(HTTPError(code: .other, message: "libcurl could not be initialised", url: request.url))
        }
        guard let handle = pool.take() else {
            return .failure(HTTPError(code: .other, message: "libcurl could not create a handle", url: request.url))
        }
        defer { pool.give(handle) }
        var current = request
        var hops = 0
        while true {
            guard let origin = Origin(current.url) else {
                return .failure(
                    HTTPError(code: .invalidRequest, message: "not an absolute http(s) url", url: current.url))
            }
            let transfer = CurlTransfer(
                handle: handle, request: current, configuration: configuration, downloadPath: downloadPath,
                onBody: onBody, cancellation: cancellation)
            let outcome = transfer.perform()
            guard case .success(let response) = outcome else {
                if let downloadPath { unlink(downloadPath) }
                return outcome
            }
            guard [301, 302, 303, 307, 308].contains(response.status), let location = transfer.redirectURL else {
                return outcome
            }
            hops += 1
            guard hops <= configuration.maxRedirects else {
                return .failure(
                    HTTPError(
                        code: .redirect, message: "more than \(configuration.maxRedirects) redirects",
                        url: request.url))
            }
            guard let next = Origin(location) else {
                return .failure(
                    HTTPError(code: .redirect, message: "redirect to unsupported url '\(location)'", url: current.url))
            }
            if next != origin {
                current.headers.remove("Authorization")
                current.headers.remove("Cookie")
            }
            if response.status == 303 || (response.status != 307 && response.status != 308 && current.method == "POST")
            {
                current.method = current.method == "HEAD" ? "HEAD" : "GET"
                current.body = nil
            }
            current.url = location
        }
    }
}

/// Scheme, host and port of a URL: what decides whether credentials may follow a redirect.
struct Origin: Hashable {
    var scheme: String
    var host: String
    var port: Int

    init?(_ url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
    }
}

/// Set from the task's cancellation handler, read by libcurl's progress callback on the transfer thread.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func cancel() { flag.store(true, ordering: .relaxed) }

    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
