#!/usr/bin/env bash
# sharename.sh LANMAN: 'share add --help' names every character a share name may not contain, and no other:
# against the Samba fixture, 'share add aXb x' for each printable ASCII character X is refused for the name
# (exit 2, "contains 'X'") exactly when --help lists X. The path x is not absolute, so a name that passes is
# refused for its path and no share is ever created.
set -euf -o pipefail # no globbing: the characters include * and ?
lanman=$1
. "$(dirname "$0")/../fixtures/smbdenv.sh"
fail=0
help=$("$lanman" share add --help | tr -d '\r')
# The NAME line (wrapped lines joined): "... none of " / \ [ ] : | < > + = ; , * ? or a control character ..."
name=$(sed -n '/^  NAME /,/^  [A-Z-]/p' <<<"$help" | sed '$d' | tr -s ' \n' ' ')
list=$(sed -n 's/.*none of \(.*\) or a control character.*/\1/p' <<<"$name")
[ -n "$list" ] || { echo "FAIL: share add --help has no list of forbidden characters: $name"; exit 1; }
echo "--help: $list"
listed=0 refused=0
for code in $(seq 33 126); do
    c=$(printf "\\$(printf '%03o' "$code")")
    in_help=0
    for w in $list; do [ "$w" != "$c" ] || in_help=1; done
    listed=$((listed + in_help))
    rc=0
    # shellcheck disable=SC2086
    out=$("$lanman" $H share add "a${c}b" x 2>&1) || rc=$?
    if grep -qF -- "contains '$c'" <<<"$out"; then
        refused=$((refused + 1))
        [ "$rc" -eq 2 ] || { echo "FAIL: the name a${c}b is refused with exit $rc, not 2: $out"; fail=1; }
        [ "$in_help" -eq 1 ] || { echo "FAIL: the name a${c}b is refused, and --help does not list '$c': $out"; fail=1; }
    else
        [ "$rc" -ne 0 ] || { echo "FAIL: share add a${c}b x succeeded: $out"; fail=1; }
        [ "$in_help" -eq 0 ] || { echo "FAIL: --help lists '$c', and the name a${c}b passes: $out"; fail=1; }
    fi
done
# The library refuses 15 printable characters today; fewer would mean the check is gone or the fixture broken.
[ "$refused" -ge 15 ] || { echo "FAIL: only $refused characters refused"; fail=1; }
echo "checked 94 characters: $refused refused, $listed listed in --help"
exit $fail
