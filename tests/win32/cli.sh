#!/usr/bin/env bash
# cli.sh EXPECT EMULATOR LANMAN TESTSVC: the Windows build of the CLI against Wine's real SCM and registry (the
# ctest fixture's fresh WINEPREFIX). What a Windows administrator sees first: the service table, JSON that a
# JSON parser takes, the configured shares when netapi32 cannot list shares, and the documented exit codes.
set -u
set -o pipefail
expect=$1 wine=$2 lanman=$3 testsvc=$4
fail=0
TMPDIR_CLI=$(mktemp -d) || exit 1
trap 'rm -rf "$TMPDIR_CLI"' EXIT
check() { bash "$expect" "$@" -- "$wine" "$lanman" ${ARGS} || fail=1; }

# Wine's LanmanServer entry: disabled, stopped.
ARGS="service list Lanman*" check 0 '^Stopped +LanmanServer +Lanman Server$'
ARGS="Get-Service LanmanServer" check 0 '^Stopped +LanmanServer'
ARGS="service show LanmanServer" check 0 '^StartType +: Disabled$'
ARGS="service show NoSuchService" check 4 "Cannot find any service with service name 'NoSuchService'"
ARGS="service bogus" check 2 "unknown command 'service bogus'. see 'lanman service --help'"
ARGS="service lsit" check 2 "unknown command 'service lsit'. did you mean 'service list'\?"
ARGS="servce list" check 2 "unknown command 'servce'. did you mean 'service'\?"
ARGS="service list --fromat json" check 2 "unknown option '--fromat'. did you mean '--format'\?"
ARGS="--help" check 0 '^Usage: lanman \[GLOBAL OPTIONS\] NOUN VERB \[ARGS\]$'
ARGS="service stop --help" check 0 '^  --force +stop the running services that depend on it first$'
ARGS="Get-Service -?" check 0 '^Usage: lanman \[GLOBAL OPTIONS\] Get-Service ' # -? is -h (Windows' habit)
# --property, and an unknown one naming the known ones, against Wine's real SCM
ARGS="--format csv --property Name,StartType service list Lanman*" check 0 '^LanmanServer,Disabled$'
ARGS="--property Name,Bogus service list Lanman*" check 2 "unknown property 'Bogus'. known: Name, DisplayName, Status"
ARGS="Get-SmbServerConfiguration" check 0 '^EnableSMB1Protocol +: True$'
ARGS="service start LanmanServer --timeout 5" check 1 "disabled"
ARGS="service set LanmanServer --start-type sometimes" check 2 "unknown start type 'sometimes'"

# JSON with PowerShell's property names and enum names, as a JSON parser reads it.
out=$("$wine" "$lanman" --format json service list 'Lanman*')
rc=$?
out=$(printf '%s\n' "$out" | tr -d '\r')
if [ "$rc" -eq 0 ] && printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d[0]; assert (s["Name"], s["Status"], s["StartType"]) == ("LanmanServer", "Stopped", "Disabled"), s; assert isinstance(s["ServicesDependedOn"], list)'; then
    echo "ok: --format json parses, with Name/Status/StartType as names"
else
    echo "FAIL: --format json (exit $rc) output:"
    printf '%s\n' "$out"
    fail=1
fi

# A configured share written to the registry, as Windows keeps it; netapi32 under Wine cannot list shares,
# so share list says so in one line on stderr and lists the configured ones.
"$wine" reg add 'HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Shares' /v Data /t REG_MULTI_SZ \
    /d 'CSCFlags=0\0MaxUses=4294967295\0Path=C:\data\0Permissions=0\0Remark=Finance, a=b\0ShareName=Data\0Type=0' \
    /f >/dev/null 2>&1 || { echo "FAIL: reg add"; fail=1; }
# Captured first, so that the exit code is lanman's (0: the configured shares are listed), not tr's.
stdout=$("$wine" "$lanman" share list 2>"$TMPDIR_CLI/stderr")
rc=$?
stdout=$(printf '%s\n' "$stdout" | tr -d '\r')
stderr=$(tr -d '\r' <"$TMPDIR_CLI/stderr")
if [ "$rc" -eq 0 ] && printf '%s\n' "$stdout" | grep -Eq '^Data +\* +C:\\data +Finance, a=b$' &&
    [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] &&
    printf '%s\n' "$stderr" | grep -q 'listing the configured shares from the registry instead'; then
    echo "ok: share list: one notice line on stderr, the configured share on stdout"
