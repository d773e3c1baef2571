#!/usr/bin/env bash
# ms17010.sh WEAK_ENV HARD_ENV PEER [EMULATOR] LANMAN: the ms17-010 check (EternalBlue) of lanman audit.
#   PEER (tests/hostile/ms17peer.c) answers as Windows 7 SP1 does, unpatched (STATUS_INSUFF_SERVER_RESOURCES:
#   fail) and patched (STATUS_ACCESS_DENIED or STATUS_INVALID_HANDLE: pass), or refuses the anonymous logon
#   (unknown), or hangs up on SMB2 as an SMB1-only server does; it logs every request, and the SESSION_SETUP fields that would carry credentials.
#   The weak Samba fixture (SMB1 on) gives the patched answer STATUS_INVALID_HANDLE; the hardened one (SMB1
#   off) refuses SMB1: pass.
# Checked: the exact Result and Detail each time (JSON parsed), the exit code under the default --fail-on high;
# the session the peer saw was anonymous (empty account, domain and passwords) although -U and a password were
# given, and neither the user nor the password is in any request; the TRANSACTION on the wire is nmap's
# PeekNamedPipe on FID 0 byte for byte; ms17-010 runs only when asked for (not in the default set, in all).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
weak_env=$1 hard_env=$2 peer=$3
shift 3
command -v python3 >/dev/null || { echo "SKIP ms17010: python3 is not installed"; exit 77; }
[ -x "$peer" ] || { echo "SKIP ms17010: no fake peer $peer"; exit 77; }
for e in "$weak_env" "$hard_env"; do
    [ -f "$e" ] || { echo "SKIP ms17010: no fixture env $e (smbd missing?)"; exit 77; }
