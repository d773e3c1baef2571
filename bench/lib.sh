# shellcheck shell=bash
# bench/lib.sh: helpers shared by the bench/*.sh scripts; sourced, not run. Each script sets ROOT first.
#
#   bench_usage                  print the script's header comment (line 2 up to 'set -euo') and exit 2
#   bench_tmp NAME               make $TMP (/tmp/NAME.XXXXXX) and an EXIT trap that stops $FIXTURE (if set)
#                                and removes $TMP
#   median                       the median of the numbers on stdin, one a line
#   traced LOG CMD...            run CMD under strace (socket calls, for bench/smb2flow.py) into LOG; its
#                                output in $TMP/run.out; on failure print it and return 1
#   timed CMD...                 run CMD under GNU time; "wall_s cpu_s user_s sys_s rss_kb" on stdout, its
#                                output in $TMP/run.out; on failure print it and return 1

BENCH=$(basename "$0" .sh)

bench_usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

bench_cleanup() {
    [ -z "${FIXTURE:-}" ] || bash "$ROOT/tests/fixtures/smbd.sh" stop "$FIXTURE" >/dev/null 2>&1 || true
    rm -rf "$TMP"
}

bench_tmp() {
    TMP=$(mktemp -d "/tmp/$1.XXXXXX")
    FIXTURE=""
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

STRACE_CALLS=connect,read,readv,recvfrom,recvmsg,write,writev,sendto,sendmsg,close

traced() {
    local log=$1
    shift
    strace -o "$log" -xx -s 1048576 -e trace="$STRACE_CALLS" "$@" >"$TMP/run.out" 2>&1 || {
        echo "$BENCH.sh: failed: $*" >&2
        cat "$TMP/run.out" >&2
        return 1
    }
}

# Wall time from the shell (EPOCHREALTIME) around the run; CPU and peak RSS from GNU time (10 ms resolution).
timed() {
    local t0 t1 rc=0
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%U %S %M' -o "$TMP/time.out" "$@" >"$TMP/run.out" 2>&1 || rc=$?
    t1=$EPOCHREALTIME
    if [ "$rc" != 0 ]; then
        echo "$BENCH.sh: failed ($rc): $*" >&2
        cat "$TMP/run.out" >&2
        return 1
    fi
    # GNU time adds a "Command exited..." line only on failure; the last line is ours.
    tail -n 1 "$TMP/time.out" | awk -v a="$t0" -v b="$t1" '{ printf "%.4f %.2f %.2f %.2f %d\n", b - a, $1 + $2, $1, $2, $3 }'
}
