import Foundation
import TestSupport
import VulnDB

/// The shared feed kit paths and one database built from the feed set, shared by the suites that only
/// read it (building it takes a while, so it is built once per test process).
enum FeedFixtures {
    static let feeds = SharedData.feeds.path
    static let osvDirectories = ["Debian", "Alpine", "PyPI-json", "Go", "GHSA"].map { feeds + "/osv/" + $0 }
    static let importedPaths = osvDirectories + [feeds + "/nvd", feeds + "/kev"]
    static let importTime = Date(timeIntervalSince1970: 1_796_000_000)

    struct Built: Sendable {
        var path: String
        var summary: ImportSummary
    }

    /// The feed set imported into a fresh database in a private temp dir.
    static let built: Result<Built, any Error> = Result {
        let directory = try SharedData.makeTemporaryDirectory("plimsoll-vulndb-shared")
        let path = directory.appendingPathComponent("plimsoll.db").path
        let summary = try FeedImporter(databasePath: path).importPaths(importedPaths, now: importTime)
        return Built(path: path, summary: summary)
    }

    /// Counts computed without Plimsoll: Python walks the OSV directories in the importer's order and validates
    /// the PyPI records with `jsonschema` against the OSV schema (the other directories validate completely, as
    /// the feed README records). An id seen again for the same ecosystem replaces that ecosystem's entries.
    static let referenceScript = """
        import json, os, sys
        import jsonschema
        schema_path, *directories = sys.argv[1:]
        validator = jsonschema.Draft202012Validator(json.load(open(schema_path)))
        ids, affected, aliases, invalid, per_directory = set(), {}, set(), [], {}
        for directory in directories:
            files = []
            for root, dirs, names in os.walk(directory):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                files += [os.path.relpath(os.path.join(root, n), directory) for n in names
                          if n.endswith(".json") and not n.startswith(".")]
            valid = 0
            for relative in sorted(files):
                record = json.load(open(os.path.join(directory, relative)))
                if directory.endswith("PyPI-json") and not validator.is_valid(record):
                    invalid.append(os.path.join(directory, relative))
                    continue
                valid += 1
                ids.add(record["id"])
                groups = {}
                for entry in record.get("affected", []):
                    if entry.get("package"):
                        groups.setdefault(entry["package"]["ecosystem"].lower(), []).append(entry)
                for ecosystem, entries in groups.items():
                    affected[(record["id"], ecosystem)] = len(entries)
                for alias in record.get("aliases", []) + record.get("upstream", []):
                    if alias != record["id"]:
                        aliases.add((record["id"], alias))
            per_directory[directory] = valid
        print(json.dumps({"advisories": len(ids), "affected": sum(affected.values()), "aliases": len(aliases),
                          "invalid": sorted(invalid), "records": per_directory}))
        """

    struct Reference: Decodable, Sendable {
        var advisories: Int
        var affected: Int
        var aliases: Int
        var invalid: [String]
        var records: [String: Int]
    }

    static let reference: Result<Reference, any Error> = Result {
        let result = try ProcessRunner.run(
            "python3", ["-c", referenceScript, feeds + "/osv/schema.json"] + osvDirectories)
        guard result.status == 0 else { throw ReferenceFailure(message: result.error) }
        return try JSONDecoder().decode(Reference.self, from: Data(result.output.utf8))
    }

    struct ReferenceFailure: Error {
        var message: String
    }
}
