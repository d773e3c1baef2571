#!/usr/bin/env bash
# faults.sh [EMULATOR] LANMAN: config apply against real Samba when a step fails, and changes that must not
# remove a share (issue 14):
#   1. a permissions-only change is made in place: the share is never deleted (the fixture's delete share
#      command logs every call), and its descriptor is the new one;
#   2. a path change whose add the server refuses (the fixture's add share command refuses a path with
#      FAIL-ADD in it) is rolled back: exit 1, "rolled back: share Keep restored", and the share is there
#      afterwards with its old path, description and permissions, as lanman and smbclient -L
#      both see it.
set -euo pipefail
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() {
    echo "FAIL: $*"
    fail=1
}

win() { printf 'C:%s' "$1" | tr / '\\'; }
keep_dir=$LANMAN_TEST_DIR/keep
mkdir -p "$keep_dir" "$LANMAN_TEST_DIR/FAIL-ADD"
keep_path=$(win "$keep_dir")
dellog=$LANMAN_TEST_DIR/delshare.log

# One lanman run: its output in $out, its exit code in $rc (never lost).
lm() {
    rc=0
    out=$("$@" 2>&1) || rc=$?
    out=$(printf '%s\n' "$out" | tr -d '\r')
}

# A one-share document for Keep: PATH and RIGHT (Read or Full) of Everyone.
doc() { # doc FILE PATH RIGHT MASK
    cat >"$1" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<lanman-config version="1" xmlns="urn:lanman:config:1">
  <host name="t" backend="remote" exported="2026-12-06T00:00:00Z" tool-version="0.1.0"/>
  <shares>
    <share name="Keep" type="Disk" type-flags="00000000">
      <path>$2</path>
      <description>kept</description>
      <security sddl="D:(A;;FA;;;WD)">
        <grant sid="S-1-1-0" account="Everyone" access="allow" right="$3" mask="$4"/>
      </security>
    </share>
  </shares>
</lanman-config>
EOF
}

# Keep as lanman sees it: "path|description|limit|sddl".
show_keep() {
    lm "$@" $H --format json share show Keep
    [ "$rc" -eq 0 ] || {
        bad "share show Keep exits $rc: $out"
        return
    }
    keep=$(printf '%s' "$out" | python3 -c 'import json,sys; s=json.load(sys.stdin); s=s[0] if isinstance(s, list) else s
print("%s|%s|%s|%s" % (s["Path"], s["Description"], s["ConcurrentUserLimit"], s["SecurityDescriptor"]))')
}

lm "$@" $H share add Keep "$keep_path" --description kept --read Everyone
[ "$rc" -eq 0 ] || { echo "FAIL: cannot set up the share Keep (exit $rc): $out"; exit 1; }
show_keep "$@"
before=$keep
echo "Keep before: $before"
case $before in *"|kept|"*"(A;;0x1200a9;;;WD)"*) ;; *) bad "Keep is not as added: $before" ;; esac

# 1. Permissions only: in place.
rm -f "$dellog"
doc "$work/full.xml" "$keep_path" Full 001F01FF
lm "$@" $H config apply "$work/full.xml"
echo "$out"
[ "$rc" -eq 0 ] || bad "the permissions change exits $rc"
grep -q '^done: change share: share Keep$' <<<"$out" || bad "no in-place change step for Keep"
grep -q 'remove share\|re-create share' <<<"$out" && bad "the permissions change removed or re-created Keep"
[ ! -s "$dellog" ] || bad "the server's delete share command ran: $(cat "$dellog")"
show_keep "$@"
case $keep in *"|kept|"*"(A;;FA;;;WD)"*) ;; *) bad "Keep after the permissions change: $keep" ;; esac
lm "$@" $H config apply "$work/full.xml"
[ "$rc" -eq 0 ] && grep -q '^no changes$' <<<"$out" || bad "a second apply is not 'no changes' (exit $rc): $out"

# Back to read-only, in place as well, for the rollback below to restore.
doc "$work/read.xml" "$keep_path" Read 001200A9
lm "$@" $H config apply "$work/read.xml"
[ "$rc" -eq 0 ] || bad "back to Read exits $rc: $out"
show_keep "$@"
[ "$keep" = "$before" ] || bad "Keep after going back to Read: $keep, was $before"

# 2. A path change whose add the server refuses: rolled back. A re-create removes the share for a moment:
# without a terminal it needs --yes (exit 2 and nothing removed without it).
rm -f "$dellog"
doc "$work/moved.xml" "$(win "$LANMAN_TEST_DIR/FAIL-ADD")" Read 001200A9
lm "$@" $H config apply "$work/moved.xml" </dev/null
echo "$out"
[ "$rc" -eq 2 ] && grep -q 'add --yes to apply it$' <<<"$out" || bad "the re-create without --yes exits $rc, not 2"
[ ! -s "$dellog" ] || bad "the re-create without --yes removed Keep: $(cat "$dellog")"
lm "$@" $H config apply "$work/moved.xml" --yes
echo "$out"
[ "$rc" -eq 1 ] || bad "the failed re-create exits $rc, not 1"
grep -q '^-+ share Keep path=.*FAIL-ADD' <<<"$out" || bad "the plan has no re-create line for Keep"
grep -q '^FAILED: re-create share: share Keep$' <<<"$out" &&
    grep -q '^lanman: config apply stopped at step 1 of 1 (re-create share: share Keep): .*rolled back: share Keep restored; 0 done, 1 not done$' <<<"$out" ||
    bad "no 'rolled back: share Keep restored'"
grep -qx Keep "$dellog" || bad "the re-create never removed Keep (the fixture did not see it)"
show_keep "$@"
echo "Keep after the rollback: $keep"
[ "$keep" = "$before" ] || bad "Keep after the rollback: $keep, was $before"

# smbclient agrees: Keep is listed, with its description.
rc=0
list=$(smbclient -L "$LANMAN_TEST_HOST" -p "$LANMAN_TEST_PORT" -U "$LANMAN_TEST_USER%$LANMAN_TEST_PASSWORD" \
    -s "$LANMAN_TEST_CONF" 2>&1) || rc=$?
[ "$rc" -eq 0 ] || bad "smbclient -L exits $rc: $list"
grep -Eq '^[[:space:]]+Keep[[:space:]]+Disk[[:space:]]+kept$' <<<"$list" || bad "smbclient -L does not list Keep: $list"

lm "$@" $H share remove Keep
[ "$fail" -eq 0 ] && echo "faults: ok"
exit "$fail"
