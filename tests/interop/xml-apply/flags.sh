#!/usr/bin/env bash
# flags.sh XSD [EMULATOR] LANMAN: the share flags (level 1005) in config export and apply against real Samba
# (issue 17). A registry share with csc policy = documents (net conf, as interop.rpc.shareflags makes it):
#   1. the export is version 2, valid against schema/lanman-config.xsd (xmllint --schema), and the share's
#      <flags> says caching-mode="Documents", value 00000010 (the 16 share show reads);
#   2. applied back, it asks for nothing ("no changes");
#   3. with caching-mode="None", --dry-run shows the change and changes nothing; the apply fails at that
#      step (exit 1) naming what Samba left unchanged (it answers level 1005 and keeps smb.conf's value),
#      and the flags are still 16;
#   4. a share the document adds with caching-mode="Programs": Samba adds it and keeps Manual, so the add
#      is undone ("rolled back: share NAME removed") and the share is not there afterwards;
#   5. the version-1 form of the document (no <flags>) with a new description: the change is applied and
#      the flags are left alone (a flags step would fail on Samba).
# Exit 77 (skip) without the fixture, net or xmllint.
set -euo pipefail
xsd=$1
shift
lanman=("$@")
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
for t in net xmllint; do
    command -v "$t" >/dev/null || { echo "SKIP: $t is not installed"; exit 77; }
