public import Model

/// A registry image reference normalised as Docker does: `alpine:3.19` is `docker.io/library/alpine:3.19`.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// The registry as written (`docker.io`, `ghcr.io`, `localhost:5000`), without scheme.
    public var registry: String
    /// The repository path, e.g. `library/alpine`.
    public var repository: String
    /// The tag; `latest` when neither tag nor digest was given.
    public var tag: String?
    /// The manifest digest when the reference pins one (it wins over the tag).
    public var digest: Digest?

    /// Parses `reference`; a bare name gets `docker.io`, `library/` and `latest` as Docker does.
    public init(parsing reference: String) throws(RegistryError) {
        func invalid(_ why: String) -> RegistryError {
            RegistryError(.invalidReference, "invalid image reference '\(reference.prefix(300))': \(why)")
        }
        var rest = Substring(reference)
        guard !rest.isEmpty else { throw invalid("it is empty") }
        guard rest.utf8.count <= 1024 else { throw invalid("it is longer than 1024 characters") }
        guard !rest.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw invalid("it contains whitespace")
        }
        if let at = rest.firstIndex(of: "@") {
            let digestText = String(rest[rest.index(after: at)...])
            do { digest = try Digest(parsing: digestText) } catch { throw invalid(error.description) }
            rest = rest[..<at]
        }
        // A colon after the last slash starts the tag; one before it belongs to host:port.
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            let tagText = String(rest[rest.index(after: colon)...])
            guard Self.isValidTag(tagText) else {
                throw invalid("tag '\(tagText.prefix(200))' is not valid (expected [A-Za-z0-9_][A-Za-z0-9_.-]{0,127})")
            }
            tag = tagText
            rest = rest[..<colon]
        }
        let name = String(rest)
        guard !name.isEmpty else { throw invalid("the repository name is empty") }
        var domain = "docker.io"
        var path = name
        if let slash = name.firstIndex(of: "/") {
            let first = String(name[..<slash])
            if first.contains(".") || first.contains(":") || first == "localhost" || first.lowercased() != first {
                domain = first
                path = String(name[name.index(after: slash)...])
            }
        }
        guard Self.isValidDomain(domain) else { throw invalid("registry host '\(domain)' is not valid") }
        if domain == "index.docker.io" { domain = "docker.io" }
        if domain == "docker.io", !path.contains("/") { path = "library/" + path }
        guard path.utf8.count <= 255 else { throw invalid("the repository name is longer than 255 characters") }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard Self.isValidPathComponent(component) else {
                throw invalid(
                    "repository component '\(component.prefix(100))' is not valid (lowercase letters, digits and separators . _ __ -)"
                )
            }
        }
        registry = domain
        repository = path
        if tag == nil, digest == nil { tag = "latest" }
    }

    /// `registry/repository[:tag][@digest]`.
    public var description: String {
        var text = "\(registry)/\(repository)"
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }

    /// The tag or digest to ask the registry for; the digest wins.
    var manifestReference: String { digest?.description ?? tag ?? "latest" }

    /// Where the API lives: Docker Hub's API is not at `docker.io`.
    var apiHost: String { registry == "docker.io" ? "registry-1.docker.io" : registry }

    /// The host without its port (IPv6 brackets removed).
    var hostName: String {
        var host = Substring(registry)
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            return String(host[host.index(after: host.startIndex)..<close])
        }
        if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        return String(host)
    }

    /// Whether the registry is on this machine (plain HTTP is allowed there, as Docker does).
    var isLoopback: Bool {
        let host = hostName.lowercased()
        return host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host.hasPrefix("127.")
    }

    private static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        guard let first = bytes.first, bytes.count <= 128, isWord(first) else { return false }
        return bytes.allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    private static func isWord(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_")
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`, as in distribution's reference grammar.
    private static func isValidPathComponent(_ component: Substring) -> Bool {
        let bytes = Array(component.utf8)
        guard let first = bytes.first, let last = bytes.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last)
        else { return false }
        var index = 0
        while index < bytes.count {
            if isLowerAlphanumeric(bytes[index]) {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, !isLowerAlphanumeric(bytes[end]) { end += 1 }
            let separator = bytes[index..<end]
            let valid =
                separator.elementsEqual([UInt8(ascii: ".")]) || separator.elementsEqual([UInt8(ascii: "_")])
                || separator.elementsEqual([UInt8(ascii: "_"), UInt8(ascii: "_")])
                || separator.allSatisfy { $0 == UInt8(ascii: "-") }
            guard valid else { return false }
            index = end
        }
        return true
    }

    /// Host names (`a.b-c.d`), IPv4, `[IPv6]`, each with an optional `:port`.
    private static func isValidDomain(_ domain: String) -> Bool {
        var host = Substring(domain)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let inside = host[host.index(after: host.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
            host = host[host.index(after: close)...]
            if host.isEmpty { return true }
            guard host.hasPrefix(":") else { return false }
            let port = host.dropFirst()
            return !port.isEmpty && port.count <= 5 && port.allSatisfy(\.isASCIIDigit)
        }
        if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCIIDigit) else { return false }
            host = host[..<colon]
        }
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        for label in host.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
            let alnum: (UInt8) -> Bool = {
                isLowerAlphanumeric($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
            }
            guard alnum(first), alnum(last), bytes.allSatisfy({ alnum($0) || $0 == UInt8(ascii: "-") }) else {
                return false
            }
        }
        return true
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
