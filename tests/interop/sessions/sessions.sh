#!/usr/bin/env bash
# sessions.sh admin|denied LANMAN...: session list/close and file list/close against the fixture
# (LANMAN_SMBD_ENV_FILE).
#   admin   (smbd.sh --admins) a background smbclient over ::1 holds a session and opens a file; lanman
#           (over 127.0.0.1) lists both as rpcclient does, filters them, closes the file by the FileId it
#           printed (gone from the list; closing it again is exit 4), then ends the smbclient's session by
#           its client address: the session is gone and the smbclient's next command fails.
#   denied  (the default instance: no BUILTIN\Administrators) every command is exit 5 and says that it
#           needs administrator rights; bad arguments are exit 2 before anything is sent. server show (which
#           needs no rights) says what rpcclient's srvinfo says: name, comment, version, platform, type; and
#           Disks ["C:"], without Transports (Samba has no NetrServerTransportEnum).
#   admin also: share connections SHARE shows Samba's placeholder entry for the holder's connection, none
#           once it has gone, and a missing share is exit 4.
# Exit 77 (skip) without the fixture, smbclient or rpcclient, or (admin) without an IPv6 loopback.
set -euo pipefail
mode=${1:?admin or denied}
shift
lanman=("$@")
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
for t in smbclient rpcclient; do
    command -v "$t" >/dev/null || { echo "SKIP: $t is not installed"; exit 77; }