done
name="lmxflags$$" added="lmxadd$$"
work=$(mktemp -d)
cleanup() {
    net -s "$LANMAN_TEST_CONF" conf delshare "$name" >/dev/null 2>&1 || true
    net -s "$LANMAN_TEST_CONF" conf delshare "$added" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail=0
bad() {
    echo "FAIL: $*"
    fail=1
}
# One lanman run: its output in $out, its exit code in $rc (never lost).
lm() {
    rc=0
    out=$("$@" 2>&1) || rc=$?
    out=$(printf '%s\n' "$out" | tr -d '\r')
}
# The share's flags as share show reads them (interop.rpc.shareflags checks them against rpcclient's).
flags_are() { # flags_are NAME DECIMAL WHEN
    lm "${lanman[@]}" $H share show "$1"
    grep -Eq "^ShareFlags +: $2$" <<<"$out" || bad "$3: share show $1 exits $rc: $out"
}
xp() { xmllint --xpath "$1" "$2" 2>/dev/null || true; }
F="/*[local-name()='lanman-config']/*[local-name()='shares']/*[local-name()='share'][@name='$name']"

net -s "$LANMAN_TEST_CONF" conf addshare "$name" "$LANMAN_TEST_SHARE_PATH" writeable=y guest_ok=n "flags" \
    >"$work/net" 2>&1 && net -s "$LANMAN_TEST_CONF" conf setparm "$name" "csc policy" documents >>"$work/net" 2>&1 ||
    { cat "$work/net"; echo "FAIL: net conf cannot make the test share"; exit 1; }
flags_are "$name" 16 "csc policy = documents"
[ "$fail" -eq 0 ] || exit 1

# 1. The export.
lm "$@" $H config export -o "$work/doc.xml"
[ "$rc" -eq 0 ] || { echo "FAIL: config export exits $rc: $out"; exit 1; }
xmllint --noout --schema "$xsd" "$work/doc.xml" || bad "the export does not validate against $xsd"
[ "$(xp 'string(/*/@version)' "$work/doc.xml")" = 2 ] || bad "the export's version is not 2"
got=$(xp "string($F/*[local-name()='flags']/@caching-mode)" "$work/doc.xml")
[ "$got" = Documents ] || bad "the share's caching-mode is '$got', not Documents"
got=$(xp "string($F/*[local-name()='flags']/@value)" "$work/doc.xml")
[ "$got" = 00000010 ] || bad "the share's flags value is '$got', not 00000010"
got=$(xp "string($F/*[local-name()='flags']/@encrypt-data)" "$work/doc.xml")
[ "$got" = false ] || bad "the share's encrypt-data is '$got', not false"
n=$(xp "count(//*[local-name()='flags'])" "$work/doc.xml")
[ "${n:-0}" -ge 2 ] || bad "the export has ${n:-0} <flags> elements, not one for each of the test share and IPC\$"

# 2. The same document asks for nothing.
lm "$@" $H config apply "$work/doc.xml" --only shares
[ "$rc" -eq 0 ] && grep -q '^no changes$' <<<"$out" || bad "applying the export back: exit $rc: $out"

# 3. CachingMode None: planned, refused by what Samba leaves.
sed "/<share name=\"$name\"/,/<\/share>/s/caching-mode=\"Documents\"/caching-mode=\"None\"/" "$work/doc.xml" >"$work/none.xml"
grep -q 'caching-mode="None"' "$work/none.xml" || { echo "FAIL: cannot make the CachingMode None document"; exit 1; }
lm "$@" $H config apply "$work/none.xml" --only shares --dry-run
[ "$rc" -eq 0 ] && grep -qx "~ share $name: caching-mode=Documents -> caching-mode=None" <<<"$out" ||
    bad "--dry-run: exit $rc: $out"
lm "$@" $H config apply "$work/none.xml" --only shares
echo "$out"
[ "$rc" -eq 1 ] || bad "the CachingMode change exits $rc, not 1"
grep -qx "lanman: config apply stopped at step 1 of 1 (change share: share $name): cannot change the flags of share $name: the server accepted the change but left CachingMode unchanged (a Samba server takes these from smb.conf); 0 done, 1 not done" <<<"$out" ||
    bad "the failure is not reported exactly"
flags_are "$name" 16 "after the refused change"

# 4. An added share whose flags Samba keeps: the add is undone.
mkdir -p "$LANMAN_TEST_DIR/$added"
path=$(printf 'C:%s' "$LANMAN_TEST_DIR/$added" | tr / '\\')
cat >"$work/add.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<lanman-config xmlns="urn:lanman:config:1" version="2">
  <host name="t" backend="remote" exported="2026-12-06T00:00:00Z" tool-version="0.1.0"/>
  <shares>
    <share name="$added" type="Disk" type-flags="00000000">
      <path>$path</path>
      <flags caching-mode="Programs"/>
    </share>
  </shares>
</lanman-config>
XML
lm "$@" $H config apply "$work/add.xml" --dry-run
[ "$rc" -eq 0 ] && grep -q "^+ share $added path=.* caching-mode=Programs$" <<<"$out" || bad "--dry-run of the add: exit $rc: $out"
lm "$@" $H config apply "$work/add.xml"
echo "$out"
[ "$rc" -eq 1 ] || bad "the add with CachingMode Programs exits $rc, not 1"
grep -q "^lanman: config apply stopped at step 1 of 1 (add share: share $added): cannot change the flags of share $added: .*left CachingMode unchanged.*; rolled back: share $added removed; 0 done, 1 not done$" <<<"$out" ||
    bad "the undone add is not reported exactly"
lm "$@" $H share show "$added"
[ "$rc" -eq 4 ] || bad "share show $added after the undone add exits $rc, not 4: $out"

# 5. The version-1 form: no <flags>, a new description; the flags are left alone.
sed -e 's/ version="2"/ version="1"/' -e '/<flags /d' \
    -e "/<share name=\"$name\"/,/<\/share>/s|<description>flags</description>|<description>v1 text</description>|" \
    "$work/doc.xml" >"$work/v1.xml"
grep -q '<description>v1 text</description>' "$work/v1.xml" && ! grep -q '<flags' "$work/v1.xml" ||
    { echo "FAIL: cannot make the version-1 document"; exit 1; }
xmllint --noout --schema "$xsd" "$work/v1.xml" || bad "the version-1 document does not validate"
lm "$@" $H config apply "$work/v1.xml" --only shares
echo "$out"
[ "$rc" -eq 0 ] && grep -qx "done: change share: share $name" <<<"$out" || bad "the version-1 apply: exit $rc"
lm "$@" $H share show "$name"
grep -Eq '^Description +: v1 text$' <<<"$out" && grep -Eq '^CachingMode +: Documents$' <<<"$out" ||
    bad "after the version-1 apply: $out"
exit "$fail"
