import Foundation
import HTTPClient
import Model
import Synchronization

/// Talks to one registry for one repository: finds its scheme, authenticates on demand (Basic, or Bearer
/// tokens from the `WWW-Authenticate` realm), and retries 429 / 5xx / dropped connections with backoff.
final class RegistrySession: Sendable {
    let reference: ImageReference
    private let options: SourceOptions
    private let policy: RetryPolicy
    private let http: HTTPClient
    private let allowPlainHTTP: Bool
    private let credentials: DockerCredentialStore
    private let state = Mutex(State())

    private struct State {
        var baseURL: String?
        var authorization: String?
        var credentialResolved = false
        var credential: RegistryCredential?
    }

    /// The largest manifest, token or error body read into memory.
    static let maxDocumentBytes = 4 << 20

    init(reference: ImageReference, options: SourceOptions, environment: [String: String]) {
        self.reference = reference
        self.options = options
        policy = RetryPolicy(retries: max(0, options.retries))
        let insecure = Self.isListed(reference, in: options.insecureRegistries)
        allowPlainHTTP = insecure || reference.isLoopback
        http = HTTPClient(
            configuration: HTTPClient.Configuration(
                caBundle: options.caBundle, verifyTLS: !insecure, maxBodyBytes: Self.maxDocumentBytes,
                userAgent: "plimsoll (registry client)"))
        credentials = DockerCredentialStore(options: options, environment: environment)
    }

    /// Whether `--insecure-registry` names this registry (`host:port`, or `host` for any port).
    static func isListed(_ reference: ImageReference, in entries: [String]) -> Bool {
        entries.contains { entry in
            var text = Substring(entry.lowercased())
            for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
            while text.hasSuffix("/") { text = text.dropLast() }
            let registry = reference.registry.lowercased()
            return text == registry || text == reference.hostName.lowercased()
                || (registry == "docker.io" && text == "registry-1.docker.io")
        }
    }

    /// Where download progress goes.
    var progressHandler: (@Sendable (ProgressEvent) -> Void)? { options.progress }

    // MARK: Requests

    /// GETs `path` (under `/v2/<repository>/`) and returns a 2xx response; everything else becomes an error.
    /// With `downloadTo`, a 2xx body is streamed to that file through `makeSink()`'s sink (fresh per attempt).
    func get(
        _ path: String, accept: String? = nil, what: String, notFound: RegistryError.Code,
        downloadTo: String? = nil, makeSink: (@Sendable () -> BlobSink)? = nil
    ) async throws(RegistryError) -> HTTPResponse {
        let base = try await baseURL()
        var authenticated = false
        while true {
            var headers = HTTPHeaders()
            if let accept { headers.add("Accept", accept) }
            if let authorization = state.withLock({ $0.authorization }) { headers.add("Authorization", authorization) }
            let request = HTTPRequest(url: "\(base)/v2/\(reference.repository)/\(path)", headers: headers)
            let response = try await sendWithRetry(request, what: what, downloadTo: downloadTo, makeSink: makeSink)
            switch response.status {
            case 200..<300:
                return response
            case 401:
                if authenticated { throw await unauthorized(response, what: what) }
                authenticated = true
                try await authenticate(after: response, what: what)
            case 403:
                throw RegistryError(
                    .denied,
                    "access to \(what) denied by \(reference.registry) (HTTP 403\(Self.registryMessage(response)))")
            case 404:
                throw RegistryError(
                    notFound, "\(what) not found in \(reference.registry) (HTTP 404\(Self.registryMessage(response)))")
            default:
                throw RegistryError(
                    .unexpectedStatus,
                    "\(reference.registry) answered HTTP \(response.status) for \(what)\(Self.registryMessage(response))"
                )
            }
        }
    }

