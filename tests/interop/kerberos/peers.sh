#!/usr/bin/env bash
# peers.sh: the AD DC fixture (tests/fixtures/addc.sh) seen by the peers' own clients, before lanman is asked
# anything: kinit gets tickets for both accounts and from the agent's keytab; smbclient with Kerberos reads
# hello.txt (its known content) and data.bin (its SHA-256) from the signed share and lists the encrypted one;
# an NTLM logon is refused with NT_STATUS_NTLM_BLOCKED (so every lanman logon that works used Kerberos); by
# address, smbclient cannot use Kerberos. Exit 77 (skip) without the fixture.
set -euo pipefail
. "$(dirname "$0")/dcenv.sh"

# Tickets: both accounts by password, the agent's principal from the keytab.
kt_user "$LANMAN_DC_USER" "$LANMAN_DC_PASSWORD" "$tmp/user.cc" || fail "kinit $LANMAN_DC_USER failed"
kt_user "$LANMAN_DC_ADMIN" "$LANMAN_DC_ADMIN_PASSWORD" "$tmp/admin.cc" || fail "kinit $LANMAN_DC_ADMIN failed"
KRB5CCNAME=FILE:$tmp/kt.cc dc kinit -k -t "$LANMAN_DC_KEYTAB" "$LANMAN_DC_KEYTAB_PRINCIPAL" >"$tmp/out" 2>&1 ||
    { cat "$tmp/out" >&2; fail "kinit from the keytab failed"; }
KRB5CCNAME=FILE:$tmp/kt.cc dc klist >"$tmp/out" 2>&1
grep -q "Default principal: $LANMAN_DC_KEYTAB_PRINCIPAL" "$tmp/out" || { cat "$tmp/out" >&2; fail "keytab ticket"; }
echo "ok: kinit for $LANMAN_DC_USER, $LANMAN_DC_ADMIN and from the keytab"

sc() { # CCACHE SHARE COMMANDS: smbclient with Kerberos only
    KRB5CCNAME=FILE:$1 dc smbclient -s "$LANMAN_DC_CLIENT_CONF" --use-kerberos=required "//$LANMAN_DC_NAME/$2" \
        -c "$3" </dev/null
}
sc "$tmp/user.cc" "$LANMAN_DC_SHARE" "get $LANMAN_DC_FILE $tmp/hello.txt; get $LANMAN_DC_DATA $tmp/data.bin" \
    >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; fail "smbclient -k get"; }
[ "$(cat "$tmp/hello.txt")" = "Hello from the lanman DC" ] || fail "hello.txt: '$(cat "$tmp/hello.txt")'"
[ "$(sha256sum <"$tmp/data.bin" | cut -d' ' -f1)" = "$LANMAN_DC_DATA_SHA256" ] || fail "data.bin: SHA-256 differs"
echo "ok: smbclient --use-kerberos=required reads hello.txt and data.bin (SHA-256 $LANMAN_DC_DATA_SHA256)"
sc "$tmp/user.cc" "$LANMAN_DC_ENC_SHARE" ls >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; fail "smbclient -k ls (encrypted)"; }
grep -q 'secret.txt' "$tmp/out" || { cat "$tmp/out" >&2; fail "the encrypted share's listing has no secret.txt"; }
echo "ok: smbclient --use-kerberos=required lists the encryption-required share"

# NTLM is refused: an smbclient logon by password without Kerberos.
(umask 077 && printf 'username = %s\npassword = %s\ndomain = %s\n' "$LANMAN_DC_USER" "$LANMAN_DC_PASSWORD" \
    "$LANMAN_DC_DOMAIN" >"$tmp/auth")
rc=0
KRB5CCNAME=FILE:$tmp/none dc smbclient -s "$LANMAN_DC_CLIENT_CONF" --use-kerberos=disabled -A "$tmp/auth" \
    "//$LANMAN_DC_NAME/$LANMAN_DC_SHARE" -c ls </dev/null >"$tmp/out" 2>&1 || rc=$?
[ "$rc" != 0 ] || fail "an NTLM logon was accepted with NTLM disabled"
grep -q NT_STATUS_NTLM_BLOCKED "$tmp/out" || { cat "$tmp/out" >&2; fail "the NTLM logon failed, but not as NTLM_BLOCKED"; }
echo "ok: NTLM logon refused: NT_STATUS_NTLM_BLOCKED"

# By address there is no cifs/127.0.0.1 principal: Kerberos cannot work.
rc=0
KRB5CCNAME=FILE:$tmp/user.cc dc smbclient -s "$LANMAN_DC_CLIENT_CONF" --use-kerberos=required \
    "//$LANMAN_DC_ADDR/$LANMAN_DC_SHARE" -c ls </dev/null >"$tmp/out" 2>&1 || rc=$?
[ "$rc" != 0 ] || fail "smbclient used Kerberos against an address"
echo "ok: smbclient --use-kerberos=required against $LANMAN_DC_ADDR fails"
