#!/usr/bin/env bash
# shares.sh basic|many [EMULATOR] RPCTOOL: srvsvc as lanman sees it (rpctool, natively or under Wine) against
# what smbclient -L sees of the same smbd (LANMAN_SMBD_ENV_FILE), both as "Type|name|comment" lines.
#   basic  NetrShareEnum level 1 = smbclient -L; then shares with Unicode names and remarks, a name with
#          spaces and a 64-character name are added (smbclient sees each), read back exactly, enumerated,
#          added again (EEXIST), removed (smbclient no longer sees them), removed again (ENOENT).
#   many   the 10,000-share fixture: the whole list, in one call (multi-fragment response) and in pages of
#          PreferedMaximumLength 4096, equals smbclient -L's; and so does the list decoded as it arrives with
#          a call on the same binding from each delivery while the answer is still coming (enum-nested).
# Exit 77 (skip) without the fixture or smbclient.
set -euo pipefail
mode=${1:?basic or many}
shift
tool=("$@")
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
command -v smbclient >/dev/null || { echo "SKIP: smbclient is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(-p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$LANMAN_TEST_CONF")

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# smbclient's grepable share list, sorted.
peer() {
    smbclient -g -L "$LANMAN_TEST_HOST" "${args[@]}" >"$tmp/peer.raw" 2>"$tmp/peer.err" ||
        { cat "$tmp/peer.raw" "$tmp/peer.err" >&2; fail "smbclient -L failed"; }
    grep -E '^(Disk|IPC|Printer|Device)\|' "$tmp/peer.raw" | LC_ALL=C sort
}

# rpctool's NetrShareEnum at LEVEL with PREFMAX, sorted.
ours() {
    "${tool[@]}" "${verb:-enum}" "$1" "$2" "$tmp/ours.raw" >"$tmp/ours.log" 2>&1 ||
        { cat "$tmp/ours.log" >&2; fail "rpctool ${verb:-enum} $1 $2"; }
    cat "$tmp/ours.log" >&2
    LC_ALL=C sort "$tmp/ours.raw"
}

same_as_peer() {
    peer >"$tmp/a"
    ours "$1" "$2" >"$tmp/b"
    [ -s "$tmp/a" ] || fail "smbclient -L listed nothing"
    if ! diff "$tmp/a" "$tmp/b" >"$tmp/diff"; then
        head -n 20 "$tmp/diff" >&2
        fail "NetrShareEnum level $1 (PreferedMaximumLength $2) differs from smbclient -L"
    fi
    echo "level $1, PreferedMaximumLength $2: the same $(wc -l <"$tmp/a") shares as smbclient -L"
}

tool_ok() {
    "${tool[@]}" "$@" >"$tmp/tool.log" 2>&1 || { cat "$tmp/tool.log" >&2; fail "rpctool $*"; }
    cat "$tmp/tool.log"
}

case $mode in
basic)
    same_as_peer 1 0xFFFFFFFF
    # name<TAB>remark, UTF-8.
    printf '%s\t%s\n' \
        'Données' 'Données partagées' \
        '共有' '共有フォルダ' \
        'name with spaces' 'a remark with spaces' \
        'a234567890b234567890c234567890d234567890e234567890f234567890g234' 'sixty-four characters' \
        >"$tmp/spec"
    "${tool[@]}" del "$tmp/spec" >/dev/null 2>&1 || true # left over from an interrupted run
    tool_ok add "$tmp/spec"
    peer >"$tmp/after_add"
    while IFS=$'\t' read -r name remark; do
        grep -qxF "Disk|$name|$remark" "$tmp/after_add" || fail "smbclient -L does not see '$name' ('$remark') after add"
    done <"$tmp/spec"
    echo "smbclient -L sees the 4 added shares"
    tool_ok get "$tmp/spec"
    same_as_peer 1 0xFFFFFFFF
    same_as_peer 2 0xFFFFFFFF
    tool_ok add "$tmp/spec" EEXIST
    tool_ok del "$tmp/spec"
    peer >"$tmp/after_del"
    while IFS=$'\t' read -r name remark; do
        ! grep -qF "|$name|" "$tmp/after_del" || fail "smbclient -L still sees '$name' after del"
    done <"$tmp/spec"
    echo "smbclient -L no longer sees them"
    tool_ok del "$tmp/spec" ENOENT
    same_as_peer 1 0xFFFFFFFF
    ;;
many)
    same_as_peer 1 0xFFFFFFFF
    n=$(wc -l <"$tmp/a")
    [ "$n" -ge 10000 ] || fail "only $n shares listed, expected at least 10,000"
    same_as_peer 1 4096
    same_as_peer 2 0xFFFFFFFF
    verb=enum-nested same_as_peer 2 0xFFFFFFFF
    calls=$(sed -n 's/^enum-nested: \([0-9]*\) calls.*/\1/p' "$tmp/ours.log")
    [ "${calls:-0}" -ge 100 ] || fail "only ${calls:-0} calls on the binding during the enumeration, expected 100 or more"
    echo "enum-nested: $calls calls on the binding while the 10,000 shares came"
    ;;
*) fail "unknown mode $mode" ;;
esac
