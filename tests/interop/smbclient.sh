#!/usr/bin/env bash
# The fixture as smbclient sees it: the share is listed, and many/ holds the 2,000 populated files.
# Exit 77 (skip) when smbd is not installed; needs LANMAN_SMBD_ENV_FILE from the smbd fixture.
set -euo pipefail
smbd=${LANMAN_SMBD:-/usr/sbin/smbd}
if [ ! -x "$smbd" ] || ! command -v smbclient >/dev/null; then
    echo "SKIP: smbd or smbclient is not installed (scripts/deps.sh)"
    exit 77
fi
env_file=${LANMAN_SMBD_ENV_FILE:?set by the smbd fixture}
[ -f "$env_file" ] || { echo "no $env_file: did interop.smbd.start run?" >&2; exit 1; }
# shellcheck source=/dev/null
. "$env_file"
args=(-p "$LANMAN_TEST_PORT" -A "$LANMAN_TEST_AUTHFILE" -s "$LANMAN_TEST_CONF")

list=$(smbclient -L "$LANMAN_TEST_HOST" "${args[@]}" 2>&1) || { echo "$list" >&2; exit 1; }
if ! grep -Eq "^[[:space:]]+${LANMAN_TEST_SHARE}[[:space:]]+Disk" <<<"$list"; then
    echo "smbclient -L does not list the share '$LANMAN_TEST_SHARE':" >&2
    echo "$list" >&2
    exit 1
fi
echo "smbclient -L lists $LANMAN_TEST_SHARE"

ls=$(smbclient "//$LANMAN_TEST_HOST/$LANMAN_TEST_SHARE" "${args[@]}" -c 'ls many/*' 2>&1) ||
    { echo "$ls" >&2; exit 1; }
n=$(grep -Ec '^  file-[0-9]{4}\.txt +[A-Z]+ +[0-9]+ ' <<<"$ls" || true)
if [ "$n" != 2000 ]; then
    echo "smbclient sees $n files in many/, expected 2000" >&2
    exit 1
fi
# One known size, so that a listing of the wrong files cannot pass.
grep -Eq '^  file-1234\.txt +[A-Z]+ +1234 ' <<<"$ls" || { echo "many/file-1234.txt is not 1234 bytes" >&2; exit 1; }
echo "smbclient sees 2000 files in many/"
