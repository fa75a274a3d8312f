import CCurl
import Foundation

/// One request/response exchange on an easy handle (no redirect following): sets the options, receives
/// headers and body through libcurl's callbacks, and maps libcurl's result to a response or an `HTTPError`.
///
/// Lives on the transfer thread only; libcurl's callbacks reach it through an unretained pointer that is
/// valid for the duration of `perform()`.
final class CurlTransfer {
    private let handle: CurlHandle
    private let request: HTTPRequest
    private let configuration: HTTPClient.Configuration
    private let downloadPath: String?
    private let onBody: HTTPClient.BodyHandler?
    private let cancellation: CancellationFlag

    private var fields: [HTTPHeaders.Field] = []
    private var body: [UInt8] = []
    private var bodyLength: Int64 = 0
    private var sinkChosen = false
    private var streamToFile = false
    private var isSuccess = false
    private var fileDescriptor: Int32 = -1
    private var failure: HTTPError?
    /// Where the server redirected to (absolute), read after `perform()`.
    private(set) var redirectURL: String?

    init(
        handle: CurlHandle, request: HTTPRequest, configuration: HTTPClient.Configuration, downloadPath: String?,
        onBody: HTTPClient.BodyHandler?, cancellation: CancellationFlag
    ) {
        self.handle = handle
        self.request = request
        self.configuration = configuration
        self.downloadPath = downloadPath
        self.onBody = onBody
        self.cancellation = cancellation
    }

    func perform() -> Result<HTTPResponse, HTTPError> {
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: plimsoll_curl_error_size)
        errorBuffer.initialize(repeating: 0, count: plimsoll_curl_error_size)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer {
            errorBuffer.deallocate()
            curl_slist_free_all(headerList)
            if fileDescriptor >= 0 { close(fileDescriptor) }
        }
        let raw = handle.raw
        // Options stick to a handle: start each exchange (each redirect hop) from a clean slate.
        curl_easy_reset(raw)
        let context = Unmanaged.passUnretained(self).toOpaque()
        var setupFailed = false
        func check(_ code: CURLcode) { if code != CURLE_OK { setupFailed = true } }

