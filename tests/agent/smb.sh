#!/usr/bin/env bash
# smb.sh AGENT LANMAN WORKDIR: lanman-agent --foreground against the Samba fixture (its own instance,
# LANMAN_SMBD_ENV_FILE), as systemd runs it. A share added behind its back is a drift line within seconds,
# recorded once however many intervals pass; after SIGHUP with enforce = yes it is removed (prune: the
# baseline lacks it), which smbclient -L confirms; SIGTERM stops it with exit 0. No password in any log.
set -u
set -o pipefail
. "$(dirname "$0")/../fixtures/smbdenv.sh"
unset LANMAN_PASSWORD # here the password goes through files only
. "$(dirname "$0")/lib.sh"
agent=$1 lanman=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
umask 077
printf '%s\n' "$LANMAN_TEST_PASSWORD" >pw
H="$H --password-file $work/pw"
name="AgentDrift$$"
winpath="C:$(printf '%s' "$LANMAN_TEST_SHARE_PATH" | tr / '\\')"
peer_sees() { smbclient -L "$LANMAN_TEST_HOST" -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -g 2>/dev/null | grep -q "^Disk|$1|"; }

export_baseline "$lanman"
agent_conf 1 no

"$agent" --foreground --config agent.conf 2>agent.log &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
wait_for agent.log 'started: watching' 15 && pass "started" || bad "no 'started' line"

"$lanman" $H share add "$name" "$winpath" --description "behind the agent's back" || bad "share add"
if wait_for drift.jsonl "\"event\":\"drift\".*\"kind\":\"remove share\",\"object\":\"share $name\",\"expected\":null" 15; then
    pass "drift line for share $name after ${waited} ms"
else
    bad "no drift line for share $name within 15 s"
fi
wait_for agent.log "drift: .*share $name" 5 && pass "drift event on stderr" || bad "no drift event on stderr"
# Three more intervals: the same drift is not recorded again (a bounded wait: what is tested is absence).
sleep 3.5
n=$(count drift.jsonl "share $name")
[ "$n" -eq 1 ] && pass "recorded once over 4 intervals" || bad "recorded $n times"
peer_sees "$name" && pass "enforce = no leaves the share" || bad "the share went away with enforce = no"

# enforce = yes and SIGHUP: reloaded, checked at once, the share removed.
sed -i 's/^enforce = no$/enforce = yes/' agent.conf
kill -HUP $pid
wait_for agent.log 'reloaded: configuration reloaded' 15 && pass "SIGHUP reloads" || bad "no reload"
if wait_for drift.jsonl "\"event\":\"corrected\".*\"object\":\"share $name\"" 15; then
    pass "corrected line for share $name after ${waited} ms"
else
    bad "no corrected line for share $name within 15 s"
fi
peer_sees "$name" && bad "smbclient -L still sees $name" || pass "smbclient -L no longer sees $name"
[ "$(count drift.jsonl "\"event\":\"drift\".*share $name")" -eq 1 ] && pass "the reload did not record the drift again" ||
    bad "the drift was recorded again after the reload"

kill -TERM $pid
wait $pid
rc=$?
trap - EXIT
[ "$rc" -eq 0 ] && pass "SIGTERM: exit 0" || bad "SIGTERM: exit $rc"
wait_for agent.log 'stopped: stopped' 1 && pass "'stopped' logged" || bad "no 'stopped' line"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]' drift.jsonl &&
    pass "every drift log line is JSON" || bad "the drift log is not JSON lines"
grep -qF "$LANMAN_TEST_PASSWORD" agent.log drift.jsonl && bad "the password is in a log" || pass "no password in the logs"
echo "--- agent.log"
cat agent.log
echo "--- drift.jsonl"
cat drift.jsonl
exit $fail
