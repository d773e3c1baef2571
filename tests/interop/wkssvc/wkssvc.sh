#!/usr/bin/env bash
# wkssvc.sh [EMULATOR] LANMAN: `workstation show` and `workstation users` against the fixture
# (LANMAN_SMBD_ENV_FILE), compared with what rpcclient's wkssvc_wkstagetinfo and wkssvc_enumerateusers get
# from the same smbd (their NDR print at debug level 10, the out part of the call).
#   show   ComputerName, Domain, Platform and Version equal rpcclient's level 101; InfoLevel is 102 when
#          rpcclient gets level 102 (then LoggedOnUsers equals its count), else 101 (Samba 4.17 answers
#          102 to BUILTIN\Administrators only, and the fixture's user is not one).
#   users  when rpcclient gets WERR_ACCESS_DENIED: exit 5, "needs administrator rights on HOST:PORT", and
#          nothing on stdout; when it gets the list: the same user names.
# Exit 77 (skip) without the fixture or rpcclient.
set -euo pipefail
lanman=("$@")
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
command -v rpcclient >/dev/null || { echo "SKIP: rpcclient is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# peer COMMAND: rpcclient's print of the call's out part, in $tmp/peer.
peer() {
    rpcclient -d 10 -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$LANMAN_TEST_CONF" "$LANMAN_TEST_HOST" \
        -c "$1" >"$tmp/peer.raw" 2>&1 || true # it exits 0 or 1 on a WERROR alike; the result line says
    sed -n '/^ *out: struct/,/^ *result /p' "$tmp/peer.raw" >"$tmp/peer"
    grep -q '^ *result ' "$tmp/peer" || { tail -n 20 "$tmp/peer.raw" >&2; fail "rpcclient '$1' printed no result"; }
}

# field NAME: NAME's value in $tmp/peer: a string without its quotes, or a number's decimal value ("server_name
# : *" lines, the pointers, are skipped).
field() {
    local line
    line=$(grep -E "^ +$1 +: " "$tmp/peer" | grep -vE ': \*$' | tail -n 1) || true
    [ -n "$line" ] || fail "rpcclient printed no $1"
    line=${line#*: }
    case $line in
    \'*) line=${line#\'} && printf '%s\n' "${line%\'}" ;;
    *\(*\)) line=${line##*\(} && printf '%s\n' "${line%\)}" ;;
    *) printf '%s\n' "$line" ;;
    esac
}

# ours PROPERTY: its value in $tmp/ours (lanman's list output: "Name : value").
ours() {
    local line
    line=$(grep -E "^$1 +:" "$tmp/ours") || fail "lanman printed no $1"
    line=${line#*:}
    printf '%s\n' "${line# }"
}

same() { # same WHAT OURS PEER
    [ "$2" = "$3" ] || fail "$1: lanman says '$2', rpcclient '$3'"
    echo "ok: $1 = '$2'"
}

# ---- show ----
rc=0
"${lanman[@]}" $H workstation show >"$tmp/ours.raw" 2>"$tmp/ours.err" || rc=$?
tr -d '\r' <"$tmp/ours.raw" >"$tmp/ours"
[ "$rc" -eq 0 ] || { cat "$tmp/ours" "$tmp/ours.err" >&2; fail "workstation show exits $rc"; }
[ "$(grep -c ' : ' "$tmp/ours")" -ge 5 ] || { cat "$tmp/ours" >&2; fail "workstation show printed fewer than 5 properties"; }

peer "wkssvc_wkstagetinfo 101"
[ "$(field result)" = WERR_OK ] || { cat "$tmp/peer" >&2; fail "rpcclient wkssvc_wkstagetinfo 101 failed"; }
same ComputerName "$(ours ComputerName)" "$(field server_name)"
same Domain "$(ours Domain)" "$(field domain_name)"
[ "$(field platform_id)" = 500 ] || fail "rpcclient's platform_id is $(field platform_id), not 500"
same Platform "$(ours Platform)" NT
same Version "$(ours Version)" "$(field version_major).$(field version_minor)"
same LanRoot "$(ours LanRoot)" "$(field lan_root)"

peer "wkssvc_wkstagetinfo 102"
case $(field result) in
WERR_ACCESS_DENIED)
    same InfoLevel "$(ours InfoLevel)" 101
    grep -q '^LoggedOnUsers' "$tmp/ours" && fail "LoggedOnUsers shown, though level 102 was refused"
    ;;
WERR_OK)
    same InfoLevel "$(ours InfoLevel)" 102
    same LoggedOnUsers "$(ours LoggedOnUsers)" "$(field logged_on_users)"
    ;;
*) fail "rpcclient wkssvc_wkstagetinfo 102: $(field result)" ;;
esac

# ---- users ----
rc=0
"${lanman[@]}" $H workstation users >"$tmp/users.raw" 2>"$tmp/users.err" || rc=$?
tr -d '\r' <"$tmp/users.err" >"$tmp/users.msg"
peer "wkssvc_enumerateusers 1"
case $(field result) in
WERR_ACCESS_DENIED)
    [ "$rc" -eq 5 ] || { cat "$tmp/users.raw" "$tmp/users.msg" >&2; fail "workstation users exits $rc, not 5"; }
    grep -qF "needs administrator rights on $LANMAN_TEST_HOST:$LANMAN_TEST_PORT" "$tmp/users.msg" ||
        { cat "$tmp/users.msg" >&2; fail "workstation users: the message does not say what it needs"; }
    [ "$(wc -l <"$tmp/users.msg")" -eq 1 ] || { cat "$tmp/users.msg" >&2; fail "workstation users: not one line"; }
    [ ! -s "$tmp/users.raw" ] || { cat "$tmp/users.raw" >&2; fail "workstation users printed a list"; }
    echo "ok: workstation users: exit 5, $(cat "$tmp/users.msg")"
    ;;
WERR_OK)
    [ "$rc" -eq 0 ] || { cat "$tmp/users.msg" >&2; fail "workstation users exits $rc"; }
    "${lanman[@]}" $H --format csv --property UserName workstation users | tr -d '\r' | tail -n +2 |
        tr -d '"' | LC_ALL=C sort >"$tmp/a"
    grep -E '^ +user_name +: ' "$tmp/peer" | grep -vE ': \*$' | sed "s/^[^']*'//; s/'\$//" | LC_ALL=C sort >"$tmp/b"
    diff "$tmp/a" "$tmp/b" || fail "workstation users differs from rpcclient's"
    echo "ok: workstation users: the same $(wc -l <"$tmp/a") users as rpcclient"
    ;;
*) fail "rpcclient wkssvc_enumerateusers 1: $(field result)" ;;
esac
