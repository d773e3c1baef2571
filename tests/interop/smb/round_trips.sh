#!/usr/bin/env bash
# round_trips.sh TRIPS [EMULATOR] LANMAN: `lanman -v get` of the fixture's hello.txt takes TRIPS round trips
# from TCP connect, by the CLI's own count ("trace: round trips: N"): 4 where the TREE_CONNECT rides in the
# compound of the CREATE and the first READ (NEGOTIATE, SESSION_SETUP x2, that compound), 6 on a signed 3.0
# or 3.0.2 session, whose tree is connected and validated on its own first. The file arrives whole; the trace
# shows the compound (TREE_CONNECT, then CREATE and READ related to it) exactly when TRIPS is 4. A missing
# file fails with exit 4 after as many round trips, a missing share after 4. The bench (bench/rt.sh)
# checks the count against strace. Exit 77 (skip) without the fixture.
set -euo pipefail
want=$1
shift
lanman=("$@")
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
url="//$LANMAN_TEST_HOST:$LANMAN_TEST_PORT"

# run RC TRIPS TARGET: lanman -v get TARGET - must exit RC after TRIPS round trips.
run() {
    local rc=0 trips
    "${lanman[@]}" -v -U "$LANMAN_TEST_USER" get "$3" - >"$tmp/out" 2>"$tmp/err" || rc=$?
    trips=$(sed -n 's/^lanman: trace: round trips: \([0-9]*\).*/\1/p' "$tmp/err")
    if [ "$rc" != "$1" ] || [ "$trips" != "$2" ]; then
        echo "FAIL: get $3: exit $rc (want $1), round trips '$trips' (want $2)"
        cat "$tmp/err"
        fail=1
    fi
}

run 0 "$want" "$url/$LANMAN_TEST_SHARE/hello.txt"
[ "$(cat "$tmp/out")" = "Hello from lanman" ] || { echo "FAIL: hello.txt came as '$(cat "$tmp/out")'"; fail=1; }
# The requests sent after the logon, in order, up to the first reply.
sent=$(awk '/<- SESSION_SETUP .*STATUS_SUCCESS/ { on = 1; next } on && /trace: <- / { exit }
            on && /trace: -> / { sub(/.*trace: -> /, ""); print $1 ($0 ~ / related/ ? "+" : "") }' "$tmp/err" |
    tr '\n' ' ')
if [ "$want" = 4 ]; then
    [ "$sent" = "TREE_CONNECT CREATE+ READ+ " ] || { echo "FAIL: the first compound was '$sent'"; fail=1; }
else
    [ "$sent" = "TREE_CONNECT " ] || { echo "FAIL: the tree was not connected alone first: '$sent'"; fail=1; }
fi

run 4 "$want" "$url/$LANMAN_TEST_SHARE/no-such-file.txt"
grep -q "STATUS_OBJECT_NAME_NOT_FOUND" "$tmp/err" || { echo "FAIL: no STATUS_OBJECT_NAME_NOT_FOUND"; fail=1; }
# A share that is not there: its TREE_CONNECT is refused, in the compound or alone, in the 4th round trip.
run 4 4 "$url/no-such-share/hello.txt"
grep -q "STATUS_BAD_NETWORK_NAME" "$tmp/err" || { echo "FAIL: no STATUS_BAD_NETWORK_NAME"; fail=1; }

[ "$fail" = 0 ] && echo "ok: get in $want round trips from TCP connect"
exit "$fail"
