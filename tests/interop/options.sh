#!/usr/bin/env bash
# The fixture's options, as Samba's own clients see them, on a second instance beside the default one:
# 10,000 generated shares, a guest share, SMB1 with mandatory signing, share add/delete through srvsvc
# (the add/delete share command scripts and SeDiskOperatorPrivilege), svcctl (a listed --svcctl service,
# root only; the built-in Spooler's status), and a stop that leaves nothing behind.
#   options.sh DIR     DIR: where the second instance lives (wiped)
# Exit 77 (skip) when smbd is not installed, and when not root, once everything but the --svcctl check (which
# writes to Samba's system MODULESDIR) has passed: a check left out is a skip, never a pass.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../fixtures/smbd.sh
smbd=${LANMAN_SMBD:-/usr/sbin/smbd}
dir=${1:?usage: options.sh DIR}
if [ ! -x "$smbd" ] || ! command -v smbclient >/dev/null || ! command -v rpcclient >/dev/null; then
    echo "SKIP: smbd, smbclient or rpcclient is not installed (scripts/deps.sh)"
    exit 77
fi

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

svc_opts=()
svc=""
if [ "$(id -u)" = 0 ]; then
    svc=lmtest$$ # unique per run: the script goes to the system-wide MODULESDIR/svcctl
    svc_opts=(--svcctl "$svc")
else
    echo "note: not root, the --svcctl check is left out (the test will say SKIP at the end)"
fi