    /// Sends `request`, retrying dropped connections, timeouts, 429 and 5xx; returns the last HTTP response.
    private func sendWithRetry(
        _ request: HTTPRequest, what: String, downloadTo: String? = nil, makeSink: (@Sendable () -> BlobSink)? = nil,
        retries: Int? = nil
    ) async throws(RegistryError) -> HTTPResponse {
        let retries = retries ?? policy.retries
        var attempt = 0
        while true {
            let sink = makeSink?()
            var onBody: HTTPClient.BodyHandler?
            if let sink {
                onBody = { bytes in try sink.consume(bytes) }
            }
            let outcome: Result<HTTPResponse, HTTPError>
            do {
                if let downloadTo {
                    outcome = .success(try await http.download(request, to: downloadTo, onBody: onBody))
                } else {
                    outcome = .success(try await http.send(request, onBody: onBody))
                }
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let response):
                guard [429, 500, 502, 503, 504].contains(response.status) else { return response }
                let retryAfter = response.headers["Retry-After"].flatMap { RetryPolicy.parseRetryAfter($0) }
                let status =
                    "\(reference.registry) answered HTTP \(response.status) for \(what)\(Self.registryMessage(response))"
                if let retryAfter, retryAfter > policy.maxRetryAfter {
                    throw RegistryError(
                        .unavailable,
                        "\(status); it asks to retry after \(Int(retryAfter)) s, longer than the \(Int(policy.maxRetryAfter)) s a pull waits"
                    )
                }
                guard attempt < retries else {
                    throw RegistryError(.unavailable, "\(status) (gave up after \(attempt + 1) attempts)")
                }
                try await pause(policy.delay(attempt: attempt, retryAfter: retryAfter))
            case .failure(let error):
                if error.code == .aborted, let underlying = error.underlying as? RegistryError { throw underlying }
                if error.code == .cancelled { throw RegistryError(.network, "pull of \(what) was cancelled") }
                if error.code == .certificate {
                    throw RegistryError(
                        .network,
                        "TLS certificate of \(reference.registry) is not trusted: \(error.message) (pass a CA bundle with --ca-bundle / PLIMSOLL_REGISTRY_CA, or --insecure-registry \(reference.registry))"
                    )
                }
                // A server that stalled for the whole low-speed window gets one more chance, not `retries`
                // more minutes of silence.
                let allowed = error.code == .timedOut ? min(retries, 1) : retries
                guard error.isTransient, attempt < allowed else {
                    let tries = attempt > 0 ? " (gave up after \(attempt + 1) attempts)" : ""
                    throw RegistryError(
                        .network, "cannot fetch \(what) from \(reference.registry): \(error.message)\(tries)")
                }
                try await pause(policy.delay(attempt: attempt, retryAfter: nil))
            }
            attempt += 1
        }
    }

    private func pause(_ seconds: Double) async throws(RegistryError) {
        do { try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000)) } catch {
            throw RegistryError(.network, "pull from \(reference.registry) was cancelled")
        }
    }

    // MARK: Scheme

    /// `https://host`, or `http://host` for loopback / insecure registries that don't speak TLS.
    private func baseURL() async throws(RegistryError) -> String {
        if let known = state.withLock({ $0.baseURL }) { return known }
        let host = reference.apiHost
        let secure = "https://\(host)"
        var chosen = secure
        if allowPlainHTTP {
            do {
                _ = try await sendWithRetry(HTTPRequest(url: secure + "/v2/"), what: "the API root", retries: 0)
            } catch {
                // Only "no TLS here" falls back to plain HTTP; an untrusted certificate stays an error.
                if error.message.hasPrefix("TLS certificate") { throw error }
                chosen = "http://\(host)"
                _ = try await sendWithRetry(HTTPRequest(url: chosen + "/v2/"), what: "the API root")
            }
        } else {
            _ = try await sendWithRetry(HTTPRequest(url: secure + "/v2/"), what: "the API root")
        }
        state.withLock { $0.baseURL = chosen }
        return chosen
    }

    // MARK: Authentication

    private func credential() async throws(RegistryError) -> RegistryCredential? {
        if let resolved = state.withLock({ $0.credentialResolved ? Optional($0.credential) : nil }) { return resolved }
        let found = try await credentials.credential(for: reference.registry)
        state.withLock {
            $0.credentialResolved = true
            $0.credential = found
        }
        return found
    }

    private func authenticate(after response: HTTPResponse, what: String) async throws(RegistryError) {
        guard let header = response.headers["WWW-Authenticate"], let challenge = AuthChallenge(header: header) else {
            throw RegistryError(
                .unauthorized, "\(reference.registry) answered HTTP 401 for \(what) without an authentication challenge"
            )
        }
        let credential = try await credential()
        let authorization: String
        switch challenge.scheme {
        case "basic":
            guard let credential, let username = credential.username else { throw missingCredentials(what) }
            authorization = "Basic " + Data("\(username):\(credential.password ?? "")".utf8).base64EncodedString()
        case "bearer":
            authorization = "Bearer " + (try await fetchToken(challenge, credential: credential))
        default:
            throw RegistryError(
                .unauthorized, "\(reference.registry) asks for unsupported authentication scheme '\(challenge.scheme)'")
        }
        state.withLock { $0.authorization = authorization }
    }

    /// Asks the token server named by a Bearer challenge for a pull token (the Docker token flow).
    private func fetchToken(_ challenge: AuthChallenge, credential: RegistryCredential?) async throws(RegistryError)
        -> String
    {
        guard let realm = challenge.parameters["realm"], var components = URLComponents(string: realm),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let realmHost = components.host
        else {
            throw RegistryError(
                .unauthorized, "\(reference.registry) sent a Bearer challenge without a usable realm: '\(challenge)'")
        }
        let realmIsLocal = realmHost == "localhost" || realmHost.hasPrefix("127.") || realmHost == "::1"
        guard scheme == "https" || allowPlainHTTP || realmIsLocal else {
            throw RegistryError(
                .unauthorized, "token realm '\(realm)' is plain HTTP; refusing to send credentials there")
        }
        let scopes = (challenge.parameters["scope"] ?? "repository:\(reference.repository):pull")
            .split(separator: " ").map(String.init)
        var request = HTTPRequest(url: realm)
        if let identityToken = credential?.identityToken {
            var form = URLComponents()
            form.queryItems =
                [
                    URLQueryItem(name: "grant_type", value: "refresh_token"),
                    URLQueryItem(name: "refresh_token", value: identityToken),
                    URLQueryItem(name: "client_id", value: "plimsoll"),
                ] + (challenge.parameters["service"].map { [URLQueryItem(name: "service", value: $0)] } ?? [])
                + scopes.map { URLQueryItem(name: "scope", value: $0) }
            request.method = "POST"
            request.headers.add("Content-Type", "application/x-www-form-urlencoded")
            request.body = Array((form.percentEncodedQuery ?? "").utf8)
        } else {
            var items = components.queryItems ?? []
            if let service = challenge.parameters["service"] {
                items.append(URLQueryItem(name: "service", value: service))
            }
            items += scopes.map { URLQueryItem(name: "scope", value: $0) }
            components.queryItems = items
            request.url = components.string ?? realm
            if let credential, let username = credential.username {
                let basic = Data("\(username):\(credential.password ?? "")".utf8).base64EncodedString()
                request.headers.add("Authorization", "Basic " + basic)
            }
        }
        let response = try await sendWithRetry(request, what: "a token from \(realm)")
        switch response.status {
        case 200..<300: break
        case 401, 403:
            let who = credential.map { "credentials from \($0.source)" } ?? "anonymous access"
            throw RegistryError(
                .unauthorized,
                "token server '\(realm)' rejected \(who) for \(reference.repository) (HTTP \(response.status)\(Self.registryMessage(response)))"
            )
        default:
            throw RegistryError(
                .unauthorized,
                "token server '\(realm)' answered HTTP \(response.status)\(Self.registryMessage(response))")
        }
        struct TokenAnswer: Decodable {
            var token: String?
            var access_token: String?
        }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(response.body)),
            let token = answer.token ?? answer.access_token, !token.isEmpty,
            token.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else {
            throw RegistryError(.unauthorized, "token server '\(realm)' answered without a usable token")
        }
        return token
    }

    private func missingCredentials(_ what: String) -> RegistryError {
        RegistryError(
            .unauthorized,
            "\(reference.registry) requires authentication for \(what) and no credentials were found (use --username/--password, PLIMSOLL_REGISTRY_USERNAME/PLIMSOLL_REGISTRY_PASSWORD, or docker login)"
        )
    }

    private func unauthorized(_ response: HTTPResponse, what: String) async -> RegistryError {
        let credential = state.withLock { $0.credential }
        guard let credential else { return missingCredentials(what) }
        return RegistryError(
            .unauthorized,
            "\(reference.registry) rejected the credentials from \(credential.source) for \(what) (HTTP 401\(Self.registryMessage(response)))"
        )
    }

    /// `: CODE: message` from a registry's `{"errors":[…]}` body, or a short plain-text body; empty when none.
    static func registryMessage(_ response: HTTPResponse) -> String {
        struct Errors: Decodable {
            struct Entry: Decodable {
                var code: String?
                var message: String?
            }
            var errors: [Entry]?
        }
        if let decoded = try? JSONDecoder().decode(Errors.self, from: Data(response.body)),
            let first = decoded.errors?.first
        {
            let text = [first.code, first.message].compactMap { $0 }.joined(separator: ": ")
            return text.isEmpty ? "" : ": " + String(text.prefix(200))
        }
        let text = response.bodyText(limit: 120).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let printable = text.allSatisfy { $0.isASCII && !$0.isNewline && ($0 == " " || !$0.isWhitespace) }
        return text.isEmpty || !printable ? "" : ": " + text
    }
}

extension AuthChallenge: CustomStringConvertible {
    var description: String {
        scheme + " " + parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",")
    }
}
