#!/usr/bin/env bash
# faults.sh AGENT LANMAN SMBD_SH WORKDIR: lanman-agent --foreground against its own Samba instance when things
# go wrong (issue 14):
#   1. the server goes away and comes back (smbd.sh stop, then restart): the outage is recorded once, the
#      agent retries with backoff (1 s, doubling; the interval is 10 min, so only the backoff can see the
#      server back within the test's wait), records the recovery, and then the drift made while the server
#      was down (a share added to its registry offline, with net conf);
#   2. an enforcement the server refuses (its delete share command refuses while refuse-delete exists) is
#      recorded as such, end to end (event and drift log), once, and retried at every check until the server
#      lets it through, which is then recorded as corrected.
set -uo pipefail
. "$(dirname "$0")/../fixtures/smbdenv.sh"
unset LANMAN_PASSWORD # the agent reads its password from a file
. "$(dirname "$0")/lib.sh"
agent=$1 lanman=$2 smbd_sh=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
umask 077
printf '%s\n' "$LANMAN_TEST_PASSWORD" >pw
H="$H --password-file $work/pw"
dir=$LANMAN_TEST_DIR
winpath="C:$(printf '%s' "$LANMAN_TEST_SHARE_PATH" | tr / '\\')"
peer_sees() { smbclient -L "$LANMAN_TEST_HOST" -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -g 2>/dev/null | grep -q "^Disk|$1|"; }
pid=""
cleanup() {
    [ -z "$pid" ] || kill "$pid" 2>/dev/null
    rm -f "$dir/refuse-delete"
}
trap cleanup EXIT

export_baseline "$lanman"
conf() { agent_conf "$1" "$2" 'timeout = 3' 'only = shares' 'prune = yes'; } # conf INTERVAL ENFORCE

# ---- 1. the server restarts
conf 10m no
"$agent" --foreground --config agent.conf 2>agent.log &
pid=$!
wait_for agent.log 'started: watching' 15 && pass "started" || bad "no 'started' line"
sleep 1 # the first check is made at start; it found no drift
[ "$(count agent.log 'check failed')" -eq 0 ] || bad "a check failed before the outage"

bash "$smbd_sh" stop "$dir" >/dev/null || bad "cannot stop the fixture"
kill -HUP "$pid" # a check now, while the server is away
wait_for agent.log 'check failed: cannot check .*: connecting: .*retrying in 1 s' 15 &&
    pass "the outage is recorded after ${waited} ms" || bad "no 'check failed' line for the outage"
# Drift made while the server is down: a share in its registry, where Samba's registry shares live.
net -s "$LANMAN_TEST_CONF" conf addshare OutageDrift "$LANMAN_TEST_SHARE_PATH" writeable=n guest_ok=n \
    "made while the server was down" >/dev/null 2>&1 || bad "net conf addshare while smbd is down"
sleep 4 # the backoff's tries at 1, 2 and 4 s fail: what is tested is that they are not recorded again
bash "$smbd_sh" restart "$dir" >/dev/null || bad "cannot restart the fixture"
up=$(now_ms)
if wait_for agent.log 'checks of .* succeed again' 40; then
    pass "the recovery is recorded $(($(now_ms) - up)) ms after the restart (the interval is 10 min)"
else
    bad "no recovery line within 40 s of the restart"
fi
wait_for drift.jsonl '"event":"drift".*"object":"share OutageDrift"' 10 &&
    pass "the drift made during the outage is recorded after the recovery" || bad "no drift line for OutageDrift"
n=$(count agent.log 'check failed')
[ "$n" -eq 1 ] && pass "the outage is recorded once over its retries" || bad "'check failed' recorded $n times"
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=""
[ "$rc" -eq 0 ] && pass "SIGTERM: exit 0" || bad "SIGTERM: exit $rc"

# ---- 2. an enforcement the server refuses, then allows
: >"$dir/delshare.log"
touch "$dir/refuse-delete"
conf 1 yes
"$agent" --foreground --config agent.conf 2>agent2.log &
pid=$!
wait_for agent2.log 'started: watching' 15 || bad "no 'started' line (enforce)"
if wait_for drift.jsonl '"event":"enforcement failed".*"object":"share OutageDrift"' 15; then
    pass "the refused enforcement is in the drift log after ${waited} ms"
else
    bad "no 'enforcement failed' line for OutageDrift"
fi
wait_for agent2.log 'enforcement failed: .*share OutageDrift' 5 && pass "and an event says so" ||
    bad "no 'enforcement failed' event"
sleep 3.5 # three more checks, each trying again
tries=$(grep -cx OutageDrift "$dir/delshare.log" || true)
[ "$tries" -ge 3 ] && pass "retried at every check: $tries removals asked for" || bad "$tries removals asked for"
n=$(count drift.jsonl '"event":"enforcement failed".*OutageDrift')
[ "$n" -eq 1 ] && pass "the failure is recorded once over its retries" || bad "'enforcement failed' recorded $n times"
peer_sees OutageDrift && pass "the share is still there while the server refuses" || bad "OutageDrift went away"
rm -f "$dir/refuse-delete"
wait_for drift.jsonl '"event":"corrected".*"object":"share OutageDrift"' 15 &&
    pass "corrected once the server lets it through, after ${waited} ms" || bad "not corrected after the refusal ended"
peer_sees OutageDrift && bad "smbclient -L still sees OutageDrift" || pass "smbclient -L no longer sees OutageDrift"
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=""
[ "$rc" -eq 0 ] && pass "SIGTERM: exit 0 (enforce)" || bad "SIGTERM: exit $rc (enforce)"
grep -qF "$LANMAN_TEST_PASSWORD" agent.log agent2.log drift.jsonl && bad "the password is in a log" ||
    pass "no password in the logs"
echo "--- agent.log"
cat agent.log
echo "--- agent2.log"
cat agent2.log
echo "--- drift.jsonl"
cat drift.jsonl
exit $fail
