#!/usr/bin/env bash
# wine.sh WINE AGENT LANMAN SCMCHECK WORKDIR: lanman-agent as the LanmanAgent service under Wine's real SCM
# and registry (the ctest fixture's fresh WINEPREFIX).
#   install (read back through the SCM: scmcheck config), start -> RUNNING; a watched value under
#   LanmanServer\Parameters changed behind the agent's back -> a drift line within seconds (the interval is
#   an hour: only the registry notification can find it); PARAMCHANGE with enforce = yes -> corrected and
#   the value restored; pause/continue; stop -> STOPPED; a bad baseline -> the service stops while starting
#   with ERROR_BAD_CONFIGURATION; so does a configuration file Everyone may write (and --console says so in
#   one unsafe-file line, exit 78); uninstall -> gone, event source too.
set -u
set -o pipefail
wine=$1 agent=$2 lanman=$3 scmcheck=$4 work=$5
. "$(dirname "$0")/lib.sh"
winpath() { winepath -w "$1" 2>/dev/null | tr -d '\r'; }
# Runs a Windows program: its output (CR removed, also echoed) in $out, its exit code in $rc.
runrc() {
    out=$("$wine" "$@" 2>&1)
    rc=$?
    out=$(printf '%s\n' "$out" | tr -d '\r')
    printf '%s\n' "$out" | sed 's/^/    /'
}
# The Unix PID of this WINEPREFIX's wineserver: one for the whole test, or the SCM's state of one command is
# not the next one's (own_prefix.sh holds the session up; see there).
wineserver_pid() {
    for p in $(pgrep -f wineserver); do
        tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "WINEPREFIX=$WINEPREFIX" && echo "$p"
    done
}
regval() { "$wine" reg query "$key" /v "$1" 2>/dev/null | tr -d '\r' | awk -v n="$1" '$1 == n { print $3 }'; }

key='HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters'
rm -rf "$work"
mkdir -p "$work"
log=$work/drift.jsonl
conf=$work/agent.conf

# What the baseline covers: two security settings under Wine's LanmanServer entry.
"$wine" reg add "$key" /v SMB1 /t REG_DWORD /d 0 /f >/dev/null 2>&1 || bad "reg add SMB1"
"$wine" reg add "$key" /v RequireSecuritySignature /t REG_DWORD /d 1 /f >/dev/null 2>&1 || bad "reg add"
runrc "$lanman" config export -o "$(winpath "$work/baseline.xml")"
[ "$rc" -eq 0 ] && grep -q 'SMB1' "$work/baseline.xml" && pass "baseline exported" || {
    bad "lanman config export"
    exit 1
}
cat >"$conf" <<'CONF'
# lanman-agent under Wine: the local machine, checked at start and at every registry change
host = local
baseline = baseline.xml
drift_log = drift.jsonl
interval = 1h
enforce = no
# Wine's netapi32 cannot list shares (NetShareEnum: ERROR_NOT_SUPPORTED), so a plan with shares fails
# there; the shares part is tested natively against Samba (smb.sh).
only = parameters, services
CONF

server=$(wineserver_pid)
[ -n "$server" ] && [ "$(printf '%s\n' "$server" | wc -l)" -eq 1 ] || bad "no single wineserver for $WINEPREFIX: '$server'"
runrc "$agent" install --config "$(winpath "$conf")"
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^LanmanAgent installed' && pass "install" || bad "install (exit $rc)"
printf '%s\n' "$out" | grep -q 'no delayed automatic start' && pass "install says the SCM has no delayed start"
runrc "$scmcheck" config "$(winpath "$agent")"
[ "$rc" -eq 0 ] || bad "the registration read back through the SCM"

runrc "$agent" start
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q 'LanmanAgent is running' && pass "start" || bad "start (exit $rc)"
runrc "$scmcheck" state running 30
[ "$rc" -eq 0 ] || bad "RUNNING"
runrc "$agent" status
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^Status *: Running$' && pass "status: Running" || bad "status"
# The first check ran before any change: the baseline matches, nothing was recorded.
[ ! -s "$log" ] && pass "no drift at start" || bad "drift recorded at start: $(cat "$log")"

# Drift behind the agent's back (enforce = no): recorded, not undone.
"$wine" reg add "$key" /v SMB1 /t REG_DWORD /d 1 /f >/dev/null 2>&1
if wait_for "$log" '"event":"drift".*"object":"[^"]*SMB1","expected":"0","actual":"1"' 15; then
    pass "drift line for SMB1 after ${waited} ms (interval 1 h: from the registry notification)"
