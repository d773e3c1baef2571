#!/usr/bin/env bash
# install.sh CMAKE BUILD_DIR DEST: 'cmake --install' puts lanman, its man page and its bash completion in
# place (share/man/man1/lanman.1, share/bash-completion/completions/lanman), and man can read the page.
# Without man (Debian package man-db, installed by scripts/deps.sh) the test says so and exits 77 (skipped)
# once the files have been checked.
set -euo pipefail
cmake=$1 build=$2 dest=$3
rm -rf "$dest"
"$cmake" --install "$build" --prefix "$dest" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
trap 'rm -rf "$dest"' EXIT
fail=0
for f in bin/lanman share/man/man1/lanman.1 share/bash-completion/completions/lanman; do
    if [ -f "$dest/$f" ]; then echo "ok: $f"; else echo "FAIL: $f not installed"; fail=1; fi
done
[ $fail -eq 0 ] || exit 1
command -v man >/dev/null 2>&1 || {
    echo "SKIP: man is not installed (Debian package man-db; scripts/deps.sh): the page is not rendered"
    exit 77
}
if ! page=$(MANWIDTH=80 man -l "$dest/share/man/man1/lanman.1" 2>&1); then
    echo "FAIL: man -l exits non-zero:"
    printf '%s\n' "$page" | head -n 20
    exit 1
fi
grep -q '^EXIT STATUS' <<<"$page" || { echo "FAIL: man -l does not render the page (no EXIT STATUS section):"; printf '%s\n' "$page" | head -n 20; exit 1; }
echo "ok: man renders it ($(wc -l <<<"$page") lines)"
