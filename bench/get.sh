#!/usr/bin/env bash
# bench/get.sh: 'lanman get' against 'smbclient get' of the same big file, from a private smbd on loopback,
# in alternating runs of one invocation. Prints every run, the medians and the ratios lanman/smbclient,
# the wall ratio beside issue #19's target for the variant. impacket (Debian's python3-impacket:
# SMBConnection.getFile, pure Python, about 40 times slower) runs too where it is installed, after the two in
# the first --impacket-rounds rounds, and its ratio is printed; a variant it cannot do is reported, not fatal.
# libsmb2 (github.com/sahlberg/libsmb2, not in Debian 12, never built or vendored by this repository) runs in
# every round too when LANMAN_BENCH_LIBSMB2 names one of its examples that streams a file to stdout
# (smb2-cat-sync: one READ of MaxReadSize at a time; smb2-cat-async: one 100 KiB READ at a time); it
# authenticates with an NTLM_USER_FILE in the temporary directory (":user:password", never argv), asks for
# ?sign / ?seal in the sign / encrypt variants, and a variant it cannot do is reported, not fatal. Without
# the variable it is skipped with a printed reason.
#
#   LANMAN=build/linux/cli/lanman bench/get.sh [options]
#
#   --rounds N        timed rounds per variant (default 5); each round runs both clients, the order
#                     alternating (odd rounds lanman first, even rounds smbclient first; libsmb2, when
#                     named, between the two), after one untimed warm-up run of each
#   --size MIB        size of the random test file (default 1024)
#   --impacket-rounds N  rounds with an impacket run too (default 1; 0: none)
#   --no-verify       skip the untimed sha256 check of each client's download (below)
#   --variants LIST   comma-separated, from (default all three, in this order):
#                       default   server signing auto, no encryption; each client as it comes
#                       sign      server signing mandatory; lanman --sign, smbclient --client-protection=sign
#                       encrypt   smb encrypt required;     lanman --encrypt, smbclient --client-protection=encrypt
#
# Before the warm-up, each client downloads the file once untimed into a pipe (lanman, libsmb2) or a file
# (smbclient) whose sha256 must be the file's. The timed runs write to /dev/null.
#
# Builds nothing: LANMAN names the binary (default build/linux/cli/lanman). Needs root (the fixture adds a
# user), smbd and smbclient, and GNU time (/usr/bin/time; scripts/deps.sh bench installs it). Everything
# stays on 127.0.0.1; the fixture and the temporary directory are removed on exit. The download goes to
# /dev/null on both sides, so the disk is not measured; the file is read once before timing, so it is in the
# page cache for every timed run.
#
# Wall time is taken by the shell around each run (EPOCHREALTIME); CPU (user+sys) and peak RSS come from
# GNU time, at its 10 ms resolution. Throughput is MB/s (10^6 bytes) of file data over the wall time of the
# whole client run: process start, connect, authenticate, download, exit. srv_cpu is the CPU the server
# spent on that run: smbd forks one child per connection, and its time lands in the parent's cutime+cstime
# (/proc/PID/stat) once reaped; the script waits until it is. The load average is printed with each variant:
# on a shared machine, compare the ratios (alternating runs), not the absolute numbers of two invocations.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LANMAN=${LANMAN:-$ROOT/build/linux/cli/lanman}
ROUNDS=5
SIZE_MIB=1024
VARIANTS=default,sign,encrypt
FILE=big.bin
IMPACKET_ROUNDS=1
IMPACKET_PY=/usr/bin/python3 # Debian's, which has the impacket module
LIBSMB2=${LANMAN_BENCH_LIBSMB2:-}
VERIFY=1

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
usage() { bench_usage; }

while [ $# -gt 0 ]; do
    case $1 in
    --rounds) ROUNDS=${2:?}; shift ;;
    --size) SIZE_MIB=${2:?}; shift ;;
    --variants) VARIANTS=${2:?}; shift ;;
    --impacket-rounds) IMPACKET_ROUNDS=${2:?}; shift ;;
    --no-verify) VERIFY=0 ;;
    -h | --help) usage ;;
    *) echo "get.sh: unknown option '$1'" >&2; usage ;;
    esac
    shift
