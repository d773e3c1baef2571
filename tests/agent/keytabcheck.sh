#!/usr/bin/env bash
# keytabcheck.sh AGENT WORKDIR: the agent reads its `keytab =` when it reads its configuration, not only at a
# check: --check-config (and a --foreground start) with a keytab that is missing, that the agent cannot read
# (run as nobody), that is not a keytab, or that holds no key for `user` is one config-error line naming the
# keytab and exit 78; a keytab holding user's key is taken, for user@REALM and REALM\user. The keytabs are
# made with ktutil (MIT krb5-user); no KDC is asked. Exit 77 (skip) without ktutil.
set -u
set -o pipefail
. "$(dirname "$0")/lib.sh"
agent=$1 work=$2
command -v ktutil >/dev/null || {
    echo "SKIP agent.keytab_check: no ktutil (MIT krb5-user) to make keytabs"
    exit 77
}
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
chmod 755 .
# No Kerberos configuration of the machine's: nothing in this test needs one.
: >krb5.conf
export KRB5_CONFIG=$work/krb5.conf
unset KRB5_CLIENT_KTNAME KRB5_KTNAME

# keytab FILE PRINCIPAL: a keytab with one AES key for PRINCIPAL.
keytab() {
    printf 'addent -password -p %s -k 1 -e aes256-cts-hmac-sha1-96\nnot-a-real-secret\nwkt %s\nquit\n' "$2" "$1" |
        ktutil >ktutil.out 2>&1
    [ -s "$1" ] || {
        cat ktutil.out
        echo "FAIL: ktutil did not write $1"
        exit 1
    }
    chmod 600 "$1"
}
keytab good.keytab lmagent@LANMAN.TEST
keytab other.keytab someone@LANMAN.TEST
printf 'this is not a keytab\n' >junk.keytab
chmod 600 junk.keytab
minimal_baseline baseline.xml
: >drift.jsonl
chmod 644 baseline.xml drift.jsonl

# conf USER KEYTAB: agent.conf for the DC's name (never reached: nothing here connects).
conf() {
    printf 'host = dc1.lanman.test\nbaseline = baseline.xml\ndrift_log = drift.jsonl\nuser = %s\nkeytab = %s\n' \
        "$1" "$2" >agent.conf
    chmod 644 agent.conf
}

# refused WHAT REGEX [PREFIX...]: --check-config is exit 78 with exactly one line, the config error matching
# REGEX (after "config error: agent.conf: ").
refused() {
    local what=$1 re=$2 rc
    shift 2
    rc=0
    "$@" "$agent" --check-config --config agent.conf >out.txt 2>&1 || rc=$?
    sed 's/^/    /' out.txt
    if [ "$rc" -eq 78 ] && [ "$(grep -c . out.txt)" -eq 1 ] &&
        grep -Eq -- "^lanman-agent: config error: agent[.]conf: $re\$" out.txt; then
        pass "$what: exit 78, one line"
    else
        bad "$what: exit $rc, wanted 78 and one line /config error: agent.conf: $re/"
    fi
}

conf lmagent@LANMAN.TEST good.keytab
rc=0
"$agent" --check-config --config agent.conf >out.txt 2>&1 || rc=$?
sed 's/^/    /' out.txt
[ "$rc" -eq 0 ] && grep -q '^agent.conf: ok (baseline baseline.xml, drift log drift.jsonl)$' out.txt &&
    pass "a keytab with the key of user = lmagent@LANMAN.TEST: taken" || bad "good keytab (user@REALM): exit $rc"
conf 'LANMAN.TEST\lmagent' good.keytab
rc=0
"$agent" --check-config --config agent.conf >out.txt 2>&1 || rc=$?
sed 's/^/    /' out.txt
[ "$rc" -eq 0 ] && grep -q '^agent.conf: ok ' out.txt &&
    pass "the same keytab with user = LANMAN.TEST\\lmagent: taken" || bad "good keytab (REALM\\user): exit $rc"

conf lmagent@LANMAN.TEST missing.keytab
refused "a missing keytab" "cannot read the keytab 'missing[.]keytab': no such file"
conf lmagent@LANMAN.TEST other.keytab
refused "a keytab without user's key" "the keytab 'other[.]keytab' holds no key for lmagent@LANMAN[.]TEST"
conf 'LANMAN.TEST\lmagent' other.keytab
refused "the same with user = REALM\\user" "the keytab 'other[.]keytab' holds no key for lmagent@LANMAN[.]TEST"
conf lmagent@LANMAN.TEST junk.keytab
refused "a file that is not a keytab" "cannot read the keytab 'junk[.]keytab': .+"

# Unreadable: root reads anything, so the agent runs as nobody then (the files stay root's: trusted).
conf lmagent@LANMAN.TEST good.keytab
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null; then
        refused "a keytab the agent cannot read (as nobody)" \
            "cannot read the keytab 'good[.]keytab': permission denied" \
            setpriv --reuid=nobody --regid=nogroup --clear-groups
    else
        echo "note: root without setpriv: the unreadable keytab case is not run"
    fi
else
    chmod 000 good.keytab
    refused "a keytab the agent cannot read" "cannot read the keytab 'good[.]keytab': permission denied"
    chmod 600 good.keytab
fi

# A start reads the configuration the same way: it stops there, exit 78, before any check.
conf lmagent@LANMAN.TEST other.keytab
rc=0
timeout 15 "$agent" --foreground --config agent.conf >out.txt 2>&1 || rc=$?
sed 's/^/    /' out.txt
[ "$rc" -eq 78 ] && grep -q "config error: agent.conf: the keytab 'other.keytab' holds no key for lmagent@LANMAN.TEST" out.txt &&
    ! grep -q 'started' out.txt && pass "--foreground with a keytab without user's key: exit 78 before starting" ||
    bad "--foreground with a keytab without user's key: exit $rc"
exit $fail
