#!/usr/bin/env bash
# smbghost.sh [EMULATOR] LANMAN: the smbghost check against compress_peer.py, a scripted peer that answers a
# 3.1.1 NEGOTIATE offering compression as a Windows 10 1903/1909 server does (no real server here does:
# Samba 4.17's answer, without a compression context, is interop.audit.servers'). Checked: the exact
# finding when the peer answers with LZNT1 (fail) and with NONE (no algorithm in common: pass), that the
# request offered LZNT1, LZ77 and LZ77+Huffman in exactly one 3.1.1 NEGOTIATE, and that info findings do
# not fail the run (--fail-on low: exit 0).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "SKIP smbghost: python3 is not installed"; exit 77; }
tmp=$(mktemp -d)
peer=""
cleanup() {
    [ -z "$peer" ] || { kill "$peer" 2>/dev/null || true; wait "$peer" 2>/dev/null || true; }
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0

# check ALGORITHM WANT_RESULT WANT_DETAIL
# Starts compress_peer.py --algorithm $1: its pid in peer, its port in port.
start_peer() {
    local i
    rm -f "$tmp/port"
    python3 "$here/compress_peer.py" --algorithm "$1" >"$tmp/port" 2>"$tmp/peer.err" &
    peer=$!
    for ((i = 0; i < 50; i++)); do
        [ -s "$tmp/port" ] && break
        sleep 0.1
    done
    port=$(cat "$tmp/port")
    [ -n "$port" ] || { echo "FAIL: compress_peer.py did not start: $(cat "$tmp/peer.err")"; exit 1; }
}

check() {
    local alg=$1 want_result=$2 want_detail=$3 rc=0
    shift 3
    start_peer "$alg"
    "$@" --format json audit "127.0.0.1:$port" --checks smbghost --fail-on low >"$tmp/out" 2>"$tmp/err" || rc=$?
    kill "$peer" 2>/dev/null || true
    wait "$peer" 2>/dev/null || true
    peer=""
    [ "$rc" = 0 ] || { echo "FAIL: algorithm $alg: exit $rc, want 0 (info does not fail the run): $(cat "$tmp/err")"; fail=1; }
    python3 - "$tmp/out" "127.0.0.1:$port" "$want_result" "$want_detail" <<'PY' || fail=1
import json, sys
doc = json.load(open(sys.argv[1]))
got = [(r["Host"], r["Check"], r["Severity"], r["Result"], r["Detail"]) for r in doc]
want = [(sys.argv[2], "smbghost", "info", sys.argv[3], sys.argv[4])]
if got != want:
    print(f"FAIL: got {got}, want {want}")
    sys.exit(1)
print(f"ok: {want[0][3]}: {want[0][4]}")
PY
    # One 3.1.1 NEGOTIATE in all: the dialect sweep's, which offers compression (1 2 3) when smbghost runs.
    if [ "$(grep -c '^offered compression: 1 2 3$' "$tmp/peer.err")" != 1 ] ||
        [ "$(grep -c 'compression' "$tmp/peer.err")" != 1 ]; then
        echo "FAIL: algorithm $alg: the peer saw: $(cat "$tmp/peer.err")"
        fail=1
    fi
}

check 1 fail "SMB 3.1.1 compression negotiated (LZNT1; COMPRESSION_CAPABILITIES)" "$@"
check 0 pass "compression context answered with no algorithm in common" "$@"

# Without smbghost the sweep offers no compression: the context is the audit's smbghost probe only.
start_peer 1
"$@" --format json audit "127.0.0.1:$port" --checks dialects >"$tmp/out" 2>"$tmp/err" || true
kill "$peer" 2>/dev/null || true
wait "$peer" 2>/dev/null || true
peer=""
if [ "$(grep -c '"Check": *"dialects"' "$tmp/out")" != 1 ] ||
    [ "$(grep -c '^no compression context$' "$tmp/peer.err")" != 1 ] ||
    [ "$(grep -c 'offered compression' "$tmp/peer.err")" != 0 ]; then
    echo "FAIL: --checks dialects: the peer saw: $(cat "$tmp/peer.err"); lanman: $(cat "$tmp/out" "$tmp/err")"
    fail=1
else
    echo "ok: --checks dialects offers no compression"
fi
[ "$fail" = 0 ] && echo "smbghost: all ok"
exit "$fail"
