#!/usr/bin/env bash
# remote_cli.sh [EMULATOR] LANMAN: the CLI against a remote server (the fixture, LANMAN_SMBD_ENV_FILE):
# share add / list / show / set / remove over srvsvc, each change checked with smbclient -L, the peer's own
# view; services over svcctl; settings over winreg. Exit codes as documented: duplicate 1, missing 4, bad
# name 2, access denied 5. smbclient's list is checked (exit code, IPC$ listed), so that a failed smbclient
# cannot pass for "no longer sees it".
set -euo pipefail
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
name="Partagé $$"
winpath="C:$(printf '%s' "$LANMAN_TEST_SHARE_PATH" | tr / '\\')"
fail=0

# peer_sees NAME: smbclient -L lists the disk share NAME (exit 0) or not (1); anything else ends the test.
peer_sees() {
    local list
    list=$(smbclient -L "$LANMAN_TEST_HOST" -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -g 2>&1) ||
        { echo "FAIL: smbclient -L exits $?: $list"; exit 1; }
    grep -q '^IPC|IPC\$|' <<<"$list" || { echo "FAIL: smbclient -L lists no IPC\$: $list"; exit 1; }
    grep -qF "Disk|$1|" <<<"$list"
}
run() { # run WANT_RC PATTERN ARGS...: one run of lanman, exit code and output checked
    want=$1 pattern=$2
    shift 2
    rc=0
    out=$("$@" 2>&1) || rc=$?
    out=$(tr -d '\r' <<<"$out")
    if [ "$rc" -ne "$want" ] || ! grep -Eq -- "$pattern" <<<"$out"; then
        echo "FAIL: lanman ${*##*lanman* } -> exit $rc (want $want), output:"
        printf '%s\n' "$out"
        fail=1
    else
        echo "ok: exit $rc: $(head -n 1 <<<"$out")"
    fi
}

run 0 "^$LANMAN_TEST_SHARE +\\* " "$@" $H share list
run 0 "" "$@" $H share add "$name" "$winpath" --description "café 共有, a=b"
peer_sees "$name" || { echo "FAIL: smbclient -L does not see '$name' after add"; fail=1; }
run 0 "Description +: café 共有, a=b" "$@" $H share show "$name"
run 1 "already exists" "$@" $H share add "$name" "$winpath"
run 0 "" "$@" $H share set "$name" --description changed
run 0 "Description +: changed" "$@" $H share show "$name"
run 0 "" "$@" $H share remove "$name"
peer_sees "$name" && { echo "FAIL: smbclient -L still sees '$name' after remove"; fail=1; }
run 4 "" "$@" $H share remove "$name"
run 2 "cannot contain" "$@" $H share add "bad/name" "$winpath"
run 2 "not absolute" "$@" $H share add okname "relative\\path"
run 0 "^Stopped +Spooler +Print Spooler" "$@" $H service list '*'
run 0 "^Stopped +Spooler +Print Spooler" "$@" $H Get-Service
run 0 "StartType +: Manual" "$@" $H service show Spooler
run 4 "Cannot find any service with service name 'NoSuch'" "$@" $H service show NoSuch
run 0 "" "$@" $H service stop Spooler # already stopped: success, as Stop-Service
# Samba 4.17 refuses to start services (its rc.init control is compiled out): access denied, exit 5.
run 5 "ACCESS_DENIED|access denied" "$@" $H service start Spooler
run 0 "^LanmanServer +SMB1 +REG_DWORD +1 +default" "$@" $H config list LanmanServer
# Samba has no Parameters key: the defaults shown come with a note saying they are Windows' defaults.
run 0 "note: no LanmanServer.Parameters key on the server: these are Windows' defaults" "$@" $H \
    Get-SmbServerConfiguration
run 2 "SMB1" "$@" $H config set LanmanServer SMB1 banana

# Issue #16. Exit codes where the input alone decides: checked before connecting, so a port where nothing
# listens still gives the usage code (2), and nothing is sent.
none="-H 127.0.0.1:1 -U $LANMAN_TEST_USER"
run 2 "^lanman: share name is empty$" "$@" $none share show ''
run 2 "share name 'a/b' contains '/'" "$@" $none share show 'a/b'
run 2 "share name 'a/b' contains '/'" "$@" $none share remove 'a/b'
run 2 "share name 'a/b' contains '/'" "$@" $none share set 'a/b' --description x
run 2 "invalid SID 'S-1-bogus'" "$@" $none share add okname 'C:\x' --full S-1-bogus
run 2 "not absolute" "$@" $none share add okname 'relative'
run 6 "cannot resolve nosuchhost[.]invalid" "$@" --timeout 5 probe nosuchhost.invalid
# One message per cause: a missing share is "no such share (RAW)" from show, set and remove alike, although
# Samba answers WERR_INVALID_NAME, NERR_NetNameNotFound and WERR_BAD_NET_NAME.
run 4 "^lanman: cannot read share Nope: no such share [(]WERR_INVALID_NAME[)]$" "$@" $H share show Nope
run 4 "^lanman: cannot change share Nope: no such share [(]NERR_NetNameNotFound[)]$" "$@" $H share set Nope \
    --description x
