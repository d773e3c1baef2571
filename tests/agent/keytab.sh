#!/usr/bin/env bash
# keytab.sh AGENT LANMAN WORKDIR: lanman-agent --foreground against the AD DC fixture (tests/fixtures/addc.sh,
# LANMAN_ADDC_ENV_FILE; NTLM disabled there), logging on with Kerberos from a keytab and nothing else (no
# ticket in its cache, no password): once through `user = lmadmin@LANMAN.TEST` and a `keytab =` line in its
# configuration (the tickets in a memory cache: no cache file appears), once through KRB5_CLIENT_KTNAME and no
# user (MIT Kerberos puts the keytab's tickets into the default cache, where klist shows them). Each time a share added behind its back (by lanman -k, a Domain Admin's kinit ticket)
# is a drift line within seconds, and SIGTERM stops the agent with exit 0. Exit 77 (skip) without the fixture.
set -u
set -o pipefail
agent=$1 lanman=$2 work=$3
. "$(dirname "$0")/../interop/kerberos/dcenv.sh"
. "$(dirname "$0")/lib.sh"
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
umask 077
cp "$LANMAN_DC_KEYTAB" "$work/agent.keytab"
kt_user "$LANMAN_DC_ADMIN" "$LANMAN_DC_ADMIN_PASSWORD" "$work/admin.cc" || { echo "FAIL: kinit"; exit 1; }
# lanman as the Domain Admin, from the kinit ticket (the agent itself never sees this cache).
admin() { KRB5CCNAME=FILE:$work/admin.cc dc "$lanman" -k -H "$LANMAN_DC_NAME" "$@"; }
admin config export -o "$work/baseline.xml" || { echo "FAIL: lanman -k config export"; exit 1; }
winpath="C:$(printf '%s' "$LANMAN_DC_SHARE_PATH" | tr / '\\')"
pid=""
cleanup_hook() {
    [ -z "$pid" ] || kill "$pid" 2>/dev/null
    admin share remove "$name" >/dev/null 2>&1
    return 0
}

# run_agent HOW [CONF LINE...]: one agent run; HOW is the label.
run_agent() {
    local how=$1 rc
    shift
    name="AgentKrb$RANDOM"
    rm -f drift.jsonl agent.log none.cc
    printf 'host = %s\nbaseline = %s\ndrift_log = %s\ninterval = 1\nenforce = no\n' \
        "$LANMAN_DC_NAME" "$work/baseline.xml" "$work/drift.jsonl" >agent.conf
    [ $# -eq 0 ] || printf '%s\n' "$@" >>agent.conf
    # No ticket in the cache: only the keytab can log the agent on. (addc.sh run execs nsenter, which execs
    # the agent: $! is the agent's pid.)
    KRB5CCNAME=FILE:$work/none.cc bash "$LANMAN_DC_SCRIPT" run "$LANMAN_DC_DIR" "$agent" --foreground \
        --config "$work/agent.conf" >agent.out 2>agent.log </dev/null &
    pid=$!
    if wait_for agent.log 'started: watching' 15; then pass "$how: started"; else
        bad "$how: no 'started' line"
        cat agent.log
        return
    fi
    admin share add "$name" "$winpath" --description "behind the agent's back" || bad "$how: share add"
    if wait_for drift.jsonl "\"event\":\"drift\".*\"object\":\"share $name\"" 15; then
        pass "$how: drift line for share $name after ${waited} ms"
    else
        bad "$how: no drift line for share $name within 15 s"
    fi
    grep -Eiq 'logon|kerberos|ticket|auth' agent.log && bad "$how: the agent logged a logon problem" ||
        pass "$how: no logon problem logged"
    admin share remove "$name" || bad "$how: share remove"
    kill -TERM "$pid"
    rc=0
    wait "$pid" || rc=$?
    pid=""
    [ "$rc" -eq 0 ] && pass "$how: SIGTERM: exit 0" || bad "$how: SIGTERM: exit $rc"
    case $how in
    keytab*)
        # The keytab = line: tickets in a private memory cache, none in the default one.
        [ ! -e "$work/none.cc" ] && pass "$how: no ticket cache written" || bad "$how: a ticket cache was written"
        ;;
    *)
        # KRB5_CLIENT_KTNAME: MIT Kerberos gets the tickets from the client keytab into the default cache, which
        # shows whose they are and that the agent asked for the DC's cifs service.
        KRB5CCNAME=FILE:$work/none.cc dc klist >klist.out 2>&1
        grep -q "Default principal: $LANMAN_DC_KEYTAB_PRINCIPAL" klist.out &&
            grep -q "cifs/$LANMAN_DC_NAME@$LANMAN_DC_REALM" klist.out &&
            pass "$how: tickets for $LANMAN_DC_KEYTAB_PRINCIPAL and cifs/$LANMAN_DC_NAME from the client keytab" ||
            { bad "$how: no tickets from the client keytab"; cat klist.out; }
        ;;
    esac
    echo "--- $how: agent.log"
    cat agent.log
}

run_agent "keytab = line" "user = $LANMAN_DC_KEYTAB_PRINCIPAL" "keytab = $work/agent.keytab"
# No user: the agent logs on as whoever the Kerberos library's default credentials name.
KRB5_CLIENT_KTNAME=FILE:$work/agent.keytab run_agent "KRB5_CLIENT_KTNAME"
exit $fail
