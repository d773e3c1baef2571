#!/usr/bin/env bash
# lazy.sh mapped|missing LANMAN: libxml2 is loaded only by what writes or reads XML (lib/xml/xmlapi.h), POSIX.
#   mapped   `--version` and `share list` (table) against the fixture never load libxml2, ICU or libstdc++
#            (LD_DEBUG=files names every library the dynamic loader opens; libstdc++ is not checked in a
#            sanitizer build, whose runtime needs it); `--format xml share list` and `config export` do, and
#            still work.
#   missing  libxml2.so.2 unloadable (/dev/null bind-mounted over it in a private mount namespace):
#            `share list` still works; `--format xml share list`, `config export -o FILE` and
#            `config apply --dry-run` fail with one line that names libxml2 and exit 1, before anything is
#            written (FILE is not created). Needs root (unshare -m); else exit 77.
# Exit 77 (skip) without the fixture.
set -uo pipefail
mode=${1:?mapped or missing}
lanman=${2:?lanman}
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
. "$(dirname "$0")/../../agent/lib.sh" # fail, pass, bad, count
. "$(dirname "$0")/../../fixtures/lazylib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run NAME ARGS...: lanman ARGS under LD_DEBUG=files (lazylib.sh)
run() { lazy_run "$1" "$lanman" "${@:2}"; }
rc() { lazy_rc "$1"; }
loaded() { lazy_loaded "$1" "$2"; }
# shares NAME: table rows that name the fixture's share or IPC$ (at least 2 for a real listing)
shares() { count "$tmp/$1.out" "^($LANMAN_TEST_SHARE|IPC\\$) "; }

if [ "$mode" = mapped ]; then
    # libxml2 and ICU (which only libxml2 brings); libstdc++ too, unless a sanitizer's runtime needs it (asan)
    libs="libxml2 libicuuc"
    # (ldd's output to a file first: grep -q exiting early would fail the pipeline under pipefail)
    ldd "$lanman" >"$tmp/ldd" || bad "ldd $lanman failed"
    grep -Eq 'lib(a|ub)san' "$tmp/ldd" || libs="$libs libstdc++"
    run version --version
    run table $H share list
    run xml $H --format xml share list
    run export $H config export
    lazy_unmapped "version table" $libs
    [ "$(shares table)" -ge 2 ] && pass "table: $(shares table) rows name the share and IPC\$" ||
        bad "table: the share and IPC\$ are not listed: $(head -n 5 "$tmp/table.out")"
    # The positive control: the same check sees libxml2 where it is used.
    for n in xml export; do
        [ "$(rc $n)" = 0 ] || bad "$n: exit $(rc $n): $(lazy_errors $n)"
        c=$(loaded $n libxml2)
        [ "$c" -ge 1 ] && pass "$n: libxml2 loaded" || bad "$n: libxml2 not seen loaded"
    done
    c=$(count "$tmp/xml.out" '^ *<Name>')
    [ "$c" -ge 2 ] && pass "--format xml: $c names" || bad "--format xml: $c names: $(head -n 5 "$tmp/xml.out")"
    c=$(count "$tmp/export.out" '<share ')
    [ "$c" -ge 2 ] && pass "config export: $c shares" || bad "config export: $c shares"
    exit $fail
fi

# missing: the rest of this script again, inside a mount namespace of its own, libxml2 hidden
lazy_hide libxml2.so.2 "$@"

run table $H share list
[ "$(rc table)" = 0 ] && [ "$(shares table)" -ge 2 ] && pass "share list without libxml2: exit 0" ||
    bad "share list without libxml2: exit $(rc table): $(lazy_errors table)"

printf '<lanman-config/>\n' >"$tmp/doc.xml"
# refused NAME ARGS...: exit 1, one line naming libxml2 on stderr, nothing on stdout
refused() {
    local name=$1 err
    shift
    "$lanman" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.rc"
    err=$(head -n 1 "$tmp/$name.err")
    [ "$(rc $name)" = 1 ] && pass "$name: exit 1: $err" || bad "$name: exit $(rc $name) (want 1): $err"
    [ "$(wc -l <"$tmp/$name.err")" = 1 ] || bad "$name: not one line on stderr: $(head -n 5 "$tmp/$name.err")"
    grep -q 'cannot load libxml2' "$tmp/$name.err" || bad "$name: the error does not say libxml2 is missing"
    [ ! -s "$tmp/$name.out" ] || bad "$name: wrote to stdout: $(head -n 3 "$tmp/$name.out")"
}
refused xml $H --format xml share list
refused export $H config export -o "$tmp/export.xml"
[ ! -e "$tmp/export.xml" ] && pass "export: no file" || bad "export: $tmp/export.xml was created"
refused apply $H config apply "$tmp/doc.xml" --dry-run
exit $fail
