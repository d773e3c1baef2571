#!/usr/bin/env bash
# fleet.sh [EMULATOR] LANMAN: lanman audit over 500 endpoints in one run, in a network namespace of its own
# (unshare -n, so that its ports and its black hole touch nothing else on the machine):
#   450 ports of one smbd (smb ports = P1 P2 ...), 40 closed ports, and 10 addresses behind a veth pair
#   where every packet vanishes (a black hole: connects time out).
# Checked: every endpoint has a finding of every check or one 'unreachable'; the black-holed ones take no
# longer than --timeout plus a small margin.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../../fixtures/smbd.sh
if [ "${LANMAN_FLEET_NS:-}" != 1 ]; then
    [ "$(id -u)" = 0 ] || { echo "SKIP fleet: needs root (unshare -n, ip link add)"; exit 77; }
    command -v unshare >/dev/null && command -v ip >/dev/null ||
        { echo "SKIP fleet: unshare or ip is missing (util-linux, iproute2)"; exit 77; }
    command -v python3 >/dev/null || { echo "SKIP fleet: python3 is not installed"; exit 77; }
    unshare -n true 2>/dev/null || { echo "SKIP fleet: cannot create a network namespace here"; exit 77; }
    LANMAN_FLEET_NS=1 exec unshare -n bash "$0" "$@"
fi

ip link set lo up
# The black hole: a veth pair whose far end has no address, and fixed neighbour entries, so that a SYN to
# 10.213.0.2-11 leaves and nothing ever answers (no ARP failure either).
ip link add lmhole0 type veth peer name lmhole1
ip addr add 10.213.0.1/24 dev lmhole0
ip link set lmhole0 up
ip link set lmhole1 up
for a in $(seq 2 11); do
    ip neigh replace "10.213.0.$a" lladdr "02:00:00:00:00:$(printf %02x "$a")" dev lmhole0 nud permanent
done
tmp=$(mktemp -d)
dir=$tmp/smbd
cleanup() {
    bash "$fixture" stop "$dir" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM INT
# A fresh namespace has every port free: the smbd's are 20000-20449, the closed ones 30000-30039.
extra=$(seq -s ' ' 20001 20449)
rc=0
bash "$fixture" start "$dir" --port 20000 --extra-ports "$extra" >"$tmp/start.out" 2>&1 || rc=$?
[ "$rc" = 77 ] && { cat "$tmp/start.out"; exit 77; }
[ "$rc" = 0 ] || { echo "FAIL: the fixture did not start:"; cat "$tmp/start.out"; exit 1; }
{
    for p in $(seq 20000 20449); do echo "127.0.0.1:$p"; done
    for p in $(seq 30000 30039); do echo "127.0.0.1:$p"; done
    for a in $(seq 2 11); do echo "10.213.0.$a"; done
} >"$tmp/hosts"
[ "$(wc -l <"$tmp/hosts")" -eq 500 ] || { echo "FAIL: the hosts file has not 500 lines"; exit 1; }
fail=0

# The black hole alone first: 10 targets at once, --timeout 2: all unreachable within 2 s plus a margin.
grep '^10[.]213[.]' "$tmp/hosts" >"$tmp/holes"
start=$(date +%s.%N)
rc=0
"$@" --timeout 2 --format csv audit --hosts-file "$tmp/holes" --jobs 10 >"$tmp/holes.out" 2>"$tmp/holes.err" || rc=$?
took=$(python3 -c "import sys; print('%.2f' % ($(date +%s.%N) - $start))")
n=$(grep -c ',unreachable,info,unknown,timed out' "$tmp/holes.out" || true)
if [ "$rc" != 6 ] || [ "$n" != 10 ] || ! python3 -c "import sys; sys.exit(0 if $took < 3.5 else 1)"; then
    echo "FAIL: black hole: exit $rc (want 6), $n of 10 timed out, took ${took}s (want < 3.5 s):"
    cat "$tmp/holes.out" "$tmp/holes.err"
    fail=1
else
    echo "ok: 10 black-holed targets, all 'unreachable' (timed out) in ${took}s with --timeout 2"
fi

# The whole fleet, every check. The timeout is generous: on a loaded machine one smbd serving 64 audits at
# once can take seconds to answer, and an answer late is not an unreachable target. That --timeout bounds a
# target is checked with the black hole above.
start=$(date +%s.%N)
rc=0
"$@" --timeout 20 --format json audit --hosts-file "$tmp/hosts" --jobs 64 >"$tmp/fleet.out" 2>"$tmp/fleet.err" || rc=$?
took=$(python3 -c "print('%.1f' % ($(date +%s.%N) - $start))")
python3 - "$tmp/fleet.out" "$tmp/hosts" "$rc" <<'PY' || fail=1
import json, sys
doc = json.load(open(sys.argv[1]))
hosts = [l.strip() for l in open(sys.argv[2]) if l.strip()]
rc = int(sys.argv[3])
by = {}
for r in doc:
    by.setdefault(r["Host"], []).append(r)
assert set(by) == set(hosts), f"{len(set(hosts) - set(by))} endpoints have no finding"
bad = []
for h in hosts:
    checks = [r["Check"] for r in by[h]]
    if h.startswith("127.0.0.1:200") or h.startswith("127.0.0.1:201") or h.startswith("127.0.0.1:202") \
            or h.startswith("127.0.0.1:203") or h.startswith("127.0.0.1:204"):
        want = ["smb1", "dialects", "signing", "encryption", "null-session", "null-enum", "guest",
                "share-write", "admin-shares", "registry", "spooler", "smbghost"]
    else:
        want = ["unreachable"]
    if checks != want:
        bad.append((h, checks))
assert not bad, f"{len(bad)} endpoints with other findings than expected, e.g. {bad[:3]}"
# The fixture's smbd fails medium checks (signing auto) but no high one: the default --fail-on high exits 0.
assert rc == 0, f"exit {rc}, want 0"
print("ok: 500 endpoints, 450 audited with %d findings each, 50 unreachable" % len(want))
PY
echo "fleet: exit $rc, ${took}s for 500 endpoints"
[ "$fail" = 0 ] && echo "fleet: all ok"
exit "$fail"