else
    echo "FAIL: share list: exit $rc (want 0), stdout:"
    printf '%s\n' "$stdout"
    echo "stderr:"
    printf '%s\n' "$stderr"
    fail=1
fi
ARGS="share list --configured --format csv" check 0 '^Data,\*,C:\\data,"Finance, a=b",FileSystemDirectory,False,False,0,,True$'
# Share access on Wine's netapi32, which knows no share: exit 4; an account its LSA does not know is refused
# first, by name (exit 4), and a plain SID that it does not know is no error until the share is read.
ARGS="share access Data" check 4 "^lanman: cannot read the permissions of share Data: "
ARGS="share grant Data --account no-such-account-lm --right read" check 4 "cannot resolve account 'no-such-account-lm'"
ARGS="Block-SmbShareAccess -Name Data -AccountName S-1-5-21-1-2-3-4" check 4 "permissions of share Data"
# Issue #16: share show shows what share list just listed from the registry (one notice line on stderr), in
# any case; a name there is not is not found (4). Wine's netapi32 reports success for NetShareDel and
# changes nothing: remove and set say they cannot (7), and Data stays listed.
ARGS="share show Data" check 0 '^Path +: C:\\data$'
ARGS="share show data" check 0 'showing the configured share from the registry instead'
ARGS="share show Nope" check 4 "^lanman: cannot read share Nope: no such share among the configured shares$"
ARGS="share remove Nope" check 7 "^lanman: cannot remove share Nope: not supported by this server"
ARGS="share remove Data" check 7 "^lanman: cannot remove share Data: not supported by this server"
ARGS="share set Data --description x" check 7 "^lanman: cannot change share Data: not supported by this server"
ARGS="share list" check 0 '^Data +\* +C:\\data +Finance, a=b$'
# Decided by the input alone, before anything is asked: usage (2).
ARGS="share show a/b" check 2 "share name 'a/b' contains '/'"
ARGS="share add X C:\\x --full S-1-bogus" check 2 "^lanman: invalid SID 'S-1-bogus'$"
# A POSIX path is for Samba only: this machine is not.
ARGS="share add X /srv/data" check 2 "is a POSIX path, which only a Samba server maps, and this server is Windows NT"
# The local machine's note on absent settings says nothing of Samba.
out=$("$wine" "$lanman" config list LanmanWorkstation 2>&1 >/dev/null | tr -d '\r')
if printf '%s\n' "$out" | grep -q "^lanman: note: no LanmanWorkstation.Parameters key: these are Windows' defaults$" &&
    ! printf '%s\n' "$out" | grep -qi samba; then
    echo "ok: config list: the local note names no Samba"
else
    echo "FAIL: config list LanmanWorkstation: stderr: $out"
    fail=1
fi
# Stop-Service and Get-Service say the same for a missing service.
ARGS="Stop-Service Nope" check 4 "^lanman: Cannot find any service with service name 'Nope'[.]$"
ARGS="Suspend-Service Nope" check 4 "^lanman: Cannot find any service with service name 'Nope'[.]$"
# Suspend-Service and Resume-Service agree on a running service that cannot pause (7), and on a stopped one
# (1). The service is created without a display name, as sc does, which service list must take. Wine stops
# the services when no program of the prefix runs any more: a ping holds the prefix up meanwhile.
svc="LmNoPause$$"
"$wine" ping -n 600 127.0.0.1 >/dev/null 2>&1 &
holder=$!
if "$wine" sc create "$svc" binPath= "Z:$(printf '%s' "$testsvc" | tr / '\\') --no-pause" >/dev/null 2>&1; then
    ARGS="service start $svc --timeout 30" check 0 ''
    ARGS="Suspend-Service $svc" check 7 "^lanman: cannot pause $svc: the service does not accept pause and continue$"
    ARGS="Resume-Service $svc" check 7 "^lanman: cannot continue $svc: the service does not accept pause and continue$"
    ARGS="Get-Service LmNoPause*" check 0 "^Running +$svc +$svc$"
    ARGS="service stop $svc --timeout 30" check 0 ''
    ARGS="Suspend-Service $svc" check 1 "^lanman: cannot pause $svc: it is Stopped$"
    ARGS="Resume-Service $svc" check 1 "^lanman: cannot continue $svc: it is Stopped$"
    "$wine" sc delete "$svc" >/dev/null 2>&1 || { echo "FAIL: sc delete $svc"; fail=1; }
else
    echo "FAIL: sc create $svc"
    fail=1
fi
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

