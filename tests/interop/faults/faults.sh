#!/usr/bin/env bash
# faults.sh WHAT FAULT LANMAN: the lanman CLI interrupted in the middle of a transfer, against the fixture
# named by LANMAN_SMBD_ENV_FILE (smbd.sh start --populate --shares 10000).
#
#   WHAT   get     a 256 MiB download (huge.bin, made here in the share) over a file that exists already
#          list    share list of the 10,000 shares, to stdout (in the middle: after the logon, the smbd
#                  process is frozen with SIGSTOP so that lanman waits for the shares; then the fault)
#          export  config export -o FILE over a file that exists already (about 4 MB)
#   FAULT  int     SIGINT: exit 130 (the shell's 128+2: lanman ends killed by the signal)
#          term    SIGTERM: exit 143
#          kill    SIGKILL to the smbd process that serves the connection: exit 6 within --timeout
#          hang    (get) SIGSTOP to that smbd process, a server that stops answering: exit 6 after --timeout
#                  (3 s here), within 2 s more
#          ok      (get only) no fault: the file arrives whole; a new file gets the umask's mode, a file that
#                  is replaced keeps its mode
#
# Every fault leaves an existing target byte for byte (sha256) and nothing else in its directory (no
# temporary file). "In the middle" is found by polling, never by a fixed sleep: the temporary file has data
# (get, export), then lanman is stopped (SIGSTOP), checked to be unfinished, given the fault, and continued;
# for list, see above.
set -euo pipefail
what=$1 fault=$2 lanman=$3
. "$(dirname "$0")/../../fixtures/smbdenv.sh"

command -v ss >/dev/null || { echo "SKIP: ss (iproute2) is not installed"; exit 77; }
TIMEOUT=10
HUGE=$((256 * 1024 * 1024))
work=$(mktemp -d)
pid=
server=
cleanup() {
    [ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null || true
    [ -z "$server" ] || kill -KILL "$server" 2>/dev/null || true
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

# lanman is blocked (state S) with nothing in its socket's receive queue: it waits for the server.
waiting() {
    local q
    q=$(ss -tnpH "dport = :$LANMAN_TEST_PORT" 2>/dev/null | awk -v p="pid=$pid," 'index($0, p) { print $2; exit }')
    [ "$q" = 0 ] && state_is S
}

# The smbd process at the other end of lanman's TCP connection to the fixture (ss -p: lanman's local port,
# then the process that has the server's side of that connection).
smbd_peer() {
    local cport server
    cport=$(ss -tnpH "dport = :$LANMAN_TEST_PORT" 2>/dev/null |
        awk -v p="pid=$pid," 'index($0, p) { n = split($4, a, ":"); print a[n]; exit }')
    [ -n "$cport" ] || return 1
    server=$(ss -tnpH "sport = :$LANMAN_TEST_PORT and dport = :$cport" 2>/dev/null |
        grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2)
    [ -n "$server" ] && echo "$server"
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
list) cmd=(-H "$LANMAN_TEST_HOST:$LANMAN_TEST_PORT" share list) ;;
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
hang) sig="" want=6 TIMEOUT=3 ;;
*) fail "FAULT: int|term|kill|hang|ok" ;;
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
list)
    # Samba takes about half a second to produce the 10,000 shares (the srvsvc worker starts and reads
    # them), then sends them all in a burst of a few milliseconds, too short to catch by polling; and what
    # it has sent is queued at lanman whether or not lanman reads it. So the middle here is after the logon
    # (lanman has received its first KiB), with the server frozen: lanman waits, nothing left to read, for
    # an answer that cannot come.
    wait_until has_received 1024
    server=$(smbd_peer) || fail "no smbd process serves lanman's connection"
    kill -STOP "$server"
    wait_until waiting
    ;;
esac
if [ "$what" != list ]; then
    kill -STOP "$pid"
    wait_until state_is 'TZX'
    state_is T || fail "lanman ended before the fault"
fi
# Still in the middle: the temporary file is there and not complete.
case $what in
get) temp_has 1 && ! temp_has "$HUGE" || fail "the download was complete before the fault" ;;
export) temp_has 1 && ! grep -q '</lanman-config>' "$temp" || fail "the export was complete before the fault" ;;
esac

if [ -n "$sig" ]; then
    kill -"$sig" "$pid"
else
    [ -n "$server" ] || server=$(smbd_peer) || fail "no smbd process serves lanman's connection"
    if [ "$fault" = hang ]; then kill -STOP "$server"; else kill -KILL "$server"; fi
fi
start=$(now_ms)
[ "$what" = list ] || kill -CONT "$pid"
rc=0
wait "$pid" || rc=$?
elapsed=$(($(now_ms) - start))
pid=
[ "$rc" = "$want" ] || fail "exit $rc, want $want"
limit=$((TIMEOUT * 1000))
[ "$fault" != hang ] || limit=$((limit + 2000))
[ "$elapsed" -lt "$limit" ] || fail "took ${elapsed} ms (--timeout $TIMEOUT)"
if [ "$what" != list ]; then
    [ "$(sha "$target")" = "$old" ] || fail "the existing file changed"
    alone
fi
if [ "$fault" = kill ] || [ "$fault" = hang ]; then
    grep -q . "$work/err" || fail "no message for the lost connection"
    ! grep -qi 'sanitizer\|leak' "$work/err" || fail "sanitizer report"
fi
echo "PASS: $what, $fault in the middle: exit $rc in ${elapsed} ms$([ "$what" = list ] || echo ', the old file intact, no temporary file')"