done
tmp=$(mktemp -d)
holder=""
cleanup() {
    [ -z "$holder" ] || kill "$holder" 2>/dev/null || true
    [ -z "$holder" ] || wait "$holder" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
peer=(-p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$LANMAN_TEST_CONF")
# shellcheck disable=SC2206 # H is "-H HOST:PORT -U USER" (smbdenv.sh)
conn=($H)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# Runs lanman with the connection options; its stdout in $tmp/out, stderr in $tmp/err, the exit code in rc.
lm() {
    rc=0
    "${lanman[@]}" "${conn[@]}" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

expect() { # CODE WHAT: the last lm's exit code
    [ "$rc" = "$1" ] || { cat "$tmp/out" "$tmp/err" >&2; fail "$2: exit $rc, expected $1"; }
}

# Lines of the last lm's CSV output that are exactly LINE (the header counts as a line too).
rows() {
    tr -d '\r' <"$tmp/out" | grep -cxF -- "$1" || true
}

# Waits until the server lists $held open (smbclient's output is block-buffered in a file: ask the server).
wait_open() {
    for _ in $(seq 1 100); do
        rpcclient "${peer[@]}" "$LANMAN_TEST_HOST" -c 'netfileenum 3' >"$tmp/rpc" 2>&1 || true
        grep -q "$held\$" "$tmp/rpc" && return 0
        kill -0 "$holder" 2>/dev/null || { cat "$tmp/holder.out" >&2; fail "smbclient exited"; }
        sleep 0.1
    done
    cat "$tmp/rpc" "$tmp/holder.out" >&2
    fail "smbclient did not open $held"
}

case $mode in
denied)
    for cmd in "session list" "file list" "session close --client 192.0.2.1" "file close --path x" \
        "share connections $LANMAN_TEST_SHARE"; do
        # shellcheck disable=SC2086 # the words of the command
        lm $cmd
        expect 5 "$cmd without administrator rights"
        grep -q "needs administrator rights on $LANMAN_TEST_HOST:$LANMAN_TEST_PORT" "$tmp/err" ||
            { cat "$tmp/err" >&2; fail "$cmd: the message does not say that it needs administrator rights"; }
        [ "$(wc -l <"$tmp/err")" = 1 ] || { cat "$tmp/err" >&2; fail "$cmd: more than one line on stderr"; }
        echo "$cmd: exit 5, $(cat "$tmp/err")"
    done
    for bad in "session close" "file close" "file close 1 --path x" "file close 4294967296" "file close -1" \
        "file close 12x"; do
        # shellcheck disable=SC2086
        lm $bad
        expect 2 "$bad"
        [ ! -s "$tmp/out" ] || fail "$bad printed something on stdout"
        echo "$bad: exit 2, $(cat "$tmp/err")"
    done
    lm --format csv --property Name,Comment,Version,PlatformId,Type,InfoLevel server show
    expect 0 "server show"
    ours=$(tr -d '\r' <"$tmp/out" | sed -n 2p)
    rpcclient "${peer[@]}" "$LANMAN_TEST_HOST" -c srvinfo >"$tmp/rpc" 2>&1 || { cat "$tmp/rpc" >&2; fail "rpcclient srvinfo"; }
    # "\tNAME  Wk Sv ... COMMENT", then "platform_id : 500", "os version : 6.1", "server type : 0x809a03"
    name=$(awk 'NR == 1 { print $1 }' "$tmp/rpc")
    comment=$(sed -n '1s/^[[:space:]]*[^[:space:]]*[[:space:]]*\(\(Wk\|Sv\|PrQ\|Unx\|NT\|SNT\|PDC\|BDC\|Tim\|AFP\|Nov\|MBC\|WfW\|Dial\|DFS\|Xenix\|PtB\|BMB\|LMB\|DMB\|OSF\|VMS\|W95\|DCE\|CNT\|VS\|SQL\|???\) \)*//p' "$tmp/rpc")
    field() { sed -n "s/^[[:space:]]*$1[[:space:]]*:[[:space:]]*//p" "$tmp/rpc"; }
    want="$name,$comment,$(field 'os version'),$(field platform_id),$(field 'server type'),102"
    [ -n "$name" ] && [ "$ours" = "$want" ] || { cat "$tmp/out" "$tmp/rpc" >&2; fail "server show: '$ours', rpcclient srvinfo: '$want'"; }
    echo "server show: $ours, as rpcclient srvinfo"
    # Disks: Samba's NetrServerDiskEnum names "C:" (and the empty name that ends the list, not shown);
    # Transports: Samba has no NetrServerTransportEnum (a fault), so the property is absent.
    lm --format json server show
    expect 0 "server show --format json"
    [ "$(grep -c '^    "Disks": \["C:"\]$' "$tmp/out")" = 1 ] || { cat "$tmp/out" >&2; fail "server show: Disks is not [\"C:\"]"; }
    [ "$(grep -c '"Transports"' "$tmp/out")" = 0 ] || { cat "$tmp/out" >&2; fail "server show: Transports shown though Samba has none"; }
    echo "server show: Disks [\"C:\"], no Transports (Samba faults NetrServerTransportEnum)"
    ;;
admin)
    [ -n "${LANMAN_TEST_HOST6:-}" ] || { echo "SKIP: no IPv6 loopback: the holder's session needs its own address"; exit 77; }
    held="held-$$.txt"
    printf 'held open by smbclient\n' >"$LANMAN_TEST_SHARE_PATH/$held"
    # The holder: smbclient over ::1 reading commands from a fifo that this script keeps open on fd 3.
    mkfifo "$tmp/cmds"
    smbclient "//$LANMAN_TEST_HOST6/$LANMAN_TEST_SHARE" "${peer[@]}" <"$tmp/cmds" >"$tmp/holder.out" 2>&1 &
    holder=$!
    exec 3>"$tmp/cmds"
    echo "open $held" >&3
    wait_open

    # share connections: Samba 4.17 answers one entry per connection to the share (the holder's only:
    # lanman is on IPC$) with its open files counted (the held one), but the user and share as placeholders
    # (dummy_user, IPC$, type 3); rpcclient's netconnenum prints nothing to compare with.
    lm --format csv --property ConnectionId,ShareName,UserName,NumOpens,NumUsers,Type share connections \
        "$LANMAN_TEST_SHARE"
    expect 0 "share connections $LANMAN_TEST_SHARE"
    [ "$(rows "1,IPC\$,dummy_user,1,1,3")" = 1 ] && [ "$(tr -d '\r' <"$tmp/out" | wc -l)" = 2 ] ||
        { cat "$tmp/out" >&2; fail "share connections: not Samba's one placeholder entry for the holder"; }
    lm share connections "no-such-$$"
    expect 4 "share connections no-such"
    echo "share connections $LANMAN_TEST_SHARE: Samba's placeholder for the holder; a missing share: exit 4, $(cat "$tmp/err")"

    # Sessions: the holder's, from ::1 as the account, as rpcclient's netsessenum has it too.
    lm --format csv --property ClientComputerName,ClientUserName session list
    expect 0 "session list"
    [ "$(rows "::1,$LANMAN_TEST_USER")" = 1 ] || { cat "$tmp/out" >&2; fail "session list: no session from ::1"; }
    n_ours=$(($(tr -d '\r' <"$tmp/out" | wc -l) - 1))
    rpcclient "${peer[@]}" "$LANMAN_TEST_HOST" -c 'netsessenum 1' >"$tmp/rpc" 2>&1 || { cat "$tmp/rpc" >&2; fail "rpcclient netsessenum"; }
    n_peer=$(sed -n 's/^Received \([0-9]*\) entries\.$/\1/p' "$tmp/rpc")
    # Each sees its own session (lanman's has ended when rpcclient asks) and the holder's: as many.
    [ "$n_peer" = "$n_ours" ] && [ "$n_ours" -ge 2 ] ||
        { cat "$tmp/out" "$tmp/rpc" >&2; fail "session list: $n_ours sessions, rpcclient $n_peer"; }
    echo "session list: the holder's session from ::1 as $LANMAN_TEST_USER; $n_ours sessions, as rpcclient"
    lm --format csv --property ClientComputerName session list --client ::1
    expect 0 "session list --client ::1"
    [ "$(tr -d '\r' <"$tmp/out" | wc -l)" = 2 ] && [ "$(rows "::1")" = 1 ] || { cat "$tmp/out" >&2; fail "session list --client ::1"; }
    lm --format csv session list --client-user "nobody-$$"
    expect 0 "session list --client-user nobody"
    [ "$(tr -d '\r' <"$tmp/out" | wc -l)" -le 1 ] || { cat "$tmp/out" >&2; fail "session list --client-user nobody listed sessions"; }
    echo "session list --client ::1: the holder's only; --client-user nobody: none"

    # Open files: the held file with its share-relative path; Path as rpcclient's netfileenum has it.
    lm --format csv --property FileId,Path,ShareRelativePath,ShareName file list
    expect 0 "file list"
    line=$(tr -d '\r' <"$tmp/out" | grep -F ",$held,$LANMAN_TEST_SHARE" || true)
    [ "$(grep -c . <<<"$line")" = 1 ] || { cat "$tmp/out" >&2; fail "file list: $held is not listed once with its share-relative path"; }
    id=${line%%,*}
    path=$(cut -d, -f2 <<<"$line")
    rpcclient "${peer[@]}" "$LANMAN_TEST_HOST" -c 'netfileenum 3' >"$tmp/rpc" 2>&1 || { cat "$tmp/rpc" >&2; fail "rpcclient netfileenum"; }
    grep -qxF "$path" "$tmp/rpc" || { cat "$tmp/rpc" >&2; fail "file list: rpcclient has no path '$path'"; }
    echo "file list: FileId $id, $path, share-relative $held in $LANMAN_TEST_SHARE (rpcclient has the path)"
    lm --format csv --property FileId file list --path "$held"
    expect 0 "file list --path"
    [ "$(rows "$id")" = 1 ] || { cat "$tmp/out" >&2; fail "file list --path $held does not list $id"; }
    lm --format csv --property FileId file list --path "no-such-$$"
    expect 0 "file list --path no-such"
    [ "$(rows "$id")" = 0 ] || { cat "$tmp/out" >&2; fail "file list --path no-such lists $id"; }
    echo "file list --path $held: FileId $id; another path: not"

    # file close ID: gone from the list; a second close is exit 4.
    lm file close "$id"
    expect 0 "file close $id"
    lm --format csv --property FileId file list
    expect 0 "file list after close"
    [ "$(rows "$id")" = 0 ] || { cat "$tmp/out" >&2; fail "file close $id: still listed"; }
    lm file close "$id"
    expect 4 "file close $id again"
    echo "file close $id: closed; again: exit 4, $(cat "$tmp/err")"

    # file close --path: every open of the file; again: none left, exit 4.
    echo "open $held" >&3
    wait_open
    lm file close --path "$held"
    expect 0 "file close --path $held"
    lm --format csv --property ShareRelativePath file list
    [ "$(rows "$held")" = 0 ] || { cat "$tmp/out" >&2; fail "file close --path $held: still listed"; }
    lm file close --path "$held"
    expect 4 "file close --path $held again"
    echo "file close --path $held: closed; again: exit 4, $(cat "$tmp/err")"

    # session close --client ::1: the holder's session ends, and the holder notices.
    lm session close --client ::1
    expect 0 "session close --client ::1"
    lm --format csv --property ClientComputerName session list
    expect 0 "session list after close"
    [ "$(rows "::1")" = 0 ] || { cat "$tmp/out" >&2; fail "session close: the session from ::1 is still listed"; }
    lm session close --client ::1
    expect 4 "session close --client ::1 again"
    echo "ls" >&3
    echo "quit" >&3
    exec 3>&-
    for _ in $(seq 1 100); do
        kill -0 "$holder" 2>/dev/null || break
        sleep 0.1
    done
    grep -q "NT_STATUS_CONNECTION_DISCONNECTED" "$tmp/holder.out" ||
        { cat "$tmp/holder.out" >&2; fail "session close: smbclient did not notice"; }
    echo "session close --client ::1: the session is gone, smbclient says NT_STATUS_CONNECTION_DISCONNECTED; again: exit 4"
    # the holder gone, nobody is connected to the share: no entry
    lm --format csv share connections "$LANMAN_TEST_SHARE"
    expect 0 "share connections after the holder left"
    [ "$(tr -d '\r' <"$tmp/out" | wc -l)" -le 1 ] || { cat "$tmp/out" >&2; fail "share connections: entries with nobody connected"; }
    echo "share connections $LANMAN_TEST_SHARE with nobody connected: none"
    rm -f "$LANMAN_TEST_SHARE_PATH/$held"
    ;;
*)
    fail "mode: admin or denied"
    ;;
esac
