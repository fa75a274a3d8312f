#!/usr/bin/env bash
# Benchmark of the rpm, python, java and javascript catalogers: `plimsoll sbom dir:ROOT` against
# `syft scan dir:ROOT` on root file systems that stress each one (the shared rpm databases, a Spring Boot style
# fat jar with 300 libraries beside 20 000 classes, 3 000 node_modules packages with their package-lock.json,
# 2 000 Python dist-infos). Prints packages found and median wall time / peak memory of RUNS runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${RUNS:-3}"
pkgdb="${PKGDB_DIR:-../shared/feeds/pkgdb}"
work="$(mktemp -d /tmp/plimsoll-bench-lang.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export PLIMSOLL_CACHE_DIR="$work/cache" SYFT_CHECK_FOR_APP_UPDATE=false

swift build -c release --product plimsoll >/dev/null
plimsoll=.build/release/plimsoll
measure=scripts/bench/measure.py

# Roots: one per rpm database (copied, never opened in place), then the synthetic language trees.
for db in cbl-mariner-2.0:var/lib/rpm/rpmdb.sqlite amazonlinux-2023:var/lib/rpm/rpmdb.sqlite \
    sles-15.3:usr/lib/sysimage/rpm/Packages.db rhel-8-libuuid-single:var/lib/rpm/Packages; do
    name="${db%%:*}" path="${db#*:}"
    mkdir -p "$work/rpm-$name/etc" "$work/rpm-$name/$(dirname "$path")"
    cp "$pkgdb/$name/os-release" "$work/rpm-$name/etc/os-release"
    cp "$pkgdb/$name/$(basename "$path")" "$work/rpm-$name/$path"
    chmod -R u+w "$work/rpm-$name"
done
python3 - "$work" <<'PY'
import io, json, os, sys, zipfile
work = sys.argv[1]

def jar(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()

libraries = []
for i in range(300):
    pom = f"groupId=com.example\nartifactId=lib{i}\nversion=1.{i}\n"
    classes = [(f"com/example/lib{i}/C{j}.class", b"\xca\xfe" * 50) for j in range(100)]
    libraries.append((f"BOOT-INF/lib/lib{i}-1.{i}.jar",
                      jar([(f"META-INF/maven/com.example/lib{i}/pom.properties", pom)] + classes)))
classes = [(f"BOOT-INF/classes/com/app/C{j}.class", b"\xca\xfe" * 50) for j in range(20000)]
os.makedirs(f"{work}/java/app")
with open(f"{work}/java/app/app-1.0.jar", "wb") as handle:
    handle.write(jar([("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Version: 1.0\n")]
                     + classes + libraries))

packages = {"": {"name": "app", "version": "1.0.0"}}
for i in range(3000):
    directory = f"{work}/node/app/node_modules/pkg-{i}"
    os.makedirs(directory)
    json.dump({"name": f"pkg-{i}", "version": f"1.0.{i}", "license": "MIT"}, open(f"{directory}/package.json", "w"))
    packages[f"node_modules/pkg-{i}"] = {"version": f"1.0.{i}"}
json.dump({"name": "app", "version": "1.0.0"}, open(f"{work}/node/app/package.json", "w"))
json.dump({"name": "app", "version": "1.0.0", "lockfileVersion": 3, "packages": packages},
          open(f"{work}/node/app/package-lock.json", "w"))

site = f"{work}/python/usr/lib/python3.11/site-packages"
for i in range(2000):
    info = f"{site}/pkg{i}-1.{i}.dist-info"
    os.makedirs(info)
    open(f"{info}/METADATA", "w").write(f"Metadata-Version: 2.1\nName: pkg{i}\nVersion: 1.{i}\nLicense: MIT\n\n")
    open(f"{info}/RECORD", "w").write(f"pkg{i}/__init__.py,sha256=abc,10\npkg{i}-1.{i}.dist-info/METADATA,,\n")
PY

count() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(len(d.get("packages") or d.get("artifacts") or []))'; }
printf '%-26s %8s %8s %10s %10s %8s %9s %9s\n' root plim_pkgs syft_pkgs plimsoll_s syft_s vs_syft plim_MiB syft_MiB
for root in "$work"/rpm-* "$work/java" "$work/node" "$work/python"; do
    name="$(basename "$root")"
    ours="$("$plimsoll" sbom --quiet -o json "dir:$root" | count)"
    theirs="$(syft scan -q -o json "dir:$root" | count)"
    read -r our_s our_mb < <($measure "$RUNS" "$plimsoll" sbom --quiet -o json "dir:$root")
    read -r syft_s syft_mb < <($measure "$RUNS" syft scan -q -o json "dir:$root")
    awk -v n="$name" -v op="$ours" -v sp="$theirs" -v o="$our_s" -v s="$syft_s" -v om="$our_mb" -v sm="$syft_mb" 'BEGIN {
        printf "%-26s %8d %8d %10.2f %10.2f %7.2fx %9d %9d\n", n, op, sp, o, s, (s > 0 ? o / s : 0), om, sm }'
done