done
case $ROUNDS in '' | *[!0-9]* | 0) echo "get.sh: --rounds: a positive number" >&2; exit 2 ;; esac
case $SIZE_MIB in '' | *[!0-9]* | 0) echo "get.sh: --size: a positive number of MiB" >&2; exit 2 ;; esac
case $IMPACKET_ROUNDS in '' | *[!0-9]*) echo "get.sh: --impacket-rounds: a number" >&2; exit 2 ;; esac
"$IMPACKET_PY" -c 'import impacket' 2>/dev/null || IMPACKET_ROUNDS=0
for v in ${VARIANTS//,/ }; do
    case $v in default | sign | encrypt) ;; *) echo "get.sh: unknown variant '$v'" >&2; exit 2 ;; esac
done

[ -x "$LANMAN" ] || { echo "get.sh: no lanman at $LANMAN (build it, or set LANMAN=...)" >&2; exit 1; }
command -v smbclient >/dev/null || { echo "get.sh: smbclient is missing (scripts/deps.sh native)" >&2; exit 1; }
if [ -z "$LIBSMB2" ]; then
    echo "get.sh: libsmb2 skipped: LANMAN_BENCH_LIBSMB2 does not name a libsmb2 example (e.g. smb2-cat-sync)" >&2
elif [ ! -x "$LIBSMB2" ]; then
    echo "get.sh: LANMAN_BENCH_LIBSMB2: '$LIBSMB2' is not an executable" >&2
    exit 1
fi
[ -x /usr/bin/time ] || "$ROOT/scripts/deps.sh" bench
[ -x /usr/bin/time ] || { echo "get.sh: GNU time (/usr/bin/time) is missing" >&2; exit 1; }

bench_tmp lanman-bench

BYTES=$((SIZE_MIB * 1024 * 1024))
mkdir -p "$TMP/data"
echo "get.sh: writing $SIZE_MIB MiB of random data" >&2
head -c "$BYTES" /dev/urandom >"$TMP/data/$FILE"
chmod 644 "$TMP/data/$FILE"
SHA256=""
[ "$VERIFY" = 0 ] || SHA256=$(sha256sum <"$TMP/data/$FILE" | cut -d' ' -f1)
# smbclient reads a client configuration: an empty one, so that neither /etc/samba/smb.conf nor the
# server's settings change what it does.
printf '[global]\n' >"$TMP/client.conf"

TICK=$(getconf CLK_TCK)
SMBD_PID=""

# CPU ticks of the smbd children reaped so far.
srv_ticks() { awk '{ print $16 + $17 }' "/proc/$SMBD_PID/stat"; }

# Number of children of the main smbd (the per-connection ones come and go).
srv_children() { cat "/proc/$SMBD_PID/task/"*/children 2>/dev/null | wc -w; }

# One run: "wall_s cpu_s user_s sys_s rss_kb srv_cpu_s" on stdout; the client's output in $TMP/run.out.
run() {
    local line rc=0 s0 s1 _
    s0=$(srv_ticks)
    line=$(timed "$@") || rc=$?
    # Wait (bounded) for the connection's smbd child to exit and be reaped.
    for _ in $(seq 1 50); do
        [ "$(srv_children)" -gt "$IDLE_CHILDREN" ] || break
        sleep 0.05
    done
    s1=$(srv_ticks)
    [ "$rc" = 0 ] || return 1
    awk -v s="$((s1 - s0))" -v hz="$TICK" -v l="$line" 'BEGIN { printf "%s %.2f\n", l, s / hz }'
}

# The command lines, into the array CMD: lanman's get to DEST, smbclient's get to DEST.
lanman_cmd() {
    CMD=("$LANMAN" "${LFLAGS[@]}" -U "$LANMAN_TEST_USER" --password-file "$TMP/password"
        get "//$LANMAN_TEST_HOST:$LANMAN_TEST_PORT/$LANMAN_TEST_SHARE/$FILE" "$1")
}
smbclient_cmd() {
    CMD=(smbclient "//$LANMAN_TEST_HOST/$LANMAN_TEST_SHARE" -p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE"
        -s "$TMP/client.conf" "${SFLAGS[@]}" -c "get $FILE $1")
}

run_lanman() {
    lanman_cmd /dev/null
    run "${CMD[@]}"
}

