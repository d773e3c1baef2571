#!/usr/bin/env bash
# format-check.sh CLANG_FORMAT: fails (listing the files) when any tracked .c/.h file differs from what the
# root .clang-format makes of it. Exits 77 (skipped) when CLANG_FORMAT is not a program (scripts/deps.sh
# installs clang-format).
set -eu
set -o pipefail
cf=$1
command -v "$cf" >/dev/null 2>&1 || { echo "SKIP: clang-format not found ('$cf'; scripts/deps.sh installs it)"; exit 77; }
files=$(git ls-files -co --exclude-standard -- '*.c' '*.h' 2>/dev/null || find . -path ./build -prune -o \( -name '*.c' -o -name '*.h' \) -print)
[ -n "$files" ] || { echo "format-check: no C files found" >&2; exit 1; }
bad=""
n=0
for f in $files; do
    n=$((n + 1))
    "$cf" --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -n "$bad" ]; then
    echo "not formatted by .clang-format:$bad" >&2
    exit 1
fi
echo "format-check: $n files formatted"
