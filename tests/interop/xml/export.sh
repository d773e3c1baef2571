#!/usr/bin/env bash
# export.sh basic|many "CHECK" [EMULATOR] LANMAN: `lanman config export` against the fixture
# (LANMAN_SMBD_ENV_FILE), natively or under Wine. CHECK is the xmlcheck command (built-in schema).
#   basic  the document on stdout validates with the built-in schema and with xmllint --schema; its shares
#          are exactly what smbclient -L lists; -o FILE replaces an existing file by a rename (a new inode,
#          no temporary file left); an export that fails (wrong password: exit 3; unreachable server: exit 6;
#          a directory that does not exist: exit 4) leaves FILE byte for byte as it was, and no temporary
#          file behind.
#   many   the 10,000-share fixture: the document has all 10,002 shares (smbclient -L's list) and
#          validates both ways.
# Exit 77 (skip) without the fixture, smbclient or xmllint.
set -uo pipefail
mode=${1:?basic or many}
read -r -a check <<<"${2:?xmlcheck command}"
shift 2
lanman=("$@")
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
command -v smbclient >/dev/null || { echo "SKIP: smbclient is not installed"; exit 77; }
command -v xmllint >/dev/null || { echo "SKIP: xmllint is not installed (libxml2-utils)"; exit 77; }
schema=$(cd "$(dirname "$0")/../../.." && pwd)/schema/lanman-config.xsd
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

bad() {
    echo "FAIL: $*"
    fail=1
}

# valid FILE: both validators accept it; its shares (sorted, smbclient -g's form) go to FILE.shares.
valid() {
    if "${check[@]}" "$1" >"$1.raw" 2>"$1.err"; then
        echo "ok: built-in schema: $(cat "$1.err")"
    else
        bad "built-in schema refuses $1: $(cat "$1.err")"
    fi
    if xmllint --noout --huge --schema "$schema" "$1" >"$1.lint" 2>&1; then
        echo "ok: xmllint --schema: $(tail -n 1 "$1.lint")"
    else
        bad "xmllint --schema refuses $1: $(head -n 5 "$1.lint")"
    fi
    tr -d '\r' <"$1.raw" | LC_ALL=C sort >"$1.shares"
}

# The peer's own view of the same server, sorted.
peer() {
    smbclient -g -L "$LANMAN_TEST_HOST" -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$LANMAN_TEST_CONF" \
        2>/dev/null | grep -E '^(Disk|IPC|Printer|Device)\|' | LC_ALL=C sort >"$tmp/peer"
    [ -s "$tmp/peer" ] || bad "smbclient -L listed nothing"
}

same_shares_as_peer() {
    peer
    if diff "$tmp/peer" "$1.shares" >"$tmp/diff"; then
        echo "ok: the exported shares are smbclient -L's $(wc -l <"$tmp/peer")"
    else
        head -n 20 "$tmp/diff"
        bad "the exported shares differ from smbclient -L"
    fi
}

# no_temp DIR: nothing but the given files in DIR.
no_temp() {
    local left
    left=$(find "$1" -name '*.tmp-*' | head -n 3)
    [ -z "$left" ] || bad "temporary file left behind: $left"
}

if [ "$mode" = many ]; then
    "${lanman[@]}" $H config export >"$tmp/many.xml" 2>"$tmp/err" || bad "export: $(cat "$tmp/err")"
    valid "$tmp/many.xml"
    n=$(wc -l <"$tmp/many.xml.shares")
    [ "$n" -ge 10000 ] && echo "ok: $n shares" || bad "only $n shares in the document"
    same_shares_as_peer "$tmp/many.xml"
    exit $fail
fi

# stdout
"${lanman[@]}" $H config export >"$tmp/out.xml" 2>"$tmp/err" || bad "export to stdout: $(cat "$tmp/err")"
head -n 3 "$tmp/out.xml"
valid "$tmp/out.xml"
same_shares_as_peer "$tmp/out.xml"
grep -q 'backend="remote"' "$tmp/out.xml" || bad "no backend=\"remote\" in the host element"

# -o FILE over an existing file: replaced by a rename
mkdir "$tmp/o"
file=$tmp/o/config.xml
echo "previous contents" >"$file"
before=$(stat -c %i "$file")
"${lanman[@]}" $H config export -o "$file" 2>"$tmp/err" || bad "export -o: $(cat "$tmp/err")"
valid "$file"
[ "$(stat -c %i "$file")" != "$before" ] && echo "ok: -o replaced the file by a rename" || bad "-o wrote in place"
rm -f "$file".raw "$file".err "$file".lint "$file".shares
no_temp "$tmp/o"
cp "$file" "$tmp/saved.xml"

# failures leave FILE as it was
expect_untouched() { # expect_untouched WANT_RC WHAT ARGS...
    local want=$1 what=$2 rc
    shift 2
    "$@" 2>"$tmp/err" >/dev/null
    rc=$?
    [ "$rc" -eq "$want" ] && echo "ok: $what: exit $rc: $(tr -d '\r' <"$tmp/err" | head -n 1)" ||
        bad "$what: exit $rc (want $want): $(cat "$tmp/err")"
    [ "$(tr -d '\r' <"$tmp/err" | wc -l)" -eq 1 ] || bad "$what: not one line on stderr"
    cmp -s "$file" "$tmp/saved.xml" && echo "ok: $what: the file is unchanged" || bad "$what: the file changed"
    no_temp "$tmp/o"
}
echo "not the password" >"$tmp/badpw"
expect_untouched 3 "wrong password" "${lanman[@]}" $H --password-file "$tmp/badpw" config export -o "$file"
expect_untouched 6 "unreachable server" "${lanman[@]}" -H 127.0.0.1:1 -U "$LANMAN_TEST_USER" --timeout 3 \
    config export -o "$file"
expect_untouched 4 "no such directory" "${lanman[@]}" $H config export -o "$tmp/o/missing/config.xml"
[ ! -e "$tmp/o/missing" ] || bad "a directory was created"
exit $fail
