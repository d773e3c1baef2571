# Sourced by the audit tests (bash): run WANT_RC NAME ARGS... runs ARGS with stdout in $tmp/NAME.out and stderr
# in $tmp/NAME.err, and checks the exit code: "ok: NAME: exit N", or "FAIL: ..." with stderr and fail=1.
# The callers set it already; set here too, so that no pipeline in this file can lose its status.
set -o pipefail
run() {
    local want=$1 name=$2 rc=0
    shift 2
    "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
    if [ "$rc" -ne "$want" ]; then
        echo "FAIL: $name: exit $rc, want $want; stderr:"
        cat "$tmp/$name.err"
        fail=1
    else
        echo "ok: $name: exit $rc"
    fi
}
