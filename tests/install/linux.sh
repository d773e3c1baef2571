#!/usr/bin/env bash
# linux.sh stage|files|pkgconfig|cmake: the install of a Linux build, in a staging prefix.
#   stage      cmake --install BUILD --prefix STAGE (a fresh folder)
#   files      what is installed: programs, liblanman with its SONAME and links, headers, lanman.pc, the CMake
#              package, schema; man page, bash completion, lanman-agent and its systemd unit when the build
#              has them; the installed lanman runs from the prefix with no LD_LIBRARY_PATH
#   pkgconfig  a consumer program built with `pkg-config --cflags --libs lanman` from the prefix, and run
#   cmake      a consumer project with find_package(lanman) from the prefix, built and run
# Environment: BUILD STAGE SRC WORK VERSION SOVERSION LIBDIR HAVE_AGENT CC CFLAGS LDFLAGS GENERATOR.
set -u
set -o pipefail
action=$1
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
finish() {
    [ "$fails" -eq 0 ] || { echo "linux $action: $fails failure(s)" >&2; exit 1; }
    echo "linux $action: ok"
    exit 0
}
lib=$STAGE/$LIBDIR
rm -rf "$WORK" && mkdir -p "$WORK"

case $action in
stage)
    rm -rf "$STAGE"
    # Through DESTDIR, so that a destination outside the prefix (an absolute path) shows, instead of being
    # written to this machine; then the prefix is moved into place.
    DESTDIR=$WORK/root cmake --install "$BUILD" --prefix "$STAGE" >"$WORK/install.log" 2>&1 ||
        { cat "$WORK/install.log"; fail "cmake --install failed"; }
    # An empty or missing install must not pass for "nothing outside the prefix": count what is inside too.
    outside=$(find "$WORK/root" ! -type d | grep -v "^$WORK/root$STAGE/")
    [ -z "$outside" ] && ok "every installed file is under the prefix" || fail "installed outside the prefix: $outside"
    mkdir -p "$(dirname "$STAGE")" && mv "$WORK/root$STAGE" "$STAGE" || fail "moving the prefix into place"
    n=$(find "$STAGE" -type f 2>/dev/null | wc -l)
    [ "$n" -ge 10 ] && ok "installed into $STAGE: $n files" || fail "only $n files installed into $STAGE"
    finish
    ;;