run_smbclient() {
    local line
    smbclient_cmd /dev/null
    line=$(run "${CMD[@]}") || return 1
    # smbclient can exit 0 after a failed command: insist on its own report of the whole file.
    grep -q "of size $BYTES as /dev/null" "$TMP/run.out" || {
        echo "get.sh: smbclient did not report the whole file:" >&2
        cat "$TMP/run.out" >&2
        return 1
    }
    echo "$line"
}

# impacket's getFile into a byte counter; signing as the server requires, encryption as the share does
# (impacket's own rule). Prints the byte count, which must be the file's.
run_impacket() {
    local line
    line=$(LANMAN_PASSWORD=$(cat "$TMP/password") run "$IMPACKET_PY" -c 'import os, sys
from impacket.smbconnection import SMBConnection
c = SMBConnection(sys.argv[1], sys.argv[1], sess_port=int(sys.argv[2]))
c.login(sys.argv[3], os.environ["LANMAN_PASSWORD"])
n = [0]
def count(d):
    n[0] += len(d)
c.getFile(sys.argv[4], sys.argv[5], count)
print("bytes", n[0])
c.logoff()' "$LANMAN_TEST_HOST" "$LANMAN_TEST_PORT" "$LANMAN_TEST_USER" "$LANMAN_TEST_SHARE" "$FILE") || return 1
    grep -qx "bytes $BYTES" "$TMP/run.out" || {
        echo "get.sh: impacket did not get the whole file:" >&2
        cat "$TMP/run.out" >&2
        return 1
    }
    echo "$line"
}

# libsmb2's example writes the file to stdout: to /dev/null here (as the others do), through exec so that
# GNU time measures the example itself. NTLM_USER_FILE carries the password.
libsmb2_url() { echo "smb://$LANMAN_TEST_USER@$LANMAN_TEST_HOST:$LANMAN_TEST_PORT/$LANMAN_TEST_SHARE/$FILE$L2OPT"; }
run_libsmb2() {
    NTLM_USER_FILE=$TMP/ntlm_user run /bin/sh -c 'exec "$0" "$1" >/dev/null' "$LIBSMB2" "$(libsmb2_url)"
}

# Untimed: CLIENT's download of the file must have the file's sha256. 0 if it does; 1 with a message if not.
verify() {
    local c=$1 got
    case $c in
    lanman)
        lanman_cmd -
        got=$("${CMD[@]}" 2>"$TMP/verify.err" | sha256sum) || true ;;
    libsmb2)
        got=$(NTLM_USER_FILE=$TMP/ntlm_user "$LIBSMB2" "$(libsmb2_url)" 2>"$TMP/verify.err" | sha256sum) || true ;;
    smbclient)
        rm -f "$TMP/verify.out"
        smbclient_cmd "$TMP/verify.out"
        "${CMD[@]}" >"$TMP/verify.err" 2>&1 || true
        got=$(sha256sum <"$TMP/verify.out" 2>/dev/null || true)
        rm -f "$TMP/verify.out" ;;
    esac
    got=${got%% *}
    [ "$got" = "$SHA256" ] && return 0
    echo "get.sh: $c's download does not have the file's sha256 ($got, not $SHA256):" >&2
    head -c 2000 "$TMP/verify.err" >&2
    return 1
}

