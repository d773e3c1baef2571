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
exit $fail