trap 'bash "$fixture" stop "$dir" >/dev/null 2>&1 || true' EXIT
bash "$fixture" start "$dir" --shares 10000 --guest --nt1 --signing mandatory "${svc_opts[@]}" >/dev/null
# shellcheck source=/dev/null
. "$dir/env"
args=(-p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$LANMAN_TEST_CONF")

# Beside the default instance: another port, and both answer.
if [ -n "${LANMAN_SMBD_ENV_FILE:-}" ] && [ -f "$LANMAN_SMBD_ENV_FILE" ]; then
    # shellcheck source=/dev/null
    first=$(. "$LANMAN_SMBD_ENV_FILE" && echo "$LANMAN_TEST_PORT")
    [ "$first" != "$LANMAN_TEST_PORT" ] || fail "the second instance took the first one's port $first"
    # shellcheck source=/dev/null
    (. "$LANMAN_SMBD_ENV_FILE" && smbclient -L 127.0.0.1 -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" \
        -s "$LANMAN_TEST_CONF" >/dev/null 2>&1) || fail "the default instance stopped answering"
    echo "ok: two instances, ports $first and $LANMAN_TEST_PORT"
fi

list=$(smbclient -L 127.0.0.1 "${args[@]}" 2>&1) || fail "smbclient -L: $list"
n=$(grep -Ec '^[[:space:]]+share[0-9]{5}[[:space:]]+Disk' <<<"$list" || true)
[ "$n" = 10000 ] || fail "smbclient -L lists $n generated shares, expected 10000"
grep -Eq '^[[:space:]]+share10000[[:space:]]+Disk[[:space:]]+generated share 10000$' <<<"$list" ||
    fail "share10000 is missing or has the wrong comment"
echo "ok: 10000 generated shares"

out=$(smbclient "//127.0.0.1/$LANMAN_TEST_GUEST_SHARE" -p "$LANMAN_TEST_PORT" -s "$LANMAN_TEST_CONF" -N -c ls 2>&1) ||
    fail "guest access to $LANMAN_TEST_GUEST_SHARE: $out"
grep -q 'readme.txt' <<<"$out" || fail "the guest share does not show readme.txt: $out"
echo "ok: guest share"

nt1=(-m NT1 --option='client min protocol=NT1')
smbclient -L 127.0.0.1 "${args[@]}" "${nt1[@]}" >/dev/null 2>&1 || fail "SMB1 (NT1) is not accepted"
if smbclient -L 127.0.0.1 "${args[@]}" "${nt1[@]}" --option='client signing=disabled' >/dev/null 2>&1; then
    fail "an unsigned SMB1 session was accepted although signing is mandatory"
fi
echo "ok: SMB1 on, signing mandatory"

# srvsvc NetShareAdd/NetShareDel run the fixture's add/delete share command scripts (C:\x\y is /x/y).
mkdir -p "$dir/added"
winpath="C:${dir//\//\\}\\added"
out=$(rpcclient 127.0.0.1 "${args[@]}" -c "netshareadd \"$winpath\" lmadded 5 \"added by test\"" 2>&1) ||
    fail "NetShareAdd: $out"
list=$(smbclient -L 127.0.0.1 "${args[@]}" 2>&1) || fail "smbclient -L after NetShareAdd: $list"
grep -Eq '^[[:space:]]+lmadded[[:space:]]+Disk[[:space:]]+added by test$' <<<"$list" || fail "the added share is not listed"
out=$(net -s "$LANMAN_TEST_CONF" conf showshare lmadded 2>&1) || fail "net conf showshare lmadded: $out"
grep -q "path = $dir/added" <<<"$out" || fail "the registry share has the wrong path: $out"
out=$(rpcclient 127.0.0.1 "${args[@]}" -c "netsharedel lmadded" 2>&1) || fail "NetShareDel: $out"
# The list is read first: a failed smbclient must not pass for "not listed".
list=$(smbclient -L 127.0.0.1 "${args[@]}" 2>&1) || fail "smbclient -L after NetShareDel: $list"
grep -Eq '^[[:space:]]+share10000[[:space:]]+Disk' <<<"$list" || fail "smbclient -L after NetShareDel lists nothing: $list"
if grep -Eq '^[[:space:]]+lmadded[[:space:]]' <<<"$list"; then
    fail "the deleted share is still listed"
fi
echo "ok: NetShareAdd and NetShareDel"

modules=$("$smbd" -b | awk '$1 == "MODULESDIR:" { print $2 }')
if [ -n "$svc" ]; then
    [ -x "$modules/svcctl/$svc" ] || fail "no svcctl script $modules/svcctl/$svc"
    out=$(net rpc service list -s "$LANMAN_TEST_CONF" -S 127.0.0.1 -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" 2>&1) ||
        fail "svcctl EnumServicesStatus: $out"
    grep -q "^$svc " <<<"$out" || fail "svcctl does not list $svc: $out"
    echo "ok: svcctl lists $svc"
fi
# The built-in services answer QueryServiceStatus (a --svcctl one cannot on Samba 4.17: see smbd.sh).
out=$(net rpc service status Spooler -s "$LANMAN_TEST_CONF" -S 127.0.0.1 -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" 2>&1) ||
    fail "svcctl QueryServiceStatus(Spooler): $out"
grep -q "Spooler service is stopped" <<<"$out" || fail "unexpected Spooler status: $out"
echo "ok: svcctl Spooler status"

port=$LANMAN_TEST_PORT
bash "$fixture" stop "$dir"
trap - EXIT
# The pattern comes from a file so that grep does not find its own command line.
left=$(grep -laFf <(printf '%s\n' "$dir/smb.conf") /proc/[0-9]*/cmdline 2>/dev/null || true)
[ -z "$left" ] || fail "still running after stop: $left"
if smbclient -L 127.0.0.1 -p "$port" -A "$dir/auth" -s "$dir/smb.conf" -t 2 >/dev/null 2>&1; then
    fail "port $port still answers after stop"
fi
[ -z "$svc" ] || [ ! -e "$modules/svcctl/$svc" ] || fail "stop left $modules/svcctl/$svc behind"
echo "ok: stop leaves nothing running"
if [ -z "$svc" ]; then
    echo "SKIP: the --svcctl check needs root (it writes a script to Samba's MODULESDIR); everything else passed"
    exit 77
fi
