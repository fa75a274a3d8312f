import Foundation
import TestSupport

/// A local HTTP server (Python's standard library, started by the test) serving feeds in the official layouts:
/// the OSV bucket (`/osv/<ECOSYSTEM>/all.zip`), NVD CVE API 2.0 paging over `nvd/api-2.0-page.json`
/// (`startIndex`/`resultsPerPage`), the KEV JSON and an EPSS gzip. The first path segment picks a behaviour:
/// `ok`, `nvd500` (HTTP 500 for any page after the first), `truncated` (KEV body cut short of its
/// Content-Length), `corruptzip` (zip bytes damaged) or `hang` (never answers).
final class FeedServer {
    let process: Process
    let port: Int
    let root: URL

    static let script = #"""
        import gzip, io, json, os, sys, time, zipfile
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
        from urllib.parse import urlparse, parse_qs, unquote
        feeds = sys.argv[1]
        def osv_zip(ecosystem):
            name, _, release = ecosystem.partition(":")
            folder = os.path.join(feeds, "osv", name, release)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
                for entry in sorted(os.listdir(folder)):
                    z.write(os.path.join(folder, entry), entry)
            return buffer.getvalue()
        page = json.load(open(os.path.join(feeds, "nvd", "api-2.0-page.json")))
        kev = open(os.path.join(feeds, "kev", "known_exploited_vulnerabilities.json"), "rb").read()
        epss = gzip.compress(open(os.path.join(feeds, "samples", "vunnel", "epss", "example-1.csv"), "rb").read())
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass
            def send(self, status, body, length=None):
                self.send_response(status)
                self.send_header("Content-Length", str(len(body) if length is None else length))
                self.end_headers()
                self.wfile.write(body)
            def do_GET(self):
                url = urlparse(self.path)
                parts = [unquote(p) for p in url.path.split("/") if p]
                mode, rest = parts[0], parts[1:]
                if mode == "hang":
                    time.sleep(60)
                    return
                if rest[:1] == ["osv"] and len(rest) == 3 and rest[2] == "all.zip":
                    body = osv_zip(rest[1])
                    if mode == "corruptzip":
                        body = body[:40] + bytes(64) + body[104:]
                    return self.send(200, body)
                if rest[:1] == ["nvd"]:
                    query = parse_qs(url.query)
                    start = int(query.get("startIndex", ["0"])[0])
                    size = int(query.get("resultsPerPage", ["2000"])[0])
                    if mode == "nvd500" and start > 0:
                        return self.send(500, b'{"message": "internal error"}')
                    items = page["vulnerabilities"][start:start + size]
                    body = dict(page, startIndex=start, resultsPerPage=len(items), vulnerabilities=items)
                    return self.send(200, json.dumps(body).encode())
                if rest[:1] == ["kev"]:
                    if mode == "truncated":
                        self.send(200, kev[: len(kev) // 2], length=len(kev))
                        self.wfile.flush()
                        self.connection.close()
                        return
                    return self.send(200, kev)
                if rest[:1] == ["epss"]:
                    return self.send(200, epss)
                self.send(404, b"not found")
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    init() throws {
        root = try SharedData.makeTemporaryDirectory("plimsoll-feed-server")
        let scriptURL = root.appendingPathComponent("server.py")
        try Data(Self.script.utf8).write(to: scriptURL)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path, SharedData.feeds.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let number = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw ServerFailure()
        }
        port = number
    }

    /// The base URL of a mirror with the given behaviour.
    func base(_ mode: String) -> String { "http://127.0.0.1:\(port)/\(mode)" }

    func stop() {
        // SIGKILL: the test process's children may inherit SIGTERM as ignored.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: root)
    }

    struct ServerFailure: Error {}
}
