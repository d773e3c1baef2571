#!/usr/bin/env bash
# faults.sh WHAT FAULT LANMAN: the lanman CLI interrupted in the middle of a transfer, against the fixture
# named by LANMAN_SMBD_ENV_FILE (smbd.sh start --populate --shares 10000).
#
#   WHAT   get     a 256 MiB download (huge.bin, made here in the share) over a file that exists already
#          list    share list of the 10,000 shares, to stdout
#          export  config export -o FILE over a file that exists already (about 4 MB)
#   FAULT  int     SIGINT: exit 130 (the shell's 128+2: lanman ends killed by the signal)
#          term    SIGTERM: exit 143
#          kill    SIGKILL to the smbd process that serves the connection: exit 6 within --timeout
#          ok      (get only) no fault: the file arrives whole; a new file gets the umask's mode, a file that
#                  is replaced keeps its mode
#
# Every fault leaves an existing target byte for byte (sha256) and nothing else in its directory (no
# temporary file). "In the middle" is found by polling, never by a fixed sleep: the temporary file has data
# (get, export) or lanman has read a first part of the answer (list: the socket's bytes_received, from ss -i); lanman is then stopped
# (SIGSTOP), checked to be unfinished, given the fault, and continued.
set -euo pipefail
what=$1 fault=$2 lanman=$3
. "$(dirname "$0")/../../fixtures/smbdenv.sh"

