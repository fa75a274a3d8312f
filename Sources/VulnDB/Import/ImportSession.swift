import Foundation

/// Walks input files, directories and archives, recognises each document's format and hands its records to the
/// writer; counts what was written and skipped. One bad record never stops the walk.
final class ImportSession {
    private let writer: DatabaseWriter
    private let fetchedAt: String
    private(set) var summary: ImportSummary
    private var sourceIDs: [String: Int64] = [:]
    private var sourceIndex: [String: Int] = [:]
    private var firstSkip: [String: SkippedRecord] = [:]

    /// The largest single document read into memory (an NVD yearly file is a few hundred MB).
    static let documentLimit = 2 << 30

    init(writer: DatabaseWriter, fetchedAt: String, databasePath: String) {
        self.writer = writer
        self.fetchedAt = fetchedAt
        summary = ImportSummary(databasePath: databasePath)
    }

    /// Imports a file, a directory (recursively) or an archive; `location` names the source in the database.
    func ingest(path: String, location: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VulnDBError(.input, "no such file or directory '\(path)'")
        }
        if isDirectory.boolValue {
            guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                throw VulnDBError(.input, "cannot list directory '\(path)'")
            }
            var files: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                files.append(relative)
            }
            for relative in files.sorted() {
                let full = path + "/" + relative
                var entryIsDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &entryIsDirectory),
                    !entryIsDirectory.boolValue
                else { continue }
                guard Self.isFeedFileName(relative) else {
                    summary.ignoredFiles += 1
                    continue
                }
                try ingestFile(full, location: location)
            }
        } else {
            try ingestFile(path, location: location)
        }
    }

    /// Whether a name inside a directory or archive is worth opening.
    static func isFeedFileName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".json", ".csv", ".gz", ".zip", ".tgz", ".tar", ".xz", ".zst", ".bz2"].contains { lower.hasSuffix($0) }
    }

    private func ingestFile(_ path: String, location: String) throws {
        if try Self.isArchive(path) {
            try ingestArchive(path, location: location)
            return
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw VulnDBError(.input, "cannot read '\(path)'", underlying: error as? CocoaError)
        }
        ingestDocument(data, name: path, location: location)
        if let fatalWrite { throw fatalWrite }
    }

    /// Sniffs the magic bytes of zip, gzip, xz, bzip2, zstd and tar.
    static func isArchive(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw VulnDBError(.input, "cannot open '\(path)'")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
        let magics: [[UInt8]] = [
            [0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06], [0x1F, 0x8B], [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00],
            [0x42, 0x5A, 0x68], [0x28, 0xB5, 0x2F, 0xFD],
        ]
        if magics.contains(where: { head.starts(with: $0) }) { return true }
        return head.count >= 262 && Array(head[257..<262]) == Array("ustar".utf8)
    }

    private func ingestArchive(_ path: String, location: String) throws {
        let reader = try FeedArchiveReader(path: path)
        while let entry = try reader.next() {
            if reader.isRawStream {
                // A single compressed document: name it after the file without its compression suffix.
                var name = path
                for suffix in [".gz", ".xz", ".zst", ".bz2"] where name.lowercased().hasSuffix(suffix) {
                    name = String(name.dropLast(suffix.count))
                }
                ingestDocument(Data(try reader.readData(limit: Self.documentLimit)), name: name, location: location)
                continue
            }
            guard entry.isRegularFile else { continue }
            // Read every entry, even one to be ignored: reading checks its CRC, so a damaged entry (whose name
            // may be garbage too) fails the import instead of vanishing as "not a feed file".
            let data = Data(try reader.readData(limit: Self.documentLimit))
            let base = (entry.name as NSString).lastPathComponent
            guard !base.hasPrefix("."), base.lowercased().hasSuffix(".json") || base.lowercased().hasSuffix(".csv")
            else {
                summary.ignoredFiles += 1
                continue
            }
            ingestDocument(data, name: path + "!" + entry.name, location: location)
            if let fatalWrite { throw fatalWrite }
        }
    }

    /// Recognises one document (OSV record, NVD page or record, KEV catalog, EPSS CSV) and imports its records.
    func ingestDocument(_ data: Data, name: String, location: String) {
        let head = String(decoding: data.prefix(256), as: UTF8.self)
        if EPSSParser.looksLikeEPSS(head[...]) {
            ingestEPSS(data, name: name, location: location)
            return
        }
        if name.lowercased().hasSuffix(".csv") {
            summary.skip(SkippedRecord(file: name, reason: "csv file is not an epss score list (no 'cve,epss' header)"))
            return
        }
        let parsed: Any
        do {
            parsed = try JSONField.parse(data)
        } catch {
            summary.skip(SkippedRecord(file: name, reason: error.reason))
            return
        }
        if let array = parsed as? [Any] {
            for (index, element) in array.enumerated() {
                guard let object = element as? [String: Any], OSVParser.looksLikeOSV(object) else {
                    skip(kind: nil, location: location, file: "\(name)#[\(index)]", reason: "not an osv record")
                    continue
                }
                importOSV(object, file: "\(name)#[\(index)]", location: location)
            }
            return
        }
        guard let object = parsed as? [String: Any] else {
            summary.skip(SkippedRecord(file: name, reason: "json document is not an object"))
            return
        }
        if KEVParser.looksLikeCatalog(object) {
            importKEV(object, name: name, location: location)
        } else if NVDParser.looksLikePage(object) {
            importNVDPage(object, name: name, location: location)
        } else if NVDParser.looksLikeCVE(object) {
            importNVD(object, file: name, location: location)
        } else if OSVParser.looksLikeOSV(object) {
            importOSV(object, file: name, location: location)
        } else {
            summary.skip(
                SkippedRecord(file: name, reason: "not a recognised feed document (osv, nvd api 2.0, kev, epss)"))
        }
    }

    private func importOSV(_ object: [String: Any], file: String, location: String) {
        record(kind: .osv, location: location, file: file) { sourceID throws in
            let parsed = try OSVParser.parse(object, source: location)
            try writer.write(parsed, sourceID: sourceID)
            if let modified = parsed.record.modified, !modified.hasPrefix("0001-") {
                noteDate(modified, .osv, location)
            }
        }
    }

    private func importNVD(_ object: [String: Any], file: String, location: String) {
        record(kind: .nvd, location: location, file: file) { sourceID throws in
            let record = try NVDParser.parse(object)
            try writer.write(record, sourceID: sourceID)
            if let modified = record.lastModified { noteDate(modified, .nvd, location) }
        }
    }

    private func importNVDPage(_ object: [String: Any], name: String, location: String) {
        guard let items = object["vulnerabilities"] as? [Any] else {
            skip(kind: .nvd, location: location, file: name, reason: "nvd page has no vulnerabilities array")
            return
        }
        for (index, item) in items.enumerated() {
            let file = "\(name)#vulnerabilities[\(index)]"
            guard let wrapper = item as? [String: Any], let cve = wrapper["cve"] as? [String: Any] else {
                skip(kind: .nvd, location: location, file: file, reason: "entry has no cve object")
                continue
            }
            importNVD(cve, file: file, location: location)
        }
    }

    private func importKEV(_ object: [String: Any], name: String, location: String) {
        guard let items = object["vulnerabilities"] as? [Any] else {
            skip(kind: .kev, location: location, file: name, reason: "kev catalog has no vulnerabilities array")
            return
        }
        if let released = object["dateReleased"] as? String { noteDate(released, .kev, location) }
        for (index, item) in items.enumerated() {
            let file = "\(name)#vulnerabilities[\(index)]"
            record(kind: .kev, location: location, file: file) { sourceID throws in
                guard let entry = item as? [String: Any] else { throw RecordProblem("kev entry is not an object") }
                try writer.write(try KEVParser.parse(entry), sourceID: sourceID)
            }
        }
    }

    private func ingestEPSS(_ data: Data, name: String, location: String) {
        let text = String(decoding: data, as: UTF8.self)
        var date: String?
        var sawHeader = false
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("#") {
                if let found = EPSSParser.scoreDate(trimmed) {
                    date = found
                    noteDate(found, .epss, location)
                }
                continue
            }
            if !sawHeader, trimmed.lowercased().hasPrefix("cve,") {
                sawHeader = true
                continue
            }
            record(kind: .epss, location: location, file: "\(name):\(lineNumber)") { sourceID throws in
                try writer.write(try EPSSParser.parseRow(trimmed, date: date), sourceID: sourceID)
            }
        }
    }

    /// Runs `body` for one record: counts it as written, or skips it with the problem's reason.
    private func record(kind: FeedKind, location: String, file: String, _ body: (Int64) throws -> Void) {
        do {
            let sourceID = try self.sourceID(kind: kind, location: location)
            try body(sourceID)
            counts(kind, location) { $0.records += 1 }
        } catch let problem as RecordProblem {
            skip(kind: kind, location: location, file: file, reason: problem.reason)
        } catch {
            // A database failure here is not the record's fault; it must stop the import.
            fatalWrite = fatalWrite ?? error
        }
    }

    /// The first database error met while writing; `finish` rethrows it so the build is abandoned.
    private(set) var fatalWrite: (any Error)?

    private func skip(kind: FeedKind?, location: String, file: String, reason: String) {
        let note = SkippedRecord(file: file, reason: reason)
        summary.skip(note)
        guard let kind else { return }
        counts(kind, location) { $0.skipped += 1 }
        let key = kind.rawValue + "\u{0}" + location
        if firstSkip[key] == nil { firstSkip[key] = note }
    }

    private func sourceID(kind: FeedKind, location: String) throws -> Int64 {
        let key = kind.rawValue + "\u{0}" + location
        if let id = sourceIDs[key] { return id }
        let id = try writer.source(kind: kind, location: location, fetchedAt: fetchedAt)
        sourceIDs[key] = id
        return id
    }

    private func counts(_ kind: FeedKind, _ location: String, _ change: (inout ImportSummary.SourceCount) -> Void) {
        let key = kind.rawValue + "\u{0}" + location
        if let index = sourceIndex[key] {
            change(&summary.sources[index])
        } else {
            var count = ImportSummary.SourceCount(kind: kind, location: location, records: 0, skipped: 0)
            change(&count)
            sourceIndex[key] = summary.sources.count
            summary.sources.append(count)
        }
    }

    private func noteDate(_ date: String, _ kind: FeedKind, _ location: String) {
        counts(kind, location) { count in
            if count.dataDate.map({ $0 < date }) ?? true { count.dataDate = date }
        }
    }

    /// Writes the per-source counts; throws the first database error met while writing records.
    func finish() throws {
        if let fatalWrite { throw fatalWrite }
        for count in summary.sources {
            if count.records == 0 && count.skipped == 0 { continue }
            _ = try sourceID(kind: count.kind, location: count.location)
            let key = count.kind.rawValue + "\u{0}" + count.location
            try writer.finishSource(count, fetchedAt: fetchedAt, sample: firstSkip[key])
        }
    }
}
