#!/usr/bin/env bash
# terminal.sh LANMAN: the table on a terminal (a pty from script(1)) against the Samba fixture: the Status
# column coloured (Running green, Stopped red), rows cut with '…' to COLUMNS; no colour with NO_COLOR or
# --no-color; neither colour nor cuts through a pipe. Every run's exit code is checked and its output must list
# Spooler, so that an empty output cannot pass for "no colour" or "fits".
set -euf -o pipefail # no globbing: '*' is a service pattern
lanman=$1
. "$(dirname "$0")/../fixtures/smbdenv.sh"
command -v script >/dev/null 2>&1 || { echo "SKIP: no script(1) (util-linux) for a pty"; exit 77; }
unset NO_COLOR
fail=0
esc=$(printf '\033')
args="$H service list"
# on_tty ENV... [-- LANMAN_OPTION]: lanman's stdout on a pty, as text without the pty's CRs; lanman's exit
# code (script -e), and a failure when it lists no Spooler.
on_tty() {
    local out opt=""
    [ "${*: -1}" != --no-color ] || { opt=--no-color; set -- "${@:1:$#-1}"; }
    out=$(env "$@" script -qec "'$lanman' $opt $args '*'" /dev/null </dev/null) ||
        { echo "FAIL: lanman $opt $args on a pty ($*) exits $?: $out" >&2; return 1; }
    out=$(tr -d '\r' <<<"$out")
    grep -q 'Spooler' <<<"$out" || { echo "FAIL: lanman $opt $args on a pty ($*) lists no Spooler: $out" >&2; return 1; }
    printf '%s\n' "$out"
}
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
    what=$1
    shift
    if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
has() { grep -q -- "$2" <<<"$1"; }
width_at_most() { # in characters, not bytes ('…' is three)
    printf '%s\n' "$1" | while IFS= read -r line; do
        [ "$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)" -le "$2" ] || exit 1
    done
}

wide=$(on_tty COLUMNS=200) || exit 1
printf '%s\n' "$wide"
check "Running is green on a terminal" has "$wide" "${esc}\[32mRunning${esc}\[0m RemoteRegistry"
check "Stopped is red on a terminal" has "$wide" "${esc}\[31mStopped${esc}\[0m Spooler"

narrow=$(on_tty COLUMNS=40 NO_COLOR=1) || exit 1
printf '%s\n' "$narrow"
check "NO_COLOR: no colour" sh -c "! printf '%s' \"\$1\" | grep -q \"\$2\"" - "$narrow" "$esc"
check "COLUMNS=40: every line fits" width_at_most "$narrow" 40
check "COLUMNS=40: cut values end in …" has "$narrow" "…$"

flag=$(on_tty COLUMNS=200 --no-color) || exit 1
check "--no-color: no colour" sh -c "! printf '%s' \"\$1\" | grep -q \"\$2\"" - "$flag" "$esc"

piped=$(COLUMNS=40 "$lanman" $args '*') || { echo "FAIL: lanman $args through a pipe exits $?"; exit 1; }
grep -q Spooler <<<"$piped" || { echo "FAIL: lanman $args through a pipe lists no Spooler: $piped"; exit 1; }
check "a pipe: no colour" sh -c "! printf '%s' \"\$1\" | grep -q \"\$2\"" - "$piped" "$esc"
check "a pipe: nothing cut" has "$piped" "Windows Internet Name Service (WINS)$"
exit $fail
