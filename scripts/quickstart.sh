#!/usr/bin/env bash
# The main job on a fresh machine: installs dependencies, builds a release binary, and scans a
# real image (the debian-bookworm OCI layout from ../shared/images unless an image is given).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product plimsoll
image="${1:-oci-dir:../shared/images/oci/debian-bookworm}"
exec .build/release/plimsoll sbom "$image"
