#!/usr/bin/env bash
# cli.sh ccache|password LANMAN...: lanman against the AD DC fixture with NTLM disabled, so that only Kerberos
# can log on. Every command runs in the DC's namespace, against its name (dc1.lanman.test):
#   ccache    -k with tickets from kinit (KRB5CCNAME): lmadmin for the administrative commands, lmuser for
#             the file commands
#   password  -k -U lmadmin@LANMAN.TEST (and LANMAN.TEST\lmadmin, and without -k: --auth auto) with the
#             password in LANMAN_PASSWORD: a ticket in a memory cache; the file KRB5CCNAME names is never
#             created. -U LANMAN\lmadmin (the NetBIOS domain, no realm in krb5.conf) is exit 6 with its message.
# What is checked: share list (the fixture's shares; 4 round trips from TCP connect, one SESSION_SETUP leg,
# the final SESSION_SETUP response signed and every later one signed: signing on the Kerberos session key of
# a server that requires it); share add/remove as a Domain Admin (the peer, smbclient, sees the share come and
# go) and exit 5 for a plain user; service list '*' (NETLOGON); config list (LanmanServer); ls and get of the
# signed share (hello.txt's text, data.bin's SHA-256, a small get in at most 4 round trips); ls and get of the
# encryption-required share (Samba refuses it without encryption: its content proves the encryption keys).
# Exit 77 (skip) without the fixture.
set -euo pipefail
mode=${1:?ccache or password}
shift
lanman=("$@")
. "$(dirname "$0")/dcenv.sh"

host=$LANMAN_DC_NAME
case $mode in
ccache)
    kt_user "$LANMAN_DC_ADMIN" "$LANMAN_DC_ADMIN_PASSWORD" "$tmp/admin.cc" || fail "kinit $LANMAN_DC_ADMIN"
    kt_user "$LANMAN_DC_USER" "$LANMAN_DC_PASSWORD" "$tmp/user.cc" || fail "kinit $LANMAN_DC_USER"
    as_admin() { KRB5CCNAME=FILE:$tmp/admin.cc "$@"; }
    as_user() { KRB5CCNAME=FILE:$tmp/user.cc "$@"; }
    admin=(-k)
    user=(-k)
    ;;
password)
    # A cache file that must never appear: the ticket obtained from the password stays in memory.
    export KRB5CCNAME=FILE:$tmp/never.cc
    as_admin() { LANMAN_PASSWORD=$LANMAN_DC_ADMIN_PASSWORD "$@"; }
    as_user() { LANMAN_PASSWORD=$LANMAN_DC_PASSWORD "$@"; }
    admin=(-k -U "$LANMAN_DC_ADMIN@$LANMAN_DC_REALM")
    user=(-k -U "$LANMAN_DC_USER@$LANMAN_DC_REALM")
    ;;
*) fail "mode: ccache or password" ;;
esac

# Signing on the Kerberos session key: the final SESSION_SETUP response is signed (and lanman verified it, or
# it would have failed), and so is every later response but interim ones.
check_signed() {
    local what=$1
    grep -q '^lanman: trace: <- SESSION_SETUP .* STATUS_SUCCESS .* signed$' "$tmp/err" ||
        { cat "$tmp/err" >&2; fail "$what: the final SESSION_SETUP response is not signed"; }
    awk '/<- SESSION_SETUP .* STATUS_SUCCESS/ { on = 1; next }
         on && /^lanman: trace: <- / && !/STATUS_PENDING/ { n++; if ($0 !~ / signed$/) bad++ }
         END { exit !(n > 0 && bad == 0) }' "$tmp/err" ||
        { cat "$tmp/err" >&2; fail "$what: a response after the logon is not signed"; }
    [ "$(grep -c '^lanman: trace: -> SESSION_SETUP' "$tmp/err")" = 1 ] ||
        { cat "$tmp/err" >&2; fail "$what: not one SESSION_SETUP request (Kerberos needs one leg)"; }
    # The mechanism as lanman reports it (lm_smb_info.mech), not only inferred from the one leg.
    [ "$(logon)" = Kerberos ] || { cat "$tmp/err" >&2; fail "$what: not logged on with Kerberos"; }
}

# share list: the fixture's shares, in 4 round trips from TCP connect (the count lanman reports under -v).
as_admin lm "${admin[@]}" -v -H "$host" share list
expect 0 "share list"
for s in "$LANMAN_DC_SHARE" "$LANMAN_DC_ENC_SHARE" sysvol netlogon; do
    grep -q "^$s " "$tmp/out" || { cat "$tmp/out" >&2; fail "share list: no $s"; }
done
check_signed "share list"
n=$(trips)
[ "$n" = 4 ] || { cat "$tmp/err" >&2; fail "share list: $n round trips from TCP connect, expected 4"; }
echo "ok: share list ($(grep -c . "$tmp/out") lines), signed, $n round trips from TCP connect"

# share add/remove as a Domain Admin; the peer sees the share come and go. A plain user is refused.
name=krb$mode
winpath="C:$(printf '%s' "$LANMAN_DC_SHARE_PATH" | tr / '\\')"
peer_has() {
    KRB5CCNAME=FILE:$tmp/peer.cc dc smbclient -s "$LANMAN_DC_CLIENT_CONF" --use-kerberos=required -g \
        -L "$host" </dev/null 2>/dev/null | grep -qi "^Disk|$1|"
}
kt_user "$LANMAN_DC_USER" "$LANMAN_DC_PASSWORD" "$tmp/peer.cc" || fail "kinit for the peer"
as_user lm "${user[@]}" -H "$host" share add "$name" "$winpath"
expect 5 "share add as the plain user $LANMAN_DC_USER"
! peer_has "$name" || fail "share add as a plain user: the share exists"
echo "ok: share add as $LANMAN_DC_USER: exit 5, $(cat "$tmp/err")"
as_admin lm "${admin[@]}" -H "$host" share add "$name" "$winpath" --description "added with Kerberos"
expect 0 "share add"
peer_has "$name" || fail "share add: smbclient -L does not list $name"
as_admin lm "${admin[@]}" -H "$host" share list
grep -q "^$name .*added with Kerberos" "$tmp/out" || { cat "$tmp/out" >&2; fail "share list after add: no $name"; }
as_admin lm "${admin[@]}" -H "$host" share remove "$name"
expect 0 "share remove"
! peer_has "$name" || fail "share remove: smbclient -L still lists $name"
echo "ok: share add/remove $name as $LANMAN_DC_ADMIN (smbclient -L saw it come and go)"

