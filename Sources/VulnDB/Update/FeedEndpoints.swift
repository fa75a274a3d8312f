import Foundation

/// Where `db update` downloads each feed from: the official public endpoints, or one mirror base URL.
///
/// A mirror serves the same files under one base: `<base>/osv/<ECOSYSTEM>/all.zip` (the OSV bucket layout),
/// `<base>/nvd/rest/json/cves/2.0` (NVD CVE API 2.0 paging with `startIndex`/`resultsPerPage`),
/// `<base>/kev/known_exploited_vulnerabilities.json` and `<base>/epss/epss_scores-current.csv.gz`.
public struct FeedEndpoints: Sendable, Equatable {
    /// The OSV bucket base; an ecosystem's export is `<osvBase>/<ECOSYSTEM>/all.zip`.
    public var osvBase: String
    /// The NVD CVE API 2.0 endpoint.
    public var nvdAPI: String
    /// The CISA KEV catalog JSON.
    public var kev: String
    /// The current EPSS scores (gzip CSV).
    public var epss: String

    /// Creates endpoints from explicit URLs.
    public init(osvBase: String, nvdAPI: String, kev: String, epss: String) {
        self.osvBase = osvBase
        self.nvdAPI = nvdAPI
        self.kev = kev
        self.epss = epss
    }

    /// The official public endpoints (see the feed kit's ENDPOINTS.md).
    public static let official = FeedEndpoints(
        osvBase: "https://osv-vulnerabilities.storage.googleapis.com",
        nvdAPI: "https://services.nvd.nist.gov/rest/json/cves/2.0",
        kev: "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
        epss: "https://epss.cyentia.com/epss_scores-current.csv.gz")

    /// The endpoints of a mirror at `base` (trailing slashes ignored).
    public static func mirror(_ base: String) -> FeedEndpoints {
        var root = base
        while root.hasSuffix("/") { root.removeLast() }
        return FeedEndpoints(
            osvBase: root + "/osv", nvdAPI: root + "/nvd/rest/json/cves/2.0",
            kev: root + "/kev/known_exploited_vulnerabilities.json", epss: root + "/epss/epss_scores-current.csv.gz")
    }

    /// The URL of an ecosystem's OSV export, with the ecosystem percent-encoded (`Debian:12` → `Debian%3A12`).
    public func osvExport(_ ecosystem: String) -> String {
        var encoded = ""
        for byte in ecosystem.utf8 {
            let isPlain =
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            encoded += isPlain ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }
        return osvBase + "/" + encoded + "/all.zip"
    }
}
