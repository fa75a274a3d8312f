/// A final (non-redirect) HTTP response.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code, e.g. 200.
    public var status: Int
    /// The header fields of the final response.
    public var headers: HTTPHeaders
    /// The body when it was kept in memory; empty when it was streamed to a file.
    public var body: [UInt8]
    /// The URL that answered, after redirects.
    public var url: String
    /// The number of body bytes received (in memory or written to the file).
    public var bodyLength: Int64

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders, body: [UInt8], url: String, bodyLength: Int64) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.bodyLength = bodyLength
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text (invalid bytes replaced), shortened to `limit` characters for messages.
    public func bodyText(limit: Int = 300) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
