#!/usr/bin/env bash
# lazy.sh mapped|missing|dc LANMAN [AGENT]: MIT Kerberos (libgssapi_krb5, libkrb5 and what they bring) is
# loaded only by a Kerberos logon or keytab check (lib/smb/krb5api.h), POSIX.
#   mapped   (smbd fixture) `--version` and an NTLM `share list` by address never load libgssapi_krb5, libkrb5,
#            libk5crypto, libkrb5support, libcom_err or libkeyutils (LD_DEBUG=files names every library the
#            dynamic loader opens); `-k` by name does (liblanman's dlopen), and fails as without a ticket (exit 3).
#   missing  (smbd fixture) libgssapi_krb5.so.2 unloadable (/dev/null bind-mounted over it in a private mount
#            namespace): `-k` is one line naming the library and exit 7 (krb5.c's "no Kerberos"), nothing on
#            stdout; `--auth auto` by address still lists the shares; AGENT --check-config with a keytab is one
#            config error naming the library and exit 78. Needs root (unshare -m); else exit 77.
#   dc       (AD DC fixture) `-k` share list with a kinit ticket loads them (liblanman's dlopen) and works; with
#            libgssapi_krb5 hidden, `--auth auto` by name with Kerberos credentials falls back to NTLM before
#            the first SESSION_SETUP (which the DC refuses: exit 3).
# Exit 77 (skip) without the fixture.
set -uo pipefail
mode=${1:?mapped, missing or dc}
lanman=${2:?lanman}
agent=${3:-}
here=$(dirname "$0")
. "$here/../../agent/lib.sh" # pass, bad, count, minimal_baseline
. "$here/../../fixtures/lazylib.sh"
krb5libs="libgssapi_krb5[.]so libkrb5[.]so libk5crypto[.]so libkrb5support[.]so libcom_err[.]so libkeyutils[.]so"
# dlopened NAME: how often liblanman itself opened libgssapi_krb5 (the loader's "dynamically loaded by" line;
# in a sanitizer build the caller it names is the runtime's dlopen interceptor, libasan)
dlopened() { count "$tmp/$1.err" 'file=libgssapi_krb5\.so\.2 \[[0-9]+\];  dynamically loaded by .*/lib(lanman|asan)\.so'; }
rows() { count "$tmp/$1.out" "^($LANMAN_TEST_SHARE|IPC\\$) "; } # the fixture's share and IPC$ in a table

if [ "$mode" = dc ]; then
    . "$here/dcenv.sh" # makes $tmp
    kt_user "$LANMAN_DC_ADMIN" "$LANMAN_DC_ADMIN_PASSWORD" "$tmp/admin.cc" || fail "kinit $LANMAN_DC_ADMIN"
    KRB5CCNAME=FILE:$tmp/admin.cc lazy_run krb dc "$lanman" -k -H "$LANMAN_DC_NAME" share list
    [ "$(lazy_rc krb)" = 0 ] && pass "-k share list: exit 0" || bad "-k share list: exit $(lazy_rc krb): $(lazy_errors krb)"
    c=$(count "$tmp/krb.out" '^(IPC\$|netlogon|sysvol) ')
    [ "$c" -ge 3 ] && pass "-k share list: $c of the DC's shares" || bad "-k share list: $c shares: $(head -n 5 "$tmp/krb.out")"
    c=$(dlopened krb)
    [ "$c" -ge 1 ] && pass "-k share list: liblanman loaded libgssapi_krb5" || bad "-k share list: libgssapi_krb5 not seen loaded"
    c=$(lazy_loaded krb libkrb5.so)
    [ "$c" -ge 1 ] && pass "-k share list: libkrb5 loaded" || bad "-k share list: libkrb5 not seen loaded"
    # --auth auto by name with Kerberos credentials, libgssapi_krb5 hidden (a private mount namespace inside
    # the DC's): NTLM instead, decided before the first SESSION_SETUP, as without a ticket; the DC refuses
    # NTLM, which proves the fallback (exit 3).
    so=$(ldconfig -p | awk '$1 == "libgssapi_krb5.so.2" { print $NF; exit }')
    [ -n "$so" ] || fail "ldconfig knows no libgssapi_krb5.so.2"
    LANMAN_PASSWORD=$LANMAN_DC_ADMIN_PASSWORD dc unshare -m --propagation private \
        sh -c 'mount --bind /dev/null "$1" && shift && exec "$@"' sh "$(readlink -f "$so")" \
        "$lanman" -v --auth auto -U "$LANMAN_DC_ADMIN@$LANMAN_DC_REALM" -H "$LANMAN_DC_NAME" share list \
        >"$tmp/auto.out" 2>"$tmp/auto.err"
    rc=$?
    why='^lanman: trace: auth: NTLM, as Kerberos cannot be used: this system has no Kerberos .*libgssapi_krb5[.]so[.]2'
    first=$(grep -n -m1 -e '-> SESSION_SETUP' "$tmp/auto.err" | cut -d: -f1)
    at=$(grep -n -m1 -E "$why" "$tmp/auto.err" | cut -d: -f1)
    [ -n "$at" ] && [ -n "$first" ] && [ "$at" -lt "$first" ] &&
        pass "auto by name without libgssapi_krb5: NTLM, decided before the first SESSION_SETUP" ||
        bad "auto by name without libgssapi_krb5: no fallback to NTLM before SESSION_SETUP: $(head -n 8 "$tmp/auto.err")"
    [ "$rc" = 3 ] && [ "$(count "$tmp/auto.err" 'trace: auth: Kerberos for')" = 0 ] &&
        pass "auto by name without libgssapi_krb5: exit 3 (the DC refuses NTLM), no Kerberos" ||
        bad "auto by name without libgssapi_krb5: exit $rc: $(tail -n 2 "$tmp/auto.err")"
    exit $fail
