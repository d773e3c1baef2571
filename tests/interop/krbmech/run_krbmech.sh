#!/usr/bin/env bash
# run_krbmech.sh EXE: runs the krbmech suite (test_krbmech.c) in the AD DC fixture's namespace, as the client
# and, with the keytab of the DC's cifs/ service exported here, as MIT's own acceptor in the same process.
# Skips (77) without the fixture, through dcenv.sh.
set -u -o pipefail
. "$(dirname "$0")/../kerberos/dcenv.sh"
exe=$1
spn=cifs/$LANMAN_DC_NAME
dc samba-tool domain exportkeytab "$tmp/cifs.keytab" --principal="$spn" -s "$LANMAN_DC_CONF" \
    >"$tmp/keytab.out" 2>&1 || { cat "$tmp/keytab.out" >&2; fail "cannot export the keytab of $spn"; }
[ -s "$tmp/cifs.keytab" ] || fail "the keytab of $spn is empty"
LANMAN_KRB_SPN=$spn LANMAN_KRB_USER=$LANMAN_DC_USER@$LANMAN_DC_REALM LANMAN_KRB_PASSWORD=$LANMAN_DC_PASSWORD \
    KRB5_KTNAME=FILE:$tmp/cifs.keytab KRB5RCACHETYPE=none dc "$exe" krbmech >"$tmp/run.out" 2>&1
rc=$?
cat "$tmp/run.out"
# The runner prints CUnit's summary: all three tests must have run.
grep -Eq '^ +tests +3 +3 +3 +0 ' "$tmp/run.out" || fail "not all 3 krbmech tests ran and passed"
exit $rc
