#!/usr/bin/env bash
# progress.sh LANMAN: get's progress on a terminal (a pty from script(1)) against the Samba fixture's big.bin
# (64 MiB): a bar line with the file name, the percentage, MiB, MiB/s and the ETA, rewritten with \r, ended
# with a newline and followed by a summary line; the same when the file goes to a pipe ('get ... - | wc -c');
# none when stderr is not a terminal, and none when the file goes to the terminal itself. Every download is
# checked whole (size or SHA-256), so that a failed one cannot pass for a quiet one.
set -euo pipefail
lanman=$1
. "$(dirname "$0")/../fixtures/smbdenv.sh"
command -v script >/dev/null 2>&1 || { echo "SKIP: no script(1) (util-linux) for a pty"; exit 77; }
big=//$LANMAN_TEST_HOST:$LANMAN_TEST_PORT/$LANMAN_TEST_SHARE/big.bin
size=67108864
sum=$(cat "$LANMAN_TEST_DIR/cache/big.bin.sha256")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
has() { grep -qE -- "$2" <<<"$1"; }
# bar OUTPUT: the pty's output holds a progress line and, after its newline, the summary.
bar() {
    has "$1" $'\r''big\.bin \[#+ *\] +100%  64\.0 MiB / 64\.0 MiB  [0-9.]+ [KMG]iB/s  ETA 0:00 *'$'\r?$' &&
        has "$1" '^big\.bin: 64\.0 MiB \(67108864 bytes\) in [0-9.]+ s(, [0-9.]+ [KMG]iB/s)?'$'\r?$'
}

# To a file, on a pty (stdout and stderr both the terminal).
out=$(cd "$work" && COLUMNS=100 script -qec "'$lanman' -U '$LANMAN_TEST_USER' get '$big'" /dev/null </dev/null) ||
    { echo "FAIL: get on a pty exits $?: $out"; exit 1; }
printf '%s\n' "$out" | cat -v | tail -c 400
check "get to a file: the download is whole" [ "$(sha256sum <"$work/big.bin" | cut -d' ' -f1)" = "$sum" ]
check "get to a file: a bar with the name, MiB, MiB/s, ETA, then a summary line" bar "$out"
check "get to a file: the bar fits COLUMNS=100" \
    [ "$(tr '\r' '\n' <<<"$out" | grep 'ETA' | LC_ALL=C.UTF-8 awk '{ if (length($0) > m) m = length($0) } END { print m }')" -le 99 ]

# To a pipe: the terminal is stderr's only.
out=$(script -qec "'$lanman' -U '$LANMAN_TEST_USER' get '$big' - | wc -c" /dev/null </dev/null) ||
    { echo "FAIL: get - | wc -c on a pty exits $?: $out"; exit 1; }
check "get - | wc -c: every byte through the pipe" has "$out" "^$size"$'\r?$'
check "get - | wc -c: the bar and the summary on the terminal" bar "$out"

# stderr not a terminal: nothing but the file.
(cd "$work" && rm -f big.bin && "$lanman" -U "$LANMAN_TEST_USER" get "$big" 2>"$work/err")
check "stderr a file: the download is whole" [ "$(stat -c %s "$work/big.bin")" -eq "$size" ]
check "stderr a file: no progress" [ ! -s "$work/err" ]

# The file to the terminal itself: no bar among its bytes.
out=$(script -qec "'$lanman' -U '$LANMAN_TEST_USER' get //$LANMAN_TEST_HOST:$LANMAN_TEST_PORT/$LANMAN_TEST_SHARE/hello.txt -" \
    /dev/null </dev/null) || { echo "FAIL: get hello.txt - on a pty exits $?: $out"; exit 1; }
check "get - to the terminal: the file" has "$out" '^Hello from lanman'$'\r?$'
check "get - to the terminal: no bar" eval '! has "$out" "ETA|MiB"'
exit $fail