fi

. "$here/../../fixtures/smbdenv.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Never the machine's own ticket cache or Kerberos configuration.
export KRB5CCNAME=FILE:/nonexistent/krb5cc KRB5_CONFIG=/dev/null
byname="-H localhost:$LANMAN_TEST_PORT"

if [ "$mode" = mapped ]; then
    lazy_run version "$lanman" --version
    lazy_run ntlm "$lanman" $H share list
    lazy_run krb "$lanman" -k $byname share list
    lazy_unmapped "version ntlm" $krb5libs
    [ "$(rows ntlm)" -ge 2 ] && pass "ntlm: $(rows ntlm) rows name the share and IPC\$" ||
        bad "ntlm: the share and IPC\$ are not listed: $(head -n 5 "$tmp/ntlm.out")"
    # The positive control: the same check sees Kerberos where it is used (no ticket here: exit 3).
    [ "$(lazy_rc krb)" = 3 ] && pass "-k without a ticket: exit 3" || bad "-k: exit $(lazy_rc krb): $(lazy_errors krb)"
    c=$(dlopened krb)
    [ "$c" -ge 1 ] && pass "-k: liblanman loaded libgssapi_krb5" || bad "-k: libgssapi_krb5 not seen loaded"
    c=$(lazy_loaded krb libkrb5.so)
    [ "$c" -ge 1 ] && pass "-k: libkrb5 loaded" || bad "-k: libkrb5 not seen loaded"
    exit $fail
fi

[ "$mode" = missing ] || { echo "FAIL: mode: mapped, missing or dc"; exit 1; }
# the rest of this script again, inside a mount namespace of its own, libgssapi_krb5 hidden
lazy_hide libgssapi_krb5.so.2 "$@"

# refused NAME CODE ARGS...: exit CODE, one line on stderr naming libgssapi_krb5.so.2, nothing on stdout
refused() {
    local name=$1 code=$2 err
    shift 2
    "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.rc"
    err=$(head -n 1 "$tmp/$name.err")
    [ "$(lazy_rc $name)" = "$code" ] && pass "$name: exit $code: $err" || bad "$name: exit $(lazy_rc $name) (want $code): $err"
    [ "$(wc -l <"$tmp/$name.err")" = 1 ] || bad "$name: not one line on stderr: $(head -n 5 "$tmp/$name.err")"
    grep -q 'libgssapi_krb5\.so\.2' "$tmp/$name.err" || bad "$name: the error does not name libgssapi_krb5.so.2"
    [ ! -s "$tmp/$name.out" ] || bad "$name: wrote to stdout: $(head -n 3 "$tmp/$name.out")"
}
refused kerberos 7 "$lanman" -k $byname share list
refused kerberos_user 7 "$lanman" -k $byname -U "$LANMAN_TEST_USER@LANMAN.TEST" share list
grep -q 'no Kerberos' "$tmp/kerberos.err" || bad "kerberos: the error does not say there is no Kerberos"

lazy_run auto "$lanman" --auth auto $H share list
[ "$(lazy_rc auto)" = 0 ] && [ "$(rows auto)" -ge 2 ] && pass "--auth auto by address without Kerberos: $(rows auto) rows" ||
    bad "--auth auto by address without Kerberos: exit $(lazy_rc auto): $(lazy_errors auto)"

if [ -n "$agent" ]; then
    (
        cd "$tmp" || exit 1
        minimal_baseline baseline.xml
        : >drift.jsonl
        : >agent.keytab
        printf 'host = dc1.lanman.test\nbaseline = baseline.xml\ndrift_log = drift.jsonl\nuser = lmagent@LANMAN.TEST\nkeytab = agent.keytab\n' >agent.conf
        refused agent 78 "$agent" --check-config --config agent.conf
        grep -q 'config error: agent.conf: ' "$tmp/agent.err" || bad "agent: not a config error: $(cat "$tmp/agent.err")"
        exit $fail
    ) || fail=1
fi
exit $fail
