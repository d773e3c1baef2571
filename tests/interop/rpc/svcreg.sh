#!/usr/bin/env bash
# svcreg.sh services|registry [EMULATOR] SVCREGTOOL: svcctl and winreg as lanman sees them (svcregtool,
# natively or under Wine) against what Samba's own client, net rpc, prints for the same smbd
# (LANMAN_SMBD_ENV_FILE). Credentials go to net through the fixture's auth file (-A), never on a command line.
#   services  REnumServicesStatusW = `net rpc service list` (names and display names), with the fixture's
#             "svcctl list" service among them.
#   registry  the values of a share added with `net conf addshare` (under HKLM\SOFTWARE\Samba\smbconf) and of
#             LanmanServer\Shares = `net rpc registry enumerate`, subkeys too; values of each type set by
#             svcregtool under HKLM\SOFTWARE\Samba\lanmantest are what net enumerates, and gone once deleted.
# Exit 77 (skip) without the fixture or net.
set -euo pipefail
mode=${1:?services or registry}
shift
tool=("$@")
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
command -v net >/dev/null || { echo "SKIP: net (samba-common-bin) is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(-S "$LANMAN_TEST_HOST" -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$LANMAN_TEST_CONF")

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

tool_ok() {
    "${tool[@]}" "$@" >"$tmp/tool.log" 2>&1 || { cat "$tmp/tool.log" >&2; fail "svcregtool $*"; }
    cat "$tmp/tool.log"
}

net_ok() {
    net "$@" >"$tmp/net.out" 2>"$tmp/net.err" || { cat "$tmp/net.out" "$tmp/net.err" >&2; fail "net $1 $2 $3"; }
    cat "$tmp/net.out"
}

# `net rpc registry enumerate` as "name|type|value" (values) or names (subkeys), sorted.
peer_values() {
    net_ok rpc registry enumerate "HKLM\\$1" "${args[@]}" | awk '
        /^Valuename  = / { name = substr($0, 14) }
        /^Type       = / { type = substr($0, 14); value = ""; if (type == "REG_MULTI_SZ") print name "|" type "|" }
        /^Value      = / { value = substr($0, 14); if (type == "REG_SZ") value = substr(value, 2, length(value) - 2)
                           print name "|" type "|" value }' | LC_ALL=C sort
}
peer_subkeys() {
    net_ok rpc registry enumerate "HKLM\\$1" "${args[@]}" | awk '/^Keyname   = / { print substr($0, 13) }' |
        LC_ALL=C sort
}

same_values() {
    peer_values "$1" >"$tmp/a"
    tool_ok values "$1" "$tmp/b.raw" >&2
    LC_ALL=C sort "$tmp/b.raw" >"$tmp/b"
    if ! diff "$tmp/a" "$tmp/b" >"$tmp/diff"; then
        cat "$tmp/diff" >&2
        fail "the values of HKLM\\$1 differ from net rpc registry enumerate"
    fi
    echo "HKLM\\$1: the same $(wc -l <"$tmp/a") values as net rpc registry enumerate"
}

same_subkeys() {
    peer_subkeys "$1" >"$tmp/a"
    tool_ok subkeys "$1" "$tmp/b.raw" >&2
    LC_ALL=C sort "$tmp/b.raw" >"$tmp/b"
    diff "$tmp/a" "$tmp/b" >&2 || fail "the subkeys of HKLM\\$1 differ from net rpc registry enumerate"
    [ -s "$tmp/a" ] || fail "HKLM\\$1 has no subkeys"
    echo "HKLM\\$1: the same $(wc -l <"$tmp/a") subkeys as net rpc registry enumerate"
}

case $mode in
services)
    # `net rpc service list`: NAME padded, then "DISPLAY NAME" in quotes.
    net_ok rpc service list "${args[@]}" |
        sed -n 's/^\([^ ]*\) *"\(.*\)"$/\1|\2/p' | LC_ALL=C sort >"$tmp/a"
    tool_ok services "$tmp/b.raw"
    LC_ALL=C sort "$tmp/b.raw" >"$tmp/b"
    [ "$(wc -l <"$tmp/a")" -ge 5 ] || fail "net rpc service list printed fewer than 5 services"
    diff "$tmp/a" "$tmp/b" >&2 || fail "REnumServicesStatusW differs from net rpc service list"
    svc=$(sed -n 's/^ *svcctl list = \([^ ]*\).*/\1/p' "$LANMAN_TEST_CONF")
    [ -z "$svc" ] || grep -q "^$svc|" "$tmp/b" || fail "the svcctl list service $svc is not listed"
    grep -qx 'Spooler|Print Spooler' "$tmp/b" || fail "Spooler is not listed"
    echo "the same $(wc -l <"$tmp/a") services as net rpc service list${svc:+, $svc among them}"
    ;;
registry)
    share=lmsvcreg
    net -s "$LANMAN_TEST_CONF" conf delshare "$share" >/dev/null 2>&1 || true # an interrupted run
    net -s "$LANMAN_TEST_CONF" conf addshare "$share" "$LANMAN_TEST_SHARE_PATH" writeable=y guest_ok=n \
        "added by svcreg.sh" >/dev/null || fail "net conf addshare"
    same_values "SOFTWARE\\Samba\\smbconf\\$share"
    grep -qxF "path|REG_SZ|$LANMAN_TEST_SHARE_PATH" "$tmp/b" || fail "no path value for $share"
    grep -qxF "comment|REG_SZ|added by svcreg.sh" "$tmp/b" || fail "no comment value for $share"
    same_subkeys "SOFTWARE\\Samba\\smbconf"
    grep -qx "$share" "$tmp/b" || fail "$share is not a subkey of smbconf"
    net -s "$LANMAN_TEST_CONF" conf delshare "$share" >"$tmp/net.out" 2>&1 || { cat "$tmp/net.out" >&2; fail "net conf delshare"; }
    same_values 'SYSTEM\CurrentControlSet\Services\LanmanServer\Shares'
    same_subkeys 'SYSTEM\CurrentControlSet\Services\LanmanServer\Shares'
    key='SOFTWARE\Samba\lanmantest\svcreg'
    tool_ok create "$key"
    tool_ok set "$key" text sz "a REG_SZ value"
    tool_ok set "$key" number dword 305419896
    tool_ok set "$key" list multi "one,two,three"
    tool_ok set "$key" blob binary 00ff10203040
    same_values "$key"
    for v in "text|REG_SZ|a REG_SZ value" "number|REG_DWORD|305419896" "list|REG_MULTI_SZ|" "blob|REG_BINARY|6 bytes"; do
        grep -qxF "$v" "$tmp/a" || fail "net does not see $v"
    done
    for name in text number list blob; do
        tool_ok delete "$key" "$name"
        tool_ok delete "$key" "$name" ENOENT
    done
    same_values "$key"
    [ ! -s "$tmp/a" ] || fail "values left after delete"
    ;;
*) fail "unknown mode $mode" ;;
esac
