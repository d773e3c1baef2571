#!/usr/bin/env bash
# bench/export.sh: 'lanman config export' of a small and a large server (100 and 10,000 extra shares, two
# private smbd instances on loopback), beside 'lanman share list' (which collects the whole list),
# 'smbclient -L' and 'rpcclient -c netshareenumall' on the same servers, in rotating rounds. Prints every
# run, the medians, the ratios to the peers, and the growth of peak RSS from the small server to the large
# one: the export streams, so its peak RSS should barely grow with the number of shares.
#
#   LANMAN=build/linux/cli/lanman bench/export.sh [--rounds N] [--small N] [--large N]
#
#   --rounds N   rounds (default 5) after one untimed warm-up run of each command; the order of the clients
#                rotates from round to round
#   --small N    extra shares of the small server (default 100)
#   --large N    extra shares of the large server (default 10000)
#
# Every export must validate (xmllint --schema schema/lanman-config.xsd, checked once per server) and
# hold N+2 shares. Wall time comes from the shell, CPU (user+sys) and peak RSS from GNU time (bench/lib.sh:
# timed). Builds nothing; needs root (the fixture adds a user), smbd, smbclient, rpcclient, GNU time and
# xmllint (scripts/deps.sh bench).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LANMAN=${LANMAN:-$ROOT/build/linux/cli/lanman}
ROUNDS=5
SMALL=100
LARGE=10000
CLIENTS=(export list smbclient rpcclient)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

while [ $# -gt 0 ]; do
    case $1 in
    --rounds) ROUNDS=${2:?}; shift ;;
    --small) SMALL=${2:?}; shift ;;
    --large) LARGE=${2:?}; shift ;;
    -h | --help) bench_usage ;;
    *) echo "export.sh: unknown option '$1'" >&2; bench_usage ;;
    esac
    shift
done
for v in "$ROUNDS" "$SMALL" "$LARGE"; do
    case $v in '' | *[!0-9]*) echo "export.sh: --rounds/--small/--large take a number" >&2; exit 2 ;; esac
done

[ -x "$LANMAN" ] || { echo "export.sh: no lanman at $LANMAN (build it, or set LANMAN=...)" >&2; exit 1; }
[ -x /usr/bin/time ] || "$ROOT/scripts/deps.sh" bench
for t in /usr/bin/time smbclient rpcclient xmllint; do
    command -v "$t" >/dev/null || { echo "export.sh: $t is missing (scripts/deps.sh bench)" >&2; exit 1; }
done

bench_tmp lanman-export
printf '[global]\n' >"$TMP/client.conf"
SMALL_DIR=$TMP/smbd-small
LARGE_DIR=$TMP/smbd-large
# bench_cleanup stops $FIXTURE; the second instance is stopped here too.
trap 'bash "$ROOT/tests/fixtures/smbd.sh" stop "$SMALL_DIR" >/dev/null 2>&1 || true; bench_cleanup' EXIT
bash "$ROOT/tests/fixtures/smbd.sh" start "$SMALL_DIR" --shares "$SMALL" >/dev/null
FIXTURE=$LARGE_DIR
bash "$ROOT/tests/fixtures/smbd.sh" start "$LARGE_DIR" --shares "$LARGE" >/dev/null

use() { # use DIR: the fixture the commands talk to
    # shellcheck disable=SC1091
    . "$1/env"
    export LANMAN_PASSWORD=$LANMAN_TEST_PASSWORD
}
H() { echo "-H $LANMAN_TEST_HOST:$LANMAN_TEST_PORT -U $LANMAN_TEST_USER"; }
# shellcheck disable=SC2046
cmd_export() { "$@" "$LANMAN" $(H) config export; }
# shellcheck disable=SC2046
cmd_list() { "$@" "$LANMAN" $(H) share list; }
cmd_smbclient() {
    "$@" smbclient -L "//$LANMAN_TEST_HOST" -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$TMP/client.conf" -g
}
cmd_rpcclient() {
    "$@" rpcclient -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$TMP/client.conf" "$LANMAN_TEST_HOST" \
        -c netshareenumall
}

