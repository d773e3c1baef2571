#!/usr/bin/env bash
# Installs the Debian packages lanman needs to build and test, if any are missing. Idempotent: when
# everything is present it touches neither the network nor apt's lists.
#
#   scripts/deps.sh            everything (native, MinGW + Wine, Samba for the interop tests)
#   scripts/deps.sh native     only what the native build and the demo need
#   scripts/deps.sh bench      native, plus what bench/ measures with (GNU time, strace)
#   scripts/deps.sh fuzz       native, plus clang (libFuzzer) for scripts/fuzz.sh
set -euo pipefail

# clang-format (the format test), groff-base and man-db (the man page tests), bsdutils (script(1), the terminal
# test), python3-impacket (its SMB server, the compound fallback's interop test; bench/shares.sh's peer): the
# tests skip without them, so they are installed here.
native=(cmake ninja-build gcc pkg-config clang-format libxml2-dev libxml2-utils libcunit1-dev libssl-dev samba smbclient
    groff-base man-db bsdutils python3-impacket
    python3-jsonschema # the audit test validates its SARIF log against the SARIF 2.1.0 schema
    iproute2           # ip(8): the audit fleet test's network namespace
    libkrb5-dev krb5-user # Kerberos: MIT GSS-API to build against; kinit/klist for the Kerberos tests
    samba-ad-dc samba-ad-provision winbind faketime) # the Kerberos tests' AD DC fixture (tests/fixtures/addc.sh)
windows=(mingw-w64 wine wine64 dpkg-dev python3 wixl msitools)
bench=(time strace python3 nmap) # nmap: bench/audit.sh compares against its SMB scripts
fuzz=(clang)

want=("${native[@]}")
case ${1:-all} in
native) ;;
bench) want+=("${bench[@]}") ;;
fuzz) want+=("${fuzz[@]}") ;;
*) want+=("${windows[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "deps: need root to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
fi
echo "deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
