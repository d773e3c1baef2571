#!/usr/bin/env bash
# manpage.sh MANPAGE GENERATED LANMAN...: docs/lanman.1 is what lanman_docgen makes now from the command
# table (GENERATED, at build time), and it is in step with --help: every command, every cmdlet and every
# option that 'lanman --help', 'lanman NOUN --help' and 'lanman NOUN VERB --help' print appears in the man
# page; and each of those helps exits 0 with a usage line, its options and at least two examples. The page
# renders without warnings with groff (groff-base, installed by scripts/deps.sh); without groff the test
# says so and exits 77 (skipped) once everything else has passed.
set -euo pipefail
man=$1 generated=$2
shift 2
fail=0
# shellcheck source=current.sh
. "$(dirname "$0")/current.sh"
check_current "$man" "$generated"
# The man page as text: roff's \- is -, \e is \, font changes and quotes go.
text=$(sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\f[BIRP]//g' -e 's/\\(aq/'"'"'/g' "$man")
[ -n "$text" ] || { echo "FAIL: $man is empty"; exit 1; }
# (Here-strings, not printf | grep -q: with pipefail, grep -q's early exit would fail the printf.)
have() { grep -qE -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)" <<<"$text"; }
# help ARGS...: lanman's output without CRs; lanman's exit code, not tr's.
help() {
    local out
    out=$("$@") || return
    tr -d '\r' <<<"$out"
}

top=$(help "$@" --help) || { echo "FAIL: lanman --help exits $?"; exit 1; }
# Commands: the lines under "Commands:" ("  service list [PATTERN...]", "  probe HOST[:PORT]").
cmds=$(sed -n '/^Commands:/,/^$/p' <<<"$top" | { grep -E '^  [a-z]' || true; } |
    sed -E 's/^  ([a-z]+)( ([a-z]+))?.*/\1 \3/; s/ $//' | sed -E 's/^(probe|ls|get) .*/\1/')
ncmds=$(grep -c . <<<"$cmds" || true)
[ "$ncmds" -ge 10 ] || { echo "FAIL: only $ncmds commands in --help"; exit 1; }
cmdlets=$(sed -n '/^PowerShell cmdlets/,/^$/p' <<<"$top" | tail -n +2 | tr ',' '\n' | tr -d ' ')
ncmdlets=$(wc -w <<<"$cmdlets")
[ "$ncmdlets" -ge 5 ] || { echo "FAIL: only $ncmdlets cmdlets in --help"; exit 1; }
nouns=$(cut -d' ' -f1 <<<"$cmds" | sort -u)
all=$top
for c in $(tr ' ' '+' <<<"$cmds"); do
    c=${c//+/ }
    have "$c" || { echo "FAIL: command '$c' is not in the man page"; fail=1; }
    # shellcheck disable=SC2086
    out=$(help "$@" $c --help) || { echo "FAIL: lanman $c --help exits non-zero"; fail=1; }
    grep -q "^Usage: lanman \[GLOBAL OPTIONS\] $c" <<<"$out" || { echo "FAIL: lanman $c --help: no usage line"; fail=1; }
    n=$(sed -n '/^Examples:/,/^$/p' <<<"$out" | grep -c '^  lanman ' || true)
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
opts=$(grep -oE -- '(^|[][ ,(|])--?[A-Za-z][A-Za-z0-9-]*' <<<"$all" | sed -E 's/^[][ ,(|]//' | sort -u)
nopts=$(wc -w <<<"$opts")
[ "$nopts" -ge 20 ] || { echo "FAIL: only $nopts options in the helps"; fail=1; }
for o in $opts; do
    have "$o" || { echo "FAIL: option '$o' is not in the man page"; fail=1; }
done
echo "checked $ncmds commands, $ncmdlets cmdlets, $nopts options"
[ $fail -eq 0 ] || exit 1
# The man page renders without warnings.
command -v groff >/dev/null 2>&1 || {
    echo "SKIP: groff is not installed (Debian package groff-base; scripts/deps.sh): the page's rendering is not checked"
    exit 77
}
if ! w=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$man" 2>&1); then
    echo "FAIL: groff exits non-zero:"
    printf '%s\n' "$w"
    exit 1
fi
[ -z "$w" ] || { echo "FAIL: groff warnings:"; printf '%s\n' "$w"; exit 1; }
echo "ok: the man page covers --help and renders without warnings"
