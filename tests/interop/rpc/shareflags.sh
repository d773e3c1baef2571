#!/usr/bin/env bash
# shareflags.sh [EMULATOR] LANMAN: the share flags (SHARE_INFO_1005) as lanman reads and changes them, against
# what rpcclient's netsharegetinfo NAME 1005 gets from the same smbd (LANMAN_SMBD_ENV_FILE). A registry share
# made for the test (net conf addshare, csc policy = documents: Samba loads a new share's parameters when it
# first sees it) shows CachingMode Documents and the same flags as rpcclient's; a change to the same caching
# mode succeeds; a change Samba accepts but does not apply (it keeps these in smb.conf) fails with exit 7
# naming what it left unchanged, and rpcclient then sees the flags unchanged; bad values are usage errors (exit 2), a
# missing share exit 4; Set-SmbShare -CachingMode becomes the same command.
# Exit 77 (skip) without the fixture, rpcclient or net.
set -euo pipefail
lanman=("$@")
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
for t in rpcclient net; do
    command -v "$t" >/dev/null || { echo "SKIP: $t is not installed"; exit 77; }
done
name="lmflags$$"
tmp=$(mktemp -d)
cleanup() {
    net -s "$LANMAN_TEST_CONF" conf delshare "$name" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0

net -s "$LANMAN_TEST_CONF" conf addshare "$name" "$LANMAN_TEST_SHARE_PATH" writeable=y guest_ok=n "share flags" >"$tmp/net" 2>&1 &&
    net -s "$LANMAN_TEST_CONF" conf setparm "$name" "csc policy" documents >>"$tmp/net" 2>&1 ||
    { cat "$tmp/net"; echo "FAIL: net conf cannot make the test share"; exit 1; }

# peer_flags: rpcclient's shi1005_flags of the share, in decimal.
peer_flags() {
    local out
    out=$(rpcclient -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$LANMAN_TEST_CONF" "$LANMAN_TEST_HOST" \
        -c "netsharegetinfo $name 1005" 2>&1) || { echo "FAIL: rpcclient netsharegetinfo: $out" >&2; exit 1; }
    out=$(grep -E '^flags: 0x[0-9a-fA-F]+$' <<<"$out") || { echo "FAIL: rpcclient printed no flags" >&2; exit 1; }
    printf '%d\n' "${out#flags: }"
}
run() { # run WANT_RC PATTERN ARGS...: one run of lanman, exit code and output checked
    local want=$1 pattern=$2 rc=0 out
    shift 2
    out=$("${lanman[@]}" "$@" 2>&1) || rc=$?
    out=$(tr -d '\r' <<<"$out")
    if [ "$rc" -ne "$want" ] || ! grep -Eq -- "$pattern" <<<"$out"; then
        echo "FAIL: lanman $* -> exit $rc (want $want), output:"
        printf '%s\n' "$out"
        fail=1
    else
        echo "ok: lanman $*: exit $rc: $(grep -E -m1 -- "$pattern" <<<"$out")"
    fi
}

before=$(peer_flags)
[ "$before" -eq 16 ] || { echo "FAIL: rpcclient sees flags $before, not 16 (csc policy = documents)"; exit 1; }
run 0 "^CachingMode +: Documents$" $H share show "$name"
run 0 "^ShareFlags +: $before$" $H share show "$name"
run 0 "^FolderEnumerationMode +: Unrestricted$" $H share show "$name"
run 0 "^EncryptData +: False$" $H share show "$name"
run 0 "\"CachingMode\": \"Documents\"" $H --format json share show "$name"
run 0 "" $H share set "$name" --caching-mode Documents
run 0 "" $H Set-SmbShare -Name "$name" -CachingMode documents
run 7 "left CachingMode unchanged" $H share set "$name" --caching-mode None
run 7 "left FolderEnumerationMode, EncryptData unchanged" $H share set "$name" --encrypt-data true \
    --folder-enumeration-mode AccessBased
after=$(peer_flags)
[ "$after" -eq "$before" ] || { echo "FAIL: rpcclient sees flags $after after the refused changes, not $before"; fail=1; }
run 2 "--caching-mode takes Manual, Documents, Programs, BranchCache or None, not 'Sometimes'" \
    $H share set "$name" --caching-mode Sometimes
run 2 "--encrypt-data takes true or false" $H share set "$name" --encrypt-data yes
run 4 "no such share" $H share set "nosuch$$" --caching-mode None
exit $fail
