#!/usr/bin/env bash
# hostile.sh CORPUS_DIR WORK_DIR [EMULATOR] LANMAN: `lanman config apply` of every file of the hostile corpus
# (tests/fixtures/xml) and of a document with a 100 MB attribute (generated into WORK_DIR, deleted after)
# against the fixture (LANMAN_SMBD_ENV_FILE): each is refused with exit 2, one line on stderr, nothing on
# stdout, and the server is unchanged: its exports before and after are equal (but for the export time and
# current uses), and so are its share list and settings. Each snapshot is checked (exit codes, and at least
# one share), so that two failed or empty reads cannot compare equal.
set -euo pipefail
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
corpus=$1 work=$2
shift 2
fail=0
mkdir -p "$work" || exit 1

# What the server has: its whole configuration, shares with every property, and the Lanman settings.
# Fails (with the reason on stderr) when a read fails or is empty.
snapshot() {
    local doc shares settings n
    doc=$("$@" $H config export) || { echo "config export exits $?" >&2; return 1; }
    grep -q '<lanman-config ' <<<"$doc" || { echo "config export printed no document: $doc" >&2; return 1; }
    shares=$("$@" $H --format csv share list) || { echo "share list exits $?" >&2; return 1; }
    n=$(grep -c . <<<"$shares" || true)
    [ "$n" -ge 2 ] || { echo "share list printed $n lines (want a header and a share): $shares" >&2; return 1; }
    settings=$("$@" $H --format csv config list) || { echo "config list exits $?" >&2; return 1; }
    [ -n "$settings" ] || { echo "config list printed nothing" >&2; return 1; }
    sed -e 's/ exported="[^"]*"//' -e 's/ current-uses="[0-9]*"//g' <<<"$doc"
    printf '%s\n%s\n' "$shares" "$settings"
}

# A lanman configuration document whose host name is 100 MB.
huge=$work/huge-attribute.xml
{
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<lanman-config xmlns="urn:lanman:config:1" version="1">\n'
    printf ' <host name="'
    head -c 104857600 /dev/zero | tr '\0' A
    printf '" backend="remote" exported="2026-01-01T00:00:00Z" tool-version="0.1.0"/>\n'
    printf ' <shares><share name="Huge" type="Disk" type-flags="00000000"><path>C:\\tmp</path></share></shares>\n'
    printf '</lanman-config>\n'
} >"$huge" || exit 1

before=$(snapshot "$@") || { echo "FAIL: cannot read the server before the corpus"; rm -f "$huge"; exit 1; }
n=0
for f in "$corpus"/*.xml "$huge"; do
    n=$((n + 1))
    rc=0
    out=$("$@" $H config apply "$f" 2>"$work/stderr") || rc=$?
    err=$(tr -d '\r' <"$work/stderr")
    lines=$(printf '%s\n' "$err" | wc -l)
    name=$(basename "$f")
    if [ "$rc" -ne 2 ] || [ -n "$out" ] || [ "$lines" -ne 1 ] || ! grep -qF -- "$name" <<<"$err"; then
        printf 'FAIL: %s: exit %s (want 2), stdout "%s", stderr (%s lines): %s\n' "$name" "$rc" "$out" "$lines" "$err"
        fail=1
    else
        printf 'ok: %s: %s\n' "$name" "$err" | cut -c1-200
    fi
done
rm -f "$huge" "$work/stderr"
after=$(snapshot "$@") || { echo "FAIL: cannot read the server after the corpus"; exit 1; }
if [ "$before" != "$after" ]; then
    echo "FAIL: the server changed:"
    printf '%s\n' "$before" >"$work/before"
    printf '%s\n' "$after" >"$work/after"
    diff "$work/before" "$work/after" || true
    fail=1
fi
[ "$n" -ge 17 ] || { echo "FAIL: only $n documents (the corpus is missing?)"; fail=1; }
echo "$n documents refused; server unchanged: $([ "$before" = "$after" ] && echo yes || echo no)"
exit $fail
