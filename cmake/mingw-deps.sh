#!/usr/bin/env bash
# Cross-builds the MinGW-w64 dependencies (libxml2, CUnit) from Debian's own source packages into a cached
# prefix. Debian ships neither for MinGW, and no prebuilt binary may be downloaded, so we build them.
#
# The prefix lives outside the checkout, keyed by the source package versions, so a fresh clone reuses it
# and a second run costs nothing. It prints the prefix on its last line of stdout.
#
#   cmake/mingw-deps.sh            build if missing; print the prefix
#   LANMAN_DEPS_CACHE=DIR          cache root (default: ${XDG_CACHE_HOME:-$HOME/.cache}/lanman)
set -euo pipefail

host=x86_64-w64-mingw32
cache_root=${LANMAN_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lanman}
log() { printf 'mingw-deps: %s\n' "$*" >&2; }
die() { printf 'mingw-deps: error: %s\n' "$*" >&2; exit 1; }

command -v "$host-gcc" >/dev/null || die "$host-gcc not found; install the Debian package mingw-w64"

# apt-get source needs a deb-src stanza. Copy the system's Debian stanza once, with Types: deb-src.
srcver() { apt-cache showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -n 1; }
if [ -z "$(srcver libxml2)" ] || [ -z "$(srcver cunit)" ]; then
    src=/etc/apt/sources.list.d/debian.sources
    dst=/etc/apt/sources.list.d/lanman-deb-src.sources
    [ -f "$src" ] || die "no $src to derive a deb-src stanza from; add deb-src lines for Debian by hand"
    [ -w /etc/apt/sources.list.d ] || die "adding $dst needs root"
    log "adding $dst and updating the package lists"
    sed 's/^Types: deb$/Types: deb-src/' "$src" >"$dst"
    apt-get update -qq >&2
fi
xml_ver=$(srcver libxml2)
cunit_ver=$(srcver cunit)
[ -n "$xml_ver" ] && [ -n "$cunit_ver" ] || die "apt-cache showsrc knows no libxml2/cunit source package"

# r2: libxml2 compiled with LIBXML_STATIC, so its objects carry no dllexport directives (lanman.dll links
# it and must not re-export its API). Bump the recipe tag whenever the build recipe changes.
prefix="$cache_root/mingw-r2-libxml2_${xml_ver}-cunit_${cunit_ver}"
prefix=${prefix//'~'/_}
ln_current() { ln -sfn "$(basename "$prefix")" "$cache_root/mingw-current"; }
if [ -f "$prefix/.complete" ]; then
    log "cached: $prefix"
    ln_current
    echo "$prefix"
    exit 0
fi

mkdir -p "$cache_root"
work=$(mktemp -d "$cache_root/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage="$work/prefix"
jobs=$(nproc 2>/dev/null || echo 2)

log "fetching Debian sources libxml2 $xml_ver and cunit $cunit_ver"
(cd "$work" && apt-get source -qq "libxml2=$xml_ver" "cunit=$cunit_ver" >"$work/fetch.log" 2>&1) ||
    { tail -n 30 "$work/fetch.log" >&2; die "apt-get source failed"; }

log "building libxml2 (static, no network code, no iconv/zlib/lzma)"
xml_src=$(find "$work" -maxdepth 1 -type d -name 'libxml2-*' | head -n 1)
cmake -S "$xml_src" -B "$work/xml-build" -G Ninja \
    -DCMAKE_SYSTEM_NAME=Windows -DCMAKE_C_COMPILER="$host-gcc" -DCMAKE_RC_COMPILER="$host-windres" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$stage" -DBUILD_SHARED_LIBS=OFF \
    -DCMAKE_C_FLAGS=-DLIBXML_STATIC \
    -DLIBXML2_WITH_PYTHON=OFF -DLIBXML2_WITH_LZMA=OFF -DLIBXML2_WITH_ZLIB=OFF -DLIBXML2_WITH_ICONV=OFF \
    -DLIBXML2_WITH_ICU=OFF -DLIBXML2_WITH_TESTS=OFF -DLIBXML2_WITH_PROGRAMS=OFF -DLIBXML2_WITH_HTTP=OFF \
    -DLIBXML2_WITH_FTP=OFF -DLIBXML2_WITH_THREADS=ON >"$work/xml-configure.log" 2>&1 ||
    { tail -n 30 "$work/xml-configure.log" >&2; die "libxml2 configure failed"; }
cmake --build "$work/xml-build" -j "$jobs" >"$work/xml-build.log" 2>&1 ||
    { tail -n 30 "$work/xml-build.log" >&2; die "libxml2 build failed"; }
cmake --install "$work/xml-build" >/dev/null

log "building CUnit (static)"
cunit_src=$(find "$work" -maxdepth 1 -type d -name 'cunit-*' | head -n 1)
(cd "$cunit_src" && ./configure --host="$host" --prefix="$stage" --disable-shared --enable-static \
    --disable-curses --disable-console >"$work/cunit-configure.log" 2>&1) ||
    { tail -n 30 "$work/cunit-configure.log" >&2; die "CUnit configure failed"; }
make -C "$cunit_src" -j "$jobs" >"$work/cunit-build.log" 2>&1 ||
    { tail -n 30 "$work/cunit-build.log" >&2; die "CUnit build failed"; }
make -C "$cunit_src" install >/dev/null 2>&1

printf 'libxml2 %s\ncunit %s\n' "$xml_ver" "$cunit_ver" >"$stage/.complete"
rm -rf "$prefix"
mv "$stage" "$prefix"
ln_current
log "built: $prefix"
echo "$prefix"
