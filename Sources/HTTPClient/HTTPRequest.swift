/// One HTTP request: method, absolute URL, headers and an optional body.
public struct HTTPRequest: Sendable, Hashable {
    /// The method, e.g. `GET`, `HEAD`, `POST`.
    public var method: String
    /// An absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields to send; `Authorization` is dropped when a redirect leaves the origin.
    public var headers: HTTPHeaders
    /// The body to send, if any.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String = "GET", url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