# The number of shares in $TMP/run.out, as each client prints them.
count_export() { grep -c '^    <share ' "$TMP/run.out"; }
count_list() { awk 'NR > 2 && NF' "$TMP/run.out" | wc -l; }
count_smbclient() { grep -cE '^(Disk|IPC|Printer)\|' "$TMP/run.out"; }
count_rpcclient() { grep -c '^netname: ' "$TMP/run.out"; }

declare -A WALL CPU RSS
run() { # run CLIENT SIZE: one timed run, checked, appended to the samples
    local line n
    line=$("cmd_$1" timed) || exit 1
    n=$("count_$1")
    [ "$n" -eq "$(($2 + 2))" ] || { echo "export.sh: $1 listed $n shares, want $(($2 + 2))" >&2; exit 1; }
    read -r wall cpu _ _ rss <<<"$line"
    printf '  %-10s %6d shares  wall %7.3f s  cpu %5.2f s  peak RSS %7d KiB\n' "$1" "$n" "$wall" "$cpu" "$rss"
    WALL[$1.$2]+="$wall "
    CPU[$1.$2]+="$cpu "
    RSS[$1.$2]+="$rss "
}

for size in "$SMALL" "$LARGE"; do
    [ "$size" = "$SMALL" ] && use "$SMALL_DIR" || use "$LARGE_DIR"
    cmd_export >"$TMP/doc.xml"
    xmllint --noout --huge --schema "$ROOT/schema/lanman-config.xsd" "$TMP/doc.xml" 2>"$TMP/lint" ||
        { cat "$TMP/lint" >&2; echo "export.sh: the export of $size shares does not validate" >&2; exit 1; }
    echo "server with $size extra shares: the export validates ($(wc -c <"$TMP/doc.xml") bytes)"
    for c in "${CLIENTS[@]}"; do "cmd_$c" >/dev/null 2>&1; done # warm-up
    for ((r = 0; r < ROUNDS; r++)); do
        echo " round $((r + 1))"
        for ((i = 0; i < ${#CLIENTS[@]}; i++)); do
            run "${CLIENTS[$(((i + r) % ${#CLIENTS[@]}))]}" "$size"
        done
    done
done

med() { tr ' ' '\n' <<<"$1" | grep . | median; }
echo
echo "medians ($ROUNDS rounds)"
printf '  %-10s %8s %10s %10s %12s\n' client shares wall_s cpu_s peak_RSS_KiB
for size in "$SMALL" "$LARGE"; do
    for c in "${CLIENTS[@]}"; do
        printf '  %-10s %8d %10.3f %10.2f %12.0f\n' "$c" "$((size + 2))" "$(med "${WALL[$c.$size]}")" \
            "$(med "${CPU[$c.$size]}")" "$(med "${RSS[$c.$size]}")"
    done
done
echo
echo "ratios at $((LARGE + 2)) shares (lanman config export / peer; below 1 is better)"
for c in list smbclient rpcclient; do
    printf '  export/%-10s wall %5.2f   peak RSS %5.2f\n' "$c" \
        "$(awk -v a="$(med "${WALL[export.$LARGE]}")" -v b="$(med "${WALL[$c.$LARGE]}")" 'BEGIN { print a / b }')" \
        "$(awk -v a="$(med "${RSS[export.$LARGE]}")" -v b="$(med "${RSS[$c.$LARGE]}")" 'BEGIN { print a / b }')"
done
echo
echo "peak RSS growth from $((SMALL + 2)) to $((LARGE + 2)) shares (streaming: it should barely grow)"
for c in "${CLIENTS[@]}"; do
    printf '  %-10s %7.0f -> %7.0f KiB  (x%.2f)\n' "$c" "$(med "${RSS[$c.$SMALL]}")" "$(med "${RSS[$c.$LARGE]}")" \
        "$(awk -v a="$(med "${RSS[$c.$LARGE]}")" -v b="$(med "${RSS[$c.$SMALL]}")" 'BEGIN { print a / b }')"
done
