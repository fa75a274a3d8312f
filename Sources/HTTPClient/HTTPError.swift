/// Why an HTTP request could not produce a response (HTTP error statuses are responses, not errors).
public struct HTTPError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure it was.
    public enum Code: Sendable, Hashable {
        /// The URL or request could not be used (bad scheme, malformed URL).
        case invalidRequest
        /// The host name did not resolve.
        case resolveFailed
        /// The TCP connection could not be made.
        case connectFailed
        /// The connect timeout or the low-speed limit fired.
        case timedOut
        /// The TLS handshake failed for a reason other than the certificate.
        case tlsHandshake
        /// The server's certificate was not trusted (or the CA bundle could not be read).
        case certificate
        /// The connection dropped or the server sent a broken response.
        case connectionLost
        /// More redirects than allowed, or a redirect to a non-HTTP URL.
        case redirect
        /// An in-memory body grew past the configured limit.
        case responseTooLarge
        /// The download file could not be written.
        case fileIO
        /// The body callback threw; `underlying` holds what it threw.
        case aborted
        /// The calling task was cancelled.
        case cancelled
        /// Any other libcurl failure.
        case other
    }

    /// What kind of failure it was.
    public var code: Code
    /// The libcurl (or system) message.
    public var message: String
    /// The URL the request was for.
    public var url: String
    /// libcurl's `CURLcode`, when libcurl reported the failure.
    public var curlCode: Int32?
    /// The error a body callback threw, for `.aborted`.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, url: String, curlCode: Int32? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.url = url
        self.curlCode = curlCode
        self.underlying = underlying
    }

    /// Whether trying again may succeed: dropped connections, timeouts, refused connections.
    public var isTransient: Bool {
        switch code {
        case .connectFailed, .timedOut, .connectionLost: true
        default: false
        }
    }

    public var description: String {
        if code == .aborted, let underlying { return "\(underlying)" }
        return "request to '\(url)' failed: \(message)"
    }
}
