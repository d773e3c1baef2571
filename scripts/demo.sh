#!/usr/bin/env bash
# The demo: builds the native tool and runs it.
#
# What it shows today: the lanman CLI and library build and run (version, help). The main job -- service
# list, share list, share add and config export against a sandboxed Samba on loopback -- arrives with the
# SMB2 core and the remote backend; this script will run it then.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh native
cmake --preset linux >/dev/null
cmake --build --preset linux >/dev/null
lanman=build/linux/cli/lanman

run() {
    printf '\n$ lanman %s\n' "$*"
    "$lanman" "$@"
}
run --version
run --help
