public import Foundation

/// `db update`: downloads the configured feeds into a private directory, checks each download, builds a new
/// database from them and swaps it in. Any failure leaves the previous database as it was and names the feed,
/// the URL and the reason.
public struct FeedUpdater: Sendable {
    /// The OSV ecosystems fetched by default: the distros and language ecosystems Plimsoll matches.
    public static let defaultEcosystems = [
        "Alpine", "Debian", "Ubuntu", "Red Hat", "AlmaLinux", "Rocky Linux", "SUSE", "PyPI", "npm", "Maven", "Go",
        "crates.io", "RubyGems", "NuGet", "Packagist",
    ]

    /// The database to rebuild.
    public var databasePath: String
    /// Where to download from.
    public var endpoints: FeedEndpoints
    /// Which feeds to fetch.
    public var kinds: Set<FeedKind>
    /// The OSV ecosystems to fetch.
    public var ecosystems: [String]
    /// NVD page size (`resultsPerPage`, at most 2000).
    public var nvdPageSize: Int
    /// Pause between NVD pages (NVD asks for ~6 s without an API key; a mirror needs none).
    public var nvdPause: Duration

    /// Creates an updater.
    public init(
        databasePath: String, endpoints: FeedEndpoints = .official, kinds: Set<FeedKind> = Set(FeedKind.allCases),
        ecosystems: [String] = FeedUpdater.defaultEcosystems, nvdPageSize: Int = 2000, nvdPause: Duration = .seconds(6)
    ) {
        self.databasePath = databasePath
        self.endpoints = endpoints
        self.kinds = kinds
        self.ecosystems = ecosystems
        self.nvdPageSize = nvdPageSize
        self.nvdPause = nvdPause
    }

    /// Downloads, checks, builds aside and swaps in a fresh database; returns what was imported.
    public func update(downloader: any FeedDownloader, now: Date = Date()) async throws -> ImportSummary {
        let workspace = try DatabaseBuild.temporaryPath(beside: databasePath) + ".downloads"
        do {
            try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        } catch {
            throw VulnDBError(.io, "cannot create download directory '\(workspace)'", underlying: error as? CocoaError)
        }
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        var inputs: [(path: String, location: String)] = []
        if kinds.contains(.osv) {
            for (index, ecosystem) in ecosystems.enumerated() {
                let url = endpoints.osvExport(ecosystem)
                let path = workspace + "/osv-\(index).zip"
                try await fetch(url, to: path, feed: "osv \(ecosystem)", downloader: downloader)
                try checkZip(path, url: url)
                inputs.append((path, url))
            }
        }
        if kinds.contains(.nvd) {
            inputs += try await fetchNVD(into: workspace, downloader: downloader)
        }
        if kinds.contains(.kev) {
            let path = workspace + "/kev.json"
            try await fetch(endpoints.kev, to: path, feed: "kev", downloader: downloader)
            try checkKEV(path, url: endpoints.kev)
            inputs.append((path, endpoints.kev))
        }
        if kinds.contains(.epss) {
            let path = workspace + "/epss.csv.gz"
            try await fetch(endpoints.epss, to: path, feed: "epss", downloader: downloader)
            inputs.append((path, endpoints.epss))
        }
        do {
            return try FeedImporter(databasePath: databasePath, fresh: true).importInputs(inputs, now: now)
        } catch let error as VulnDBError {
            // Name the download, not the private file it was saved to.
            var message = error.message
            for input in inputs { message = message.replacingOccurrences(of: input.path, with: input.location) }
            throw VulnDBError(error.code, "update failed, the previous database is unchanged: " + message)
        }
    }

    private func fetch(_ url: String, to path: String, feed: String, downloader: any FeedDownloader) async throws {
        do {
            try await downloader.download(url, to: path)
        } catch {
            throw VulnDBError(
                .download,
                "update failed, the previous database is unchanged: downloading \(feed) from \(url) failed: \(error)")
        }
    }

    /// A zip must end in an end-of-central-directory record; a truncated download does not.
    private func checkZip(_ path: String, url: String) throws {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        let tail = [UInt8](data.suffix(65_557))
        let found = tail.count >= 22 && (0...(tail.count - 22)).contains { Array(tail[$0..<($0 + 4)]) == signature }
        guard data.starts(with: [0x50, 0x4B]), found else {
            throw VulnDBError(
                .download,
                "update failed, the previous database is unchanged: \(url) is not a complete zip archive (\(data.count) bytes; truncated or corrupt download)"
            )
        }
    }

    private func checkKEV(_ path: String, url: String) throws {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let entries = object["vulnerabilities"] as? [Any]
        else {
            throw VulnDBError(
                .download,
                "update failed, the previous database is unchanged: \(url) is not a kev catalog (\(data.count) bytes; truncated or corrupt download)"
            )
        }
        if let count = (object["count"] as? NSNumber)?.intValue, count != entries.count {
            throw VulnDBError(
                .download,
                "update failed, the previous database is unchanged: \(url) says count \(count) but lists \(entries.count) entries"
            )
        }
    }

    /// Pages through the NVD API with `startIndex`/`resultsPerPage`, checking that each page is the one asked for
    /// and that the pages add up to `totalResults`.
    private func fetchNVD(into workspace: String, downloader: any FeedDownloader) async throws -> [(
        path: String, location: String
    )] {
        var inputs: [(path: String, location: String)] = []
        var startIndex = 0
        var total: Int?
        var received = 0
        repeat {
            if startIndex > 0, nvdPause > .zero { try await Task.sleep(for: nvdPause) }
            let url = "\(endpoints.nvdAPI)?startIndex=\(startIndex)&resultsPerPage=\(nvdPageSize)"
            let path = workspace + "/nvd-\(startIndex).json"
            try await fetch(url, to: path, feed: "nvd page at startIndex \(startIndex)", downloader: downloader)
            let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
            guard let page = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let items = page["vulnerabilities"] as? [Any],
                let pageTotal = (page["totalResults"] as? NSNumber)?.intValue,
                let pageStart = (page["startIndex"] as? NSNumber)?.intValue
            else {
                throw VulnDBError(
                    .download,
                    "update failed, the previous database is unchanged: \(url) is not an nvd api 2.0 page (\(data.count) bytes; truncated or corrupt download)"
                )
            }
            guard pageStart == startIndex, total == nil || total == pageTotal else {
                throw VulnDBError(
                    .download,
                    "update failed, the previous database is unchanged: \(url) answered startIndex \(pageStart) of \(pageTotal) results, expected startIndex \(startIndex) of \(total ?? pageTotal)"
                )
            }
            total = pageTotal
            guard !items.isEmpty || startIndex >= pageTotal else {
                throw VulnDBError(
                    .download,
                    "update failed, the previous database is unchanged: \(url) returned no records before reaching totalResults \(pageTotal)"
                )
            }
            received += items.count
            startIndex += items.count
            inputs.append((path, endpoints.nvdAPI))
        } while startIndex < (total ?? 0)
        guard received == total else {
            throw VulnDBError(
                .download,
                "update failed, the previous database is unchanged: nvd pages hold \(received) records, totalResults is \(total ?? 0)"
            )
        }
        return inputs
    }
}
