#!/usr/bin/env bash
# roundtrip.sh DST_ENV_FILE [EMULATOR] LANMAN: migration from one Samba to another with `lanman config
# export` and `lanman config apply --map-path`, as issue 7 describes it:
#   1. the source (LANMAN_SMBD_ENV_FILE) gets two shares (one read-only for Everyone, one with a non-ASCII
#      description) and is exported;
#   2. the document is applied to the second, empty instance (DST_ENV_FILE) with --map-path SRC=DST
#      (a --dry-run first, which changes nothing);
#   3. the target is exported;
#   4. the shares and services sections of the two documents are equal, modulo the host element, current
#      uses and the mapped paths;
#   5. a second apply says "no changes" (exit 0), and so does one with --prune (IPC$ is never pruned).
# Then a document whose second share cannot be created: the run stops there, prints what was done and not
# done, exits 1, and the third share is not created. Samba 4.17 has no LanmanServer\Parameters key and its
# svcctl lists no Lanman services: both documents say so (present="false"); the round trip is about shares.
# Every share list is checked (exit code, and at least a share and IPC$), so that two failed or empty lists
# cannot compare equal.
set -euo pipefail
smbdenv=$(dirname "$0")/../../fixtures/smbdenv.sh
. "$smbdenv"
SRC=$H src_dir=$LANMAN_TEST_DIR src_password=$LANMAN_TEST_PASSWORD
LANMAN_SMBD_ENV_FILE=$1
. "$smbdenv"
DST=$H dst_dir=$LANMAN_TEST_DIR
[ "$src_password" = "$LANMAN_TEST_PASSWORD" ] || { echo "FAIL: the two instances need the same account"; exit 1; }
command -v xmllint >/dev/null || { echo "SKIP: xmllint is not installed (libxml2-utils)"; exit 77; }
shift
fail=0
work=$src_dir/roundtrip
mkdir -p "$work" || exit 1

win() { printf 'C:%s' "$1" | tr / '\\'; }
src_root=$(win "$src_dir") dst_root=$(win "$dst_dir")

# One lanman run, its exit code and output checked (tests/cli/expect.sh prints what it saw).
expect=$(dirname "$0")/../../cli/expect.sh
run() { # run WANT_RC PATTERN ARGS...
    bash "$expect" "$@" || { echo "FAIL: the run above"; fail=1; }
}

esc() { printf '%s' "$1" | sed 's/[\\|&.]/\\&/g'; }

# The shares as the target should end up: every column but CurrentUsers, paths in the target's terms.
# Fails (the reason on stderr) when share list fails or lists fewer than a share and IPC$.
shares() { # shares ROOT_FROM ROOT_TO LANMAN...
    local from to out n
    from=$(esc "$1") to=$(esc "$2")
    shift 2
    out=$("$@" --format csv share list) || { echo "FAIL: share list exits $?" >&2; return 1; }
    out=$(tr -d '\r' <<<"$out")
    n=$(grep -c . <<<"$out" || true)
    [ "$n" -ge 3 ] || { echo "FAIL: share list printed $n lines (want a header, a share and IPC\$): $out" >&2; return 1; }
    cut -d, -f1-8,10- <<<"$out" | sed "s|$from|$to|g" | sort
}

for d in "$src_dir" "$dst_dir"; do mkdir -p "$d/share/reports" "$d/share/archive" || exit 1; done
run 0 "" "$@" $SRC share add Reports "$src_root\\share\\reports" --description "Monthly reports"
run 0 "" "$@" $SRC share add Archive "$src_root\\share\\archive" --description "Archivé 2025" --read Everyone

run 0 "" "$@" $SRC config export -o "$work/source.xml"
xmllint --noout "$work/source.xml" || { echo "FAIL: the source's export is not XML"; fail=1; }

before=$(shares x x "$@" $DST) || exit 1
run 0 "^\\+ share Archive path=.*archive description=\"Archivé 2025\" max-uses=unlimited grants=Everyone:Read$" \
    "$@" $DST config apply "$work/source.xml" --map-path "$src_root=$dst_root" --dry-run