files)
    exists() { [ -e "$STAGE/$1" ] && ok "$1" || fail "not installed: $1"; }
    exists bin/lanman
    [ -x "$STAGE/bin/lanman" ] || fail "bin/lanman is not executable"
    real=liblanman.so.$VERSION
    [ -f "$lib/$real" ] && [ ! -L "$lib/$real" ] && ok "$LIBDIR/$real" || fail "no $LIBDIR/$real"
    [ "$(readlink "$lib/liblanman.so.$SOVERSION")" = "$real" ] && ok "$LIBDIR/liblanman.so.$SOVERSION -> $real" ||
        fail "$LIBDIR/liblanman.so.$SOVERSION is not a link to $real"
    [ "$(readlink "$lib/liblanman.so")" = "liblanman.so.$SOVERSION" ] && ok "$LIBDIR/liblanman.so -> liblanman.so.$SOVERSION" ||
        fail "$LIBDIR/liblanman.so is not a link to liblanman.so.$SOVERSION"
    soname=$(objdump -p "$lib/$real" | awk '$1 == "SONAME" { print $2 }')
    [ "$soname" = "liblanman.so.$SOVERSION" ] && ok "SONAME $soname" || fail "SONAME '$soname'"
    for h in "$SRC"/include/lanman/*.h; do exists "include/lanman/$(basename "$h")"; done
    n=$(ls "$STAGE/include/lanman" | wc -l)
    [ "$n" -eq "$(ls "$SRC"/include/lanman/*.h | wc -l)" ] || fail "include/lanman has $n files, the source tree other ones"
    exists "$LIBDIR/pkgconfig/lanman.pc"
    for f in lanmanConfig.cmake lanmanConfigVersion.cmake lanmanTargets.cmake; do exists "$LIBDIR/cmake/lanman/$f"; done
    exists share/lanman/lanman-config.xsd
    cmp -s "$SRC/schema/lanman-config.xsd" "$STAGE/share/lanman/lanman-config.xsd" || fail "the installed schema differs"
    if [ -f "$SRC/docs/lanman.1" ]; then exists share/man/man1/lanman.1; else echo "note: no docs/lanman.1 yet"; fi
    if [ -f "$SRC/docs/lanman.bash-completion" ]; then
        exists share/bash-completion/completions/lanman
    else
        echo "note: no docs/lanman.bash-completion yet"
    fi
    programs=lanman
    if [ "$HAVE_AGENT" = 1 ]; then
        exists bin/lanman-agent
        programs="lanman lanman-agent"
    else
        echo "note: the build has no lanman-agent (target lanman_agent)"
    fi
    [ -f "$SRC/service/lanman-agent.conf.example" ] && exists share/doc/lanman/lanman-agent.conf.example
    if [ -f "$SRC/service/lanman-agent.service" ]; then
        unit=$(find "$STAGE" -name lanman-agent.service)
        [ -n "$unit" ] && ok "systemd unit: ${unit#"$STAGE"/}" || fail "service/lanman-agent.service is not installed"
    else
        echo "note: no service/lanman-agent.service yet"
    fi
    # Relocatable: the installed programs find the installed library through their RPATH ($ORIGIN/../lib).
    for p in $programs; do
        out=$(env -u LD_LIBRARY_PATH "$STAGE/bin/$p" --version 2>&1)
        [ "$out" = "$p $VERSION" ] && ok "bin/$p --version: $out" || fail "bin/$p --version: $out"
        resolved=$(env -u LD_LIBRARY_PATH ldd "$STAGE/bin/$p" | awk '$1 ~ /^liblanman/ { print $3 }')
        [ "$(readlink -f "$resolved")" = "$(readlink -f "$lib/$real")" ] && ok "bin/$p loads $LIBDIR/$real of the prefix" ||
            fail "bin/$p loads '$resolved'"
    done
    finish
    ;;
pkgconfig)
    # Only the prefix's .pc: PKG_CONFIG_LIBDIR replaces the system search path.
    export PKG_CONFIG_LIBDIR="$lib/pkgconfig" PKG_CONFIG_PATH=
    v=$(pkg-config --modversion lanman) && [ "$v" = "$VERSION" ] && ok "pkg-config --modversion lanman: $v" ||
        fail "pkg-config --modversion lanman: '$v'"
    inc=$(pkg-config --variable=includedir lanman)
    [ "$(readlink -f "$inc")" = "$(readlink -f "$STAGE/include")" ] && ok "includedir is the prefix's ($inc)" ||
        fail "includedir $inc is not $STAGE/include"
    flags=$(pkg-config --cflags --libs lanman) || fail "pkg-config --cflags --libs lanman"
    echo "pkg-config --cflags --libs lanman: $flags"
    # shellcheck disable=SC2086 # the flags are words
    $CC $CFLAGS -std=c11 -Wall -Wextra -Werror -o "$WORK/consumer" "$SRC/tests/install/consumer/consumer.c" \
        $flags $LDFLAGS || fail "the consumer does not build with pkg-config's flags"
    out=$(LD_LIBRARY_PATH="$lib" "$WORK/consumer" 2>&1)
    rc=$?
    echo "$out"
    [ $rc -eq 0 ] && ok "consumer (pkg-config) runs" || fail "consumer (pkg-config) exit $rc"
    finish
    ;;
cmake)
    cmake -S "$SRC/tests/install/consumer" -B "$WORK/build" -G "$GENERATOR" -DCMAKE_C_COMPILER="$CC" \
        -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_EXE_LINKER_FLAGS="$LDFLAGS" -DLANMAN_PREFIX="$STAGE" \
        -DLANMAN_VERSION="$VERSION" >"$WORK/configure.log" 2>&1 || { cat "$WORK/configure.log"; fail "configure"; finish; }
    grep 'lanman_DIR' "$WORK/build/CMakeCache.txt"
    cmake --build "$WORK/build" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; fail "build"; finish; }
    ok "the find_package(lanman) consumer builds"
    # CMake's build RPATH points at the prefix's library: no LD_LIBRARY_PATH.
    out=$(env -u LD_LIBRARY_PATH "$WORK/build/consumer" 2>&1)
    rc=$?
    echo "$out"
    [ $rc -eq 0 ] && ok "consumer (find_package) runs" || fail "consumer (find_package) exit $rc"
    finish
    ;;
*)
    echo "usage: linux.sh stage|files|pkgconfig|cmake" >&2
    exit 2
    ;;
esac