else
    bad "no drift line for SMB1 within 15 s"
fi
[ "$(regval SMB1)" = "0x1" ] && pass "enforce = no leaves the value" || bad "SMB1 is $(regval SMB1) with enforce = no"

# enforce = yes, through PARAMCHANGE: the reload checks at once and undoes the drift.
sed -i 's/^enforce = no$/enforce = yes/' "$conf"
runrc "$scmcheck" control paramchange
[ "$rc" -eq 0 ] || bad "paramchange"
if wait_for "$log" '"event":"corrected".*SMB1' 15; then
    pass "corrected line for SMB1 after ${waited} ms"
else
    bad "no corrected line for SMB1 within 15 s"
fi
[ "$(regval SMB1)" = "0x0" ] && pass "SMB1 restored to 0" || bad "SMB1 is $(regval SMB1), not restored"

# While enforcing, a second change is undone at once.
"$wine" reg add "$key" /v RequireSecuritySignature /t REG_DWORD /d 0 /f >/dev/null 2>&1
if wait_for "$log" '"event":"corrected".*RequireSecuritySignature' 15; then
    pass "RequireSecuritySignature corrected after ${waited} ms"
else
    bad "RequireSecuritySignature not corrected within 15 s"
fi
[ "$(regval RequireSecuritySignature)" = "0x1" ] && pass "RequireSecuritySignature restored to 1" ||
    bad "RequireSecuritySignature is $(regval RequireSecuritySignature)"

# Every line is one JSON object with the fields the README names.
if python3 - "$log" <<'PY'; then
import json, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 4, lines
for l in lines:
    r = json.loads(l)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["time"]), r
    assert r["event"] in ("drift", "corrected") and r["host"] == "local" and r["kind"] == "set parameter", r
    assert {"object", "expected", "actual"} <= r.keys(), r
print("\n".join("    " + l for l in lines))
PY
    pass "the drift log: 4 JSON lines (2 drift, 2 corrected), each parsed"
else
    bad "the drift log is not what the README says"
fi

# A value that names code to load is never corrected, even with enforce = yes: Wine's ServiceDll changed
# behind the agent's back stays changed and is no drift line. SMB1 changed after it is corrected, which
# shows a check has seen both.
dll=$(regval ServiceDll)
[ -n "$dll" ] || bad "Wine's LanmanServer has no ServiceDll"
"$wine" reg add "$key" /v ServiceDll /t REG_SZ /d 'C:\lanman-agent-test.dll' /f >/dev/null 2>&1
"$wine" reg add "$key" /v SMB1 /t REG_DWORD /d 1 /f >/dev/null 2>&1
i=0
while [ "$(count "$log" '"event":"corrected".*SMB1')" -lt 2 ] && [ $i -lt 150 ]; do
    sleep 0.1
    i=$((i + 1))
done
[ "$(count "$log" '"event":"corrected".*SMB1')" -eq 2 ] || bad "SMB1 not corrected a second time within 15 s"
[ "$(regval ServiceDll)" = 'C:\lanman-agent-test.dll' ] && [ "$(count "$log" 'ServiceDll')" -eq 0 ] &&
    pass "ServiceDll changed: not corrected, not in the drift log" ||
    bad "ServiceDll is $(regval ServiceDll); drift log: $(grep ServiceDll "$log")"
"$wine" reg add "$key" /v ServiceDll /t REG_SZ /d "$dll" /f >/dev/null 2>&1

# Start-type drift: LanmanServer set to manual behind the agent's back (Wine's is disabled, as the baseline
# says) is a drift line and, with enforce = yes, set back through the SCM.
svckey='HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer'
start_was=$("$wine" reg query "$svckey" /v Start 2>/dev/null | tr -d '\r' | awk '$1 == "Start" { print $3 }')
[ "$start_was" = "0x4" ] || bad "Wine's LanmanServer starts as $start_was, not disabled (0x4)"
runrc "$lanman" service set LanmanServer --start-type manual
[ "$rc" -eq 0 ] || bad "lanman service set LanmanServer --start-type manual: exit $rc"
if wait_for "$log" '"event":"drift","host":"local","kind":"set start type","object":"service LanmanServer","expected":"Disabled","actual":"Manual"' 15; then
    pass "start-type drift line after ${waited} ms"
else
    bad "no start-type drift line within 15 s"
