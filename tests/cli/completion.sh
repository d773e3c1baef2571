#!/bin/bash
# completion.sh COMPLETION LANMAN: the bash completion, loaded into bash as bash-completion would load it,
# offers what the line needs (nouns, verbs, cmdlets, options, values), and every option that --help
# documents, command by command.
set -u
comp_file=$1 lanman=$2
fail=0
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

want 'service share' lanman s
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
want 'Get-Service Get-SmbClientConfiguration Get-SmbServerConfiguration Get-SmbShare' lanman Get-S
want 'Set-Service Set-SmbShare' lanman set-s
want '-ChangeAccess -ConcurrentUserLimit' lanman New-SmbShare -Name D -C
want 'Manual' lanman Set-Service X -startuptype m
want 'config get ls probe service share' lanman help ''

# Every option --help documents is offered where it belongs.
top=$("$lanman" --help | tr -d '\r')
for o in $(printf '%s\n' "$top" | sed -n '/^Global options/,/^$/p' | grep -oE -- '(^| )--?[a-zA-Z][a-z-]*' | tr -d ' '); do
    [[ " $(comp lanman -) $(comp lanman --) " == *" $o "* ]] || { echo "FAIL: 'lanman -' does not offer $o"; fail=1; }
done
cmds=$(printf '%s\n' "$top" | sed -n '/^Commands:/,/^$/p' | grep -E '^  [a-z]' |
    sed -E 's/^  ([a-z]+)( ([a-z]+))?.*/\1 \3/; s/ $//' | sed -E 's/^(probe|ls|get) .*/\1/')
n=0
while read -r noun verb; do
    # shellcheck disable=SC2086
    for o in $("$lanman" $noun $verb --help | tr -d '\r' | sed -n '/^Arguments and options:/,/^$/p' |
        grep -oE -- '^  --?[a-z][a-z-]*'); do
        # shellcheck disable=SC2086
        [[ " $(comp lanman $noun $verb -) " == *" $o "* ]] || { echo "FAIL: 'lanman $noun $verb -' does not offer $o"; fail=1; }
        n=$((n + 1))
    done
done <<<"$cmds"
echo "checked $n command options against --help"
# The formats --help names are the ones offered.
formats=$(printf '%s\n' "$top" | grep -oE 'table, list, csv, json or xml')
[[ -n $formats ]] || { echo "FAIL: --help no longer names the formats as 'table, list, csv, json or xml'"; fail=1; }
exit $fail
