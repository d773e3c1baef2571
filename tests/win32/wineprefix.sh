#!/bin/sh
# wineprefix.sh setup|cleanup DIR: the ctest fixture that gives every Windows test run a fresh WINEPREFIX.
set -eu
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