# Values that name code to load: Wine's LanmanServer\Parameters\ServiceDll. A document that sets it (in
# another case and type) and ServiceMain is applied with one "skipped:" line each, with --dry-run and
# without, and the registry keeps what it had; config set and unset refuse them (exit 2).
values() { "$wine" "$lanman" --format csv --property Name,Type,Value config list LanmanServer | tr -d '\r' | grep -i '^Service'; }
before=$(values)
printf '%s\n' "$before" | grep -q '^ServiceDll,REG_SZ,.*srvsvc\.dll$' || { echo "FAIL: Wine's ServiceDll: $before"; fail=1; }
printf '%s\n' "<lanman-config xmlns='urn:lanman:config:1' version='1'>" \
    " <host name='h' backend='win32' exported='2026-11-22T01:02:03Z' tool-version='0.1.0'/>" \
    " <service name='LanmanServer'><parameters>" \
    "  <expand-sz name='servicedll'>C:\\evil.dll</expand-sz><sz name='ServiceMain'>EvilMain</sz>" \
    " </parameters></service>" \
    "</lanman-config>" >lanman-code.xml
skipped='^skipped: LanmanServer\\Parameters\\servicedll: names code to load; lanman never applies it$'
ARGS="config apply lanman-code.xml --dry-run" check 0 "$skipped"
ARGS="config apply lanman-code.xml" check 0 "$skipped"
ARGS="config apply lanman-code.xml" check 0 '^skipped: LanmanServer\\Parameters\\ServiceMain: names code to load'
ARGS="config apply lanman-code.xml" check 0 '^no changes$'
ARGS="config set LanmanServer ServiceDll C:\\evil.dll --type REG_SZ" check 2 \
    'LanmanServer\\Parameters\\ServiceDll names code to load; lanman never writes or deletes it'
ARGS="config unset LanmanServer servicedll" check 2 'names code to load; lanman never writes or deletes it'
after=$(values)
if [ -n "$before" ] && [ "$after" = "$before" ]; then
    echo "ok: ServiceDll unchanged and no ServiceMain after apply, set and unset"
else
    printf 'FAIL: LanmanServer\\Parameters before:\n%s\nafter:\n%s\n' "$before" "$after"
    fail=1
fi
rm -f lanman-code.xml

# The workstation through netapi32: Wine's NetWkstaGetInfo answers level 102 with its own computer name;
# its NetWkstaUserEnum is a stub that answers ERROR_INVALID_PARAMETER, which comes back as one line, exit 1.
computer=$("$wine" cmd /c 'echo %COMPUTERNAME%' 2>/dev/null | tr -d '\r')
if [ -n "$computer" ]; then
    ARGS="workstation show" check 0 "^ComputerName +: $computer$"
else
    echo "FAIL: cmd /c echo %COMPUTERNAME% printed nothing"
    fail=1
