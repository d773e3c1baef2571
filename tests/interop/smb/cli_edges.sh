#!/usr/bin/env bash
# cli_edges.sh [EMULATOR] LANMAN: issue #16's CLI edges against a real server (the fixture,
# LANMAN_SMBD_ENV_FILE), in both builds (the mingw one through Wine): probe's JSON types, service list's
# defaults against a server with no Lanman* service, the host spellings (-H '\\HOST:PORT', -ComputerName,
# -N), values in any case. stdout and stderr are captured apart and the exit code is lanman's own.
set -euo pipefail
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
hp="$LANMAN_TEST_HOST:$LANMAN_TEST_PORT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# run WANT_RC ARGS...: one run of lanman; $out and $err hold stdout and stderr (CR removed), $rc its exit.
run() {
    local want=$1
    shift
    rc=0
    "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    out=$(tr -d '\r' <"$tmp/out")
    err=$(tr -d '\r' <"$tmp/err")
    if [ "$rc" -ne "$want" ]; then
        printf 'FAIL: lanman %s -> exit %s (want %s)\nstdout:\n%s\nstderr:\n%s\n' "${*##*lanman* }" "$rc" "$want" \
            "$out" "$err"
        fail=1
        return 1
    fi
}
ok() { echo "ok: $*"; }
bad() {
    printf 'FAIL: %s\nstdout:\n%s\nstderr:\n%s\n' "$1" "$out" "$err"
    fail=1
}

# probe: Dialects and Capabilities are arrays, SMB1 a boolean, in JSON.
if run 0 "$@" --format json probe "$hp"; then
    if printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)[0]
assert isinstance(d["Dialects"], list) and len(d["Dialects"]) >= 2 and "3.1.1" in d["Dialects"], d["Dialects"]
assert isinstance(d["Capabilities"], list), d["Capabilities"]
assert d["SMB1"] is False, d["SMB1"]'; then
        ok "probe JSON: Dialects and Capabilities arrays, SMB1 false"
    else
        bad "probe JSON types"
    fi
fi
# ... and in the list, one line each: "a, b" and False.
if run 0 "$@" probe "$hp"; then
    grep -Eq '^Dialects +: 2[.]0[.]2, 2[.]1, 3[.]0, 3[.]0[.]2, 3[.]1[.]1$' <<<"$out" &&
        grep -Eq '^SMB1 +: False$' <<<"$out" && ok "probe list: dialects on one line, SMB1 False" ||
        bad "probe list"
fi

# service list without a pattern: Samba has no Lanman* service; one line on stderr says so, no bare header.
if run 0 "$@" $H service list; then
    [ -z "$out" ] && [ "$(wc -l <<<"$err")" -eq 1 ] && grep -q "^lanman: no Lanman\* service on $hp" <<<"$err" &&
        ok "service list: no Lanman* service, said on stderr" || bad "service list (no Lanman* service)"
