#!/usr/bin/env bash
# set_config.sh [EMULATOR] LANMAN: Set-SmbServerConfiguration / Set-SmbClientConfiguration and config set's
# pairs against Samba, which keeps its settings in smb.conf and has no LanmanServer\Parameters key: the clear
# one-line refusal, exit 4, with and without -WhatIf; bad names and values refused first, exit 2; and
# afterwards the settings still read as unset, the key still absent (nothing was written).
set -euo pipefail
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
fail=0 checks=0

run() { # run WANT_RC WANT_LINES PATTERN ARGS...: one run of lanman; exit code, line count and output checked
    local want=$1 lines=$2 pattern=$3 rc=0 out n
    shift 3
    out=$("$@" 2>&1) || rc=$?
    out=$(tr -d '\r' <<<"$out")
    n=$(grep -c . <<<"$out" || true)
    checks=$((checks + 1))
    if [ "$rc" -ne "$want" ] || { [ "$lines" -gt 0 ] && [ "$n" -ne "$lines" ]; } || ! grep -Eq -- "$pattern" <<<"$out"; then
        echo "FAIL: lanman ${*##*lanman* } -> exit $rc (want $want), $n lines (want $lines), output:"
        printf '%s\n' "$out"
        fail=1
    else
        echo "ok: exit $rc: $(head -n 1 <<<"$out")"
    fi
}
refusal="cannot set LanmanServer.Parameters.* the server has no LanmanServer.Parameters key .Samba keeps"

# The cmdlet, two properties, both forms, -Force and -Confirm:$false: one line, exit 4.
run 4 1 "$refusal" "$@" $H Set-SmbServerConfiguration -RequireSecuritySignature '$true' \
    -EnableSMB1Protocol:'$false' -Force -Confirm:'$false'
run 4 1 "cannot set LanmanWorkstation.Parameters.* no LanmanWorkstation.Parameters key" "$@" $H \
    Set-SmbClientConfiguration -RequireSecuritySignature '$true'
# -WhatIf: the same refusal, and no plan printed.
run 4 1 "cannot set LanmanServer.Parameters values: the server has no LanmanServer.Parameters key" "$@" $H \
    Set-SmbServerConfiguration -RequireSecuritySignature '$true' -WhatIf
# Bad input, found before anything is sent: exit 2, one line.
run 2 1 "unknown parameter '-RequireSecuritySignatre'; did you mean '-RequireSecuritySignature'" "$@" $H \
    Set-SmbServerConfiguration -RequireSecuritySignatre 1
run 2 1 "SMB1" "$@" $H config set LanmanServer RequireSecuritySignature 1 SMB1 banana
run 2 1 "given twice" "$@" $H config set LanmanServer SMB1 0 EnableSMB1Protocol 1
run 2 1 "pairs; 'SMB1' has no value" "$@" $H config set LanmanServer RequireSecuritySignature 1 SMB1
# Nothing was written: the values still read as unset (the default, with its note), and the key is still
# absent.
run 0 2 "RequireSecuritySignature is not set; this is its default" "$@" $H \
    config get LanmanServer RequireSecuritySignature
run 0 2 "^1$" "$@" $H config get LanmanServer SMB1
run 0 0 "note: no LanmanServer.Parameters key on the server" "$@" $H Get-SmbServerConfiguration
run 0 0 "note: no LanmanWorkstation.Parameters key on the server" "$@" $H Get-SmbClientConfiguration
[ "$checks" -ge 11 ] || { echo "FAIL: only $checks checks ran"; fail=1; }
exit $fail
