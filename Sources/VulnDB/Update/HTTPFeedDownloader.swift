import Foundation
public import HTTPClient

/// Downloads feeds over HTTP(S) with the project's libcurl client: retries dropped connections, timeouts,
/// 429 and 5xx answers with exponential backoff (honouring a `Retry-After` in seconds, with jitter), and
/// rejects a body shorter than its `Content-Length`.
public struct HTTPFeedDownloader: FeedDownloader {
    /// The client (timeouts, CA bundle, proxies from the environment).
    public var client: HTTPClient
    /// How many times a failed request is tried again.
    public var retries: Int
    /// The first backoff; doubled on each further attempt.
    public var initialBackoff: Duration
    /// The longest `Retry-After` honoured; a server asking for more fails the download.
    public var maxRetryAfter: Duration

    /// Creates a downloader.
    public init(
        client: HTTPClient = HTTPClient(), retries: Int = 3, initialBackoff: Duration = .seconds(1),
        maxRetryAfter: Duration = .seconds(120)
    ) {
        self.client = client
        self.retries = retries
        self.initialBackoff = initialBackoff
        self.maxRetryAfter = maxRetryAfter
    }

    public func download(_ url: String, to path: String) async throws {
        var attempt = 0
        while true {
            var problem = ""
            var retryAfter: Duration?
            do {
                let response = try await client.download(HTTPRequest(url: url), to: path)
                if response.isSuccess {
                    if let declared = response.headers["Content-Length"].flatMap({ Int64($0) }),
                        declared != response.bodyLength
                    {
                        problem = "truncated download: \(response.bodyLength) of \(declared) bytes"
                    } else {
                        return
                    }
                } else {
                    problem = "HTTP \(response.status) \(response.bodyText(limit: 120))"
                    guard response.status == 429 || response.status >= 500 else {
                        throw DownloadFailure(message: problem)
                    }
                    retryAfter = response.headers["Retry-After"].flatMap { Int($0) }.map { .seconds($0) }
                }
            } catch let error as HTTPError {
                let text = Self.describe(error)
                guard error.isTransient else { throw DownloadFailure(message: text) }
                problem = text
            }
            attempt += 1
            guard attempt <= retries else {
                throw DownloadFailure(message: "\(problem) (after \(attempt) attempts)")
            }
            if let retryAfter, retryAfter > maxRetryAfter {
                throw DownloadFailure(message: "\(problem); it asks to retry after \(retryAfter), longer than allowed")
            }
            let backoff = initialBackoff * (1 << min(attempt - 1, 6))
            let jitter = Duration.milliseconds(Int.random(in: 0...250))
            try await Task.sleep(for: max(retryAfter ?? .zero, backoff) + jitter)
        }
    }

    /// The error as `timed out: …`, `connection lost: …`, naming the kind before libcurl's words.
    static func describe(_ error: HTTPError) -> String {
        let kind: String
        switch error.code {
        case .timedOut: kind = "timed out"
        case .connectionLost: kind = "connection lost"
        case .connectFailed: kind = "connection failed"
        case .resolveFailed: kind = "host not found"
        case .certificate, .tlsHandshake: kind = "tls failed"
        default: kind = "request failed"
        }
        return kind + ": " + error.message.lowercased()
    }

    /// A download that failed for good.
    struct DownloadFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