after=$(shares x x "$@" $DST) || exit 1
[ "$after" = "$before" ] || { echo "FAIL: --dry-run changed the target"; fail=1; }
run 0 "^done: add share: share Archive$" "$@" $DST config apply "$work/source.xml" --map-path "$src_root=$dst_root"
run 0 "" "$@" $DST config export -o "$work/target.xml"
# The sections that were applied, one attribute per line, without what is host-specific (current uses).
sections() { # sections FILE ROOT_FROM ROOT_TO
    local from to out
    from=$(esc "$2") to=$(esc "$3")
    out=$(xmllint --xpath "/*/*[local-name()='service' or local-name()='shares']" "$1") ||
        { echo "FAIL: xmllint --xpath $1 exits $?" >&2; return 1; }
    sed -e "s|$from|$to|g" -e 's/ current-uses="[0-9]*"//' -e 's/> *</>\n</g' -e 's/" /"\n/g' <<<"$out"
}
want=$(sections "$work/source.xml" "$src_root" "$dst_root") || want=""
got=$(sections "$work/target.xml" x x) || got=""
if [ -z "$want" ] || [ "$want" != "$got" ]; then
    echo "FAIL: the target's export differs from the source's (mapped):"
    printf '%s\n' "$want" >"$work/want"
    printf '%s\n' "$got" >"$work/got"
    diff "$work/want" "$work/got" || true
    fail=1
else
    printf 'ok: the exports are equal (%s lines of shares and services, mapped)\n' "$(printf '%s\n' "$got" | wc -l)"
fi
for n in Reports Archive; do
    grep -q "name=\"$n\"" "$work/target.xml" || { echo "FAIL: $n is not in the target's export"; fail=1; }
done
run 0 "^no changes$" "$@" $DST config apply "$work/source.xml" --map-path "$src_root=$dst_root"
run 0 "^no changes$" "$@" $DST config apply "$work/source.xml" --map-path "$src_root=$dst_root" --prune
# Without the map the paths differ: each share would be re-created at the source's path.
run 0 "^-\\+ share Reports path=.* \\(re-created: the path changes; was path=" "$@" $DST config apply "$work/source.xml" --dry-run

# A step that fails stops the run: what was done is printed, then one error line with the reason (once: the
# FAILED line does not repeat it) and the count of steps not done (no line each), exit 1.
mkdir -p "$dst_dir/share/alpha" "$dst_dir/share/zulu"
cat >"$work/partial.xml" <<DOC
<?xml version="1.0" encoding="UTF-8"?>
<lanman-config xmlns="urn:lanman:config:1" version="1">
 <host name="source" backend="remote" exported="2026-11-22T00:00:00Z" tool-version="0.1.0"/>
 <shares>
  <share name="Alpha" type="Disk" type-flags="00000000"><path>$dst_root\\share\\alpha</path></share>
  <share name="Broken" type="Disk" type-flags="00000000"><path>$dst_root\\share\\no\\such\\dir</path></share>
  <share name="Zulu" type="Disk" type-flags="00000000"><path>$dst_root\\share\\zulu</path></share>
 </shares>
</lanman-config>
DOC
rc=0
"$@" $DST config apply "$work/partial.xml" >"$work/stdout" 2>"$work/stderr" || rc=$?
out=$(tr -d '\r' <"$work/stdout")
err=$(tr -d '\r' <"$work/stderr")
printf '%s\n%s\n' "$out" "$err"
if [ "$rc" -ne 1 ] || ! grep -q '^done: add share: share Alpha$' <<<"$out" ||
    ! grep -q '^FAILED: add share: share Broken$' <<<"$out" ||
    grep -q 'not done' <<<"$out" ||
    [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] ||
    ! grep -q 'stopped at step 2 of 3 (add share: share Broken): .*WERR_[A-Z_]*; 1 done, 2 not done$' <<<"$err" ||
    [ "$(printf '%s\n%s\n' "$out" "$err" | grep -c 'WERR_')" -ne 1 ]; then
    echo "FAIL: a failed step: exit $rc (want 1), or the lines above are not what was done and not done"
    fail=1
fi
got=$(shares x x "$@" $DST) || exit 1
got=$(cut -d, -f1 <<<"$got" | tr '\n' ' ')
case $got in
*Alpha*Zulu* | *Zulu*) echo "FAIL: Zulu was added after the failed step: $got"; fail=1 ;;
*Alpha*) echo "ok: Alpha added, Zulu not: $got" ;;
*) echo "FAIL: Alpha missing: $got"; fail=1 ;;
esac
exit $fail
