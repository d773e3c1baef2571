#!/usr/bin/env bash
# bench/shares.sh: 'lanman share list' against 'smbclient -L' and 'rpcclient -c netshareenumall' on a
# private smbd on loopback with many shares (10,000 by default), in alternating runs of one invocation.
# Prints every run, the medians and the ratios lanman/smbclient and lanman/rpcclient.
#
#   LANMAN=build/linux/cli/lanman bench/shares.sh [--rounds N] [--shares N]
#
#   --rounds N   rounds (default 5); each round runs the three clients timed, the order rotating
#                (round 1 lanman smbclient rpcclient, round 2 smbclient rpcclient lanman, ...), then each
#                once more under strace to count its round trips; one untimed warm-up run of each first
#   --shares N   extra shares share00001..shareN in the fixture (default 10000); with 'share' and 'IPC$'
#                every client must list N+2 shares, or the run fails
#
# The commands (the password of lanman in LANMAN_PASSWORD, never on its command line):
#   lanman -H 127.0.0.1:PORT -U lmtest share list
#   smbclient -L //127.0.0.1 -p PORT -A AUTHFILE -s EMPTY.conf -g
#   rpcclient -p PORT -A AUTHFILE -s EMPTY.conf 127.0.0.1 -c netshareenumall
#   python3 -c '<impacket's SMBConnection(...).listShares(), the password from the environment>'
#     (impacket, Debian's python3-impacket; left out when it is not installed)
# rpcclient 4.17 takes -p/--port like smbclient (checked: it connects to PORT, see the strace).
#
# Wall time comes from the shell, CPU (user+sys) and peak RSS from GNU time (bench/lib.sh: timed); the
# server's CPU for each run (srv_s) from /proc: utime+stime+cutime+cstime of every process of the fixture
# (smbd, the children it reaped, samba-dcerpcd, rpcd_*), before and after the run. Round
# trips are counted from an strace of each client's socket calls by bench/smb2flow.py, from the TCP
# connect to the close, the same rule as bench/rt.sh. Builds nothing; needs root (the fixture adds a user),
# smbd, smbclient, rpcclient, GNU time, strace and python3 (scripts/deps.sh bench).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LANMAN=${LANMAN:-$ROOT/build/linux/cli/lanman}
ROUNDS=5
NSHARES=10000
CLIENTS=(lanman smbclient rpcclient)
IMPACKET_PY=/usr/bin/python3 # Debian's, which has the impacket module
"$IMPACKET_PY" -c 'import impacket' 2>/dev/null && CLIENTS+=(impacket)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

while [ $# -gt 0 ]; do
    case $1 in
    --rounds) ROUNDS=${2:?}; shift ;;
    --shares) NSHARES=${2:?}; shift ;;
    -h | --help) bench_usage ;;
    *) echo "shares.sh: unknown option '$1'" >&2; bench_usage ;;
    esac
    shift
done
case $ROUNDS in '' | *[!0-9]* | 0) echo "shares.sh: --rounds: a positive number" >&2; exit 2 ;; esac
case $NSHARES in '' | *[!0-9]*) echo "shares.sh: --shares: a number" >&2; exit 2 ;; esac

[ -x "$LANMAN" ] || { echo "shares.sh: no lanman at $LANMAN (build it, or set LANMAN=...)" >&2; exit 1; }
{ [ -x /usr/bin/time ] && command -v strace >/dev/null; } || "$ROOT/scripts/deps.sh" bench
for t in /usr/bin/time strace python3 smbclient rpcclient; do
    command -v "$t" >/dev/null || { echo "shares.sh: $t is missing (scripts/deps.sh bench)" >&2; exit 1; }
done

bench_tmp lanman-shares
printf '[global]\n' >"$TMP/client.conf"
EXPECT=$((NSHARES + 2))

FIXTURE=$TMP/smbd
bash "$ROOT/tests/fixtures/smbd.sh" start "$FIXTURE" --shares "$NSHARES" >/dev/null
# shellcheck disable=SC1091
. "$FIXTURE/env"
export LANMAN_PASSWORD=$LANMAN_TEST_PASSWORD

cmd_lanman() { "$@" "$LANMAN" -H "$LANMAN_TEST_HOST:$LANMAN_TEST_PORT" -U "$LANMAN_TEST_USER" share list; }
cmd_smbclient() {
    "$@" smbclient -L "//$LANMAN_TEST_HOST" -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$TMP/client.conf" -g
}
cmd_rpcclient() {
    "$@" rpcclient -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$TMP/client.conf" "$LANMAN_TEST_HOST" \
        -c netshareenumall
}
cmd_impacket() {
    "$@" "$IMPACKET_PY" -c 'import os, sys
from impacket.smbconnection import SMBConnection
c = SMBConnection(sys.argv[1], sys.argv[1], sess_port=int(sys.argv[2]))
c.login(sys.argv[3], os.environ["LANMAN_PASSWORD"])
for s in c.listShares():
    print(s["shi1_netname"][:-1])
c.logoff()' "$LANMAN_TEST_HOST" "$LANMAN_TEST_PORT" "$LANMAN_TEST_USER"
}

# The distinct share names in $TMP/run.out, as each client prints them.
names_lanman() { awk 'NR > 2 && NF { print $1 }' "$TMP/run.out"; } # table: a header line and a rule first
names_smbclient() { awk -F'|' 'NF >= 3 { print $2 }' "$TMP/run.out"; }
names_rpcclient() { sed -n 's/^netname: //p' "$TMP/run.out"; }
names_impacket() { cat "$TMP/run.out"; }
listed() { "names_$1" | sort -u | wc -l; }

# CPU ticks of the fixture's processes so far, their reaped children's included.
server_ticks() {
    local s=0 p t
    for p in $(pgrep -f -- "$LANMAN_TEST_CONF"); do
        t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null) && s=$((s + t))
    done
    echo "$s"
}

