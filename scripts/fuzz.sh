#!/usr/bin/env bash
# Fuzzes every target of fuzz/ with libFuzzer for SECONDS each (default 60): builds the fuzz preset (clang,
# ASan + UBSan), then runs each target over its seed corpus. New inputs go to build/fuzz/corpus/TARGET
# (the seeds in fuzz/corpus are only read); a crash, leak or UB report is written to
# build/fuzz/crashes/TARGET-*. Not part of scripts/test.sh: the tests replay the corpora instead
# (fuzz.replay.TARGET).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     FUZZ_JOBS=N runs N targets at a time (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
case $seconds in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;; esac
jobs=${FUZZ_JOBS:-1}

scripts/deps.sh fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc 2>/dev/null || echo 2)"

out=$PWD/build/fuzz
mkdir -p "$out/crashes" "$out/logs"
run() {
    local t=$1
    shift
    mkdir -p "$out/corpus/$t"
    # -rss_limit_mb and -max_len bound what one input may cost; a leak is a failure (detect_leaks=1).
    if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$out/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$out/crashes/$t-" "$out/corpus/$t" "$@" \
        >"$out/logs/$t.log" 2>&1; then
        echo "fuzz: $t: ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/logs/$t.log" |
            grep -o '[0-9]*$') runs, $(grep -o 'cov: [0-9]*' "$out/logs/$t.log" | tail -n 1))"
    else
        echo "fuzz: $t: FAILED, see $out/logs/$t.log and $out/crashes/" >&2
        return 1
    fi
}

failed=0
running=0
while read -r t dirs; do
    if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$t"; then
        continue
    fi
    # shellcheck disable=SC2086 # the seed directories are space-separated paths from CMake
    run "$t" $dirs </dev/null &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || failed=1
        running=$((running - 1))
    fi
done <"$out/fuzz/targets.txt"
while [ "$running" -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
done
[ "$failed" -eq 0 ] || { echo "fuzz: failures; reproduce with build/linux/fuzz/fuzz_TARGET FILE" >&2; exit 1; }
