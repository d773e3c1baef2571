#!/usr/bin/env bash
# errors.sh LANMAN...: lanman's Kerberos failures against the AD DC fixture (NTLM disabled), each with its
# exit code and a one-line message that says what to do:
#   wrong password (3, pre-authentication failed), unknown user (3), no ticket with -k (3, run kinit or give
#   -U), an expired ticket (kinit -l 5s, waited out: 3), clock skew (faketime +2h on the client with a kinit
#   ticket: 3; with a password, MIT Kerberos corrects for the KDC's clock, so that logon works), the KDC
#   unreachable (krb5.conf naming a closed port: 6, with a password and with a ticket that needs a service
#   ticket), a name the domain has no SPN for (localhost: 3, and --spn with an unknown one), -k against an
#   address (2, connect by name or give --spn) and --spn cifs/NAME making that address work.
# Exit 77 (skip) without the fixture; the clock-skew case is skipped (said so) without faketime.
set -euo pipefail
lanman=("$@")
. "$(dirname "$0")/dcenv.sh"
host=$LANMAN_DC_NAME
upn=$LANMAN_DC_USER@$LANMAN_DC_REALM
n=0

# CODE TEXT WHAT: the last lm failed with CODE and one line on stderr holding TEXT, and printed nothing.
failed_with() {
    expect "$1" "$3"
    says "$2" "$3"
    [ "$(wc -l <"$tmp/err")" = 1 ] || { cat "$tmp/err" >&2; fail "$3: not one line on stderr"; }
    [ ! -s "$tmp/out" ] || { cat "$tmp/out" >&2; fail "$3: output on stdout"; }
    grep -qF -- "$LANMAN_DC_PASSWORD" "$tmp/err" && fail "$3: the password is in the message"
    n=$((n + 1))
    echo "ok: $3: exit $1, $(cat "$tmp/err")"
}

LANMAN_PASSWORD=Not-The-Password-1 lm -k -U "$upn" -H "$host" share list
failed_with 3 "logon failure for '$upn': bad password (Kerberos pre-authentication failed)" "wrong password"

LANMAN_PASSWORD=$LANMAN_DC_PASSWORD lm -k -U "nosuchuser@$LANMAN_DC_REALM" -H "$host" share list
failed_with 3 "logon failure for 'nosuchuser@$LANMAN_DC_REALM': the KDC knows no such user" "unknown user"

KRB5CCNAME=FILE:$tmp/missing.cc lm -k -H "$host" share list
failed_with 3 "no Kerberos ticket: run kinit or give -U" "no ticket"

# An expired ticket: 5 s of life, then waited out (klist -s fails once no ticket in the cache is valid).
printf '%s\n' "$LANMAN_DC_PASSWORD" | KRB5CCNAME=FILE:$tmp/short.cc dc kinit -l 5s "$upn" >"$tmp/kinit.out" 2>&1 ||
    { cat "$tmp/kinit.out" >&2; fail "kinit -l 5s"; }
for _ in $(seq 1 200); do
    KRB5CCNAME=FILE:$tmp/short.cc dc klist -s || break
    sleep 0.1
done
! KRB5CCNAME=FILE:$tmp/short.cc dc klist -s || fail "the 5 s ticket is still valid after 20 s"
KRB5CCNAME=FILE:$tmp/short.cc lm -k -H "$host" share list
failed_with 3 "the Kerberos ticket has expired: run kinit again, or give -U" "expired ticket"

# Clock skew: this client 2 hours ahead of the DC (libfaketime). A ticket from kinit then makes an
# authenticator the server refuses.
kt_user "$LANMAN_DC_USER" "$LANMAN_DC_PASSWORD" "$tmp/user.cc" || fail "kinit"
if command -v faketime >/dev/null; then
    # libfaketime is preloaded: under AddressSanitizer its runtime then is not first in the library list.
    export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
    lm_ahead() { # lm with the client's clock 2 hours ahead
        local real=("${lanman[@]}")
        lanman=(faketime -f +2h "${real[@]}")
        lm "$@"
        lanman=("${real[@]}")
    }
    KRB5CCNAME=FILE:$tmp/user.cc lm_ahead -k -H "$host" share list
    failed_with 3 "differ by more than the allowed skew" "clock skew (a kinit ticket, the client 2 h ahead)"
    # With a password the KDC's reply gives MIT Kerberos the offset, and the logon works.
    LANMAN_PASSWORD=$LANMAN_DC_PASSWORD lm_ahead -k -U "$upn" -H "$host" share list
    expect 0 "a password logon with the client 2 h ahead"
    grep -q "^$LANMAN_DC_SHARE " "$tmp/out" || { cat "$tmp/out" >&2; fail "share list with the clock 2 h ahead"; }
    echo "ok: clock 2 h ahead with a password: the logon works (the KDC's time corrects the client's)"
else
    echo "SKIP (one case): clock skew: faketime is not installed (scripts/deps.sh)"
fi

# The KDC unreachable: a krb5.conf naming a port where nothing listens (in the DC's namespace).
cat >"$tmp/krb5.conf" <<EOF
[libdefaults]
	default_realm = $LANMAN_DC_REALM
	dns_lookup_kdc = false
	dns_lookup_realm = false
	rdns = false
[realms]
	$LANMAN_DC_REALM = {
		kdc = 127.0.0.1:9
	}
[domain_realm]
	.lanman.test = $LANMAN_DC_REALM
EOF
KRB5_CONFIG=$tmp/krb5.conf LANMAN_PASSWORD=$LANMAN_DC_PASSWORD lm -k -U "$upn" -H "$host" share list
failed_with 6 "cannot reach a KDC for '$upn'" "KDC unreachable (a password)"
# A ticket-granting ticket alone: the service ticket must come from the KDC.
KRB5_CONFIG=$tmp/krb5.conf KRB5CCNAME=FILE:$tmp/user.cc lm -k -H "$host" share list
failed_with 6 "cannot reach a KDC" "KDC unreachable (a kinit ticket)"

# Names without an SPN, and addresses.
KRB5CCNAME=FILE:$tmp/user.cc lm -k -H localhost share list
failed_with 3 "no SPN cifs/localhost in the realm" "a name with no SPN (localhost)"
KRB5CCNAME=FILE:$tmp/user.cc lm -k --spn cifs/nosuch.lanman.test -H "$host" share list
failed_with 3 "no SPN cifs/nosuch.lanman.test in the realm" "--spn naming an unknown service"
KRB5CCNAME=FILE:$tmp/user.cc lm -k -H "$LANMAN_DC_ADDR" share list
failed_with 2 "needs the server's name, not the address $LANMAN_DC_ADDR" "-k against an address"
KRB5CCNAME=FILE:$tmp/user.cc lm -k --spn "cifs/$host" -H "$LANMAN_DC_ADDR" share list
expect 0 "-k --spn cifs/$host against the address"
grep -q "^$LANMAN_DC_SHARE " "$tmp/out" || { cat "$tmp/out" >&2; fail "share list by address with --spn"; }
echo "ok: -k --spn cifs/$host -H $LANMAN_DC_ADDR works"

[ "$n" -ge 9 ] || fail "only $n failure cases checked"
echo "ok: $n failure cases"