# One timed run: "wall_s cpu_s user_s sys_s rss_kb shares srv_s" on stdout.
run() {
    local line n a b
    a=$(server_ticks)
    line=$("cmd_$1" timed) || return 1
    sleep 0.3 # until smbd has reaped the child that served the run
    b=$(server_ticks)
    n=$(listed "$1")
    echo "$line $n $(awk -v t=$((b - a)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }')"
}

# One run under strace: its round trips (and its SMB2 flow in $TMP/$1.flow).
trips() {
    "cmd_$1" traced "$TMP/$1.strace" || return 1
    python3 "$ROOT/bench/smb2flow.py" "$TMP/$1.strace" "$LANMAN_TEST_PORT" >"$TMP/$1.flow"
    sed -n 's/^round trips: //p' "$TMP/$1.flow"
}

# A flow with one line per exchange (what was sent, then what came back), repeated exchanges counted.
exchanges() {
    awk '/^round trips/ { next }
        function flush() { if (n) { split(prev, a, "\t"); printf "%5dx %s   %s\n", n, a[1], a[2] } }
        $1 == "->" { if (s != "") { flush(); n = 0; prev = ""; print "      " s "   (no reply waited for)" } s = $0; sub(/^ +/, "", s); next }
        { r = $0; sub(/^ +/, "", r); key = s "\t" r; s = ""; if (key == prev) { n++; next } flush(); prev = key; n = 1 }
        END { flush(); if (s != "") print "      " s "   (no reply waited for)" }' "$1"
}

echo "== $EXPECT shares ($NSHARES generated + share + IPC\$), $ROUNDS rounds, smbd on 127.0.0.1:$LANMAN_TEST_PORT," \
    "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
for c in "${CLIENTS[@]}"; do
    run "$c" >/dev/null
    : >"$TMP/$c.res"
done
FAILED=0
printf '%-6s %-10s %8s %7s %7s %7s %8s %7s %7s %7s\n' round client wall_s cpu_s user_s sys_s rss_MiB trips shares srv_s
for ((r = 1; r <= ROUNDS; r++)); do
    k=$(((r - 1) % ${#CLIENTS[@]}))
    order=("${CLIENTS[@]:k}" "${CLIENTS[@]:0:k}")
    for c in "${order[@]}"; do
        res=$(run "$c")
        echo "$res" >>"$TMP/$c.res.tmp"
    done
    for c in "${CLIENTS[@]}"; do
        res="$(sed -n "${r}p" "$TMP/$c.res.tmp") $(trips "$c")"
        echo "$res" >>"$TMP/$c.res"
        echo "$res" | awk -v r="$r" -v c="$c" -v e="$EXPECT" \
            '{ printf "%-6s %-10s %8.3f %7.2f %7.2f %7.2f %8.1f %7d %7d %7.2f%s\n", r, c, $1, $2, $3, $4, $5 / 1024, $8, $6, $7,
                ($6 == e ? "" : "  FAILED: expected " e) }'
        [ "$(echo "$res" | awk '{ print $6 }')" = "$EXPECT" ] || FAILED=1
    done
done

echo
echo "== medians of $ROUNDS rounds (peak RSS: the largest of the rounds)"
printf '%-10s %8s %7s %8s %7s %7s\n' client wall_s cpu_s rss_MiB trips srv_s
for c in "${CLIENTS[@]}"; do
    w=$(awk '{ print $1 }' "$TMP/$c.res" | median)
    u=$(awk '{ print $2 }' "$TMP/$c.res" | median)
    m=$(awk '{ print $5 }' "$TMP/$c.res" | sort -g | tail -n 1)
    t=$(awk '{ print $8 }' "$TMP/$c.res" | median)
    v=$(awk '{ print $7 }' "$TMP/$c.res" | median)
    echo "$c $w $u $m $t" >>"$TMP/medians"
    awk -v c="$c" -v w="$w" -v u="$u" -v m="$m" -v t="$t" -v v="$v" \
        'BEGIN { printf "%-10s %8.3f %7.2f %8.1f %7d %7.2f\n", c, w, u, m / 1024, t, v }'
done
echo
awk '{ w[$1] = $2; u[$1] = $3; m[$1] = $4; t[$1] = $5 }
    function q(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "n/a" }
    END {
        for (p in w) {
            if (p == "lanman")
                continue
            printf "ratio lanman/%-9s wall %s, cpu %s, peak RSS %s, round trips %s\n", p, q(w["lanman"], w[p]),
                q(u["lanman"], u[p]), q(m["lanman"], m[p]), q(t["lanman"], t[p])
        }
        printf "targets: wall <= smbclient: %s; cpu <= smbclient/2: %s; peak RSS <= 8 MiB: %s (%.1f); round trips <= 5: %s (%d)\n",
            w["lanman"] <= w["smbclient"] ? "met" : "NOT met", u["lanman"] <= u["smbclient"] / 2 ? "met" : "NOT met",
            m["lanman"] <= 8192 ? "met" : "NOT met", m["lanman"] / 1024, t["lanman"] <= 5 ? "met" : "NOT met", t["lanman"]
    }' "$TMP/medians"
echo
echo "== SMB2 flow of the last strace run of each client: one line per exchange, repeats counted"
for c in "${CLIENTS[@]}"; do
    echo "$c ($(sed -n 's/^round trips: //p' "$TMP/$c.flow") round trips):"
    exchanges "$TMP/$c.flow"
done
if [ "$FAILED" != 0 ]; then
    echo "shares.sh: FAILED: a client did not list all $EXPECT shares (see above)" >&2
    exit 1
fi
echo "all clients listed all $EXPECT shares in every run"
