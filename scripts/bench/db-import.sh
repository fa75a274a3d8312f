#!/usr/bin/env bash
# Benchmark of `plimsoll db import` on the shared feed kit: per feed set and for the whole set of the issue
# (osv/{Debian,Alpine,PyPI-json,Go,GHSA}, nvd/, kev/), the median import time into a fresh database next to
# the floor of only parsing the same JSON files with Python's json module, the resulting database size and
# the importer's peak memory. Also the same Go advisories read from an OSV `all.zip`. Numbers are medians of
# RUNS runs (default 3). CPU seconds (user+sys) are printed beside wall seconds because the machine is often
# shared: the wall time then measures the neighbours as much as the importer.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${RUNS:-3}"
feeds="${FEEDS_DIR:-../shared/feeds}"
work="$(mktemp -d /tmp/plimsoll-bench-db.XXXXXX)"
trap 'rm -rf "$work"' EXIT

scripts/setup.sh >/dev/null
swift build -c release --product plimsoll >/dev/null
plimsoll=.build/release/plimsoll
# Median wall seconds, median CPU seconds and peak RSS MiB of RUNS runs of a command: 'WALL CPU MIB'.
measure() {
    python3 - "$@" <<'PY'
import os, statistics, subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
walls, cpus, peak = [], [], 0
for _ in range(runs):
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    walls.append(time.monotonic() - start)
    cpus.append(usage.ru_utime + usage.ru_stime)
    peak = max(peak, usage.ru_maxrss // 1024)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"measure: {' '.join(command)} failed")
print(f"{statistics.median(walls):.2f} {statistics.median(cpus):.2f} {peak}")
PY
}

python3 - "$feeds/osv/Go" "$work/Go-all.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(sys.argv[1])):
        if name.endswith(".json"):
            z.write(os.path.join(sys.argv[1], name), name)
PY

# The floor: parse every JSON document of the inputs (one process, no database).
parse_floor='
import json, os, sys
for top in sys.argv[1:]:
    paths = [top] if os.path.isfile(top) else [os.path.join(r, n) for r, _, ns in os.walk(top) for n in ns if n.endswith(".json")]
    for p in paths:
        json.load(open(p, "rb"))
'

row() {
    local name="$1"; shift
    local db="$work/$name.db"
    read -r our_s our_cpu our_mb < <(measure "$RUNS" "$plimsoll" db import --fresh --db "$db" "$@")
    local py_s="-" py_cpu="-"
    if [[ "$name" != *zip* ]]; then
        read -r py_s py_cpu _ < <(measure "$RUNS" python3 -c "$parse_floor" "$@")
    fi
    local records size
    records=$(sqlite3 "$db" "select (select count(*) from advisories)+(select count(*) from nvd)+(select count(*) from kev)+(select count(*) from epss)" 2>/dev/null || echo "?")
    size=$(du -m "$db" | cut -f1)
    printf '%-14s %8s %8s %8s %10s %10s %7s %9s\n' "$name" "$records" "$our_s" "$our_cpu" "$py_s" "$py_cpu" "$size" "$our_mb"
}

printf '%-14s %8s %8s %8s %10s %10s %7s %9s\n' feed_set records ours_s ours_cpu py_parse_s py_cpu db_MiB peak_MiB
row Debian "$feeds/osv/Debian"
row Alpine "$feeds/osv/Alpine"
row PyPI "$feeds/osv/PyPI-json"
row Go "$feeds/osv/Go"
row Go-all.zip "$work/Go-all.zip"
row GHSA "$feeds/osv/GHSA"
row NVD "$feeds/nvd"
row KEV "$feeds/kev/known_exploited_vulnerabilities.json"
row all-issue "$feeds/osv/Debian" "$feeds/osv/Alpine" "$feeds/osv/PyPI-json" "$feeds/osv/Go" "$feeds/osv/GHSA" \
    "$feeds/nvd" "$feeds/kev"