        check(plimsoll_curl_setopt_string(raw, CURLOPT_URL, request.url))
        check(plimsoll_curl_setopt_string(raw, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(plimsoll_curl_setopt_long(raw, CURLOPT_NOSIGNAL, 1))
        check(plimsoll_curl_setopt_long(raw, CURLOPT_FOLLOWLOCATION, 0))
        check(plimsoll_curl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer))
        check(plimsoll_curl_setopt_string(raw, CURLOPT_USERAGENT, configuration.userAgent))
        check(plimsoll_curl_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000)))
        check(plimsoll_curl_setopt_long(raw, CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedLimit))
        check(plimsoll_curl_setopt_long(raw, CURLOPT_LOW_SPEED_TIME, configuration.lowSpeedTime))
        if let total = configuration.totalTimeout {
            check(plimsoll_curl_setopt_long(raw, CURLOPT_TIMEOUT_MS, Int(total * 1000)))
        }
        if configuration.http2 {
            check(plimsoll_curl_setopt_long(raw, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)))
        }
        if let bundle = configuration.caBundle {
            check(plimsoll_curl_setopt_string(raw, CURLOPT_CAINFO, bundle))
            // CAINFO replaces the default bundle; keep the system's store trusted as well.
            if FileManager.default.fileExists(atPath: "/etc/ssl/certs") {
                check(plimsoll_curl_setopt_string(raw, CURLOPT_CAPATH, "/etc/ssl/certs"))
            }
        }
        check(plimsoll_curl_setopt_long(raw, CURLOPT_SSL_VERIFYPEER, configuration.verifyTLS ? 1 : 0))
        check(plimsoll_curl_setopt_long(raw, CURLOPT_SSL_VERIFYHOST, configuration.verifyTLS ? 2 : 0))

        switch request.method {
        case "GET": check(plimsoll_curl_setopt_long(raw, CURLOPT_HTTPGET, 1))
        case "HEAD": check(plimsoll_curl_setopt_long(raw, CURLOPT_NOBODY, 1))
        default: check(plimsoll_curl_setopt_string(raw, CURLOPT_CUSTOMREQUEST, request.method))
        }
        if let requestBody = request.body ?? (request.method == "POST" ? [] : nil) {
            check(plimsoll_curl_setopt_long(raw, CURLOPT_POSTFIELDSIZE, requestBody.count))
            // COPYPOSTFIELDS copies the bytes now, so the buffer need not outlive this call.
            var terminated = requestBody
            terminated.append(0)
            terminated.withUnsafeMutableBytes { bytes in
                check(plimsoll_curl_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress))
            }
        }
        for field in request.headers {
            // "Name;" is curl's way to send a header with an empty value.
            let line = field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)"
            guard let appended = curl_slist_append(headerList, line) else {
                setupFailed = true
                break
            }
            headerList = appended
        }
        check(plimsoll_curl_setopt_pointer(raw, CURLOPT_HTTPHEADER, headerList))

        check(plimsoll_curl_setopt_pointer(raw, CURLOPT_HEADERDATA, context))
        check(
            plimsoll_curl_setopt_header_function(raw) { data, size, count, user in
                guard let user else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
                transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
                return size * count
            })
        check(plimsoll_curl_setopt_pointer(raw, CURLOPT_WRITEDATA, context))
        check(
            plimsoll_curl_setopt_write_function(raw) { data, size, count, user in
                guard let user else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
                return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
                    ? size * count : 0
            })
        check(plimsoll_curl_setopt_long(raw, CURLOPT_NOPROGRESS, 0))
        check(plimsoll_curl_setopt_pointer(raw, CURLOPT_XFERINFODATA, context))
        check(
            plimsoll_curl_setopt_xferinfo_function(raw) { user, _, _, _, _ in
                guard let user else { return 1 }
                return Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue().cancellation.isCancelled ? 1 : 0
            })
        if setupFailed {
            return .failure(HTTPError(code: .invalidRequest, message: "libcurl rejected an option", url: request.url))
        }
        if cancellation.isCancelled {
            return .failure(HTTPError(code: .cancelled, message: "cancelled", url: request.url))
        }

        let code = curl_easy_perform(raw)
        if let failure { return .failure(failure) }
        if code != CURLE_OK {
            let detail = String(cString: errorBuffer)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return .failure(
                HTTPError(
                    code: Self.errorCode(for: code), message: message, url: request.url, curlCode: Int32(code.rawValue))
            )
        }
        var status = 0
        _ = plimsoll_curl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status)
        var location: UnsafeMutablePointer<CChar>?
        if plimsoll_curl_getinfo_string(raw, CURLINFO_REDIRECT_URL, &location) == CURLE_OK, let location {
            redirectURL = String(cString: location)
        }
        if !sinkChosen, let downloadPath, (200..<300).contains(status), request.method != "HEAD" {
            // An empty 2xx body still yields a (empty) file.
            guard openFile(downloadPath) else { return .failure(failure ?? fileError(downloadPath)) }
        }
        return .success(
            HTTPResponse(
                status: status, headers: HTTPHeaders(fields), body: body, url: request.url, bodyLength: bodyLength))
    }

    private func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        // Trim on bytes: "\r\n" is a single Character in Swift, so hasSuffix("\n") would not see it.
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new status line (after 100 Continue or a proxy's CONNECT reply): earlier fields were not ours.
            fields.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            fields.append(HTTPHeaders.Field(name: name, value: value))
        }
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if !sinkChosen {
            sinkChosen = true
            var status = 0
            _ = plimsoll_curl_getinfo_long(handle.raw, CURLINFO_RESPONSE_CODE, &status)
            isSuccess = (200..<300).contains(status)
            if isSuccess, let downloadPath {
                guard openFile(downloadPath) else { return false }
                streamToFile = true
            }
        }
        if streamToFile {
            guard writeAll(bytes) else { return false }
        } else {
            guard body.count + bytes.count <= configuration.maxBodyBytes else {
                failure = HTTPError(
                    code: .responseTooLarge,
                    message: "response body larger than \(configuration.maxBodyBytes) bytes", url: request.url)
                return false
            }
            body.append(contentsOf: bytes)
        }
        bodyLength += Int64(bytes.count)
        if isSuccess, let onBody {
            do { try onBody(bytes) } catch {
                failure = HTTPError(code: .aborted, message: "\(error)", url: request.url, underlying: error)
                return false
            }
        }
        return true
    }

    private func openFile(_ path: String) -> Bool {
        fileDescriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fileDescriptor < 0 {
            failure = fileError(path)
            return false
        }
        return true
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard var base = bytes.baseAddress else { return true }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(fileDescriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                failure = fileError(downloadPath ?? "")
                return false
            }
            remaining -= written
            base += written
        }
        return true
    }

    private func fileError(_ path: String) -> HTTPError {
        HTTPError(
            code: .fileIO, message: "cannot write '\(path)': \(String(cString: strerror(errno)))", url: request.url)
    }

    private static func errorCode(for code: CURLcode) -> HTTPError.Code {
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: .invalidRequest
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .resolveFailed
        case CURLE_COULDNT_CONNECT: .connectFailed
        case CURLE_OPERATION_TIMEDOUT: .timedOut
        case CURLE_SSL_CONNECT_ERROR: .tlsHandshake
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR:
            .certificate
        case CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM,
            CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING:
            .connectionLost
        case CURLE_ABORTED_BY_CALLBACK: .cancelled
        default: .other
        }
    }
}
