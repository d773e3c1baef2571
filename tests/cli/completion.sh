#!/bin/bash
# completion.sh COMPLETION GENERATED LANMAN: docs/lanman.bash-completion is what lanman_docgen makes now from
# the command table (GENERATED, at build time); loaded into bash as bash-completion would load it, it offers
# what the line needs (nouns, verbs, cmdlets, options, values), and every option that --help documents,
# command by command. Each loop over what --help prints checks that it saw a minimum count, so that a
# --help that prints nothing (or fails) cannot pass.
set -euo pipefail
comp_file=$1 generated=$2 lanman=$3
fail=0
# shellcheck source=current.sh
. "$(dirname "$0")/current.sh"
check_current "$comp_file" "$generated"
# shellcheck disable=SC1090
. "$comp_file" || { echo "FAIL: cannot source $comp_file"; exit 1; }
spec=$(complete -p lanman 2>/dev/null) || { echo "FAIL: complete -p lanman: no completion"; exit 1; }
[[ $spec == *"-F _lanman"* ]] || { echo "FAIL: complete -p lanman: $spec"; fail=1; }
echo "ok: $spec"

# comp WORD... : what completing the last word offers (sorted, on one line)
comp() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _lanman lanman "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
want() { # want "EXPECTED" WORD...
    local expected=$1 got
    shift
    got=$(comp "$@")
    if [[ $got == "$expected" ]]; then
        echo "ok: '$*' -> $got"
    else
        echo "FAIL: '$*' -> '$got', want '$expected'"
        fail=1
    fi
}

want 'server service session share' lanman s
want 'config' lanman c
want 'continue list pause restart set show start stop' lanman service ''
want 'start stop' lanman service st
want 'show' lanman -H fs1 -U 'CORP\admin' share sh
want 'csv json list table xml' lanman --format ''
want 'json' lanman service list --format = j
want 'csv' lanman --format c
want 'automatic delayed disabled manual' lanman service set LanmanServer --start-type ''
want 'parameters services shares' lanman config apply f.xml --only ''
want 'REG_DWORD' lanman config set LanmanServer X 1 --type REG_D
want '3.0 3.0.2' lanman --max-dialect 3.0
want '--description' lanman share add Data 'C:\Data' --desc
want '--force --format' lanman service stop LanmanServer --fo
want '--format' lanman --form
want '--powershell' lanman config list --pow
want 'LanmanServer LanmanWorkstation' lanman service stop ''
want 'LanmanServer LanmanWorkstation' lanman --format json config list ''
want 'Get-Service Get-SmbClientConfiguration Get-SmbOpenFile Get-SmbServerConfiguration Get-SmbSession Get-SmbShare Get-SmbShareAccess' lanman Get-S
want 'Set-Service Set-SmbClientConfiguration Set-SmbServerConfiguration Set-SmbShare' lanman set-s
want '-ChangeAccess -ConcurrentUserLimit' lanman New-SmbShare -Name D -C
want 'Manual' lanman Set-Service X -startuptype m
want 'audit config file get ls probe server service session share workstation' lanman help ''
want 'show users' lanman workstation ''
want 'BranchCache' lanman share set Data --caching-mode B
want 'AccessBased Unrestricted' lanman share set Data --folder-enumeration-mode ''
want '-CachingMode -ConcurrentUserLimit' lanman Set-SmbShare -Name D -C
want 'change full read' lanman share grant Data --account Everyone --right ''
want 'Full' lanman Grant-SmbShareAccess Data -AccessRight f
want '-RejectUnencryptedAccess -RequireSecuritySignature' lanman Set-SmbServerConfiguration -Force -Re
want '-EnableInsecureGuestLogons -EnableSecuritySignature' lanman set-smbclientconfiguration -enable
want '$false $true' lanman Set-SmbServerConfiguration -RequireSecuritySignature ''
want '--dry-run' lanman config set LanmanServer SMB1 0 --dr

# Every option --help documents is offered where it belongs.
# help ARGS...: lanman's help without CRs; lanman's exit code, not tr's.
help() {
    local out
    out=$("$lanman" "$@") || { echo "FAIL: lanman $* exits $?" >&2; return 1; }
    tr -d '\r' <<<"$out"
}
top=$(help --help) || exit 1
globals=$(sed -n '/^Global options/,/^$/p' <<<"$top" | { grep -oE -- '(^| )--?[a-zA-Z][a-z-]*' || true; } | tr -d ' ')
g=0
for o in $globals; do
    [[ " $(comp lanman -) $(comp lanman --) " == *" $o "* ]] || { echo "FAIL: 'lanman -' does not offer $o"; fail=1; }
    g=$((g + 1))
done
[ "$g" -ge 15 ] || { echo "FAIL: only $g global options in --help (want at least 15)"; fail=1; }
echo "checked $g global options against --help"
cmds=$(sed -n '/^Commands:/,/^$/p' <<<"$top" | { grep -E '^  [a-z]' || true; } |
    sed -E 's/^  ([a-z]+)( ([a-z]+))?.*/\1 \2/; s/ $//' | sed -E 's/^(probe|ls|get) .*/\1/')
n=0 c=0
while read -r noun verb; do
    [ -n "$noun" ] || continue
    c=$((c + 1))
    # shellcheck disable=SC2086
    h=$(help $noun $verb --help) || { fail=1; continue; }
    opts=$(sed -n '/^Arguments and options:/,/^$/p' <<<"$h" | { grep -oE -- '^  --?[a-z][a-z-]*' || true; })
    for o in $opts; do
        # shellcheck disable=SC2086
        [[ " $(comp lanman $noun $verb -) " == *" $o "* ]] || { echo "FAIL: 'lanman $noun $verb -' does not offer $o"; fail=1; }
        n=$((n + 1))
    done
done <<<"$cmds"
[ "$c" -ge 10 ] || { echo "FAIL: only $c commands in --help (want at least 10)"; fail=1; }
[ "$n" -ge 20 ] || { echo "FAIL: only $n command options in the commands' --help (want at least 20)"; fail=1; }
echo "checked $n command options of $c commands against --help"
# The formats --help names are the ones offered.
grep -q 'table, list, csv, json or xml' <<<"$top" ||
    { echo "FAIL: --help no longer names the formats as 'table, list, csv, json or xml'"; fail=1; }
exit $fail
