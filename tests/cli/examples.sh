#!/usr/bin/env bash
# examples.sh MANPAGE DOCGEN LANMAN...: every example the man page and --help show is safe to paste into bash.
# Each one passes 'bash -n', and evaluated by bash (globbing on, in a directory whose files an unquoted '*'
# would match) with 'lanman' a function that prints its argv, it gives lanman exactly the words the command
# table means: 'lanman_docgen examples' lists those, and exits 1 when one of them is not a command line the
# table accepts (an unknown command or option, a wrong count of arguments). Every example of the table is in
# the man page, and every command's --help shows its examples.
set -euo pipefail
man=$1 docgen=$2
shift 2
fail=0

expected=$("$docgen" examples) || { echo "FAIL: lanman_docgen examples: an example is not a valid command line"; exit 1; }
nexpected=$(grep -c . <<<"$expected" || true)
[ "$nexpected" -ge 40 ] || { echo "FAIL: only $nexpected examples in the command table"; exit 1; }

# Unquoted, '*' would become these names, 'CORP\admin' CORPadmin, 'D:\=E:\' D:=E:.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
touch "$work/Lanman.txt" "$work/a b" "$work/fs1.xml"

# argv LINE: the words bash gives lanman for LINE ("lanman ..."), tab-separated, one line per call of lanman.
argv() {
    (
        cd "$work"
        set +euf
        lanman() {
            local IFS=$'\t'
            printf '%s\n' "$*"
        }
        eval "$1"
    )
}
# check WHERE LINE: LINE parses, and gives one of the table's argv lists.
checked=0
check() {
    local got
    if ! bash -n -c "$2" 2>"$work/err"; then
        echo "FAIL: $1: 'bash -n' refuses: $2: $(cat "$work/err")"
        fail=1
        return
    fi
    got=$(argv "$2")
    if ! grep -qFx -- "$got" <<<"$expected"; then
        echo "FAIL: $1: pasted into bash, '$2' gives lanman the words: $(sed 's/\t/ | /g' <<<"$got")"
        fail=1
        return
    fi
    checked=$((checked + 1))
}

# The man page's examples: the lines between .EX and .EE, as text (\- is -, \e is \, \(aq is ').
man_lines=$(sed -n '/^\.EX$/,/^\.EE$/p' "$man" | grep -v '^\.E[XE]$' |
    sed -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\e/\\/g' -e 's/\\&//g')
nman=$(grep -c '^lanman ' <<<"$man_lines" || true)
[ "$nman" -ge "$nexpected" ] || { echo "FAIL: the man page has $nman examples, the command table $nexpected"; exit 1; }
man_argv=""
while IFS= read -r line; do
    check "man page" "$line"
    man_argv="$man_argv$(argv "$line")
"
done <<<"$man_lines"
# ... and it has every one of the table's.
while IFS= read -r want; do
    grep -qFx -- "$want" <<<"$man_argv" ||
        { echo "FAIL: the man page lacks the example: $(sed 's/\t/ /g' <<<"$want")"; fail=1; }
done <<<"$expected"

# --help: lanman's, each noun's and each command's (the ones 'lanman --help' lists).
top=$("$@" --help | tr -d '\r')
cmds=$(sed -n '/^Commands:/,/^$/p' <<<"$top" | { grep -E '^  [a-z]' || true; } |
    sed -E 's/^  ([a-z]+)( ([a-z]+))?.*/\1 \3/; s/ $//' | sed -E 's/^(probe|ls|get) .*/\1/')
helps=0
for c in "" service share config $(tr ' ' '+' <<<"$cmds"); do
    c=${c//+/ }
    # shellcheck disable=SC2086
    out=$("$@" $c --help | tr -d '\r') || { echo "FAIL: lanman $c --help exits non-zero"; fail=1; continue; }
    lines=$(sed -n '/^Examples:$/,/^$/p' <<<"$out" | sed -n 's/^  \(lanman .*\)/\1/p')
    [ "$(grep -c . <<<"$lines" || true)" -ge 2 ] || { echo "FAIL: lanman $c --help shows under 2 examples"; fail=1; }
    while IFS= read -r line; do
        [ -z "$line" ] || check "lanman $c --help" "$line"
    done <<<"$lines"
    helps=$((helps + 1))
done
[ "$helps" -ge 15 ] || { echo "FAIL: only $helps helps read"; fail=1; }
echo "checked $checked examples ($nman in the man page, $helps helps) against $nexpected argv lists of the table"
exit $fail
