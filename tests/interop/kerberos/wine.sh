#!/usr/bin/env bash
# wine.sh WINE LANMAN.EXE SSPIPROBE.EXE PREFIX: the Windows build's Kerberos (SSPI) under Wine against the AD DC
# fixture (NTLM disabled), run in the DC's namespace. Wine's SSPI Kerberos uses the host's MIT libraries, so
# it reads KRB5_CONFIG and KRB5CCNAME as the native tests do. Two ways to log on:
#   ccache     -k with a kinit ticket (SSPI: the "logged-on user's" tickets are the host's cache)
#   password   -k -U lmuser@LANMAN.TEST, the password in LANMAN_PASSWORD (SSPI explicit credentials)
# For each, sspiprobe.exe first asks Wine's SSPI for a Kerberos token for cifs/dc1.lanman.test and for the
# session key attribute: where Wine cannot give both, that way is skipped with the probe's words (a limit of
# Wine, not of lanman); where it can, lanman.exe must list the shares (one SESSION_SETUP leg, signed), get
# data.bin (its SHA-256) and read the encryption-required share. Exit 77 (skip) without the fixture or when
# Wine can do neither. Wine 8 (Debian 12) makes the token from both the cache and a password, but its
# SECPKG_ATTR_SESSION_KEY is a stub (SEC_E_UNSUPPORTED_FUNCTION): without the key SMB 3 can neither sign nor
# encrypt, so both ways are skipped there.
#
# Wine's wineserver makes the sockets of its programs: a prefix whose wineserver runs outside the DC's network
# namespace connects lanman.exe to the machine's 127.0.0.1, not to the DC. So the script runs itself again in
# the namespace, in a WINEPREFIX of its own (tests/win32/own_prefix.sh PREFIX) whose wineserver starts there.
set -euo pipefail
wine=$1 exe=$2 probe=$3 prefix=$4
lanman=("$wine" "$exe")
. "$(dirname "$0")/dcenv.sh"
if [ "${LANMAN_KRB_WINE_INNER:-}" != 1 ]; then
    rm -rf "$tmp"
    trap - EXIT
    LANMAN_KRB_WINE_INNER=1 exec bash "$LANMAN_DC_SCRIPT" run "$LANMAN_DC_DIR" \
        bash "$(dirname "$0")/../../win32/own_prefix.sh" "$prefix" bash "$0" "$@"
fi
host=$LANMAN_DC_NAME
upn=$LANMAN_DC_USER@$LANMAN_DC_REALM
kt_user "$LANMAN_DC_USER" "$LANMAN_DC_PASSWORD" "$tmp/user.cc" || fail "kinit $LANMAN_DC_USER"
ran=0

check_way() { # WAY ARGS...: lanman.exe ARGS with this way's credentials (set by the caller's environment)
    local way=$1 sum
    shift
    lm "$@" -v -H "$host" share list
    expect 0 "$way: share list"
    grep -q "^$LANMAN_DC_SHARE " "$tmp/out" || { cat "$tmp/out" >&2; fail "$way: share list: no $LANMAN_DC_SHARE"; }
    tr -d '\r' <"$tmp/err" >"$tmp/err.lf"
    [ "$(grep -c '^lanman: trace: -> SESSION_SETUP' "$tmp/err.lf")" = 1 ] ||
        { cat "$tmp/err" >&2; fail "$way: share list: not one SESSION_SETUP leg"; }
    grep -q '^lanman: trace: <- SESSION_SETUP .* STATUS_SUCCESS .* signed' "$tmp/err.lf" ||
        { cat "$tmp/err" >&2; fail "$way: the final SESSION_SETUP response is not signed"; }
    echo "ok: $way: share list, one SESSION_SETUP leg, signed"
    lm "$@" get "//$host/$LANMAN_DC_SHARE/$LANMAN_DC_DATA" -
    expect 0 "$way: get $LANMAN_DC_DATA"
    sum=$(sha256sum <"$tmp/out" | cut -d' ' -f1)
    [ "$sum" = "$LANMAN_DC_DATA_SHA256" ] || fail "$way: get $LANMAN_DC_DATA: SHA-256 $sum"
    echo "ok: $way: get $LANMAN_DC_DATA, SHA-256 $sum"
    lm "$@" get "//$host/$LANMAN_DC_ENC_SHARE/secret.txt" -
    expect 0 "$way: get from the encryption-required share"
    [ "$(tr -d '\r' <"$tmp/out")" = secret ] || fail "$way: secret.txt: '$(cat "$tmp/out")'"
    echo "ok: $way: get from the encryption-required share"
    ran=$((ran + 1))
}

# The ticket cache.
if KRB5CCNAME=FILE:$tmp/user.cc dc "$wine" "$probe" "cifs/$host" >"$tmp/probe" 2>&1; then
    KRB5CCNAME=FILE:$tmp/user.cc check_way ccache -k
else
    echo "SKIP (ccache): Wine's SSPI Kerberos from the ticket cache: $(tr -d '\r' <"$tmp/probe")"
fi
# Explicit credentials. (Wine's Kerberos keeps their ticket in the default cache, which must be creatable:
# dcenv.sh's KRB5CCNAME names a file that cannot be.)
if KRB5CCNAME=FILE:$tmp/pw.cc LANMAN_PASSWORD=$LANMAN_DC_PASSWORD dc "$wine" "$probe" "cifs/$host" "$upn" \
    >"$tmp/probe" 2>&1; then
    KRB5CCNAME=FILE:$tmp/pw.cc LANMAN_PASSWORD=$LANMAN_DC_PASSWORD check_way password -k -U "$upn"
else
    echo "SKIP (password): Wine's SSPI Kerberos from explicit credentials: $(tr -d '\r' <"$tmp/probe")"
fi
if [ "$ran" = 0 ]; then
    echo "SKIP interop.kerberos.wine: Wine's SSPI Kerberos can log on neither from the ticket cache nor from a password here (see above)"
    exit 77
fi
