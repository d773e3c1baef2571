#!/bin/bash
# escape.sh [EMULATOR] LANMAN: terminal injection (issue #13, finding 5) against the Samba fixture. A share whose
# description holds terminal control sequences (ESC ] 0 ; title BEL, ESC [ 2 K, CR, C1 CSI U+009B, DEL) is
# added over srvsvc; `share list` in table, list and csv must show them escaped (docs/OUTPUT.md: \xHH, \u{HH})
# with no raw control byte on stdout, and json must give back the exact string.
set -euo pipefail
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
name="esc$$"
winpath="C:$(printf '%s' "$LANMAN_TEST_SHARE_PATH" | tr / '\\')"
desc=$(printf '\033]0;pwned\007\033[2Kfake\rline \302\233x\177 caf\303\251')
shown='\x1B]0;pwned\x07\x1B[2Kfake\x0Dline \u{9B}x\x7F café'
cmd=("$@")
errf=$(mktemp)
fails=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}
# run ARGS...: the CLI with the fixture's -H/-U; its stdout in $out, exit 0 and a non-empty stdout required.
run() {
    local rc=0
    out=$("${cmd[@]}" $H "$@" 2>"$errf") || rc=$?
    if [ "$rc" -ne 0 ] || [ -z "$out" ]; then
        fail "lanman $* -> exit $rc, $(printf '%s' "$out" | wc -c) bytes on stdout; stderr:"
        cat "$errf"
        return 1
    fi
}
# raw WHAT: fails when $out holds a raw control byte other than the line ends (LF, and CR before it).
raw() {
    if printf '%s\n' "$out" | sed 's/\r$//' | LC_ALL=C grep -q -P '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]'; then
        fail "$1: a raw control byte on stdout:"
        printf '%s\n' "$out" | od -c | head -n 20
    fi
}
cleanup() {
    "${cmd[@]}" $H share remove "$name" >/dev/null 2>&1 || true
    rm -f "$errf"
}
trap cleanup EXIT

"${cmd[@]}" $H share add "$name" "$winpath" --description "$desc" || { echo "FAIL: share add"; exit 1; }

for fmt in table list csv; do
    before=$fails
    run --format "$fmt" share list || continue
    raw "$fmt"
    printf '%s\n' "$out" | grep -qF -- "$shown" || fail "$fmt: the escaped description is not shown"
    [ "$(printf '%s\n' "$out" | grep -c .)" -ge 3 ] || fail "$fmt: fewer lines than shares"
    [ "$fails" -ne "$before" ] || echo "ok: $fmt: $(printf '%s\n' "$out" | grep -F -- "$shown" | head -n 1)"
done

# The table's columns are sized on the escaped text (the longest description here): the row is the escaped
# description and the name after one blank, neither cut nor padded further.
run --format table --property Description,Name share list || exit 1
printf '%s\n' "$out" | grep -qxF -- "$shown $name" || fail "table: no row '$shown $name' in:$(printf '\n%s' "$out")"

# JSON: the exact string, parsed, and still no raw control byte.
run --format json share list || exit 1
raw json
got=$(printf '%s' "$out" | python3 -c '
import json, sys
rows = [r for r in json.loads(sys.stdin.buffer.read().decode("utf-8")) if r["Name"] == sys.argv[1]]
assert len(rows) == 1, rows
print(rows[0]["Description"].encode("utf-8").hex())
' "$name") || fail "json: does not parse or does not list $name"
want=$(printf '%s' "$desc" | od -An -v -tx1 | tr -d ' \n')
if [ "$got" = "$want" ]; then
    echo "ok: json: the exact description ($want)"
else
    fail "json: description $got, want $want"
fi

# Messages on stderr go through the same rule: an error that quotes a name with a control sequence in it
# (refused before anything is sent, since no share name may hold one; the message quotes it all the same).
rc=0
"${cmd[@]}" $H share show "$(printf 'no\033[2Ksuch')" >/dev/null 2>"$errf" || rc=$?
err=$(cat "$errf")
if [ "$rc" -eq 0 ] || [ -z "$err" ]; then
    fail "share show of a missing share: exit $rc, stderr '$err'"
elif printf '%s' "$err" | LC_ALL=C grep -q -P '\x1b'; then
    fail "stderr: a raw ESC: $err"
elif ! printf '%s' "$err" | grep -qF 'no\x1B[2Ksuch'; then
    fail "stderr: the name is not shown escaped: $err"
else
    echo "ok: stderr (exit $rc): $err"
fi

[ "$fails" -eq 0 ] || exit 1
echo "ok: no raw control byte in table, list, csv, json or messages; json exact"
