#!/usr/bin/env bash
# The demo: builds lanman and runs it against a sandboxed Samba on loopback (tests/fixtures/smbd.sh), which
# stands in for a Lanman server. Needs root (the sandbox adds a local test account), as the tests do.
#
# The main job over DCE/RPC: service list (svcctl), share list, share add and the list again (srvsvc), and
# the Lanman settings (winreg) annotated from the catalogue; then the SMB2 core: probe, a listing, a
# download; and last the whole configuration exported as XML into a file, validated with xmllint --schema.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh native
cmake --preset linux >/dev/null
cmake --build --preset linux >/dev/null
lanman=$PWD/build/linux/cli/lanman

sandbox=$(mktemp -d /tmp/lanman-demo.XXXXXX)
trap 'bash tests/fixtures/smbd.sh stop "$sandbox/smbd" >/dev/null 2>&1 || true; rm -rf "$sandbox"' EXIT
echo "Starting a sandboxed Samba in $sandbox ..."
bash tests/fixtures/smbd.sh start "$sandbox/smbd" --populate >/dev/null
# shellcheck disable=SC1091
. "$sandbox/smbd/env"
export LANMAN_PASSWORD=$LANMAN_TEST_PASSWORD # the password never goes on the command line
server=$LANMAN_TEST_HOST:$LANMAN_TEST_PORT

run() {
    printf '\n$ lanman'
    printf ' %q' "$@"
    printf '\n'
    "$lanman" "$@"
}
run --version
run -H "$server" -U "$LANMAN_TEST_USER" service list '*'
run -H "$server" -U "$LANMAN_TEST_USER" share list
mkdir -p "$LANMAN_TEST_SHARE_PATH/reports"
winpath="C:$(printf '%s' "$LANMAN_TEST_SHARE_PATH/reports" | tr / '\\')"
run -H "$server" -U "$LANMAN_TEST_USER" share add Reports "$winpath" --description "Monthly reports"
run -H "$server" -U "$LANMAN_TEST_USER" share list
run -H "$server" -U "$LANMAN_TEST_USER" --format json share show Reports
run -H "$server" -U "$LANMAN_TEST_USER" config list LanmanServer
run probe "$server"
run -U "$LANMAN_TEST_USER" ls "//$server/$LANMAN_TEST_SHARE"
run -U "$LANMAN_TEST_USER" get "//$server/$LANMAN_TEST_SHARE/hello.txt" -
run -U "$LANMAN_TEST_USER" get "//$server/$LANMAN_TEST_SHARE/big.bin" "$sandbox/big.bin"
printf '\n$ sha256sum (local copy, server file)\n'
sha256sum "$sandbox/big.bin" "$LANMAN_TEST_SHARE_PATH/big.bin"
run -H "$server" -U "$LANMAN_TEST_USER" config export -o "$sandbox/lanman-config.xml"
printf '\n$ head -n 20 lanman-config.xml\n'
head -n 20 "$sandbox/lanman-config.xml"
printf '\n$ xmllint --noout --schema schema/lanman-config.xsd lanman-config.xml\n'
xmllint --noout --schema schema/lanman-config.xsd "$sandbox/lanman-config.xml" 2>&1 | sed "s|$sandbox/||"
