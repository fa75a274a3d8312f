#!/usr/bin/env python3
"""A fault-injecting HTTP reverse proxy for the registry tests (Python stdlib only).

Sits in front of a real registry and, for requests whose path matches a rule, answers with a planned
fault instead of (or while) forwarding:

    fault_proxy.py --upstream 127.0.0.1:5055 --port-file F --log L \
        --rule '/manifests/=429@1,500' --rule '/blobs/=drop'

Each rule is REGEX=ACTION[,ACTION...]; the actions are used one per matching request, in order, then
requests pass through. ACTION is one of: pass, drop (send the headers and half the body, then cut the
connection), corrupt (flip a byte of the body), extend (append bytes to the body), schema1 (answer with a
Docker schema 1 manifest), garbage (answer 200 with a body that is not JSON), 401, 404, 500, 502, 503,
429@SECONDS (with Retry-After); a trailing * repeats it forever.
Every request is logged as one JSON line: {"method", "path", "action", "status"}.
"""
import argparse
import http.client
import json
import os
import re
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


class Rule:
    def __init__(self, text):
        pattern, _, actions = text.partition("=")
        self.pattern = re.compile(pattern)
        self.actions = [a.strip() for a in actions.split(",") if a.strip()]

    def next_action(self):
        if not self.actions:
            return "pass"
        action = self.actions[0]
        if action.endswith("*"):
            return action[:-1]
        self.actions.pop(0)
        return action


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--rule", action="append", default=[])
    args = parser.parse_args()
    rules = [Rule(r) for r in args.rule]
    lock = threading.Lock()
    log = open(args.log, "a", buffering=1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def record(self, action, status):
            with lock:
                log.write(json.dumps({"method": self.command, "path": self.path, "action": action,
                                      "status": status}) + "\n")

        def plan(self):
            with lock:
                for rule in rules:
                    if rule.pattern.search(self.path):
                        return rule.next_action()
            return "pass"

        def answer(self, status, body, headers=()):
            payload = json.dumps(body).encode()
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            if not any(name.lower() == "content-type" for name, _ in headers):
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def forward(self, action):
            upstream = http.client.HTTPConnection(args.upstream, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() != "host"}
            headers["Host"] = args.upstream
            upstream.request(self.command, self.path, headers=headers)
            response = upstream.getresponse()
            body = response.read()
            upstream.close()
            if action == "corrupt" and body:
                body = body[:-1] + bytes([body[-1] ^ 0xFF])
            elif action == "extend":
                body = body + b"trailing bytes the manifest does not announce"

            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                    self.send_header(name, value)
            length = int(response.getheader("Content-Length", len(body))) if self.command == "HEAD" else len(body)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.record(action, response.status)
            if self.command == "HEAD":
                return
            if action == "drop":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(body)

        def handle_any(self):
            action = self.plan()
            if action in ("pass", "drop", "corrupt", "extend"):
                self.forward(action)
                return
            if action.startswith("429"):
                _, _, seconds = action.partition("@")
                self.record(action, 429)
                self.answer(429, {"errors": [{"code": "TOOMANYREQUESTS", "message": "slow down (fault proxy)"}]},
                            [("Retry-After", seconds or "1")])
                return
            if action == "schema1":
                self.record(action, 200)
                self.answer(200, {"schemaVersion": 1, "name": "alpine", "tag": "3.14.10", "architecture": "amd64",
                                  "fsLayers": [{"blobSum": "sha256:" + "a" * 64}], "history": []},
                            [("Content-Type", "application/vnd.docker.distribution.manifest.v1+prettyjws")])
                return
            if action == "garbage":
                self.record(action, 200)
                payload = b"<html>this is not a manifest</html>"
                self.send_response(200)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            status = int(action)
            self.record(action, status)
            if status == 401:
                self.answer(401, {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]},
                            [("WWW-Authenticate", 'Basic realm="fault-proxy"')])
            elif status == 404:
                self.answer(404, {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown"}]})
            else:
                self.answer(status, {"errors": [{"code": "UNAVAILABLE", "message": "injected failure"}]})

        do_GET = handle_any
        do_HEAD = handle_any

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
