#!/usr/bin/env bash
# auto.sh LANMAN...: --auth auto|kerberos|ntlm against the AD DC fixture with NTLM allowed for the test's
# duration (addc.sh ntlm on; off again at exit, however it ends), and refused again at the end:
#   auto, the DC's name, -U user@REALM: Kerberos (lanman says which mechanism logged on; one SESSION_SETUP leg)
#   auto, the DC's address: NTLM (two legs), and it works
#   auto, a name with no SPN (localhost): Kerberos cannot be used there, NTLM is
#   -k (--auth kerberos), a name with no SPN: exit 3 with the SPN message; never NTLM
#   --auth ntlm, the DC's name: NTLM even where Kerberos would work
#   a ticket in KRB5CCNAME, no -U: auto uses it; -N and --auth ntlm are a null session all the same, and so
#   are audit's anonymous probes
# and with NTLM refused again: --auth ntlm fails as an authentication failure (exit 3) that names -k, and
# auto by name still works (Kerberos). Exit 77 (skip) without the fixture.
set -euo pipefail
lanman=("$@")
. "$(dirname "$0")/dcenv.sh"
host=$LANMAN_DC_NAME
upn=$LANMAN_DC_USER@$LANMAN_DC_REALM
export LANMAN_PASSWORD=$LANMAN_DC_PASSWORD

ntlm_on=0
cleanup_hook() {
    [ "$ntlm_on" = 0 ] || bash "$LANMAN_DC_SCRIPT" ntlm "$LANMAN_DC_DIR" off
}
bash "$LANMAN_DC_SCRIPT" ntlm "$LANMAN_DC_DIR" on
ntlm_on=1

legs() { grep -c '^lanman: trace: -> SESSION_SETUP' "$tmp/err" || true; }

# WHAT MECH LEGS: the last lm listed the shares, with MECH (kerberos|ntlm) in LEGS SESSION_SETUP requests.
listed_with() {
    expect 0 "$1"
    grep -q "^$LANMAN_DC_SHARE " "$tmp/out" || { cat "$tmp/out" >&2; fail "$1: no $LANMAN_DC_SHARE in the list"; }
    # The mechanism lanman reports (lm_smb_info.mech, in the -v trace), and the trace agrees.
    case $2 in
    kerberos) [ "$(logon)" = Kerberos ] && grep -q '^lanman: trace: auth: Kerberos for cifs/' "$tmp/err" ;;
    ntlm) [ "$(logon)" = NTLM ] && ! grep -q '^lanman: trace: auth: Kerberos for' "$tmp/err" ;;
    esac || { cat "$tmp/err" >&2; fail "$1: not $2"; }
    [ "$(legs)" = "$3" ] || { cat "$tmp/err" >&2; fail "$1: $(legs) SESSION_SETUP requests, expected $3 ($2)"; }
    echo "ok: $1: $2, $3 SESSION_SETUP leg(s)"
}

lm -v -U "$upn" -H "$host" share list
listed_with "auto by name ($host)" kerberos 1
lm -v --auth auto -U "$upn" -H "$LANMAN_DC_ADDR" share list
listed_with "auto by address ($LANMAN_DC_ADDR)" ntlm 2
lm -v -U "$upn" -H localhost share list
listed_with "auto by a name with no SPN (localhost)" ntlm 2
lm -v --auth ntlm -U "$upn" -H "$host" share list
listed_with "--auth ntlm by name" ntlm 2

lm -v -k -U "$upn" -H localhost share list
expect 3 "-k by a name with no SPN"
grep -q '^lanman: no SPN cifs/localhost in the realm' "$tmp/err" || { cat "$tmp/err" >&2; fail "-k localhost: message"; }
[ "$(legs)" = 0 ] || { cat "$tmp/err" >&2; fail "-k localhost: a SESSION_SETUP went out (NTLM fallback?)"; }
echo "ok: -k by a name with no SPN: exit 3, no SESSION_SETUP sent, $(grep '^lanman: no SPN' "$tmp/err")"

# A ticket at hand (KRB5CCNAME) and the DC by name, no -U: auto uses the ticket (Kerberos, one leg); -N and
# --auth ntlm are a null session (NTLM, two legs) all the same, on both paths that log on (ls, share list).
kt_user "$LANMAN_DC_USER" "$LANMAN_DC_PASSWORD" "$tmp/user.cc" || fail "kinit $LANMAN_DC_USER"
KRB5CCNAME=FILE:$tmp/user.cc lm -v ls "//$host/$LANMAN_DC_SHARE"
expect 0 "ls from the ticket cache"
grep -q '^lanman: trace: auth: Kerberos for cifs/' "$tmp/err" || { cat "$tmp/err" >&2; fail "ls: not Kerberos"; }
for cmd in "ls //$host/$LANMAN_DC_SHARE" "-H $host share list"; do
    for opt in -N "--auth ntlm"; do
        # shellcheck disable=SC2086 # the words of $opt and $cmd
        KRB5CCNAME=FILE:$tmp/user.cc lm -v $opt $cmd
        ! grep -q '^lanman: trace: auth: Kerberos' "$tmp/err" ||
            { cat "$tmp/err" >&2; fail "$opt $cmd, a ticket at hand: Kerberos instead of a null session"; }
        [ "$(legs)" = 2 ] || { cat "$tmp/err" >&2; fail "$opt $cmd: $(legs) SESSION_SETUP requests, expected 2"; }
        echo "ok: $opt $cmd with a ticket at hand: a null session (NTLM, 2 legs), exit $rc"
    done
done
# audit without -U: its anonymous probes (null session, share access) never use the ticket either.
KRB5CCNAME=FILE:$tmp/user.cc lm -v audit "$host"
[ "$(legs)" -ge 2 ] || { cat "$tmp/err" >&2; fail "audit: $(legs) SESSION_SETUP requests, expected 2 or more"; }
! grep -q '^lanman: trace: auth: Kerberos' "$tmp/err" ||
    { cat "$tmp/err" >&2; fail "audit without -U, a ticket at hand: Kerberos in an anonymous probe"; }
echo "ok: audit without -U, a ticket at hand: $(legs) SESSION_SETUPs, none with Kerberos, exit $rc"

# NTLM refused again.
bash "$LANMAN_DC_SCRIPT" ntlm "$LANMAN_DC_DIR" off
ntlm_on=0
lm --auth ntlm -U "$upn" -H "$host" share list
expect 3 "--auth ntlm with NTLM refused"
says "-k" "--auth ntlm with NTLM refused"
[ "$(wc -l <"$tmp/err")" = 1 ] || { cat "$tmp/err" >&2; fail "--auth ntlm refused: not one line"; }
echo "ok: --auth ntlm with NTLM refused: exit 3, $(cat "$tmp/err")"
lm -v -U "$upn" -H "$host" share list
listed_with "auto by name with NTLM refused" kerberos 1