fi
ARGS="workstation show" check 0 '^InfoLevel +: 102$'
ARGS="--format json workstation show" check 0 '"Platform": "NT"'
ARGS="workstation users" check 1 '^lanman: NetWkstaUserEnum: invalid parameter$'
# Issue #16 (CLI edges) against Wine's SCM: values in any case, PowerShell 7's start type name, a missing
# service name beside a found one (exit 4, the found one listed), an empty CSV with its header, a parameter
# given twice, -WhatIf/-Confirm where the command has --dry-run/--yes or not.
ARGS="--format JSON service list Lanman*" check 0 '"Name": "LanmanServer"'
ARGS="service set LanmanServer --start-type DISABLED" check 0 ''
ARGS="service show LanmanServer" check 0 '^StartType +: Disabled$'
ARGS="service list NoSuchService LanmanServer" check 4 '^Stopped +LanmanServer +Lanman Server$'
ARGS="service list NoSuchService LanmanServer" check 4 "Cannot find any service with service name 'NoSuchService'"
ARGS="Get-Service -Name LanmanServer -Name X" check 2 'parameter -Name is given more than once'
ARGS="service set LanmanServer --start-type disabled -WhatIf" check 2 '-WhatIf: this command has no --dry-run'
# capture ARGS...: lanman's stdout and stderr in $out (CR removed), its own exit code in $rc.
capture() {
    out=$("$wine" "$lanman" "$@" 2>&1)
    rc=$?
    out=$(printf '%s\n' "$out" | tr -d '\r')
}
capture --format csv service list 'NoSuch*'
if [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && printf '%s\n' "$out" | grep -q '^Name,DisplayName,Status,StartType,'; then
    echo "ok: an empty CSV has its header"
else
    echo "FAIL: empty CSV (exit $rc): $out"
    fail=1
fi
# -U USER%PASSWORD refused without echoing the password (-v too).
capture -U 'hoser%H0ld-0ut!' -v -H fs1 share list
if [ "$rc" -eq 2 ] && ! printf '%s' "$out" | grep -qF 'H0ld-0ut' && printf '%s' "$out" | grep -q 'takes no password'; then
    echo "ok: -U USER%PASSWORD refused, password not echoed"
else
    echo "FAIL: -U USER%PASSWORD (exit $rc): $out"
    fail=1
fi
# A REG_MULTI_SZ value in Wine's registry: an array in JSON, one line ("a, b") in the table.
"$wine" reg add 'HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters' /v NullSessionPipes \
    /t REG_MULTI_SZ /d 'netlogon\0samr' /f >/dev/null 2>&1 || { echo "FAIL: reg add NullSessionPipes"; fail=1; }
ARGS="config list LanmanServer" check 0 '^LanmanServer +NullSessionPipes +REG_MULTI_SZ +netlogon, samr( |$)'
capture --format json --property Name,Value config list LanmanServer
if [ "$rc" -eq 0 ] && printf '%s' "$out" | python3 -c 'import json,sys; v=[r["Value"] for r in json.load(sys.stdin) if r["Name"] == "NullSessionPipes"]; assert v == [["netlogon", "samr"]], v'; then
    echo "ok: REG_MULTI_SZ is a JSON array"
else
    echo "FAIL: REG_MULTI_SZ in JSON (exit $rc): $out"
    fail=1
fi
"$wine" reg delete 'HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters' /v NullSessionPipes /f >/dev/null 2>&1
# Set-SmbServerConfiguration against Wine's registry (its LanmanServer\Parameters key): -WhatIf shows the
# plan and changes nothing; two properties are set (both forms, -Force, -Confirm:$false) and read back with
# config get and Get-SmbServerConfiguration; an unknown property or a bad value beside a good one is refused
# (exit 2) before anything is written.
settings() { "$wine" "$lanman" --format csv --property Name,Type,Value,Source config list LanmanServer | tr -d '\r'; }
before=$(settings)
ARGS="Set-SmbServerConfiguration -RequireSecuritySignature \$true -AutoDisconnectT 30 -WhatIf" check 0 \
    '^What if: set LanmanServer\\Parameters\\AutoDisconnect to 30 \(now: not set, default 15\)$'
ARGS="config set LanmanServer RequireSecuritySignature True --dry-run" check 0 \
    '^What if: set LanmanServer\\Parameters\\RequireSecuritySignature to True \(now: not set, default 0\)$'
ARGS="Set-SmbServerConfiguration -EnableSMB1Protocol \$false -Bogus 1" check 2 \
    "Set-SmbServerConfiguration: unknown parameter '-Bogus'"
ARGS="set-smbserverconfiguration -enablesmb1protocol \$false -AutoDisconnectTimeout banana" check 2 \
    'AutoDisconnect'
after=$(settings)
if [ "$(printf '%s\n' "$before" | grep -c ',default$')" -ge 10 ] && [ "$after" = "$before" ]; then
    echo "ok: -WhatIf, --dry-run and the refusals wrote nothing"
else
    printf 'FAIL: LanmanServer\\Parameters before:\n%s\nafter:\n%s\n' "$before" "$after"
    fail=1
fi
ARGS="Set-SmbServerConfiguration -RequireSecuritySignature \$true -AutoDisconnectTimeout:30 -Force -Confirm:\$false" \
    check 0 ''
ARGS="config get LanmanServer RequireSecuritySignature" check 0 '^1$'
ARGS="config get LanmanServer AutoDisconnect" check 0 '^30$'
ARGS="Get-SmbServerConfiguration" check 0 '^RequireSecuritySignature +: True$'
ARGS="Get-SmbServerConfiguration" check 0 '^AutoDisconnectTimeout +: 30$'
ARGS="Set-SmbServerConfiguration -RequireSecuritySignature:\$false -WhatIf" check 0 \
    '^What if: set LanmanServer\\Parameters\\RequireSecuritySignature to \$false \(now: 1\)$'
ARGS="config get LanmanServer EnableSMB1Protocol" check 0 '^1$'
ARGS="config unset LanmanServer RequireSecuritySignature" check 0 ''
ARGS="config unset LanmanServer AutoDisconnect" check 0 ''
exit $fail