run 4 "^lanman: cannot remove share Nope: no such share [(]WERR_BAD_NET_NAME[)]$" "$@" $H share remove Nope
run 0 "^Name +: IPC[$]$" "$@" $H share show 'IPC$' # the server's own share: a name that may be looked at
# The operation named, not the RPC call: Samba has no RChangeServiceConfigW (nca_s_op_rng_error).
run 7 "^lanman: cannot set the start type of Spooler to Manual: changing the start type is not supported by \
this server [(]nca_s_op_rng_error[)]$" "$@" $H service set Spooler --start-type manual
run 5 "^lanman: cannot start Spooler: access denied [(]WERR_ACCESS_DENIED[)]$" "$@" $H service start Spooler
# Stop-Service and Get-Service say the same for a service that is not there.
for cmd in "Stop-Service Nope" "Get-Service Nope" "service stop Nope" "Suspend-Service Nope" \
    "Resume-Service Nope" "service set Nope --start-type manual"; do
    # shellcheck disable=SC2086 # $cmd is words
    run 4 "^lanman: Cannot find any service with service name 'Nope'[.]$" "$@" $H $cmd
done
# Suspend-Service and Resume-Service agree on a service that is not running.
run 1 "^lanman: cannot pause Spooler: it is Stopped$" "$@" $H Suspend-Service Spooler
run 1 "^lanman: cannot continue Spooler: it is Stopped$" "$@" $H Resume-Service Spooler

# Samba paths: a POSIX path is taken from a Samba server and sent as C:\x\y, which Samba maps back to
# /x/y; the new share serves the fixture's directory (its hello.txt).
posix="Posix$$"
run 0 "" "$@" $H share add "$posix" "$LANMAN_TEST_SHARE_PATH"
run 0 "^Path +: $(sed 's/[\\.]/[&]/g' <<<"$winpath")$" "$@" $H share show "$posix"
run 0 " 18 hello[.]txt$" "$@" -U "$LANMAN_TEST_USER" ls "//$LANMAN_TEST_HOST:$LANMAN_TEST_PORT/$posix"
run 0 "" "$@" $H share remove "$posix"
run 2 "mixes '/' and" "$@" $none share add "$posix" '/srv\data'

# ls of a file lists that file, as ls and Get-ChildItem do; get of a directory fails (exit 1, not 2).
unc="//$LANMAN_TEST_HOST:$LANMAN_TEST_PORT/$LANMAN_TEST_SHARE"
run 0 "^-+ +[0-9T:Z-]+ +18 hello[.]txt$" "$@" -U "$LANMAN_TEST_USER" ls "$unc/hello.txt"
csv=$("$@" -U "$LANMAN_TEST_USER" --format csv ls "$unc/hello.txt" 2>&1) || true
lines=$(tr -d '\r' <<<"$csv" | grep -c '^[-dahrsl]\{6\},.*,hello[.]txt,') || true
[ "$lines" -eq 1 ] || { echo "FAIL: ls of a file: $lines entries, want 1 (hello.txt): $csv"; fail=1; }
dir="dir$$"
mkdir "$LANMAN_TEST_SHARE_PATH/$dir"
run 1 "^lanman: cannot download '$dir': it is a directory [(]STATUS_FILE_IS_A_DIRECTORY[)]$" "$@" \
    -U "$LANMAN_TEST_USER" get "$unc/$dir" "$(mktemp -u)"
rmdir "$LANMAN_TEST_SHARE_PATH/$dir"

# get: a new file gets the umask's mode, an overwritten one keeps its mode. Only where modes mean that: not
# for the Windows build under Wine.
case " $* " in
*wine*) echo "ok: get file modes not checked under Wine (Windows has no umask)" ;;
*)
    tmp=$(mktemp -d)
    (umask 022 && "$@" -U "$LANMAN_TEST_USER" get "$unc/hello.txt" "$tmp/new") || fail=1
    printf 'old\n' >"$tmp/old" && chmod 0640 "$tmp/old"
    (umask 077 && "$@" -U "$LANMAN_TEST_USER" get "$unc/hello.txt" "$tmp/old") || fail=1
    modes="$(stat -c %a "$tmp/new") $(stat -c %a "$tmp/old") $(head -c 5 "$tmp/old")"
    if [ "$modes" = "644 640 Hello" ]; then
        echo "ok: get: a new file 644 under umask 022, an overwritten 0640 file stays 640"
    else
        echo "FAIL: get modes and content: '$modes', want '644 640 Hello'"
        fail=1
    fi
    rm -rf "$tmp"
    ;;
esac
exit $fail
