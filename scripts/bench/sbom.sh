#!/usr/bin/env bash
# Benchmark of `plimsoll sbom` against syft and against the naive floor (a sequential `gzip -dc` of
# the image's layers), on the shared OCI layouts; then peak memory on synthetic images of growing
# size. Prints one table; numbers are medians of RUNS runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${RUNS:-3}"
images_dir="${IMAGES_DIR:-../shared/images/oci}"
work="$(mktemp -d /tmp/plimsoll-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export PLIMSOLL_CACHE_DIR="$work/cache" SYFT_CHECK_FOR_APP_UPDATE=false

scripts/setup.sh
swift build -c release --product plimsoll >/dev/null
plimsoll=.build/release/plimsoll
measure=scripts/bench/measure.py

# Layer blobs of an OCI layout's (first) image, in manifest order.
layers_of() {
    python3 - "$1" <<'PY'
import json, sys
root = sys.argv[1]
def blob(d): return f"{root}/blobs/{d.replace(':', '/')}"
index = json.load(open(f"{root}/index.json"))
m = json.load(open(blob(index["manifests"][0]["digest"])))
if "manifests" in m:  # nested index: the amd64 entry
    m = json.load(open(blob(next(x for x in m["manifests"] if x.get("platform", {}).get("architecture") == "amd64")["digest"])))
print("\n".join(blob(l["digest"]) for l in m["layers"]))
PY
}

printf '%-18s %10s %10s %10s %8s %9s %10s %10s\n' image plimsoll_s syft_s gzip_dc_s vs_syft vs_gzip plim_MiB syft_MiB
for dir in "$images_dir"/*/; do
    name="$(basename "$dir")"
    mapfile -t layers < <(layers_of "$dir")
    read -r gz_s _ < <($measure "$RUNS" sh -c 'for f in "$@"; do gzip -dc "$f"; done >/dev/null' sh "${layers[@]}")
    "$plimsoll" sbom --quiet "oci-dir:$dir" >/dev/null # warm the page cache
    read -r our_s our_mb < <($measure "$RUNS" "$plimsoll" sbom --quiet -o json "oci-dir:$dir")
    # syft 1.18.1 cannot open an OCI layout whose index.json nests an index (alpine-multiarch).
    syft_result="$($measure "$RUNS" syft scan -q -o json "oci-dir:$dir" 2>/dev/null)" || syft_result="0 0"
    read -r syft_s syft_mb <<<"$syft_result"
    awk -v n="$name" -v o="$our_s" -v s="$syft_s" -v g="$gz_s" -v om="$our_mb" -v sm="$syft_mb" 'BEGIN {
        if (s > 0) printf "%-18s %10.2f %10.2f %10.2f %7.2fx %8.2fx %10d %10d\n", n, o, s, g, o / s, o / g, om, sm
        else printf "%-18s %10.2f %10s %10.2f %8s %8.2fx %10d %10s\n", n, o, "fails", g, "-", o / g, om, "-" }'
done

echo
printf '%-22s %10s %10s %10s\n' synthetic_image plimsoll_s gzip_dc_s peak_MiB
for size in 250 500 1000 2000; do
    python3 scripts/bench/make-synthetic-image.py "$work/synthetic-$size" "$size"
    mapfile -t layers < <(layers_of "$work/synthetic-$size")
    read -r gz_s _ < <($measure 1 sh -c 'for f in "$@"; do gzip -dc "$f"; done >/dev/null' sh "${layers[@]}")
    read -r our_s our_mb < <($measure 1 "$plimsoll" sbom --quiet -o json "oci-dir:$work/synthetic-$size")
    printf '%-22s %10.2f %10.2f %10d\n' "${size} MB" "$our_s" "$gz_s" "$our_mb"
    rm -rf "$work/synthetic-$size"
done
