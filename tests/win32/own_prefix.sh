#!/usr/bin/env bash
# own_prefix.sh PREFIX COMMAND...: runs COMMAND (a Windows test through wine) in a fresh WINEPREFIX of its
# own, for tests that replace what Wine ships (its LanmanServer entry) and must not disturb the shared one.
# Exits with COMMAND's code (77 = skipped).
#
# The prefix's Wine session (wineserver, and the services.exe it boots) is held up for the whole of
# COMMAND, as a Windows machine stays up between two commands. Wine starts its wineserver with -p0: it shuts
# down as soon as no ordinary Wine process runs, and a service process does not count. A test that runs
# one wine command after another (start a service, then query or stop it) then gets a new session, a
# "reboot", whenever a gap between two commands outlasts the shutdown, which a loaded machine makes common:
# the services.exe of the new session starts automatic services again (LanmanAgent RUNNING after a stop, a
# start answered "already running" by the instance it booted) and has forgotten demand-started ones
# (stopped again). wineprefix.sh setup starts a persistent wineserver (-p), which ends only with the
# cleanup's wineserver -k.
set -u -o pipefail
prefix=$1
shift
here=$(dirname "$0")
bash "$here/wineprefix.sh" setup "$prefix" || exit 1 # with its persistent wineserver
WINEPREFIX=$prefix WINEDEBUG=-all "$@"
rc=$?
bash "$here/wineprefix.sh" cleanup "$prefix"
exit $rc