done
# shellcheck disable=SC1090
weak=$(. "$weak_env" && echo "$LANMAN_TEST_HOST:$LANMAN_TEST_PORT")
# shellcheck disable=SC1090
hard=$(. "$hard_env" && echo "$LANMAN_TEST_HOST:$LANMAN_TEST_PORT")
user=ms17-audit-user
LANMAN_PASSWORD=Ms17-Secret-Pw-4711
export LANMAN_PASSWORD
tmp=$(mktemp -d)
peer_pid=
cleanup() {
    if [ -n "$peer_pid" ]; then kill "$peer_pid" 2>/dev/null || true; wait "$peer_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0

# shellcheck source=run.sh
. "$here/run.sh"

# expect NAME HOST CHECK RESULT DETAIL: the JSON output of run NAME has exactly this finding for CHECK.
expect() {
    python3 - "$tmp/$1.out" "$2" "$3" "$4" "$5" <<'PY' || fail=1
import json, sys
path, host, check, result, detail = sys.argv[1:]
doc = json.load(open(path))
got = [r for r in doc if r["Host"] == host and r["Check"] == check]
if len(got) != 1 or got[0]["Result"] != result or got[0]["Detail"] != detail or got[0]["Severity"] != "high":
    print(f"FAIL: {path}: {check} on {host}: got {got}, want {result}: {detail}")
    sys.exit(1)
print(f"ok: {check} on {host}: {result}: {detail}")
PY
}

# start_peer MODE: the fake on a free port ($port), logging to $tmp/MODE.log.
start_peer() {
    : >"$tmp/$1.port"
    "$peer" "$1" "$tmp/$1.log" >"$tmp/$1.port" &
    peer_pid=$!
    for _ in $(seq 50); do [ -s "$tmp/$1.port" ] && break; sleep 0.1; done
    port=$(cat "$tmp/$1.port")
    [ -n "$port" ] || { echo "FAIL: the fake peer did not start"; exit 1; }
}
stop_peer() {
    kill "$peer_pid" 2>/dev/null || true
    wait "$peer_pid" 2>/dev/null || true
    peer_pid=
}

# What lanman's TRANSACTION must be on the wire (the SMB message; UID and TID as the peer gave them): nmap's
# smb-vuln-ms17-010 request, PeekNamedPipe (0x0023) on FID 0, "\PIPE\".
trans_hex="ff534d42 25 00000000 18 0140 0000 0000000000000000 0000 0100 4c4d 0008 0300"
trans_hex+=" 10 0000 0000 ffff ffff 00 00 0000 00000000 0000 0000 4a00 0000 4a00 02 00 2300 0000 0700 5c504950455c00"
trans_hex=${trans_hex// /}
# The credentials, as lanman could encode them (ASCII, UTF-16LE), in hex.
secrets=$(python3 -c 'import sys
for s in sys.argv[1:]:
    print(s.encode().hex()); print(s.encode("utf-16-le").hex())' "$user" "$LANMAN_PASSWORD")

# checks_peer MODE: the peer saw exactly one SMB1 SESSION_SETUP, anonymous, and no credentials in any request.
checks_peer() {
    local log=$tmp/$1.log n
    n=$(grep -c '^SESSION ' "$log" || true)
    if [ "$n" -ne 1 ] || ! grep -qx "SESSION wc=13 account='' domain='' oem_password=0 unicode_password=0 bc=4" "$log"; then
        echo "FAIL: $1: the SMB1 SESSION_SETUP was not one anonymous logon:"; grep '^SESSION' "$log"; fail=1
    fi
    [ "$(grep -c '^FRAME ' "$log")" -ge 4 ] || { echo "FAIL: $1: fewer than 4 requests logged"; fail=1; }
    while read -r s; do
        if grep -qi -- "$s" "$log"; then echo "FAIL: $1: a credential ($s) reached the peer"; fail=1; fi
    done <<<"$secrets"
}

# 1. Unpatched Windows 7: fail (high), so exit 1; with -U and a password, which the check must not send.
start_peer unpatched
run 1 unpatched "$@" -U "$user" --format json audit "127.0.0.1:$port" --checks ms17-010
stop_peer
expect unpatched "127.0.0.1:$port" ms17-010 fail \
    "PeekNamedPipe on FID 0 over an anonymous SMB1 session answered STATUS_INSUFF_SERVER_RESOURCES (0xC0000205): MS17-010 not installed"
checks_peer unpatched
if [ "$(grep -cx "FRAME $trans_hex" "$tmp/unpatched.log" || true)" -ne 1 ]; then
    echo "FAIL: the TRANSACTION on the wire is not nmap's PeekNamedPipe on FID 0:"; grep 'FRAME ff534d4225' "$tmp/unpatched.log"
    fail=1
fi

# 2. Patched, both answers nmap knows: pass, exit 0.
for m in patched-denied patched-handle; do
    start_peer "$m"
    run 0 "$m" "$@" -U "$user" --format json audit "127.0.0.1:$port" --checks ms17-010
    stop_peer
    if [ "$m" = patched-denied ]; then s='STATUS_ACCESS_DENIED (0xC0000022)'; else s='STATUS_INVALID_HANDLE (0xC0000008)'; fi
    expect "$m" "127.0.0.1:$port" ms17-010 pass "PeekNamedPipe on FID 0 over an anonymous SMB1 session answered $s: patched"
    checks_peer "$m"
done

# 3. Anonymous logon refused: the test cannot run; unknown, with the step and its status (exit 0).
start_peer anon-refused
run 0 anon "$@" -U "$user" --format json audit "127.0.0.1:$port" --checks ms17-010
stop_peer
expect anon "127.0.0.1:$port" ms17-010 unknown \
    "SMB1 accepted, but the anonymous SMB1 SESSION_SETUP was refused (NTSTATUS 0xC0000022): the PeekNamedPipe test needs an anonymous session to IPC\$"
checks_peer anon-refused
[ "$(grep -c '^FRAME ff534d4225' "$tmp/anon-refused.log" || true)" -eq 0 ] ||
    { echo "FAIL: anon: a TRANSACTION was sent without a session"; fail=1; }

# 4. SMB1 only (the server hangs up on SMB2, as Windows XP and Server 2003 do): reachable, and the SMB1
# checks run: smb1 and ms17-010 fail.
start_peer smb1-only
run 1 smb1only "$@" --format json audit "127.0.0.1:$port" --checks smb1,ms17-010
stop_peer
expect smb1only "127.0.0.1:$port" ms17-010 fail \
    "PeekNamedPipe on FID 0 over an anonymous SMB1 session answered STATUS_INSUFF_SERVER_RESOURCES (0xC0000205): MS17-010 not installed"
expect smb1only "127.0.0.1:$port" smb1 fail "SMB1 NEGOTIATE (NT LM 0.12) accepted"
checks_peer smb1-only

# 5. Not in the default set: no ms17-010 finding, and no SMB1 SESSION_SETUP reached the peer.
start_peer unpatched
run 1 default "$@" --timeout 2 --format json audit "127.0.0.1:$port"
stop_peer
python3 - "$tmp/default.out" <<'PY' || fail=1
import json, sys
doc = json.load(open(sys.argv[1]))
checks = [r["Check"] for r in doc]
assert len(checks) >= 7 and "ms17-010" not in checks, checks
print("ok: default: %d findings, no ms17-010" % len(checks))
PY
[ "$(grep -c '^SESSION ' "$tmp/unpatched.log" || true)" -eq 0 ] && [ "$(grep -c '^FRAME ff534d4273' "$tmp/unpatched.log" || true)" -eq 0 ] ||
    { echo "FAIL: default: the default set opened an SMB1 session"; fail=1; }

# 6. Real Samba: SMB1 on (the weak fixture) answers STATUS_INVALID_HANDLE, the patched answer; SMB1 off (the
# hardened one) refuses the NEGOTIATE. Both pass: exit 0. 'all' includes ms17-010.
run 0 samba "$@" -U "$user" --format json audit "$weak" "$hard" --checks ms17-010
expect samba "$weak" ms17-010 pass \
    "PeekNamedPipe on FID 0 over an anonymous SMB1 session answered STATUS_INVALID_HANDLE (0xC0000008): patched"
expect samba "$hard" ms17-010 pass "SMB1 refused: not exposed (the NEGOTIATE was answered without NT LM 0.12)"
run 1 samba_all "$@" --format json audit "$weak" --checks all
expect samba_all "$weak" ms17-010 pass \
    "PeekNamedPipe on FID 0 over an anonymous SMB1 session answered STATUS_INVALID_HANDLE (0xC0000008): patched"

# 7. The password is in no output.
if grep -qF -- "$LANMAN_PASSWORD" "$tmp"/*.out "$tmp"/*.err; then
    echo "FAIL: the password appears in the output"
    fail=1
fi
[ "$fail" = 0 ] && echo "ms17010: all ok"
exit "$fail"
