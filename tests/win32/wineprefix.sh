#!/usr/bin/env bash
# wineprefix.sh setup|cleanup DIR: the ctest fixture that gives every Windows test run a fresh WINEPREFIX.
set -eu -o pipefail
action=$1
export WINEPREFIX=$2 WINEDEBUG=-all
case $action in
setup)
    wineserver -k 2>/dev/null || true
    rm -rf "$WINEPREFIX"
    # No display is needed for console programs; keep wineboot from asking for Mono/Gecko.
    WINEDLLOVERRIDES="mscoree,mshtml=" wineboot --init >/dev/null 2>&1
    wineserver -w
    test -f "$WINEPREFIX/system.reg" || { echo "wineboot did not create $WINEPREFIX" >&2; exit 1; }
    # One wineserver for the prefix until cleanup. Wine starts it with -p0: it exits as soon as no Wine
    # program runs, and a program that connects while it goes gets "wine client error:0: recvmsg: Connection
    # reset by peer" (seen in full runs: interop.cli.unc_path, interop.audit.servers). Its output goes to
    # /dev/null: it outlives this script, and a pipe it held would keep ctest waiting for the fixture's end.
    wineserver -p </dev/null >/dev/null 2>&1
    # The session's own processes (services.exe, winedevice.exe, ...) start with the first program and then
    # live as long as the server: start them here, on /dev/null too, not with a test's output, which ctest
    # would wait on to the end.
    wineboot </dev/null >/dev/null 2>&1
    echo "fresh WINEPREFIX: $WINEPREFIX"
    ;;
cleanup)
    wineserver -k 2>/dev/null || true
    ;;
*)
    echo "usage: wineprefix.sh setup|cleanup DIR" >&2
    exit 2
    ;;
esac
