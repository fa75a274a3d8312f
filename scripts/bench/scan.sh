#!/usr/bin/env bash
# Benchmark of `plimsoll scan` with a warm database: on the Debian 10 pkgdb root (as a dir: root) and
# on the debian-bookworm image, the median time of `plimsoll scan` next to `plimsoll sbom` on the same
# input (the difference is what matching costs) and next to a sequential `gzip -dc` of the image's
# layers. Targets: matching adds < 100 ms; the whole scan of debian-bookworm stays within 1.5x of the
# decompression time. Prints one table; numbers are medians of RUNS runs (default 5).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${RUNS:-5}"
shared="${SHARED_DIR:-../shared}"
work="$(mktemp -d /tmp/plimsoll-bench-scan.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export PLIMSOLL_CACHE_DIR="$work/cache" PLIMSOLL_DB="$work/plimsoll.db"

scripts/setup.sh
swift build -c release --product plimsoll >/dev/null
plimsoll=.build/release/plimsoll
measure=scripts/bench/measure.py

# A warm database: every Debian and Alpine advisory, NVD and KEV (what the scans below can match).
import_start=$(date +%s.%N)
"$plimsoll" db import "$shared/feeds/osv/Debian" "$shared/feeds/osv/Alpine" "$shared/feeds/nvd" \
    "$shared/feeds/kev/known_exploited_vulnerabilities.json" >/dev/null
import_end=$(date +%s.%N)
awk -v s="$import_start" -v e="$import_end" -v b="$(stat -c %s "$PLIMSOLL_DB")" \
    'BEGIN { printf "database: import %.2f s, %.1f MiB\n\n", e - s, b / 1048576 }'

# The Debian 10 pkgdb as a root file system.
mkdir -p "$work/debian-10/etc" "$work/debian-10/var/lib/dpkg"
cp "$shared/feeds/pkgdb/debian-10/status" "$work/debian-10/var/lib/dpkg/status"
cp "$shared/feeds/pkgdb/debian-10/os-release" "$work/debian-10/etc/os-release"

# Layer blobs of an OCI layout's image, in manifest order.
layers_of() {
    python3 - "$1" <<'PY'
import json, sys
root = sys.argv[1]
def blob(d): return f"{root}/blobs/{d.replace(':', '/')}"
index = json.load(open(f"{root}/index.json"))
m = json.load(open(blob(index["manifests"][0]["digest"])))
print("\n".join(blob(l["digest"]) for l in m["layers"]))
PY
}

printf '%-22s %9s %9s %11s %9s %10s %9s\n' input scan_s sbom_s matching_ms gzip_dc_s scan/gzip scan_MiB
bench() {
    local name="$1" input="$2" layout="${3:-}"
    "$plimsoll" scan --quiet -o json "$input" >/dev/null # warm the page cache and the database
    read -r scan_s scan_mb < <($measure "$RUNS" "$plimsoll" scan --quiet -o json "$input")
    read -r sbom_s _ < <($measure "$RUNS" "$plimsoll" sbom --quiet -o json "$input")
    local gz_s=0
    if [ -n "$layout" ]; then
        mapfile -t layers < <(layers_of "$layout")
        read -r gz_s _ < <($measure "$RUNS" sh -c 'for f in "$@"; do gzip -dc "$f"; done >/dev/null' sh "${layers[@]}")
    fi
    awk -v n="$name" -v s="$scan_s" -v b="$sbom_s" -v g="$gz_s" -v m="$scan_mb" 'BEGIN {
        printf "%-22s %9.2f %9.2f %11.0f %9s %10s %9d\n", n, s, b, (s - b) * 1000,
            (g > 0 ? sprintf("%.2f", g) : "-"), (g > 0 ? sprintf("%.2fx", s / g) : "-"), m }'
}
bench "debian-10 pkgdb (dir:)" "dir:$work/debian-10"
bench "debian-bookworm" "oci-dir:$shared/images/oci/debian-bookworm" "$shared/images/oci/debian-bookworm"
echo
echo "targets: matching_ms < 100; debian-bookworm scan/gzip <= 1.5x"
