#!/usr/bin/env bash
# bench/crypto.sh: MB/s of each lib/crypto primitive per message size (bench_crypto, through lanman's own
# crypto interface) beside `openssl speed` for the same primitive and size on the same machine, and the
# ratio lanman/openssl. Both rate bytes per second of the process's CPU time, so a loaded machine moves
# them less than wall time; the load average is printed.
#
#   bench/crypto.sh [--seconds S] [--sizes "64 1024 16384 1048576"]
#
#   BENCH_CRYPTO names the program (default build/linux/bench/bench_crypto). Builds nothing, needs no root.
#   openssl speed has no GMAC-only or MD4 (default provider) run: those rows have no peer. Its per-size runs
#   reuse one context and key schedule for every call, while lanman's interface keys each message afresh
#   (as SMB does: one call per message), so small sizes show that fixed cost.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROG=${BENCH_CRYPTO:-$ROOT/build/linux/bench/bench_crypto}
SECONDS_PER=1
SIZES="64 1024 16384 1048576"

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

while [ $# -gt 0 ]; do
    case $1 in
    --seconds) SECONDS_PER=${2:?}; shift ;;
    --sizes) SIZES=${2:?}; shift ;;
    -h | --help) bench_usage ;;
    *) echo "crypto.sh: unknown option '$1'" >&2; bench_usage ;;
    esac
    shift
done
case $SECONDS_PER in '' | *[!0-9]* | 0) echo "crypto.sh: --seconds: a positive whole number" >&2; exit 2 ;; esac
for s in $SIZES; do
    case $s in '' | *[!0-9]* | 0) echo "crypto.sh: --sizes: positive numbers of bytes" >&2; exit 2 ;; esac
done
[ -x "$PROG" ] || { echo "crypto.sh: no bench_crypto at $PROG (build it, or set BENCH_CRYPTO=...)" >&2; exit 1; }
command -v openssl >/dev/null || { echo "crypto.sh: openssl (the command) is missing" >&2; exit 1; }

bench_tmp lanman-crypto

# The openssl speed run for each of bench_crypto's primitives (none: no peer).
peer() {
    case $1 in
    aes-128-gcm-enc) echo "-evp aes-128-gcm" ;;
    aes-128-gcm-dec) echo "-decrypt -evp aes-128-gcm" ;;
    aes-128-ccm-enc) echo "-evp aes-128-ccm" ;;
    aes-128-cmac) echo "-cmac aes-128-cbc" ;;
    hmac-sha256) echo "-hmac sha256" ;;
    hmac-md5) echo "-hmac md5" ;;
    sha256 | sha512 | md5) echo "-evp $1" ;;
    *) echo none ;;
    esac
}

echo "crypto.sh: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')," \
    "$(openssl version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
"$PROG" "$SECONDS_PER" $SIZES >"$TMP/lanman.out"
n=$(wc -l <"$TMP/lanman.out")
[ "$n" -ge "$(echo $SIZES | wc -w)" ] || { echo "crypto.sh: bench_crypto printed $n lines" >&2; exit 1; }

printf '%-16s %8s %12s %12s %7s\n' primitive bytes lanman_MB/s openssl_MB/s ratio
while read -r prim size rate; do
    args=$(peer "$prim")
    if [ "$args" = none ]; then
        printf '%-16s %8s %12.1f %12s %7s\n' "$prim" "$size" "$rate" - -
        continue
    fi
    # shellcheck disable=SC2086
    openssl speed -mr -seconds "$SECONDS_PER" -bytes "$size" $args >"$TMP/speed.out" 2>&1 ||
        { cat "$TMP/speed.out" >&2; echo "crypto.sh: openssl speed $args failed" >&2; exit 1; }
    # -mr prints "+F:N:NAME:bytes_per_second" for the one size asked for.
    ref=$(awk -F: '/^\+F/ { print $NF / 1e6 }' "$TMP/speed.out" | tail -n 1)
    [ -n "$ref" ] || { cat "$TMP/speed.out" >&2; echo "crypto.sh: no rate from openssl speed $args" >&2; exit 1; }
    awk -v p="$prim" -v s="$size" -v a="$rate" -v b="$ref" \
        'BEGIN { printf "%-16s %8s %12.1f %12.1f %7.2f\n", p, s, a, b, a / b }'
done <"$TMP/lanman.out"
echo "crypto.sh: load average after $(cut -d' ' -f1-3 /proc/loadavg)"
