#!/usr/bin/env bash
# Installs what Plimsoll and its tests need on a Debian 12 machine with the Swift toolchain:
# every package listed in scripts/deps/*.apt (Debian) and scripts/deps/*.pip (PyPI).
# Idempotent and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

list() { cat scripts/deps/*."$1" 2>/dev/null | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u; }

mapfile -t apt_wanted < <(list apt)
missing=()
for package in "${apt_wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mapfile -t pip_wanted < <(list pip)
if ((${#pip_wanted[@]})); then
    pip_log="$(mktemp /tmp/plimsoll-pip.XXXXXX)"
    # A Debian-managed python3 refuses plain installs (PEP 668); the tools only need to be importable.
    if ! python3 -m pip install -q --disable-pip-version-check "${pip_wanted[@]}" >"$pip_log" 2>&1 &&
        ! python3 -m pip install -q --disable-pip-version-check --break-system-packages "${pip_wanted[@]}" \
            >>"$pip_log" 2>&1; then
        cat "$pip_log" >&2
        rm -f "$pip_log"
        exit 1
    fi
    rm -f "$pip_log"
fi
