import Foundation

/// How long to wait before trying a request again: exponential backoff with jitter, or what the server's
/// `Retry-After` says (plus a little jitter so that many clients don't return in step).
struct RetryPolicy: Sendable {
    /// Retries after the first attempt.
    var retries: Int
    /// The first backoff in seconds; it doubles each time.
    var baseDelay: Double = 0.5
    /// The longest backoff in seconds.
    var maxDelay: Double = 10
    /// The longest `Retry-After` honoured; a longer one ends the pull with an error instead of a hang.
    var maxRetryAfter: Double = 60

    /// The wait before retry number `attempt` (0-based); `retryAfter` is the server's request, if any.
    func delay(attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter {
            return retryAfter + Double.random(in: 0...max(0.05, retryAfter * 0.1))
        }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(min(attempt, 30))))
        // "Equal jitter": at least half the backoff, so retries never bunch up at zero.
        return ceiling / 2 + Double.random(in: 0...(ceiling / 2))
    }

    /// Parses a `Retry-After` value: delta seconds or an HTTP date; nil when it is neither.
    static func parseRetryAfter(_ value: String, now: Date = Date()) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return seconds >= 0 ? Double(seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
