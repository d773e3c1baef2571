#!/usr/bin/env bash
# access.sh [EMULATOR] LANMAN: share access, grant, revoke, block and unblock against the smbd_access fixture
# (LANMAN_SMBD_ENV_FILE: an admin account and a second, plain one), natively or under Wine. Each change is
# checked from outside: the DACL with `rpcclient -c 'netsharegetinfo NAME 502'` (the account SIDs from
# rpcclient's own `lookupnames`), and what the second user may really do with smbclient:
#   - share add --full USER with a plain account name (resolved through LSA); the export names the account;
#   - share access: PowerShell's columns, the accounts named (LsarLookupSids2);
#   - grant read: the second user reads a file and is refused a write; grant change: the write works;
#   - block: a deny entry first in the DACL, and the user cannot connect; unblock: reads again;
#   - revoke: no entry left, and no access; revoke again: exit 4, nothing written;
#   - an unknown account: exit 4 with the name quoted, and the DACL unchanged; a bad --right: exit 2;
#   - the second user changing permissions: exit 5, "needs administrator rights".
# Exit 77 (skip) without the fixture, its second user, smbclient or rpcclient.
set -euo pipefail
lanman=("$@")
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
for t in smbclient rpcclient; do
    command -v "$t" >/dev/null || { echo "SKIP access: $t is not installed"; exit 77; }
done
[ -n "${LANMAN_TEST_USER2:-}" ] || { echo "SKIP access: the fixture has no second user (--second-user)"; exit 77; }
tmp=$(mktemp -d)
share=lmaccess
dir=$LANMAN_TEST_DIR/$share
winpath="C:$(printf '%s' "$dir" | tr / '\\')"
trap 'lm share remove "$share" >/dev/null 2>&1 || true; rm -rf "$tmp" "$dir"' EXIT
checks=0

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

ok() {
    checks=$((checks + 1))
    echo "ok: $*"
}

# lanman as the admin (H from smbdenv.sh), output in $tmp/out and $tmp/err; returns lanman's exit code.
lm() {
    local rc=0
    # shellcheck disable=SC2086 # H is the connection options, one word each
    "${lanman[@]}" $H "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    return "$rc"
}

lm_ok() {
    lm "$@" || { cat "$tmp/out" "$tmp/err" >&2; fail "lanman $* failed"; }
}

# lm_rc RC ARGS...: lanman must exit with RC.
lm_rc() {
    local want=$1 rc=0
    shift
    lm "$@" || rc=$?
    [ "$rc" = "$want" ] || { cat "$tmp/out" "$tmp/err" >&2; fail "lanman $* exited $rc, not $want"; }
}

rpc() {
    rpcclient -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$LANMAN_TEST_CONF" "$LANMAN_TEST_HOST" -c "$1"
}

# The share's DACL as the server has it, one "TYPE MASK SID" line per ACE in order (TYPE 0 allow, 1 deny).
dacl() {
    rpc "netsharegetinfo $share 502" >"$tmp/502" || { cat "$tmp/502" >&2; fail "rpcclient netsharegetinfo"; }
    awk '/type: ACCESS (ALLOWED|DENIED)/ { t = ($3 == "DENIED") ? 1 : 0 }
         /Permissions: 0x/ { m = $2; sub(":", "", m) }
         /SID: S-/ { print t, m, $2 }' "$tmp/502"
}

dacl_is() {
    dacl >"$tmp/dacl"
    printf '%s\n' "$@" >"$tmp/want"
    diff "$tmp/want" "$tmp/dacl" >/dev/null || { diff "$tmp/want" "$tmp/dacl" >&2; fail "DACL after $what"; }
    ok "$what: the server's DACL is $(paste -sd';' "$tmp/want")"
}

sid_of() {
    rpc "lookupnames $1" >"$tmp/lookup" || { cat "$tmp/lookup" >&2; fail "rpcclient lookupnames $1"; }
    awk -v u="$1" '$1 == u { print $2 }' "$tmp/lookup"
}

# as_user2 COMMANDS: smbclient on the share as the second user; output in $tmp/smb.
as_user2() {
    smbclient "//$LANMAN_TEST_HOST/$share" -p "$LANMAN_TEST_PORT" -s "$LANMAN_TEST_CONF" -A "$LANMAN_TEST_AUTHFILE2" \
        -c "$1" >"$tmp/smb" 2>&1
}

can_read() {
    as_user2 "get r.txt $tmp/got" || { cat "$tmp/smb" >&2; fail "$what: $LANMAN_TEST_USER2 cannot read"; }
    [ "$(cat "$tmp/got")" = "readable" ] || fail "$what: $LANMAN_TEST_USER2 read the wrong bytes"
    ok "$what: $LANMAN_TEST_USER2 reads r.txt"
}

no_access() {
    ! as_user2 "get r.txt $tmp/got" || fail "$what: $LANMAN_TEST_USER2 can still connect"
    grep -q 'NT_STATUS_ACCESS_DENIED' "$tmp/smb" || { cat "$tmp/smb" >&2; fail "$what: not ACCESS_DENIED"; }
    ok "$what: $LANMAN_TEST_USER2 is refused (NT_STATUS_ACCESS_DENIED)"
}

