#!/usr/bin/env bash
# unreachable.sh AGENT WORKDIR: a host that cannot be reached is recorded once (not at every interval),
# the agent keeps running, reloads and stops cleanly.
set -u
set -o pipefail
. "$(dirname "$0")/lib.sh"
agent=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
minimal_baseline baseline.xml
# Port 1 on loopback: refused at once.
printf 'host = 127.0.0.1\nport = 1\ntimeout = 2\nbaseline = baseline.xml\ndrift_log = drift.jsonl\ninterval = 1\n' >agent.conf
"$agent" --check-config --config agent.conf && pass "--check-config: ok" || bad "--check-config"
"$agent" --foreground --config agent.conf 2>agent.log &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
wait_for agent.log 'check failed: cannot check 127.0.0.1: connecting: ' 15 && pass "check failed, recorded" ||
    bad "no 'check failed' line"
sleep 3.5 # three more intervals: what is tested is that nothing more is recorded
kill -HUP $pid
wait_for agent.log 'reloaded' 10 && pass "reloaded while the host is down" || bad "no reload"
sleep 1.5
kill -0 $pid 2>/dev/null && pass "still running" || bad "the agent exited"
n=$(count agent.log 'check failed')
[ "$n" -eq 1 ] && pass "recorded once over 6 intervals and a reload" || bad "'check failed' recorded $n times"
kill -TERM $pid
wait $pid
rc=$?
trap - EXIT
[ "$rc" -eq 0 ] && pass "SIGTERM: exit 0" || bad "SIGTERM: exit $rc"
[ ! -s drift.jsonl ] && pass "no drift recorded" || bad "drift recorded for an unreachable host"
# host = local has no meaning off Windows: a configuration error.
printf 'baseline = baseline.xml\ndrift_log = drift.jsonl\n' >local.conf
out=$("$agent" --foreground --config local.conf 2>&1)
rc=$?
[ "$rc" -eq 78 ] && printf '%s\n' "$out" | grep -q 'config error: local.conf: host = local: ' &&
    pass "host = local off Windows: config error, exit 78" || bad "host = local: exit $rc: $out"
echo "--- agent.log"
cat agent.log
exit $fail
