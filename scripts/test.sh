#!/usr/bin/env bash
# The test command: installs what is missing, builds every preset and runs every test.
#   1. Debian packages (scripts/deps.sh) and the MinGW builds of libxml2/CUnit (cmake/mingw-deps.sh, cached);
#   2. configure + build: linux, mingw, asan;
#   3. ctest: linux natively, mingw under Wine (fresh WINEPREFIX), asan natively.
# Exits non-zero if any build or test fails. A test that could not run (its fixture failed) counts as failed;
# only a test that skipped itself (exit 77, with a reason) counts as skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
# The Samba fixtures create a Unix account (useradd) and svcctl scripts in Samba's system MODULESDIR: without
# root every test that needs them would fail. Say so once, before installing and building.
if [ "$(id -u)" -ne 0 ]; then
    echo "scripts/test.sh: run as root (sudo scripts/test.sh): the Samba fixtures create a Unix account with useradd" >&2
    exit 1
fi

scripts/deps.sh all
LANMAN_MINGW_DEPS=$(cmake/mingw-deps.sh | tail -n 1)
export LANMAN_MINGW_DEPS

jobs=$(nproc 2>/dev/null || echo 2)
failed=()
for preset in linux mingw asan; do
    echo "==== $preset: configure and build"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
done
passed=0 nfailed=0 skipped=0
for preset in linux mingw asan; do
    echo "==== $preset: test"
    junit="$PWD/build/$preset/ctest-junit.xml"
    rm -f "$junit"
    ctest --preset "$preset" -j "$jobs" --output-junit "$junit" || failed+=("$preset")
    if [ ! -f "$junit" ]; then
        echo "==== $preset: ctest wrote no $junit"
        nfailed=$((nfailed + 1))
        continue
    fi
    # A test that did not run because its fixture failed is a failure, not a skip (scripts/ctest-junit-count.awk).
    counts=$(awk -f scripts/ctest-junit-count.awk "$junit")
    sed '$d' <<<"$counts" | sed "s/^/==== $preset: /"
    read -r p f s <<<"$(tail -n 1 <<<"$counts")"
    passed=$((passed + p)) nfailed=$((nfailed + f)) skipped=$((skipped + s))
    [ "$f" -eq 0 ] || [[ " ${failed[*]} " == *" $preset "* ]] || failed+=("$preset")
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "==== FAILED: ${failed[*]}"
fi
echo "tests: $passed passed, $nfailed failed, $skipped skipped"
[ ${#failed[@]} -eq 0 ] && [ "$nfailed" -eq 0 ] && [ "$passed" -gt 0 ]