full=1f01ff read=1200a9 change=1301bf
u1=$(sid_of "$LANMAN_TEST_USER")
u2=$(sid_of "$LANMAN_TEST_USER2")
[ -n "$u1" ] && [ -n "$u2" ] || fail "rpcclient lookupnames named no SID"
mkdir -p "$dir"
chmod 777 "$dir"
printf 'readable' >"$dir/r.txt"
printf 'written' >"$tmp/up.txt"
lm share remove "$share" >/dev/null 2>&1 || true

what="share add --full $LANMAN_TEST_USER"
lm_ok share add "$share" "$winpath" --full "$LANMAN_TEST_USER"
dacl_is "0 0x$full $u1"
no_access

what="share access"
lm_ok share access "$share"
head -n 1 "$tmp/out" | grep -qE '^Name +ScopeName +AccountName +AccessControlType +AccessRight$' ||
    { cat "$tmp/out" >&2; fail "share access: not PowerShell's columns"; }
grep -qE "^$share +\* +LANMANTEST.$LANMAN_TEST_USER +Allow +Full$" "$tmp/out" ||
    { cat "$tmp/out" >&2; fail "share access: no named entry for $LANMAN_TEST_USER"; }
ok "$what: PowerShell's columns, LANMANTEST\\$LANMAN_TEST_USER Allow Full"

what="config export"
lm_ok config export
grep -qF "<grant sid=\"$u1\" account=\"LANMANTEST\\$LANMAN_TEST_USER\" access=\"allow\" right=\"Full\"" "$tmp/out" ||
    { grep -F '<grant' "$tmp/out" >&2; fail "the export does not name $LANMAN_TEST_USER"; }
ok "$what: the grant names LANMANTEST\\$LANMAN_TEST_USER"

what="grant read"
lm_ok share grant "$share" --account "$LANMAN_TEST_USER2" --right read
dacl_is "0 0x$full $u1" "0 0x$read $u2"
can_read
! as_user2 "put $tmp/up.txt w1.txt" || fail "$what: the write was not refused"
grep -q 'NT_STATUS_ACCESS_DENIED' "$tmp/smb" || { cat "$tmp/smb" >&2; fail "$what: the write failed, not ACCESS_DENIED"; }
[ ! -e "$dir/w1.txt" ] || fail "$what: w1.txt was written"
ok "$what: the write is refused (NT_STATUS_ACCESS_DENIED) and nothing is written"

what="grant change (replaces read)"
lm_ok share grant "$share" --account "LANMANTEST\\$LANMAN_TEST_USER2" --right change
dacl_is "0 0x$full $u1" "0 0x$change $u2"
as_user2 "put $tmp/up.txt w2.txt" || { cat "$tmp/smb" >&2; fail "$what: the write was refused"; }
[ "$(cat "$dir/w2.txt")" = written ] || fail "$what: w2.txt is not what was written"
ok "$what: the write works"

what="block"
lm_ok share block "$share" --account "$LANMAN_TEST_USER2"
dacl_is "1 0x$full $u2" "0 0x$full $u1" "0 0x$change $u2"
no_access
lm_ok --format csv share access "$share" # RFC 4180: CRLF line ends
[ "$(sed -n 2p "$tmp/out" | tr -d "\r")" = "$share,*,LANMANTEST\\$LANMAN_TEST_USER2,Deny,Full,$u2" ] ||
    { cat "$tmp/out" >&2; fail "$what: share access does not list the deny entry first"; }
ok "$what: share access lists the deny entry first"

what="unblock"
lm_ok share unblock "$share" --account "$u2"
dacl_is "0 0x$full $u1" "0 0x$change $u2"
can_read

what="revoke"
lm_ok share revoke "$share" --account "$LANMAN_TEST_USER2"
dacl_is "0 0x$full $u1"
no_access

what="revoke again"
lm_rc 4 share revoke "$share" --account "$LANMAN_TEST_USER2"
grep -qF "'$LANMAN_TEST_USER2' has no allow entry" "$tmp/err" || { cat "$tmp/err" >&2; fail "$what: message"; }
dacl_is "0 0x$full $u1"

what="an unknown account"
lm_rc 4 share grant "$share" --account no-such-account-lm --right full
grep -qF "'no-such-account-lm'" "$tmp/err" || { cat "$tmp/err" >&2; fail "$what: the name is not quoted"; }
[ "$(wc -l <"$tmp/err")" = 1 ] || { cat "$tmp/err" >&2; fail "$what: not one line"; }
dacl_is "0 0x$full $u1"
lm_rc 4 share add lmaccess2 "$winpath" --read no-such-account-lm
lm_rc 4 share show lmaccess2
ok "$what: share add refuses it too, and adds nothing"

what="a bad right"
lm_rc 2 share grant "$share" --account Everyone --right write
dacl_is "0 0x$full $u1"

what="the second user"
rc=0
# shellcheck disable=SC2086
"${lanman[@]}" -H "$LANMAN_TEST_HOST:$LANMAN_TEST_PORT" -U "$LANMAN_TEST_USER2" share grant "$share" --account Everyone \
    --right read >"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" = 5 ] || { cat "$tmp/err" >&2; fail "$what: exit $rc, not 5"; }
grep -q 'needs administrator rights on' "$tmp/err" || { cat "$tmp/err" >&2; fail "$what: message"; }
dacl_is "0 0x$full $u1"

[ "$checks" -ge 21 ] || fail "only $checks checks ran"
echo "access: $checks checks passed"
