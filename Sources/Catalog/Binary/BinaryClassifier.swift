import Foundation

/// One rule that recognises a program or library by file name and reads its version from the bytes.
public struct BinaryClassifier: Sendable {
    /// The rule's name, recorded as `metadata["classifier"]` (syft's class names where syft has the rule).
    public var className: String
    /// The package name reported, e.g. `openssl`.
    public var packageName: String
    /// The purl namespace, e.g. `oracle` for `pkg:generic/oracle/openjdk`.
    public var purlNamespace: String?
    /// NVD vendor:product pairs for the package's CPEs.
    public var cpeProducts: [(vendor: String, product: String)]
    /// Whether the rule applies to a file called `name`.
    public var appliesTo: @Sendable (_ name: String) -> Bool
    /// The version in `bytes` of the file called `name`, or nil.
    public var version: @Sendable (_ bytes: [UInt8], _ name: String) -> String?

    /// Every built-in rule.
    public static let all: [BinaryClassifier] = [
        BinaryClassifier(
            className: "busybox-binary", packageName: "busybox", cpeProducts: [("busybox", "busybox")],
            appliesTo: { $0 == "busybox" },
            version: { bytes, _ in VersionScanner.version(after: "BusyBox v", in: bytes) }),
        BinaryClassifier(
            className: "openssl-binary", packageName: "openssl", cpeProducts: [("openssl", "openssl")],
            appliesTo: { $0 == "openssl" },
            version: { bytes, _ in openSSLVersion(bytes) }),
        BinaryClassifier(
            className: "openssl-library", packageName: "openssl", cpeProducts: [("openssl", "openssl")],
            appliesTo: { $0.hasPrefix("libcrypto.so") || $0.hasPrefix("libssl.so") },
            version: { bytes, _ in openSSLVersion(bytes) }),
        BinaryClassifier(
            className: "python-binary", packageName: "python",
            cpeProducts: [("python_software_foundation", "python"), ("python", "python")],
            appliesTo: { pythonPrefix(of: $0) != nil },
            version: { bytes, name in pythonPrefix(of: name).flatMap { pythonVersion(bytes, prefix: $0) } }),
        BinaryClassifier(
            className: "nodejs-binary", packageName: "node", cpeProducts: [("nodejs", "node.js")],
            appliesTo: { $0 == "node" || $0.hasPrefix("libnode.so") },
            version: { bytes, _ in
                VersionScanner.version(after: "node.js/v", in: bytes)
                    ?? VersionScanner.version(after: "node v", in: bytes, precededBy: [0])
            }),
        BinaryClassifier(
            className: "java-binary-openjdk", packageName: "openjdk", purlNamespace: "oracle",
            cpeProducts: [("oracle", "openjdk")],
            appliesTo: { $0 == "java" },
            version: { bytes, _ in
                // "\0openjdk\0java\0<release>\0<version>\0": the version is the second string after "java".
                guard let anchor = ByteSearch.firstIndex(of: Array("\0openjdk\0java\0".utf8), in: bytes) else {
                    return nil
                }
                var start = anchor + 14
                guard let nul = bytes[start..<min(bytes.count, start + 16)].firstIndex(of: 0) else { return nil }
                start = nul + 1
                return VersionScanner.parse(bytes, at: start, minimumParts: 1, maximumParts: 4, suffix: .plusBuild)
            }),
        BinaryClassifier(
            className: "nginx-binary", packageName: "nginx", cpeProducts: [("f5", "nginx"), ("nginx", "nginx")],
            appliesTo: { $0 == "nginx" },
            version: { bytes, _ in
                VersionScanner.version(
                    after: "nginx version: ", in: bytes, precededBy: [0, 0x3F], skipUntil: 0x2F, suffix: .plusBuild)
            }),
        BinaryClassifier(
            className: "httpd-binary", packageName: "httpd", cpeProducts: [("apache", "http_server")],
            appliesTo: { $0 == "httpd" || $0 == "apache2" },
            version: { bytes, _ in VersionScanner.version(after: "Apache/", in: bytes) }),
        BinaryClassifier(
            className: "redis-binary", packageName: "redis", cpeProducts: [("redislabs", "redis"), ("redis", "redis")],
            appliesTo: { $0 == "redis-server" },
            version: { bytes, _ in
                VersionScanner.version(before: "buildkitsandbox-", in: bytes)
                    ?? VersionScanner.version(after: "Redis version ", in: bytes)
                    // Debian's build: the INFO strings sit together, "\0<version>\0" then the atomics API name.
                    ?? VersionScanner.version(before: "\0c11-builtin\0", in: bytes)
                    ?? VersionScanner.version(before: "\0sync-builtin\0", in: bytes)
            }),
        BinaryClassifier(
            className: "postgresql-binary", packageName: "postgresql", cpeProducts: [("postgresql", "postgresql")],
            appliesTo: { $0 == "postgres" },
            version: { bytes, _ in
                VersionScanner.version(
                    after: "PostgreSQL ", in: bytes, precededBy: [0, 0x3F], minimumParts: 1, suffix: .preRelease)
            }),
        BinaryClassifier(
            className: "curl-binary", packageName: "curl", cpeProducts: [("haxx", "curl")],
            appliesTo: { $0 == "curl" || $0.hasPrefix("libcurl.so") },
            version: { bytes, _ in VersionScanner.version(after: "curl/", in: bytes) }),
        BinaryClassifier(
            className: "go-binary", packageName: "go", cpeProducts: [("golang", "go")],
            appliesTo: { $0 == "go" },
            version: { bytes, _ in goToolchainVersion(bytes) }),
    ]

