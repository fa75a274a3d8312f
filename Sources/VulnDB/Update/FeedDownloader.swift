/// Fetches one URL into a file: the transport `FeedUpdater` uses (HTTP with retries in production).
public protocol FeedDownloader: Sendable {
    /// Downloads `url` into the file at `path` (created or replaced); throws when the transfer fails after the
    /// downloader's own retries, with a message naming the URL and what happened (status, timeout, truncation).
    func download(_ url: String, to path: String) async throws
}
