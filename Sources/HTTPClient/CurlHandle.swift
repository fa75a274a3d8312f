import CCurl
import Synchronization

/// Owns one libcurl easy handle.
///
/// `@unchecked Sendable`: a handle is used by one transfer at a time; the pool hands it out under a lock.
final class CurlHandle: @unchecked Sendable {
    /// libcurl's process-wide initialisation, done once before the first handle.
    static let globalInit: CURLcode = plimsoll_curl_global_init_all()

    let raw: UnsafeMutableRawPointer

    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
    }

    deinit { curl_easy_cleanup(raw) }
}

/// Idle handles kept for reuse, so that keep-alive connections (and TLS sessions) survive between requests.
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[CurlHandle]>([])
    private static let maxIdle = 8

    func take() -> CurlHandle? {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return CurlHandle()
    }

    func give(_ handle: CurlHandle) {
        // Reset clears options but keeps the connection cache.
        curl_easy_reset(handle.raw)
        idle.withLock { handles in
            if handles.count < Self.maxIdle { handles.append(handle) }
        }
    }
}
