#!/usr/bin/env bash
# bench/rt.sh: round trips of "connect, authenticate, read a small file" for lanman and smbclient, against
# a private smbd on loopback, counted the same way for both from an strace of the client.
#
#   LANMAN=build/linux/cli/lanman bench/rt.sh [--variants default,sign,encrypt]
#
# For each client: strace records its socket calls (bench/smb2flow.py reads them); a round trip is a
# receive that returns data after the client has sent something since its last receive, i.e. the client
# waited for an answer. Sends whose replies are never waited for (lanman's CLOSE, TREE_DISCONNECT and
# LOGOFF) do not count. The flow of SMB2 commands is printed too (not for encrypt: the frames are sealed).
# For lanman, its own count (-v: "round trips: N") is printed beside strace's, as a check of the method.
#
# Builds nothing; needs root (the fixture adds a user), smbd, smbclient, strace and python3
# (scripts/deps.sh bench).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LANMAN=${LANMAN:-$ROOT/build/linux/cli/lanman}
VARIANTS=default,sign,encrypt
FILE=hello.txt
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

while [ $# -gt 0 ]; do
    case $1 in
    --variants) VARIANTS=${2:?}; shift ;;
    -h | --help) bench_usage ;;
    *) echo "rt.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
[ -x "$LANMAN" ] || { echo "rt.sh: no lanman at $LANMAN (build it, or set LANMAN=...)" >&2; exit 1; }
command -v strace >/dev/null || "$ROOT/scripts/deps.sh" bench
for t in strace smbclient python3; do
    command -v "$t" >/dev/null || { echo "rt.sh: $t is missing (scripts/deps.sh bench)" >&2; exit 1; }
done

bench_tmp lanman-rt
printf '[global]\n' >"$TMP/client.conf"

SUMMARY=()
for v in ${VARIANTS//,/ }; do
    case $v in
    default) FOPTS=(); LFLAGS=(); SFLAGS=() ;;
    sign) FOPTS=(--signing mandatory); LFLAGS=(--sign); SFLAGS=(--client-protection=sign) ;;
    encrypt) FOPTS=(--encrypt required); LFLAGS=(--encrypt); SFLAGS=(--client-protection=encrypt) ;;
    *) echo "rt.sh: unknown variant '$v'" >&2; exit 2 ;;
    esac
    FIXTURE=$TMP/smbd-$v
    bash "$ROOT/tests/fixtures/smbd.sh" start "$FIXTURE" "${FOPTS[@]}" >/dev/null
    # shellcheck disable=SC1091
    . "$FIXTURE/env"
    printf 'Hello from lanman\n' >"$LANMAN_TEST_SHARE_PATH/$FILE"
    (umask 077 && printf '%s\n' "$LANMAN_TEST_PASSWORD" >"$TMP/password")

    echo "== variant $v: get $FILE ($(stat -c %s "$LANMAN_TEST_SHARE_PATH/$FILE") bytes)"
    traced "$TMP/lanman.strace" "$LANMAN" -v "${LFLAGS[@]}" -U "$LANMAN_TEST_USER" --password-file "$TMP/password" \
        get "//$LANMAN_TEST_HOST:$LANMAN_TEST_PORT/$LANMAN_TEST_SHARE/$FILE" /dev/null
    own=$(sed -n 's/^lanman: trace: round trips: //p' "$TMP/run.out")
    echo "lanman (its own count: $own):"
    python3 "$ROOT/bench/smb2flow.py" "$TMP/lanman.strace" "$LANMAN_TEST_PORT" | tee "$TMP/lanman.flow"
    traced "$TMP/smbclient.strace" smbclient "//$LANMAN_TEST_HOST/$LANMAN_TEST_SHARE" -p "$LANMAN_TEST_PORT" \
        -A "$LANMAN_TEST_AUTHFILE" -s "$TMP/client.conf" "${SFLAGS[@]}" -c "get $FILE /dev/null"
    echo "smbclient:"
    python3 "$ROOT/bench/smb2flow.py" "$TMP/smbclient.strace" "$LANMAN_TEST_PORT" | tee "$TMP/smbclient.flow"
    SUMMARY+=("$(printf '%-8s %7s %10s %10s' "$v" "$(sed -n 's/^round trips: //p' "$TMP/lanman.flow")" "$own" \
        "$(sed -n 's/^round trips: //p' "$TMP/smbclient.flow")")")
    bash "$ROOT/tests/fixtures/smbd.sh" stop "$FIXTURE" >/dev/null
    FIXTURE=""
    echo
done
echo "== round trips, connect + authenticate + read $FILE (target: lanman <= 4, the floor with NTLM)"
printf '%-8s %7s %10s %10s\n' variant lanman lanman_own smbclient
printf '%s\n' "${SUMMARY[@]}"
