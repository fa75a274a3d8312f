#!/usr/bin/env bash
# The main job on a fresh machine: installs dependencies, builds a release binary, imports the
# offline feed snapshot from ../shared/feeds into the vulnerability database, and scans a real
# image (the debian-bookworm OCI layout from ../shared/images unless an image is given).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product plimsoll
plimsoll=.build/release/plimsoll
feeds=../shared/feeds
"$plimsoll" db import "$feeds/osv/Debian" "$feeds/osv/Alpine" "$feeds/osv/PyPI-json" "$feeds/osv/Go" \
    "$feeds/osv/GHSA" "$feeds/nvd" "$feeds/kev"
image="${1:-oci-dir:../shared/images/oci/debian-bookworm}"
"$plimsoll" sbom "$image"
exec "$plimsoll" scan "$image"