fi
# An empty CSV still has its header.
if run 0 "$@" $H --format csv service list; then
    [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q '^Name,DisplayName,Status,StartType,' <<<"$out" &&
        ok "service list --format csv: the header alone" || bad "empty CSV header"
fi
# A name that does not exist is reported (exit 4), the others listed.
if run 4 "$@" $H service list Nope Spooler; then
    grep -Eq '^Stopped +Spooler +Print Spooler' <<<"$out" &&
        grep -q "Cannot find any service with service name 'Nope'" <<<"$err" &&
        ok "service list Nope Spooler: Spooler listed, Nope reported, exit 4" || bad "service list Nope Spooler"
fi
if run 4 "$@" $H Get-Service Spooler NoSuch; then
    grep -Eq '^Stopped +Spooler' <<<"$out" && grep -q "'NoSuch'" <<<"$err" && ok "Get-Service Spooler NoSuch" ||
        bad "Get-Service Spooler NoSuch"
fi

# Hosts: \\HOST:PORT, -ComputerName and -CimSession reach the same server as -H HOST:PORT (with the port, in
# the Windows build too).
for spelling in "-H \\\\$hp" "-H //$hp"; do
    if run 0 "$@" $spelling -U "$LANMAN_TEST_USER" share list; then
        grep -Eq "^$LANMAN_TEST_SHARE +\\* " <<<"$out" && ok "share list with $spelling" || bad "$spelling"
    fi
done
if run 0 "$@" -U "$LANMAN_TEST_USER" Get-SmbShare -ComputerName "$hp"; then
    grep -Eq "^$LANMAN_TEST_SHARE +\\* " <<<"$out" && ok "Get-SmbShare -ComputerName" || bad "-ComputerName"
fi
if run 0 "$@" -U "$LANMAN_TEST_USER" get-service spooler -cimsession "$hp"; then
    grep -Eq '^Stopped +Spooler' <<<"$out" && ok "Get-Service -CimSession" || bad "-CimSession"
fi
# -N with -H, and a port without -U: a null session over SMB2, which this smbd takes for srvsvc (the Windows
# build used to ignore -N and drop the port, going through netapi32, which cannot list shares under Wine).
for spelling in "-N -H $hp" "-H $hp"; do
    if run 0 "$@" $spelling share list; then
        grep -Eq "^$LANMAN_TEST_SHARE +\* " <<<"$out" && [ -z "$err" ] && ok "share list with $spelling (null session)" ||
            bad "share list with $spelling"
    fi
done
if run 0 "$@" --format JSON -U "$LANMAN_TEST_USER" -H "$hp" service list Spooler; then
    grep -q '"Name": "Spooler"' <<<"$out" && ok "--format JSON" || bad "--format JSON"
fi
# Get-SmbShare: a name prints the table, as PowerShell does; wildcards in any case; comma lists; a name no
# share has is reported after the others are listed (exit 4).
if run 0 "$@" $H Get-SmbShare -Name "$LANMAN_TEST_SHARE"; then
    [ "$(wc -l <<<"$out")" -eq 3 ] && grep -Eq '^Name +ScopeName +Path +Description$' <<<"$out" &&
        grep -Eq "^$LANMAN_TEST_SHARE +\\* " <<<"$out" && ok "Get-SmbShare -Name: the table" ||
        bad "Get-SmbShare -Name (table)"
fi
pattern="$(printf '%s' "${LANMAN_TEST_SHARE:0:1}" | tr '[:lower:]' '[:upper:]')*"
if run 0 "$@" $H Get-SmbShare -Name "$pattern"; then
    grep -Eq "^$LANMAN_TEST_SHARE +\\* " <<<"$out" && ! grep -q '^IPC' <<<"$out" &&
        ok "Get-SmbShare -Name '$pattern': the share, not IPC\$" || bad "Get-SmbShare wildcard"
fi
if run 0 "$@" $H Get-SmbShare "$LANMAN_TEST_SHARE,IPC\$"; then
    [ "$(grep -Ec "^($LANMAN_TEST_SHARE|IPC[$]) +\\* " <<<"$out")" -eq 2 ] && ok "Get-SmbShare a,b: both" ||
        bad "Get-SmbShare comma list"
fi
if run 4 "$@" $H Get-SmbShare -Name "Nope,$LANMAN_TEST_SHARE"; then
    grep -Eq "^$LANMAN_TEST_SHARE +\\* " <<<"$out" &&
        grep -q "No MSFT_SMBShare objects found with property 'Name' equal to 'Nope'" <<<"$err" &&
        ok "Get-SmbShare Nope,share: the share listed, Nope reported, exit 4" || bad "Get-SmbShare missing name"
fi
if run 0 "$@" $H share list 'Z*'; then
    [ -z "$out" ] && [ -z "$err" ] && ok "share list 'Z*': nothing, no bare header" || bad "share list no match"
fi
exit $fail
