#!/bin/sh
# install.sh CMAKE BUILD_DIR DEST: 'cmake --install' puts lanman, its man page and its bash completion in
# place (share/man/man1/lanman.1, share/bash-completion/completions/lanman), and man can read the page.
set -u
cmake=$1 build=$2 dest=$3
rm -rf "$dest"
"$cmake" --install "$build" --prefix "$dest" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
fail=0
for f in bin/lanman share/man/man1/lanman.1 share/bash-completion/completions/lanman; do
    if [ -f "$dest/$f" ]; then echo "ok: $f"; else echo "FAIL: $f not installed"; fail=1; fi
done
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$dest/share/man/man1/lanman.1" 2>/dev/null | grep -q '^EXIT STATUS' &&
        echo "ok: man renders it" || { echo "FAIL: man -l does not render the page"; fail=1; }
fi
rm -rf "$dest"
exit $fail
