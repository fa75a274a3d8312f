#!/usr/bin/env bash
# The whole test suite: installs dependencies, starts the services the tests use (each
# scripts/test-env.d/*.sh starts one and exports the variables that enable its tests),
# builds with warnings as errors, checks formatting, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

if [ -z "${PLIMSOLL_TEST_TMP:-}" ]; then
    PLIMSOLL_TEST_TMP="$(mktemp -d /tmp/plimsoll-test.XXXXXX)"
    remove_test_tmp=1
fi
export PLIMSOLL_TEST_TMP
cleanup_hooks=()
cleanup() {
    local hook
    for hook in "${cleanup_hooks[@]}"; do eval "$hook" || true; done
    if [ -n "${remove_test_tmp:-}" ]; then rm -rf "$PLIMSOLL_TEST_TMP"; fi
}
trap cleanup EXIT
for env_script in scripts/test-env.d/*.sh; do
    [ -e "$env_script" ] || continue
    # shellcheck source=/dev/null
    source "$env_script"
done

swift build --build-tests -Xswiftc -warnings-as-errors
swift format lint --strict --recursive Sources Tests Package.swift
swift test --skip-build "$@"