    /// `3.11` for `python3.11` or `libpython3.11.so.1.0`; nil for other names (and for bare `python3`).
    static func pythonPrefix(of name: String) -> String? {
        var rest: Substring
        if name.hasPrefix("libpython") {
            rest = name.dropFirst("libpython".count)
            guard let so = rest.range(of: ".so") else { return nil }
            rest = rest[..<so.lowerBound]
            if rest.last.map({ $0.isLetter }) == true { rest = rest.dropLast() }  // libpython3.8d.so
        } else if name.hasPrefix("python") {
            rest = name.dropFirst("python".count)
        } else {
            return nil
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(rest)
    }

    /// `\0<prefix>[-._a-zA-Z0-9]*\0`, as syft's python template: the full version behind the file-name prefix.
    static func pythonVersion(_ bytes: [UInt8], prefix: String) -> String? {
        let needle = [0] + Array(prefix.utf8)
        var position = 0
        var hits = 0
        while hits < VersionScanner.maximumHits,
            let found = ByteSearch.firstIndex(of: needle, in: bytes, from: position)
        {
            hits += 1
            position = found + 1
            var index = found + needle.count
            while index < bytes.count, index - found < 40,
                ByteSearch.isWord(bytes[index]) || bytes[index] == 0x2D || bytes[index] == 0x2E
            {
                index += 1
            }
            if index < bytes.count, bytes[index] == 0 {
                return String(decoding: bytes[(found + 1)..<index], as: UTF8.self)
            }
        }
        return nil
    }

    static func openSSLVersion(_ bytes: [UInt8]) -> String? {
        VersionScanner.version(after: "OpenSSL ", in: bytes, precededBy: [0], suffix: .openSSL)
    }

    /// `go1.21.3\0` (also `go1.22beta1`, `go1.21rc2`) as the toolchain embeds its own version.
    static func goToolchainVersion(_ bytes: [UInt8]) -> String? {
        let needle = Array("go1.".utf8)
        var position = 0
        var hits = 0
        while hits < VersionScanner.maximumHits,
            let found = ByteSearch.firstIndex(of: needle, in: bytes, from: position)
        {
            hits += 1
            position = found + 1
            guard
                let version = VersionScanner.parse(
                    bytes, at: found + 2, minimumParts: 2, maximumParts: 3, suffix: .preRelease)
            else { continue }
            let end = found + 2 + version.utf8.count
            if end < bytes.count, bytes[end] == 0 { return version }
        }
        return nil
    }
}