SUMMARY=()
for v in ${VARIANTS//,/ }; do
    case $v in
    default) FOPTS=(); LFLAGS=(); SFLAGS=(); L2OPT=""; what="server signing auto, no encryption" ;;
    sign) FOPTS=(--signing mandatory); LFLAGS=(--sign); SFLAGS=(--client-protection=sign); L2OPT="?sign"; what="server signing mandatory" ;;
    encrypt) FOPTS=(--encrypt required); LFLAGS=(--encrypt); SFLAGS=(--client-protection=encrypt); L2OPT="?seal"; what="smb encrypt required" ;;
    esac
    # Issue #19's targets, as lanman/smbclient ratios of wall time and CPU (- : none).
    case $v in
    default) T_WALL=1.0; T_CPU=2.0 ;;
    sign) T_WALL=0.45; T_CPU=- ;;
    encrypt) T_WALL=0.6; T_CPU=1.0 ;;
    esac
    FIXTURE=$TMP/smbd-$v
    bash "$ROOT/tests/fixtures/smbd.sh" start "$FIXTURE" "${FOPTS[@]}" >/dev/null
    # shellcheck disable=SC1091
    . "$FIXTURE/env"
    (umask 077 && printf '%s\n' "$LANMAN_TEST_PASSWORD" >"$TMP/password" &&
        printf ':%s:%s\n' "$LANMAN_TEST_USER" "$LANMAN_TEST_PASSWORD" >"$TMP/ntlm_user")
    ln "$TMP/data/$FILE" "$LANMAN_TEST_SHARE_PATH/$FILE" 2>/dev/null || cp "$TMP/data/$FILE" "$LANMAN_TEST_SHARE_PATH/$FILE"
    SMBD_PID=$(cat "$FIXTURE/smbd.pgid")

    echo
    echo "== variant $v ($what): $SIZE_MIB MiB, $ROUNDS rounds, smbd on 127.0.0.1:$LANMAN_TEST_PORT," \
        "load average $(cut -d' ' -f1-3 /proc/loadavg)"
    sleep 1 # smbd's helpers settle after start
    IDLE_CHILDREN=$(srv_children)
    l2=0
    if [ -n "$LIBSMB2" ]; then
        l2=1
        if [ -n "$SHA256" ] && ! verify libsmb2; then
            l2=0
        elif ! run_libsmb2 >/dev/null; then
            l2=0
        fi
        [ "$l2" = 1 ] || echo "get.sh: libsmb2 cannot do variant $v; left out of it" >&2
    fi
    if [ -n "$SHA256" ]; then
        verify lanman
        verify smbclient
        echo "sha256 $SHA256 checked in the download of: lanman smbclient$([ "$l2" = 0 ] || echo ' libsmb2')" >&2
    fi
    run_lanman >/dev/null
    run_smbclient >/dev/null
    : >"$TMP/lanman.res"
    : >"$TMP/smbclient.res"
    : >"$TMP/impacket.res"
    : >"$TMP/libsmb2.res"
    imp_rounds=$IMPACKET_ROUNDS
    printf '%-6s %-10s %8s %9s %7s %7s %7s %8s %8s\n' round client wall_s MB/s cpu_s user_s sys_s rss_MiB srv_cpu_s
    for ((r = 1; r <= ROUNDS; r++)); do
        order="lanman smbclient"
        [ $((r % 2)) = 1 ] || order="smbclient lanman"
        # libsmb2 between the two, so that each of them runs next to it first in turn.
        [ "$l2" = 0 ] || order="${order% *} libsmb2 ${order#* }"
        [ "$r" -gt "$imp_rounds" ] || order="$order impacket"
        for c in $order; do
            if [ "$c" = libsmb2 ]; then
                res=$(run_libsmb2) || {
                    echo "get.sh: libsmb2 failed in round $r of variant $v; left out of the rest" >&2
                    l2=0
                    continue
                }
            elif [ "$c" = impacket ]; then
                res=$(run_impacket) || {
                    echo "get.sh: impacket cannot do variant $v; left out of it" >&2
                    imp_rounds=0
                    continue
                }
            else
                res=$("run_$c")
            fi
            echo "$res" >>"$TMP/$c.res"
            echo "$res" | awk -v r="$r" -v c="$c" -v b="$BYTES" \
                '{ printf "%-6s %-10s %8.3f %9.1f %7.2f %7.2f %7.2f %8.1f %8.2f\n", r, c, $1, b / $1 / 1e6, $2, $3, $4, $5 / 1024, $6 }'
        done
    done
    for c in lanman smbclient; do
        eval "${c}_wall=\$(awk '{ print \$1 }' \"\$TMP/$c.res\" | median)"
        eval "${c}_cpu=\$(awk '{ print \$2 }' \"\$TMP/$c.res\" | median)"
        eval "${c}_rss=\$(awk '{ print \$5 }' \"\$TMP/$c.res\" | sort -g | tail -n 1)"
        eval "${c}_srv=\$(awk '{ print \$6 }' \"\$TMP/$c.res\" | median)"
    done
    # shellcheck disable=SC2154
    line=$(awk -v b="$BYTES" -v lw="$lanman_wall" -v sw="$smbclient_wall" -v lc="$lanman_cpu" -v sc="$smbclient_cpu" \
        -v lr="$lanman_rss" -v sr="$smbclient_rss" -v ls="$lanman_srv" -v ss="$smbclient_srv" -v v="$v" 'BEGIN {
            printf "%-8s %10.1f %10.1f %9.2f %9.2f %9.2f %9.2f %8.1f %8.1f %8.2f %8.2f %8.2f\n", v, b / lw / 1e6, b / sw / 1e6,
                (b / lw) / (b / sw), lc, sc, (sc > 0 ? lc / sc : 0), lr / 1024, sr / 1024, lr / sr, ls, ss
        }')
    echo "median  lanman $(awk -v b="$BYTES" -v w="$lanman_wall" 'BEGIN { printf "%.1f MB/s", b / w / 1e6 }'), cpu $lanman_cpu s, server cpu $lanman_srv s;" \
        "smbclient $(awk -v b="$BYTES" -v w="$smbclient_wall" 'BEGIN { printf "%.1f MB/s", b / w / 1e6 }'), cpu $smbclient_cpu s, server cpu $smbclient_srv s"
    echo "$line" | awk -v tw="$T_WALL" -v tc="$T_CPU" '{ printf "ratio lanman/smbclient: wall %.2fx (target <= %s), throughput %.2fx, cpu %.2fx (target <= %s), peak RSS %.2fx\n", 1 / $4, tw, $4, $7, tc, $10 }'
    if [ -s "$TMP/impacket.res" ]; then
        imp_wall=$(awk '{ print $1 }' "$TMP/impacket.res" | median)
        imp_cpu=$(awk '{ print $2 }' "$TMP/impacket.res" | median)
        awk -v lw="$lanman_wall" -v iw="$imp_wall" -v lc="$lanman_cpu" -v ic="$imp_cpu" -v n="$(wc -l <"$TMP/impacket.res")" \
            'BEGIN { printf "ratio lanman/impacket (%d run%s): wall %.3fx, cpu %.3fx\n", n, (n > 1 ? "s" : ""), lw / iw, (ic > 0 ? lc / ic : 0) }'
    fi
    if [ -s "$TMP/libsmb2.res" ]; then
        l2_wall=$(awk '{ print $1 }' "$TMP/libsmb2.res" | median)
        l2_cpu=$(awk '{ print $2 }' "$TMP/libsmb2.res" | median)
        l2_rss=$(awk '{ print $5 }' "$TMP/libsmb2.res" | sort -g | tail -n 1)
        l2_srv=$(awk '{ print $6 }' "$TMP/libsmb2.res" | median)
        awk -v b="$BYTES" -v w="$l2_wall" -v c="$l2_cpu" -v s="$l2_srv" \
            'BEGIN { printf "median  libsmb2 %.1f MB/s, cpu %s s, server cpu %s s\n", b / w / 1e6, c, s }'
        # shellcheck disable=SC2154
        awk -v lw="$lanman_wall" -v xw="$l2_wall" -v lc="$lanman_cpu" -v xc="$l2_cpu" -v lr="$lanman_rss" -v xr="$l2_rss" \
            -v n="$(wc -l <"$TMP/libsmb2.res")" -v tw="$T_WALL" -v tc="$T_CPU" -v v="$v" 'BEGIN {
                printf "ratio lanman/libsmb2 (%d run%s): wall %.2fx%s, cpu %.2fx%s, peak RSS %.2fx\n", n, (n > 1 ? "s" : ""),
                    lw / xw, (v == "default" ? " (target <= " tw ")" : ""), (xc > 0 ? lc / xc : 0),
                    (v == "default" ? " (target <= " tc ")" : ""), (xr > 0 ? lr / xr : 0)
            }'
    fi
    SUMMARY+=("$line")
    bash "$ROOT/tests/fixtures/smbd.sh" stop "$FIXTURE" >/dev/null
    FIXTURE=""
done

echo
echo "== summary: medians of $ROUNDS rounds, $SIZE_MIB MiB, $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-8s %10s %10s %9s %9s %9s %9s %8s %8s %8s %8s %8s\n' variant lm_MB/s smb_MB/s thr_ratio lm_cpu_s smb_cpu_s cpu_ratio \
    lm_rss smb_rss rss_ratio lm_srv_s smb_srv_s
printf '%s\n' "${SUMMARY[@]}"
