#!/usr/bin/env bash
# bench/audit.sh: 'lanman audit' (every check) against 'nmap --script smb-protocols,smb2-security-mode'
# (Debian's nmap) on the same endpoints, in one run: wall time, CPU (user+sys) and peak RSS.
#
#   LANMAN=build/linux/cli/lanman bench/audit.sh [--endpoints N] [--jobs N]
#
#   --endpoints N  addresses audited (default 500): 127.0.1.1 onwards, port 445, all reaching one smbd
#   --jobs N       lanman's --jobs (default 64)
#   --checks LIST  lanman's --checks (default all; smb1,dialects,signing is what nmap's two scripts cover)
#
# nmap's SMB scripts reach a host on port 445 or 139 only, so the endpoints are N loopback addresses on port
# 445 of one smbd that listens on every address (smbd.sh --bind-any), in a network namespace of the bench's
# own (unshare -n; root), so that nothing else on the machine is touched. One run of each, lanman first;
# nmap runs with -Pn -n -T4 and the two scripts. Also printed: the load average before and after, and the
# server's CPU during each client's run (smbd, and samba-dcerpcd with its rpcd_* workers). Builds nothing; needs root, smbd, nmap and GNU time
# (scripts/deps.sh bench).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LANMAN=${LANMAN:-$ROOT/build/linux/cli/lanman}
ENDPOINTS=500
JOBS=64
CHECKS=all
BENCH=audit
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
ARGS=("$@") # for the run inside the namespace

while [ $# -gt 0 ]; do
    case $1 in
    --endpoints) ENDPOINTS=${2:?}; shift ;;
    --jobs) JOBS=${2:?}; shift ;;
    --checks) CHECKS=${2:?}; shift ;;
    -h | --help) bench_usage ;;
    *) echo "audit.sh: unknown option '$1'" >&2; bench_usage ;;
    esac
    shift
done
case $ENDPOINTS$JOBS in *[!0-9]*) echo "audit.sh: --endpoints and --jobs take numbers" >&2; exit 2 ;; esac
[ "$ENDPOINTS" -ge 1 ] && [ "$ENDPOINTS" -le 60000 ] || { echo "audit.sh: --endpoints 1..60000" >&2; exit 2; }
command -v nmap >/dev/null || { echo "audit.sh: nmap is not installed (scripts/deps.sh bench)" >&2; exit 1; }
[ -x "$LANMAN" ] || { echo "audit.sh: no lanman at $LANMAN (set LANMAN)" >&2; exit 1; }

if [ "${LANMAN_BENCH_NS:-}" != 1 ]; then
    [ "$(id -u)" = 0 ] || { echo "audit.sh: needs root (unshare -n)" >&2; exit 1; }
    LANMAN_BENCH_NS=1 exec unshare -n bash "$0" "${ARGS[@]}"
fi
ip link set lo up
bench_tmp audit
dir=$TMP/smbd
FIXTURE=$dir
bash "$ROOT/tests/fixtures/smbd.sh" start "$dir" --port 445 --bind-any >"$TMP/start.out" 2>&1 ||
    { cat "$TMP/start.out" >&2; exit 1; }
# 127.0.1.1 onwards, skipping .0 and .255 in the last byte.
python3 -c "
n = $ENDPOINTS; a = 1 << 8 | 1
out = []
while len(out) < n:
    if a & 255 not in (0, 255):
        out.append('127.0.%d.%d' % (a >> 8 & 255, a & 255) if a < 65536 else '127.%d.%d.%d' % (a >> 16, a >> 8 & 255, a & 255))
    a += 1
print('\n'.join(out))" >"$TMP/hosts"

# The server's CPU seconds so far, "smbd rpc": user+sys of every live process of the fixture (its command line
# names the fixture's directory), each with its reaped children's (an smbd per connection; an rpcd_* per
# client of samba-dcerpcd), smbd's apart from samba-dcerpcd's and the rpcd_* servers'.
server_cpu() {
    local p hz
    hz=$(getconf CLK_TCK)
    for p in /proc/[0-9]*; do
        tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF -- "$dir/" && cat "$p/stat" 2>/dev/null
    done | awk -v hz="$hz" '
        { rest = $0; sub(/.*\) /, "", rest); comm = substr($0, index($0, " (") + 2); split(rest, f, " ")
          t = f[12] + f[13] + f[14] + f[15]; if (comm ~ /^smbd/) a += t; else b += t }
        END { printf "%.2f %.2f\n", a / hz, b / hz }'
}
# B - A in CPU seconds; "-" when negative: samba-dcerpcd exits when idle, and init reaps it (its time is lost).
cpu_diff() { awk -v a="$1" -v b="$2" 'BEGIN { if (b < a) print "-"; else printf "%.2f\n", b - a }'; }

echo "audit.sh: $ENDPOINTS endpoints (one smbd, port 445, $(nproc) CPUs), lanman --jobs $JOBS --checks $CHECKS"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "client   wall_s  cpu_s  user_s  sys_s  peak_rss_kb  smbd_cpu_s  rpc_cpu_s"
read -r a0 b0 < <(server_cpu)
read -r wall cpu user sys rss < <(timed "$LANMAN" --timeout 10 --format csv audit --hosts-file "$TMP/hosts" --jobs "$JOBS" \
    --checks "$CHECKS")
cp "$TMP/run.out" "$TMP/lanman.out"
lw=$wall
read -r a1 b1 < <(server_cpu)
printf 'lanman   %7.2f %6.2f %7.2f %6.2f %12d %11s %10s\n' "$wall" "$cpu" "$user" "$sys" "$rss" \
    "$(cpu_diff "$a0" "$a1")" "$(cpu_diff "$b0" "$b1")"
found=$(cut -d, -f1 "$TMP/lanman.out" | sed 1d | sort -u | wc -l)
[ "$found" -eq "$ENDPOINTS" ] || { echo "audit.sh: lanman reported on $found of $ENDPOINTS endpoints" >&2; exit 1; }
read -r wall cpu user sys rss < <(timed nmap -Pn -n -T4 -p 445 --script smb-protocols,smb2-security-mode -iL "$TMP/hosts")
cp "$TMP/run.out" "$TMP/nmap.out"
read -r a2 b2 < <(server_cpu)
printf 'nmap     %7.2f %6.2f %7.2f %6.2f %12d %11s %10s\n' "$wall" "$cpu" "$user" "$sys" "$rss" \
    "$(cpu_diff "$a1" "$a2")" "$(cpu_diff "$b1" "$b2")"
found=$(grep -c 'smb2-security-mode' "$TMP/nmap.out" || true)
[ "$found" -eq "$ENDPOINTS" ] || echo "audit.sh: note: nmap reported smb2-security-mode for $found of $ENDPOINTS endpoints"
awk -v a="$lw" -v b="$wall" 'BEGIN { printf "wall time lanman/nmap: %.2f\n", a / b }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
