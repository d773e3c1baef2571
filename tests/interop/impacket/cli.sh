#!/usr/bin/env bash
# cli.sh [EMULATOR] LANMAN: ls, get (with a SHA-256 check) and share list against impacket's SMB server
# (tests/fixtures/impacket.sh), whose compound responses do not verify: each command must succeed through the
# fallback to single requests, which its -v trace shows once, with every later response still signed.
set -euo pipefail
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
run=("$@")
[ -n "${LANMAN_TEST_BLOB_SHA256:-}" ] || {
    echo "SKIP impacket: $LANMAN_SMBD_ENV_FILE is not the impacket fixture's"
    exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hp=$LANMAN_TEST_HOST:$LANMAN_TEST_PORT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# Runs lanman -v ARGS with stdout to $tmp/out and the trace to $tmp/err; checks the exit code and that the
# fallback happened exactly once and nothing after it was unsigned.
check() {
    local what=$1 rc=0
    shift
    "${run[@]}" -v "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    [ "$rc" = 0 ] || {
        cat "$tmp/err" >&2
        fail "$what: exit $rc"
    }
    [ "$(grep -c 'bad signature in a compound; single requests from here on' "$tmp/err")" = 1 ] ||
        fail "$what: no single fallback in the trace"
    # What the failed compound opened is closed again before the retry (no second open is left behind).
    grep -B1 'single requests from here on' "$tmp/err" | head -n1 | grep -qE -- '-> (CLOSE|TREE_DISCONNECT) ' ||
        fail "$what: the failed compound's open was not closed before the retry"
    # After the fallback every request goes alone: none is related, and every response is signed.
    sed -n '/single requests from here on/,$p' "$tmp/err" | sed 1d >"$tmp/after"
    grep -q ' related' "$tmp/after" && fail "$what: a related request after the fallback"
    [ "$(grep -c '<- .* STATUS_SUCCESS credits=[0-9]* signed' "$tmp/after")" -ge 2 ] ||
        fail "$what: fewer than two signed responses after the fallback"
    grep '<- ' "$tmp/after" | grep -v ' signed' | grep -q . && fail "$what: an unsigned response after the fallback"
    return 0
}

check ls ls "//$hp/$LANMAN_TEST_SHARE" -U "$LANMAN_TEST_USER"
[ "$(grep -cE ' (hello[.]txt|blob[.]bin)$' "$tmp/out")" = 2 ] || fail "ls: hello.txt and blob.bin not both listed"

check get get "//$hp/$LANMAN_TEST_SHARE/blob.bin" "$tmp/blob.bin" -U "$LANMAN_TEST_USER"
got=$(sha256sum "$tmp/blob.bin" | cut -d' ' -f1)
[ "$got" = "$LANMAN_TEST_BLOB_SHA256" ] || fail "get: SHA-256 $got, expected $LANMAN_TEST_BLOB_SHA256"

check "share list" -H "$hp" -U "$LANMAN_TEST_USER" share list
[ "$(grep -cE "^($LANMAN_TEST_SHARE|IPC[$]) " "$tmp/out")" = 2 ] || fail "share list: $LANMAN_TEST_SHARE and IPC\$ not both listed"
echo "ok: ls, get (sha256), share list through the single-request fallback"