TIMEOUT=10
HUGE=$((256 * 1024 * 1024))
work=$(mktemp -d)
pid=
cleanup() {
    [ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL ($what $fault): $*" >&2
    [ ! -s "$work/err" ] || sed 's/^/  lanman: /' "$work/err" >&2
    exit 1
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Polls (every 5 ms, for at most 30 s) until the command succeeds; fails if lanman ended first.
wait_until() {
    local deadline=$(($(now_ms) + 30000))
    until "$@"; do
        ! state_is ZX || fail "lanman ended before the fault could be sent (still waiting for: $*)"
        [ "$(now_ms)" -lt "$deadline" ] || fail "timed out waiting for: $*"
        sleep 0.005
    done
}

# lanman's state (/proc/PID/stat) is one of the letters in $1: T stopped, Z or X ended.
state_is() {
    local st
    st=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) || st=X
    [[ $1 == *"${st:-X}"* ]]
}

# A file beside the target (the temporary one, whatever its name) holds at least $1 bytes; its name in
# $temp.
temp_has() {
    local t
    for t in "$dir"/* "$dir"/.[!.]*; do
        [ "$t" != "$target" ] && [ -f "$t" ] || continue
        [ "$(stat -c %s "$t" 2>/dev/null || echo 0)" -ge "$1" ] && temp=$t && return 0
    done
    return 1
}

# lanman's connection to the fixture has received at least $1 bytes (ss -i: each socket's line, then its
# TCP information on the next).
has_received() {
    local n
    n=$(ss -tinpH "dport = :$LANMAN_TEST_PORT" 2>/dev/null | awk -v p="pid=$pid," '
        index($0, p) { hit = 1; next }
        hit && match($0, /bytes_received:[0-9]+/) { print substr($0, RSTART + 15, RLENGTH - 15); exit }
        { hit = 0 }')
    [ "${n:-0}" -ge "$1" ]
}

# The smbd process at the other end of lanman's TCP connection to the fixture: lanman's socket inodes give
# its local port (/proc/net/tcp*), that port gives the server side's inode, and that inode the smbd child.
smbd_peer() {
    local inos=" " fd l cport="" sino="" p loc rem ino
    for fd in /proc/"$pid"/fd/*; do
        l=$(readlink "$fd" 2>/dev/null) || continue
        case $l in socket:\[*\]) inos+="${l//[^0-9]/} " ;; esac
    done
    while read -r _ loc rem _ _ _ _ _ _ ino _; do
        [[ $inos == *" $ino "* ]] && [ $((16#${rem##*:})) = "$LANMAN_TEST_PORT" ] && cport=$((16#${loc##*:}))
    done < <(tail -q -n +2 /proc/net/tcp /proc/net/tcp6 2>/dev/null)
    [ -n "$cport" ] || return 1
    while read -r _ loc rem _ _ _ _ _ _ ino _; do
        [ $((16#${loc##*:})) = "$LANMAN_TEST_PORT" ] && [ $((16#${rem##*:})) = "$cport" ] && sino=$ino
    done < <(tail -q -n +2 /proc/net/tcp /proc/net/tcp6 2>/dev/null)
    [ -n "$sino" ] || return 1
    for p in /proc/[0-9]*; do
        [ "$(cat "$p/comm" 2>/dev/null)" = smbd ] || continue
        for fd in "$p"/fd/*; do
            if [ "$(readlink "$fd" 2>/dev/null)" = "socket:[$sino]" ]; then
                echo "${p#/proc/}"
                return 0
            fi
        done
    done
    return 1
}

sha() { sha256sum <"$1" | cut -d' ' -f1; }

# Only the target in its directory: no temporary file left beside it.
alone() {
    local left
    left=$(cd "$dir" && ls -A)
    [ "$left" = "$(basename "$target")" ] || fail "left in $dir: $(echo $left)"
}

remote=//$LANMAN_TEST_HOST:$LANMAN_TEST_PORT/$LANMAN_TEST_SHARE
dir=$work/dir
mkdir "$dir"
target=$dir/target

case $what in
get)
    # 256 MiB in the share, from the fixture's 64 MiB big.bin (made once per fixture start).
    huge=$LANMAN_TEST_SHARE_PATH/huge.bin
    if [ "$(stat -c %s "$huge" 2>/dev/null || echo 0)" != "$HUGE" ]; then
        [ -f "$LANMAN_TEST_SHARE_PATH/big.bin" ] || fail "the fixture has no big.bin (start it with --populate)"
        cat "$LANMAN_TEST_SHARE_PATH"/big.bin{,,,} >"$huge.part.$$"
        mv "$huge.part.$$" "$huge"
    fi
    [ "$(stat -c %s "$huge")" = "$HUGE" ] || fail "huge.bin is not 256 MiB"
    cmd=(get "$remote/huge.bin" "$target")
    ;;
list)
    command -v ss >/dev/null || { echo "SKIP: ss (iproute2) is not installed"; exit 77; }
    cmd=(-H "$LANMAN_TEST_HOST:$LANMAN_TEST_PORT" share list)
    ;;
export) cmd=(-H "$LANMAN_TEST_HOST:$LANMAN_TEST_PORT" config export -o "$target") ;;
*) fail "WHAT: get|list|export" ;;
esac

if [ "$fault" = ok ]; then
    [ "$what" = get ] || fail "FAULT ok is for get"
    umask 027
    rc=0
    "$lanman" --timeout "$TIMEOUT" -U "$LANMAN_TEST_USER" "${cmd[@]}" 2>"$work/err" || rc=$?
    [ "$rc" = 0 ] || fail "exit $rc"
    [ "$(sha "$target")" = "$(sha "$huge")" ] || fail "the download differs from huge.bin"
    [ "$(stat -c %a "$target")" = 640 ] || fail "a new file has mode $(stat -c %a "$target"), not 640 (umask 027)"
    alone
    # Replacing a file keeps its mode, whatever the umask says.
    chmod 604 "$target"
    umask 077
    rc=0
    "$lanman" --timeout "$TIMEOUT" -U "$LANMAN_TEST_USER" get "$remote/hello.txt" "$target" 2>"$work/err" || rc=$?
    [ "$rc" = 0 ] || fail "exit $rc"
    [ "$(cat "$target")" = "Hello from lanman" ] || fail "hello.txt did not replace the file"
    [ "$(stat -c %a "$target")" = 604 ] || fail "a replaced file has mode $(stat -c %a "$target"), not 604"
    alone
    echo "PASS: get writes the whole file, a new file has the umask's mode, a replaced one keeps its mode"
    exit 0
fi

case $fault in
int) sig=INT want=130 ;;
term) sig=TERM want=143 ;;
kill) sig="" want=6 ;;
*) fail "FAULT: int|term|kill|ok" ;;
esac

# The file that must survive: 1 MiB of random bytes, not what any download would write.
if [ "$what" != list ]; then
    head -c 1048576 /dev/urandom >"$target"
    old=$(sha "$target")
fi

# Started with default dispositions: a non-interactive bash starts background jobs with SIGINT ignored,
# which lanman (as any program) then keeps.
env --default-signal=INT,TERM "$lanman" --timeout "$TIMEOUT" -U "$LANMAN_TEST_USER" "${cmd[@]}" \
    >"$work/out" 2>"$work/err" &
pid=$!
case $what in
get) wait_until temp_has $((8 * 1024 * 1024)) ;;
export) wait_until temp_has 65536 ;;
list) wait_until has_received $((256 * 1024)) ;; # of about 2.5 MB
esac
kill -STOP "$pid"
wait_until state_is 'TZX'
# Still in the middle: lanman has not ended, and the temporary file is there and not complete.
state_is T || fail "lanman ended before the fault"
case $what in
get) temp_has 1 && ! temp_has "$HUGE" || fail "the download was complete before the fault" ;;
export) temp_has 1 && ! grep -q '</lanman-config>' "$temp" || fail "the export was complete before the fault" ;;
esac

if [ -n "$sig" ]; then
    kill -"$sig" "$pid"
    start=$(now_ms)
    kill -CONT "$pid"
else
    server=$(smbd_peer) || fail "no smbd process serves lanman's connection"
    kill -KILL "$server"
    start=$(now_ms)
    kill -CONT "$pid"
fi
rc=0
wait "$pid" || rc=$?
elapsed=$(($(now_ms) - start))
pid=
[ "$rc" = "$want" ] || fail "exit $rc, want $want"
[ "$elapsed" -lt $((TIMEOUT * 1000)) ] || fail "took ${elapsed} ms, more than --timeout $TIMEOUT"
if [ "$what" != list ]; then
    [ "$(sha "$target")" = "$old" ] || fail "the existing file changed"
    alone
fi
if [ "$fault" = kill ]; then
    grep -q . "$work/err" || fail "no message for the lost connection"
    ! grep -qi 'sanitizer\|leak' "$work/err" || fail "sanitizer report"
fi
echo "PASS: $what, $fault in the middle: exit $rc in ${elapsed} ms$([ "$what" = list ] || echo ', the old file intact, no temporary file')"
