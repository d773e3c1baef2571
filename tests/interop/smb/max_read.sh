#!/usr/bin/env bash
# max_read.sh [EMULATOR] LANMAN: against a server whose MaxReadSize is small (smbd.sh --max-read 131072, and
# --populate), 'get' of the 64 MiB big.bin keeps every READ within it (issue #19's sizing: lib/smb/get.c) and
# delivers the file whole: its SHA-256 is the fixture's. Samba answers a READ over its max read with
# STATUS_INVALID_PARAMETER, so a loop that asked for more would fail the download as well as the count.
set -euo pipefail
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
MAX=131072
SIZE=67108864
want=$(cat "$LANMAN_TEST_DIR/cache/big.bin.sha256" 2>/dev/null) || {
    echo "FAIL: the fixture has no big.bin (start it with --populate)"
    exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# -v traces every READ the loop sends: "READ mid=N length=L offset=O (window W)".
rc=0
"$@" -v -U "$LANMAN_TEST_USER" get "//$LANMAN_TEST_HOST:$LANMAN_TEST_PORT/$LANMAN_TEST_SHARE/big.bin" - \
    >"$tmp/big.bin" 2>"$tmp/trace" || rc=$?
fail=0
[ "$rc" = 0 ] || { echo "FAIL: get exited $rc:"; tail -n 5 "$tmp/trace"; fail=1; }
got=$(sha256sum <"$tmp/big.bin" | cut -d' ' -f1)
[ "$got" = "$want" ] || { echo "FAIL: big.bin's SHA-256 is $got, the fixture's $want"; fail=1; }
grep -o 'READ mid=[0-9]* length=[0-9]*' "$tmp/trace" | sed 's/.*length=//' >"$tmp/lengths" || true
n=$(wc -l <"$tmp/lengths")
over=$(awk -v max="$MAX" '$1 > max' "$tmp/lengths" | wc -l)
full=$(awk -v max="$MAX" '$1 == max' "$tmp/lengths" | wc -l)
# The first READ travels with the CREATE (traced by the connection, not the loop): the loop sends the rest.
[ "$n" -ge $((SIZE / MAX - 1)) ] || { echo "FAIL: $n READs traced, want at least $((SIZE / MAX - 1))"; fail=1; }
[ "$over" = 0 ] || { echo "FAIL: $over READs asked for more than the server's $MAX bytes"; fail=1; }
[ "$full" -ge $((SIZE / MAX - 2)) ] || { echo "FAIL: only $full READs of $MAX bytes: the loop reads less than it may"; fail=1; }
# The first READ's credit charge: 2 credits pay for 128 KiB (MS-SMB2 3.1.5.2), 16 would be 1 MiB.
first=$(grep -m1 -o -- '-> READ mid=[0-9]* charge=[0-9]*' "$tmp/trace" | sed 's/.*charge=//') || true
[ "$first" = 2 ] || { echo "FAIL: the first READ's credit charge is '$first', want 2 (128 KiB)"; fail=1; }
[ "$fail" = 0 ] || exit 1
echo "ok: $n READs of at most $MAX bytes ($full full), big.bin whole (SHA-256 $want)"
