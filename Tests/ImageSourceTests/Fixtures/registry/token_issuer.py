#!/usr/bin/env python3
"""A minimal Docker registry token server (the `auth: token` flow) for the registry tests.

    token_issuer.py --key token.key --cert token.crt --issuer I --service S --user testuser:testpass \
        --refresh-token R --port-file F --log L

GET /token?service=S&scope=repository:NAME:pull with HTTP Basic credentials: a signed RS256 JWT granting
pull on the requested repositories (the certificate goes in the `x5c` header, which the registry checks
against its `rootcertbundle`). Wrong credentials: 401. No credentials: a token that grants nothing (as
Docker Hub does for anonymous access to private repositories). POST /token with
grant_type=refresh_token and the configured refresh token: the same as valid credentials (OAuth2, as
docker's `identitytoken`). Every request is logged as one JSON line.
"""
import argparse
import base64
import json
import os
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--key", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--issuer", required=True)
    parser.add_argument("--service", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--refresh-token", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    key = open(args.key).read()
    pem = open(args.cert).read()
    x5c = "".join(line for line in pem.splitlines() if line and not line.startswith("-----"))
    log = open(args.log, "a", buffering=1)

    def grant(scopes, allowed):
        access = []
        for scope in scopes:
            parts = scope.split(":")
            if len(parts) != 3 or parts[0] != "repository":
                continue
            actions = [a for a in parts[2].split(",") if a == "pull"] if allowed else []
            access.append({"type": "repository", "name": parts[1], "actions": actions})
        now = int(time.time())
        claims = {"iss": args.issuer, "sub": "testuser" if allowed else "", "aud": args.service,
                  "exp": now + 300, "nbf": now - 10, "iat": now, "jti": uuid.uuid4().hex, "access": access}
        return jwt.encode(claims, key, algorithm="RS256", headers={"x5c": [x5c]})

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def reply(self, status, body):
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            url = urlparse(self.path)
            query = parse_qs(url.query)
            header = self.headers.get("Authorization", "")
            allowed = False
            who = "anonymous"
            if header.startswith("Basic "):
                try:
                    who = base64.b64decode(header[6:]).decode()
                except Exception:
                    who = "garbage"
                if who != args.user:
                    log.write(json.dumps({"method": "GET", "path": self.path, "user": who, "status": 401}) + "\n")
                    self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "invalid username or password"}]})
                    return
                allowed = True
            token = grant(query.get("scope", []), allowed)
            log.write(json.dumps({"method": "GET", "path": self.path, "user": who.split(":")[0], "status": 200}) + "\n")
            self.reply(200, {"token": token, "access_token": token, "expires_in": 300})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode())
            ok = form.get("grant_type") == ["refresh_token"] and form.get("refresh_token") == [args.refresh_token]
            log.write(json.dumps({"method": "POST", "path": self.path, "grant": form.get("grant_type", [""])[0],
                                  "status": 200 if ok else 401}) + "\n")
            if not ok:
                self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "invalid refresh token"}]})
                return
            token = grant(form.get("scope", []), True)
            self.reply(200, {"access_token": token, "expires_in": 300})

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
