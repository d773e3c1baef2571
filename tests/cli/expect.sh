#!/usr/bin/env bash
# expect.sh RC PATTERN -- COMMAND...: runs COMMAND (stdout+stderr captured) and passes when it exits with RC
# and its output matches the extended regex PATTERN (and, with EXPECT_ABSENT set, does not contain that
# fixed string anywhere). Prints what it saw either way.
set -u -o pipefail
want_rc=$1 pattern=$2
shift 2
[ "$1" = "--" ] && shift
out=$("$@" 2>&1)
rc=$?
# Windows programs write CRLF in text mode; the patterns are about content, not line ends.
out=${out//$'\r'/}
printf '%s\n' "$out"
if [ "$rc" -ne "$want_rc" ]; then
    echo "expect: exit code $rc, wanted $want_rc" >&2
    exit 1
fi
if ! grep -Eq -- "$pattern" <<<"$out"; then
    echo "expect: output does not match /$pattern/" >&2
    exit 1
fi
if [ -n "${EXPECT_ABSENT:-}" ] && grep -qF -- "$EXPECT_ABSENT" <<<"$out"; then
    echo "expect: output contains '$EXPECT_ABSENT'" >&2
    exit 1
fi
echo "expect: ok (exit $rc)"
