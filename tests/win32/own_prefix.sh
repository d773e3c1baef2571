#!/bin/sh
# own_prefix.sh PREFIX COMMAND...: runs COMMAND (a Windows test through wine) in a fresh WINEPREFIX of its
# own, for tests that replace what Wine ships (its LanmanServer entry) and must not disturb the shared one.
# Exits with COMMAND's code (77 = skipped).
set -u
prefix=$1
shift
here=$(dirname "$0")
sh "$here/wineprefix.sh" setup "$prefix" || exit 1
WINEPREFIX=$prefix WINEDEBUG=-all "$@"
rc=$?
sh "$here/wineprefix.sh" cleanup "$prefix"
exit $rc
