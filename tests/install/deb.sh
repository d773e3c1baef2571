#!/usr/bin/env bash
# deb.sh: CPack makes the .deb of a Linux build; dpkg-deb -c lists the expected files, Depends has libssl3
# and libc (dpkg-shlibdeps computes them) and libxml2, MIT Kerberos' libgssapi-krb5-2 and libkrb5-3 (loaded
# with dlopen: cmake/packaging.cmake names them), the package declares liblanman's shlibs, and the lanman.pc it
# ships resolves to where the package puts the headers.
# Environment: BUILD SRC WORK VERSION SOVERSION LIBDIR HAVE_AGENT.
set -u -o pipefail
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
command -v dpkg-shlibdeps >/dev/null || { echo "SKIP install.deb: dpkg-shlibdeps not installed (Debian package dpkg-dev)"; exit 77; }

rm -rf "$WORK" && mkdir -p "$WORK"
cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK" >"$WORK/cpack.log" 2>&1 ||
    { cat "$WORK/cpack.log"; echo "FAIL: cpack" >&2; exit 1; }
deb=$WORK/lanman_${VERSION}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || { ls "$WORK"; echo "FAIL: no $deb" >&2; exit 1; }
ok "$(basename "$deb")"

dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|; s|/$||' >"$WORK/contents"
has() { grep -qx "$1" "$WORK/contents" && ok "$1" || fail "not in the package: $1"; }
lib=/usr/$LIBDIR
has /usr/bin/lanman
has "$lib/liblanman.so.$VERSION"
has "$lib/liblanman.so.$SOVERSION"
has "$lib/liblanman.so"
for h in "$SRC"/include/lanman/*.h; do has "/usr/include/lanman/$(basename "$h")"; done
has "$lib/pkgconfig/lanman.pc"
has "$lib/cmake/lanman/lanmanConfig.cmake"
has "$lib/cmake/lanman/lanmanTargets.cmake"
has /usr/share/lanman/lanman-config.xsd
[ -f "$SRC/docs/lanman.1" ] && has /usr/share/man/man1/lanman.1
[ -f "$SRC/docs/lanman.bash-completion" ] && has /usr/share/bash-completion/completions/lanman
[ "$HAVE_AGENT" = 1 ] && has /usr/bin/lanman-agent
[ -f "$SRC/service/lanman-agent.conf.example" ] && has /usr/share/doc/lanman/lanman-agent.conf.example
if [ -f "$SRC/service/lanman-agent.service" ]; then
    grep -q '/systemd/system/lanman-agent.service$' "$WORK/contents" && ok "systemd unit" || fail "no systemd unit in the package"
fi
outside=$(grep -v '^/usr' "$WORK/contents" | grep -v '^/$' || true)
[ -z "$outside" ] && ok "everything under /usr" || fail "outside /usr: $outside"

dpkg-deb -I "$deb"
depends=$(dpkg-deb -f "$deb" Depends)
for want in 'libxml2( \(>=|,|$)' 'libssl3( \(>=|,|$)' 'libc6( \(>=|,|$)' 'libgssapi-krb5-2( \(>=|,|$)' 'libkrb5-3( \(>=|,|$)'; do
    grep -Eq "$want" <<<"$depends" && ok "Depends has /$want/" || fail "Depends '$depends' has no /$want/"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./shlibs 2>/dev/null | grep "^liblanman $SOVERSION lanman (>= $VERSION)" >/dev/null &&
    ok "shlibs: liblanman $SOVERSION lanman (>= $VERSION)" || fail "no shlibs entry for liblanman $SOVERSION"
dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./postinst 2>/dev/null | grep 'ldconfig' >/dev/null &&
    ok "postinst runs ldconfig" || fail "no ldconfig in postinst"

# The shipped lanman.pc, unpacked anywhere, points at the unpacked headers and library.
dpkg-deb -x "$deb" "$WORK/root"
inc=$(PKG_CONFIG_LIBDIR="$WORK/root$lib/pkgconfig" PKG_CONFIG_PATH='' pkg-config --variable=includedir lanman)
[ "$(readlink -f "$inc")" = "$(readlink -f "$WORK/root/usr/include")" ] && ok "lanman.pc: includedir $inc" ||
    fail "lanman.pc: includedir '$inc'"

[ "$fails" -eq 0 ] || { echo "deb: $fails failure(s)" >&2; exit 1; }
echo "deb: ok"
