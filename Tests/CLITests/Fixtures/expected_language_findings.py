#!/usr/bin/env python3
"""Computes the advisories that must match the debian-bookworm image's Python packages and the Go
standard library in its docker-registry binary, independently of Plimsoll.

PyPI ranges are evaluated with Python's `packaging`; Go SEMVER ranges with golang.org/x/mod/semver
(the Go program in ../../VersionsTests/Fixtures/gosemver_compare.go, built with Debian's golang-go).
Prints one line per expected finding: "<ecosystem>\t<package>\t<advisory id>".
usage: expected_language_findings.py FEEDS_DIR GO_COMPARE_SOURCE
"""
import json, os, subprocess, sys, tempfile
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

feeds, go_source = sys.argv[1], os.path.abspath(sys.argv[2])
python_packages = {  # name -> installed version, from ../shared/images/README.md
    "requests": "2.19.1", "urllib3": "1.24.1", "PyYAML": "5.3", "Django": "2.2", "Jinja2": "2.10",
    "sqlparse": "0.3.0", "certifi": "2018.4.16", "idna": "2.7", "chardet": "3.0.4", "pytz": "2019.1",
    "MarkupSafe": "1.1.1",
}
go_stdlib = "1.19.8"


def affected_by_ranges(ranges, less):
    """OSV rule: affected when some range has an introduced <= v with no fixed/limit <= v after it."""
    for r in ranges:
        if r["type"] == "GIT":
            continue
        events = r["events"]
        introduced = [e["introduced"] for e in events if "introduced" in e]
        fixed = [e["fixed"] for e in events if "fixed" in e]
        last = [e["last_affected"] for e in events if "last_affected" in e]
        # Pair each introduced with the closest following fixed/last_affected in version order.
        for start in introduced:
            if start != "0" and less(version, start):
                continue
            ends = [f for f in fixed if start == "0" or not less(f, start)]
            lasts = [l for l in last if start == "0" or not less(l, start)]
            end = min(ends, key=cmp_key) if ends else None
            last_end = min(lasts, key=cmp_key) if lasts else None
            if end is not None and not less(version, end):
                continue
            if last_end is not None and less(last_end, version):
                continue
            return True
    return False


out = []
for name, installed in python_packages.items():
    folder = os.path.join(feeds, "osv", "PyPI-json", canonicalize_name(name))
    if not os.path.isdir(folder):
        continue
    version = installed
    less = lambda a, b: Version(a) < Version(b)
    cmp_key = Version
    for file in sorted(os.listdir(folder)):
        record = json.load(open(os.path.join(folder, file)))
        for affected in record.get("affected", []):
            if canonicalize_name(affected["package"]["name"]) != canonicalize_name(name):
                continue
            try:
                hit = installed in affected.get("versions", []) or affected_by_ranges(affected.get("ranges", []), less)
            except InvalidVersion:
                continue
            if hit:
                out.append(("PyPI", name, record["id"]))
                break

# Go: every stdlib range endpoint compared with the installed version through x/mod/semver.
records, endpoints = [], set()
go_dir = os.path.join(feeds, "osv", "Go")
for file in sorted(os.listdir(go_dir)):
    if not file.endswith(".json"):
        continue
    record = json.load(open(os.path.join(go_dir, file)))
    for affected in record.get("affected", []):
        if affected["package"]["name"] == "stdlib":
            records.append((record["id"], affected.get("ranges", [])))
            for r in affected.get("ranges", []):
                for e in r["events"]:
                    endpoints.update(v for v in e.values() if v != "0")
with tempfile.TemporaryDirectory() as tmp:
    binary = os.path.join(tmp, "gosemver")
    env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOCACHE=os.path.join(tmp, "cache"))
    subprocess.run(["go", "build", "-o", binary, go_source], check=True, env=env, cwd=tmp)
    pairs = sorted({(a, b) for a in endpoints | {go_stdlib} for b in endpoints | {go_stdlib}})
    with open(os.path.join(tmp, "pairs"), "w") as f:
        for a, b in pairs:
            f.write(f"{('v' + a).encode().hex()},{('v' + b).encode().hex()}\n")
    lines = subprocess.run([binary, os.path.join(tmp, "pairs")], check=True, capture_output=True, text=True).stdout
verdict = {}
for (a, b), line in zip(pairs, lines.splitlines()):
    parts = line.split()
    verdict[(a, b)] = int(parts[0]) if parts[0] != "x" else None
version = go_stdlib
less = lambda a, b: verdict[(a, b)] == -1
cmp_key = __import__("functools").cmp_to_key(lambda a, b: verdict[(a, b)] or 0)
for advisory, ranges in records:
    if affected_by_ranges(ranges, less):
        out.append(("Go", "stdlib", advisory))

for row in sorted(set(out)):
    print("\t".join(row))
