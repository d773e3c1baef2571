#!/bin/bash
# cli.sh EXPECT RC PATTERN -- [EMULATOR] LANMAN ARGS...: runs the lanman CLI against the fixture named by
# LANMAN_SMBD_ENV_FILE, through tests/cli/expect.sh. In ARGS, @HOSTPORT@ ([::1]:port for @HOST6PORT@),
# @USER@, @SHARE@ become the
# fixture's values and @BADPW@ a file holding a wrong password; the right password goes through
# LANMAN_PASSWORD, never argv.
set -euo pipefail
expect=$1 rc=$2 pattern=$3
shift 3
[ "$1" = "--" ] && shift
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
bad=$(mktemp)
trap 'rm -f "$bad"' EXIT
echo "not-the-password" >"$bad"
n=$#
i=0
while [ "$i" -lt "$n" ]; do
    a=$1
    shift
    case $a in
    *@HOSTPORT@*) a=${a//@HOSTPORT@/"$LANMAN_TEST_HOST:$LANMAN_TEST_PORT"} ;;
    *@HOST6PORT@*)
        # IPv6 loopback: the fixture listens on lo, which has ::1 when the machine has IPv6 at all.
        grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null || {
            echo "SKIP: this machine has no ::1"
            exit 77
        }
        a=${a//@HOST6PORT@/"[::1]:$LANMAN_TEST_PORT"}
        ;;
    esac
    case $a in
    @USER@) a=$LANMAN_TEST_USER ;;
    @BADPW@) a=$bad ;;
    *@SHARE@*) a=${a//@SHARE@/"$LANMAN_TEST_SHARE"} ;;
    esac
    set -- "$@" "$a"
    i=$((i + 1))
done
bash "$expect" "$rc" "$pattern" -- "$@"
