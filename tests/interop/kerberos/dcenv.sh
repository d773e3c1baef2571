# shellcheck shell=bash
# dcenv.sh: sourced (with `.`) by the Kerberos test scripts (bash). Without the AD DC fixture's env file
# (LANMAN_ADDC_ENV_FILE, written by tests/fixtures/addc.sh start) it prints the reason and exits 77 (skipped).
# Else it loads the file (LANMAN_DC_*), makes $tmp (removed at exit, with the `cleanup_hook` the script may
# define), and defines:
#   dc CMD...            run CMD in the DC's namespaces (addc.sh run), with its krb5.conf
#   kt_user U P CCACHE   kinit U@REALM into the file CCACHE, the password on stdin: 0 when it worked
#   lm ARGS...           run "${lanman[@]}" ARGS in the namespace: stdout in $tmp/out, stderr in $tmp/err,
#                        the exit code in $rc (the script sets lanman=(...) first)
#   expect CODE WHAT     the last lm's exit code is CODE, else FAIL with its output
#   says TEXT WHAT       the last lm's stderr has TEXT (fixed string), else FAIL
#   trips                the round trips the last lm -v reported ("trace: round trips: N": lm_smb_info's count
#                        of request/response exchanges waited for since the TCP connect); FAIL unless one such line
#   logon                how the last lm -v logged on, from its "trace: logged on: MECH, ..." line (lm_smb_info's
#                        mech: Kerberos, NTLM, anonymous, guest); FAIL unless one such line
#   fail MSG             print FAIL: MSG and exit 1
# The callers set it already; set here too, so that no pipeline in this file can lose its status.
set -o pipefail
[ -n "${LANMAN_ADDC_ENV_FILE:-}" ] && [ -f "$LANMAN_ADDC_ENV_FILE" ] || {
    echo "SKIP: no AD DC fixture env file (${LANMAN_ADDC_ENV_FILE:-unset}): tests/fixtures/addc.sh did not start"
    exit 77
}
. "$LANMAN_ADDC_ENV_FILE"
# Never the machine's own ticket cache or Kerberos configuration.
export KRB5CCNAME=FILE:/nonexistent/krb5cc KRB5_CONFIG=$LANMAN_DC_KRB5_CONFIG
unset LANMAN_PASSWORD KRB5_CLIENT_KTNAME
tmp=$(mktemp -d)
_dcenv_cleanup() {
    if declare -F cleanup_hook >/dev/null; then cleanup_hook || true; fi
    rm -rf "$tmp"
}
trap _dcenv_cleanup EXIT
chmod 755 "$tmp" # the DC's processes need not read it, but lanman run as root in the namespace does

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

dc() { bash "$LANMAN_DC_SCRIPT" run "$LANMAN_DC_DIR" "$@"; }

kt_user() {
    printf '%s\n' "$2" | KRB5CCNAME=FILE:$3 dc kinit "$1@$LANMAN_DC_REALM" >"$tmp/kinit.out" 2>&1 ||
        { cat "$tmp/kinit.out" >&2; return 1; }
}

lm() {
    rc=0
    dc "${lanman[@]}" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
}

expect() {
    [ "$rc" = "$1" ] || { cat "$tmp/out" "$tmp/err" >&2; fail "$2: exit $rc, expected $1"; }
}

says() {
    grep -qF -- "$1" "$tmp/err" || { cat "$tmp/err" >&2; fail "$2: stderr does not say '$1'"; }
}

# one_traced WHAT SED: the one value SED extracts from the last lm's -v trace, or FAIL.
one_traced() {
    local v
    v=$(sed -n "$2" "$tmp/err")
    [ -n "$v" ] && [ "$(printf '%s\n' "$v" | wc -l)" = 1 ] ||
        { cat "$tmp/err" >&2; fail "not one '$1' line in the trace"; }
    printf '%s\n' "$v"
}
trips() { one_traced "round trips" 's/^lanman: trace: round trips: \([0-9][0-9]*\)$/\1/p'; }
logon() { one_traced "logged on" 's/^lanman: trace: logged on: \([a-zA-Z]*\), .*$/\1/p'; }