fi
if wait_for "$log" '"event":"corrected","host":"local","kind":"set start type","object":"service LanmanServer"' 15; then
    pass "start type corrected after ${waited} ms"
else
    bad "start type not corrected within 15 s"
fi
start_now=$("$wine" reg query "$svckey" /v Start 2>/dev/null | tr -d '\r' | awk '$1 == "Start" { print $3 }')
[ "$start_now" = "0x4" ] && pass "LanmanServer is disabled again (through the SCM)" || bad "LanmanServer's Start is $start_now"

runrc "$scmcheck" control pause
runrc "$scmcheck" state paused 15
[ "$rc" -eq 0 ] && pass "PAUSED" || bad "pause"
runrc "$scmcheck" control continue
runrc "$scmcheck" state running 15
[ "$rc" -eq 0 ] && pass "RUNNING again after continue" || bad "continue"
runrc "$scmcheck" control interrogate
[ "$rc" -eq 0 ] || bad "interrogate"

runrc "$agent" stop
[ "$rc" -eq 0 ] && pass "stop" || bad "stop (exit $rc)"
runrc "$scmcheck" state stopped 5
[ "$rc" -eq 0 ] || bad "STOPPED"

# A bad baseline: the service stops while starting, with the Win32 exit code ERROR_BAD_CONFIGURATION.
printf '<lanman-config version="1">' >"$work/bad.xml"
sed -i 's/^baseline = .*/baseline = bad.xml/' "$conf"
runrc "$agent" start
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q 'stopped while starting: .*(Win32 error 1610)'; then
    pass "a bad baseline: start fails with ERROR_BAD_CONFIGURATION"
else
    bad "start with a bad baseline (exit $rc)"
fi

# A configuration file Everyone may write (a DACL set with SetNamedSecurityInfoW): the service stops while
# starting with ERROR_BAD_CONFIGURATION; in console mode, one unsafe-file line (event ID 13) and exit 78.
sed -i 's/^baseline = .*/baseline = baseline.xml/' "$conf"
runrc "$scmcheck" setsddl "$(winpath "$conf")" 'D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FRFW;;;WD)'
runrc "$scmcheck" sddl "$(winpath "$conf")"
printf '%s\n' "$out" | grep -q ';;;WD)' && pass "Everyone may write the configuration file" ||
    bad "the DACL granting Everyone write did not take"
runrc "$agent" start
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q 'stopped while starting: .*(Win32 error 1610)'; then
    pass "a configuration file Everyone may write: start fails with ERROR_BAD_CONFIGURATION"
else
    bad "start with a configuration file Everyone may write (exit $rc)"
fi
# (An agent that took the file would run on: stopped after 20 s.)
out=$(timeout 20 "$wine" "$agent" --console --config "$(winpath "$conf")" 2>&1)
rc=$?
out=$(printf '%s\n' "$out" | tr -d '\r')
printf '%s\n' "$out" | sed 's/^/    /'
if [ "$rc" -eq 78 ] && [ "$(printf '%s\n' "$out" | grep -c .)" -eq 1 ] &&
    printf '%s\n' "$out" | grep -q "^lanman-agent: unsafe file: .*agent.conf: refusing the configuration file '.*agent.conf': Everyone (S-1-1-0) can write to it; only SYSTEM, Administrators, TrustedInstaller or the agent's own account may be able to change it and the folders above it\$"; then
    pass "console mode: one unsafe-file line, exit 78"
else
    bad "console mode with a configuration file Everyone may write (exit $rc)"
fi
# Safe again: it starts.
runrc "$scmcheck" setsddl "$(winpath "$conf")" 'D:(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;WD)'
runrc "$agent" start
[ "$rc" -eq 0 ] && pass "a safe configuration file again: start" || bad "start with the file made safe (exit $rc)"
runrc "$agent" stop
[ "$rc" -eq 0 ] || bad "stop (exit $rc)"

[ "$(wineserver_pid)" = "$server" ] && pass "one Wine session (wineserver $server) from install to uninstall" ||
    bad "the Wine session changed: wineserver $server at install, '$(wineserver_pid)' now"
runrc "$agent" uninstall
[ "$rc" -eq 0 ] && pass "uninstall" || bad "uninstall (exit $rc)"
runrc "$scmcheck" gone
[ "$rc" -eq 0 ] || bad "still registered after uninstall"
runrc "$agent" status
[ "$rc" -eq 4 ] && pass "status after uninstall: exit 4" || bad "status after uninstall: exit $rc"
exit $fail
