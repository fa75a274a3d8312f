#!/usr/bin/env bash
# Layer reading speed: Plimsoll's squash of debian-bookworm (all 4 layers, digest-checked) next to the naive
# floor, a sequential `gzip -dc` of the same layers. Not a test: prints numbers for docs/layers.md.
# Usage: scripts/bench/layers.sh   (builds the tests first; debug build, as `swift test` runs them)
set -euo pipefail
cd "$(dirname "$0")/../.."
images=${PLIMSOLL_SHARED_DIR:-$(cd .. && pwd)/shared}/images
layout="$images/oci/debian-bookworm"
swift build --build-tests >/dev/null
manifest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"][7:])' "$layout/index.json")
mapfile -t layers < <(python3 -c 'import json,sys; [print(l["digest"][7:]) for l in json.load(open(sys.argv[1]))["layers"]]' "$layout/blobs/sha256/$manifest")
cat "${layers[@]/#/$layout/blobs/sha256/}" >/dev/null  # warm the page cache
start=$(date +%s.%N)
for layer in "${layers[@]}"; do gzip -dc "$layout/blobs/sha256/$layer" >/dev/null; done
floor=$(echo "$(date +%s.%N) - $start" | bc)
printf 'gzip -dc floor (sequential, %d layers): %.2f s\n' "${#layers[@]}" "$floor"
run() {
    env PLIMSOLL_BENCH=1 "$@" swift test --skip-build --filter LayerBenchmark 2>&1 | sed -n 's/^bench: //p'
}
for jobs in 1 2; do
    printf 'PLIMSOLL_LAYER_JOBS=%s  ' "$jobs"
    run PLIMSOLL_LAYER_JOBS=$jobs
done
if [ -n "${PLIMSOLL_BENCH_ARCHIVE:-}" ]; then
    printf 'docker-archive          '
    run PLIMSOLL_BENCH_INPUT="docker-archive:$PLIMSOLL_BENCH_ARCHIVE"
fi
