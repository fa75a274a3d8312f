#!/usr/bin/env python3
"""A small HTTP server for the HTTPClient tests (Python stdlib only).

    http_fixture.py --port-file F

Routes: /echo (JSON of method, headers and body), /redirect?to=URL&code=N, /loop (redirects to itself),
/bytes?n=N (N bytes of a repeating pattern), /status/N, /stall (announces 1000 bytes, sends 10, then
waits), /drop (announces 100 bytes, sends 50, closes the connection).
"""
import argparse
import json
import os
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def pattern(n):
    block = bytes(range(256))
    return (block * (n // 256 + 1))[:n]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(length) if length else b""
        if url.path == "/echo":
            payload = {"method": self.command, "headers": {k.lower(): v for k, v in self.headers.items()},
                       "body": body.decode("latin-1")}
            self.send(200, json.dumps(payload).encode(), [("Content-Type", "application/json")])
        elif url.path == "/redirect":
            code = int(query.get("code", ["302"])[0])
            self.send(code, b"moved", [("Location", query["to"][0])])
        elif url.path == "/loop":
            self.send(302, b"", [("Location", "/loop")])
        elif url.path == "/bytes":
            self.send(200, pattern(int(query["n"][0])), [("Content-Type", "application/octet-stream")])
        elif url.path.startswith("/status/"):
            self.send(int(url.path.split("/")[2]), b'{"error":"as asked"}', [("Content-Type", "application/json")])
        elif url.path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x" * 10)
            self.wfile.flush()
            time.sleep(30)
        elif url.path == "/drop":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"y" * 50)
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            self.send(404, b"no such route")

    do_GET = route
    do_HEAD = route
    do_POST = route
    do_PUT = route


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
