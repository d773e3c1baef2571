#!/usr/bin/env bash
# The public headers: lanman.h includes every one of them, and each compiles on its own (C11, no warnings),
# so that a program may include any single header. Usage: headers.sh INCLUDE_DIR CC
set -eu
set -o pipefail
inc=$1
cc=$2
n=0
for h in "$inc"/lanman/*.h; do
    name=$(basename "$h")
    n=$((n + 1))
    if [ "$name" != lanman.h ] && ! grep -q "^#include \"lanman/$name\"" "$inc/lanman/lanman.h"; then
        echo "FAIL: lanman/lanman.h does not include lanman/$name"
        exit 1
    fi
    if ! printf '#include <lanman/%s>\n' "$name" |
        "$cc" -std=c11 -Wall -Wextra -Werror -fsyntax-only -I "$inc" -x c -; then
        echo "FAIL: lanman/$name does not compile on its own"
        exit 1
    fi
done
if [ "$n" -lt 10 ]; then
    echo "FAIL: only $n headers in $inc/lanman"
    exit 1
fi
echo "ok: $n public headers, each included by lanman.h and self-contained"