as_admin lm "${admin[@]}" -H "$host" service list '*'
expect 0 "service list"
grep -q 'NETLOGON' "$tmp/out" || { cat "$tmp/out" >&2; fail "service list: no NETLOGON"; }
echo "ok: service list '*' ($(grep -c . "$tmp/out") lines)"

as_admin lm "${admin[@]}" -H "$host" config list
expect 0 "config list"
[ "$(grep -c '^LanmanServer ' "$tmp/out")" -ge 3 ] || { cat "$tmp/out" >&2; fail "config list: fewer than 3 LanmanServer values"; }
echo "ok: config list ($(grep -c '^LanmanServer ' "$tmp/out") LanmanServer values)"

# Files on the signed share, as the plain user.
as_user lm "${user[@]}" ls "//$host/$LANMAN_DC_SHARE"
expect 0 "ls"
for f in "$LANMAN_DC_FILE" "$LANMAN_DC_DATA"; do
    grep -q "$f" "$tmp/out" || { cat "$tmp/out" >&2; fail "ls: no $f"; }
done
echo "ok: ls //$host/$LANMAN_DC_SHARE"
as_user lm "${user[@]}" -v get "//$host/$LANMAN_DC_SHARE/$LANMAN_DC_FILE" -
expect 0 "get $LANMAN_DC_FILE"
[ "$(cat "$tmp/out")" = "Hello from the lanman DC" ] || fail "get $LANMAN_DC_FILE: '$(cat "$tmp/out")'"
check_signed "get $LANMAN_DC_FILE"
n=$(trips)
[ "$n" -le 4 ] || { cat "$tmp/err" >&2; fail "get $LANMAN_DC_FILE: round trips '$n', expected at most 4"; }
echo "ok: get $LANMAN_DC_FILE: its text, signed, $n round trips"
as_user lm "${user[@]}" get "//$host/$LANMAN_DC_SHARE/$LANMAN_DC_DATA" "$tmp/data.bin"
expect 0 "get $LANMAN_DC_DATA"
sum=$(sha256sum <"$tmp/data.bin" | cut -d' ' -f1)
[ "$sum" = "$LANMAN_DC_DATA_SHA256" ] || fail "get $LANMAN_DC_DATA: SHA-256 $sum, expected $LANMAN_DC_DATA_SHA256"
echo "ok: get $LANMAN_DC_DATA: SHA-256 $sum"

# The encryption-required share: Samba answers only encrypted requests there.
as_user lm "${user[@]}" ls "//$host/$LANMAN_DC_ENC_SHARE"
expect 0 "ls (encrypted share)"
grep -q secret.txt "$tmp/out" || { cat "$tmp/out" >&2; fail "ls (encrypted share): no secret.txt"; }
as_user lm "${user[@]}" get "//$host/$LANMAN_DC_ENC_SHARE/secret.txt" -
expect 0 "get (encrypted share)"
[ "$(cat "$tmp/out")" = secret ] || fail "get secret.txt: '$(cat "$tmp/out")'"
echo "ok: ls and get on the encryption-required share //$host/$LANMAN_DC_ENC_SHARE"

if [ "$mode" = password ]; then
    # The other account forms, and --auth auto (the default), which must pick Kerberos for a DC's name with
    # credentials of its realm (NTLM is disabled: nothing else could work).
    for u in "$LANMAN_DC_REALM\\$LANMAN_DC_ADMIN" "$LANMAN_DC_ADMIN@$LANMAN_DC_REALM"; do
        as_admin lm -U "$u" -v -H "$host" share list
        expect 0 "share list -U $u (auto)"
        check_signed "share list -U $u (auto)"
        as_admin lm -k -U "$u" -H "$host" share list
        expect 0 "share list -k -U $u"
    done
    echo "ok: -U REALM\\user and user@REALM, with -k and with --auth auto"
    # DOMAIN\user names the realm DOMAIN: with the NetBIOS name (LANMAN), which krb5.conf does not know, that
    # is a clear error, not an NTLM logon.
    as_admin lm -k -U "$LANMAN_DC_DOMAIN\\$LANMAN_DC_ADMIN" -H "$host" share list
    expect 6 "share list -k -U $LANMAN_DC_DOMAIN\\$LANMAN_DC_ADMIN"
    says "cannot find a KDC for the realm of '$LANMAN_DC_ADMIN@$LANMAN_DC_DOMAIN'" "-k -U DOMAIN\\user"
    [ "$(wc -l <"$tmp/err")" = 1 ] || { cat "$tmp/err" >&2; fail "-k -U DOMAIN\\user: not one line on stderr"; }
    echo "ok: -k -U $LANMAN_DC_DOMAIN\\$LANMAN_DC_ADMIN: exit 6, $(cat "$tmp/err")"
    [ ! -e "$tmp/never.cc" ] || fail "a ticket cache file was written: $tmp/never.cc"
    echo "ok: no ticket cache file written (KRB5CCNAME=$KRB5CCNAME)"
fi
