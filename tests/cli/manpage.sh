#!/bin/sh
# manpage.sh MANPAGE LANMAN...: docs/lanman.1 is in step with --help. Every command, every cmdlet and every
# option that 'lanman --help', 'lanman NOUN --help' and 'lanman NOUN VERB --help' print appears in the man
# page; and each of those helps exits 0 with a usage line, its options and at least two examples.
set -u
man=$1
shift
fail=0
# The man page as text: roff's \- is -, \e is \, font changes and quotes go.
text=$(sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\f[BIRP]//g' -e 's/\\(aq/'"'"'/g' "$man")
have() { printf '%s\n' "$text" | grep -qE -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)"; }
help() { "$@" | tr -d '\r'; }

top=$(help "$@" --help) || { echo "FAIL: lanman --help exits $?"; exit 1; }
# Commands: the lines under "Commands:" ("  service list [PATTERN...]", "  probe HOST[:PORT]").
cmds=$(printf '%s\n' "$top" | sed -n '/^Commands:/,/^$/p' | grep -E '^  [a-z]' |
    sed -E 's/^  ([a-z]+)( ([a-z]+))?.*/\1 \3/; s/ $//' | sed -E 's/^(probe|ls|get) .*/\1/')
[ -n "$cmds" ] || { echo "FAIL: no commands in --help"; exit 1; }
cmdlets=$(printf '%s\n' "$top" | sed -n '/^PowerShell cmdlets/,/^$/p' | tail -n +2 | tr ',' '\n' | tr -d ' ')
nouns=$(printf '%s\n' "$cmds" | cut -d' ' -f1 | sort -u)
all=$top
for c in $(printf '%s\n' "$cmds" | tr ' ' '+'); do
    c=$(printf '%s' "$c" | tr '+' ' ')
    have "$c" || { echo "FAIL: command '$c' is not in the man page"; fail=1; }
    # shellcheck disable=SC2086
    out=$(help "$@" $c --help) || { echo "FAIL: lanman $c --help exits non-zero"; fail=1; }
    printf '%s\n' "$out" | grep -q "^Usage: lanman \[GLOBAL OPTIONS\] $c" || { echo "FAIL: lanman $c --help: no usage line"; fail=1; }
    n=$(printf '%s\n' "$out" | sed -n '/^Examples:/,/^$/p' | grep -c '^  lanman ')
    [ "$n" -ge 2 ] || { echo "FAIL: lanman $c --help has $n examples"; fail=1; }
    all="$all
$out"
done
for noun in $nouns; do
    out=$(help "$@" "$noun" --help) || { echo "FAIL: lanman $noun --help exits non-zero"; fail=1; }
    all="$all
$out"
done
for c in $cmdlets; do
    have "$c" || { echo "FAIL: cmdlet '$c' is not in the man page"; fail=1; }
done
# Options: every -x, --long-name and -PowerShellParameter the helps print, examples included.
opts=$(printf '%s\n' "$all" | grep -oE -- '(^|[][ ,(|])--?[A-Za-z][A-Za-z0-9-]*' | sed -E 's/^[][ ,(|]//' | sort -u)
for o in $opts; do
    have "$o" || { echo "FAIL: option '$o' is not in the man page"; fail=1; }
done
echo "checked $(printf '%s\n' "$cmds" | wc -l) commands, $(printf '%s\n' "$cmdlets" | wc -w) cmdlets, $(printf '%s\n' "$opts" | wc -w) options"
# The man page renders without warnings where groff is installed.
if command -v groff >/dev/null 2>&1; then
    w=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$man" 2>&1)
    [ -z "$w" ] || { echo "FAIL: groff warnings:"; printf '%s\n' "$w"; fail=1; }
fi
[ $fail -eq 0 ] && echo "ok: the man page covers --help"
exit $fail
