#!/usr/bin/env bash
# msi-wine.sh install|upgrade: the MSI under Wine's real msiexec, SCM and registry, each action in a fresh
# WINEPREFIX of its own (run through tests/win32/own_prefix.sh, which sets WINEPREFIX).
#   install  msiexec /i /qn; the installed files, nothing else; lanman.exe --version from the install folder
#            and through the system PATH; every DLL the installed programs import is shipped or a system DLL;
#            LanmanAgent in the SCM with its configuration (read with the installed lanman.exe), or absent
#            when the build has no agent, and LanmanAgent started with a configuration; then msiexec /x
#            /qn stops it and removes the files, the service, the PATH entry and the product registration.
#   upgrade  an older version (same product, version OLD_VERSION) is replaced by this one (major upgrade), and
#            this one by another build of the same version; installing the older one again is refused;
#            uninstall leaves nothing.
# Environment: WINEPREFIX, WINE, OBJDUMP, MSIBUILD, MSI, OLD_MSI, OLD_VERSION, VERSION, HAVE_AGENT, HAVE_MANUAL.
set -u
set -o pipefail
action=$1
export WINEDEBUG=-all
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
for f in "$MSI" ${OLD_MSI:+"$OLD_MSI"}; do
    [ -f "$f" ] || { echo "FAIL: no MSI at $f (targets msi, msi_test_old)" >&2; exit 1; }
done

dir="$WINEPREFIX/drive_c/Program Files/lanman"
windir='C:\Program Files\lanman'
# lanman ARGS...: the installed lanman.exe, its output without CRs, and its exit code (not tr's).
lanman() {
    _out=$("$WINE" "$windir\\lanman.exe" "$@" 2>&1)
    _rc=$?
    printf '%s\n' "$_out" | tr -d '\r'
    return $_rc
}
msiexec() {
    "$WINE" msiexec "$@" /qn
    rc=$?
    echo "msiexec $*: exit $rc"
    return $rc
}
expected_files() {
    printf '%s\n' LICENSE.txt lanman-config.xsd lanman.dll lanman.exe
    [ "$HAVE_AGENT" = 1 ] && printf '%s\n' lanman-agent.exe lanman-agent.conf.example
    [ "$HAVE_MANUAL" = 1 ] && echo lanman.txt
}
# The registered products with this name: "DisplayVersion" lines, one per product.
products() {
    "$WINE" reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null | tr -d '\r' |
        awk '/^HKEY/ { name = 0 } /DisplayName[ \t]+REG_SZ[ \t]+lanman$/ { name = 1 }
             /DisplayVersion/ { v = $3 } /^$/ { if (name) print v; name = 0; v = "" }
             END { if (name) print v }'
}
system_path() {
    "$WINE" reg query 'HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment' /v PATH 2>/dev/null |
        tr -d '\r' | grep -i 'PATH'
}

event_source() {
    "$WINE" reg query 'HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\LanmanAgent' 2>/dev/null | tr -d '\r'
}

check_installed() { # VERSION fresh|upgrade
    if [ "$(ls "$dir" 2>/dev/null | sort)" = "$(expected_files | sort)" ]; then
        ok "installed files: $(ls "$dir" | tr '\n' ' ')"
    else
        fail "installed files: $(ls "$dir" 2>&1 | tr '\n' ' '), wanted $(expected_files | sort | tr '\n' ' ')"
    fi
    out=$(lanman --version) || fail "lanman.exe --version exits $?"
    case $out in "lanman $1") ok "$windir\\lanman.exe --version: $out" ;; *) fail "lanman.exe --version: $out" ;; esac
    n=$(system_path | grep -io 'C:\\Program Files\\lanman' | wc -l)
    [ "$n" -eq 1 ] && ok "system PATH has the install folder once" || fail "system PATH: $(system_path) (install folder $n times)"
    # A new process takes PATH from the registry: found by name alone. Not after an upgrade under Wine: its
    # msi leaves the separator of a removed entry behind (";;" once the new one is appended) and its cmd
    # stops searching at an empty PATH element.
    if [ "$2" = fresh ]; then
        out=$("$WINE" cmd /c 'lanman --version' 2>&1 | tr -d '\r')
        case $out in "lanman $1") ok "through PATH: $out" ;; *) fail "cmd /c lanman --version: $out" ;; esac
    fi
    v=$(products)
    [ "$v" = "$1" ] && ok "one registered product, version $v" || fail "registered products: '$v', wanted '$1'"
}

check_dlls() {
    # Every import of the installed programs is shipped beside them or is a DLL of the system.
    sys="$WINEPREFIX/drive_c/windows/system32"
    shipped=$(cd "$dir" && ls | grep -i '\.dll$' | tr 'A-Z' 'a-z')
    # Read once, and matched with grep on a string: `ls | grep -q` under pipefail fails when grep stops
    # reading first and ls gets SIGPIPE.
    system=$(ls "$sys" | tr 'A-Z' 'a-z')
    used=""
    for pe in "$dir"/*.exe "$dir"/*.dll; do
        for imp in $("$OBJDUMP" -p "$pe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr -d '\r' | tr 'A-Z' 'a-z'); do
            used="$used $imp"
            if grep -qx "$imp" <<<"$shipped"; then
                :
            elif grep -qx "$imp" <<<"$system"; then
                :
            else
                fail "$(basename "$pe") imports $imp, which is neither shipped nor a system DLL (add it to installer/lanman.wxs.in)"
            fi
        done
    done
    for d in $shipped; do
        case " $used " in *" $d "*) ;; *) fail "$d is shipped but nothing imports it" ;; esac
    done
    ok "imports: $(printf '%s\n' $used | sort -u | tr '\n' ' ')"
}

check_service() {
    out=$(lanman --format list service show LanmanAgent)
    rc=$?
    if [ "$HAVE_AGENT" != 1 ]; then
        # Not found is exit 4 with PowerShell's message; any other failure proves nothing either way.
        if [ "$rc" -eq 4 ] && printf '%s\n' "$out" | grep -q "Cannot find any service with service name 'LanmanAgent'"; then
            ok "no lanman-agent in this build (target lanman_agent), and no LanmanAgent service"
        else
            fail "service show LanmanAgent: exit $rc (want 4, not found): $out"
        fi
        return
    fi
    [ "$rc" -eq 0 ] || fail "service show LanmanAgent exits $rc"
    printf '%s\n' "$out"
    for want in 'Name *: LanmanAgent$' 'DisplayName *: Lanman Agent$' 'Status *: Stopped$' 'StartType *: Manual$' \
        'ServiceType *: Win32OwnProcess$' 'StartName *: LocalSystem$' \
        'BinaryPathName *: "?C:\\Program Files\\lanman\\lanman-agent\.exe"? --config "C:\\ProgramData\\lanman\\lanman-agent\.conf"$' 'Description *: Watches the Lanman'; do
        printf '%s\n' "$out" | grep -Eq "^$want" && ok "LanmanAgent: /$want/" || fail "LanmanAgent: no /$want/"
    done
    src=$(event_source)
    printf '%s\n' "$src" | grep -Eq 'EventMessageFile +REG_EXPAND_SZ +C:\\Program Files\\lanman\\lanman-agent\.exe$' &&
        printf '%s\n' "$src" | grep -Eq 'TypesSupported +REG_DWORD +0x7$' && ok "Event Log source LanmanAgent" ||
        fail "Event Log source: $src"
}

check_removed() {
    [ ! -e "$dir" ] || [ -z "$(ls "$dir")" ] && ok "install folder removed" || fail "left behind: $(ls "$dir" | tr '\n' ' ')"
    system_path | grep -iq 'C:\\Program Files\\lanman' && fail "system PATH still has the install folder: $(system_path)" ||
        ok "install folder no longer on the system PATH"
    v=$(products)
    [ -z "$v" ] && ok "no registered product" || fail "still registered: $v"
    if [ "$HAVE_AGENT" = 1 ]; then
        svc=$("$WINE" reg query 'HKLM\SYSTEM\CurrentControlSet\Services\LanmanAgent' 2>&1 | tr -d '\r')
        printf '%s\n' "$svc" | grep -q 'ImagePath' && fail "LanmanAgent still in the SCM database" || ok "LanmanAgent removed"
        event_source | grep -q EventMessageFile && fail "the Event Log source is still registered" ||
            ok "Event Log source removed"
    fi
}

# The installed agent runs as a service: a configuration and a baseline (exported with the installed
# lanman.exe) where the registration names them, and a start through the SCM. Uninstalling must then stop it.
run_agent() {
    [ "$HAVE_AGENT" = 1 ] || return 0
    conf="$WINEPREFIX/drive_c/ProgramData/lanman"
    # The MSI creates the agent's folder (CreateFolder; Wine's msi does not apply its MsiLockPermissionsEx
    # security, which msi-tables.sh checks in the package).
    [ -d "$conf" ] && ok "the agent's folder C:\\ProgramData\\lanman exists" || fail "no C:\\ProgramData\\lanman after the install"
    mkdir -p "$conf"
    lanman config export -o 'C:\ProgramData\lanman\baseline.xml' || fail "config export"
    printf 'host = local\r\nbaseline = baseline.xml\r\ndrift_log = drift.jsonl\r\ninterval = 5m\r\n' >"$conf/lanman-agent.conf"
    lanman service start LanmanAgent || fail "service start LanmanAgent"
    out=$(lanman --format list service show LanmanAgent) || fail "service show LanmanAgent exits $?"
    printf '%s\n' "$out" | grep -Eq '^Status *: Running$' &&
        ok "LanmanAgent runs from the install folder" || fail "LanmanAgent is not running: $out"
}

case $action in
install)
    msiexec /i "$MSI" || fail "install failed"
    check_installed "$VERSION" fresh
    check_dlls
    check_service
    run_agent
    msiexec /x "$MSI" || fail "uninstall failed"
    check_removed
    ;;
upgrade)
    msiexec /i "$OLD_MSI" || fail "install of $OLD_VERSION failed"
    v=$(products)
    [ "$v" = "$OLD_VERSION" ] && ok "version $OLD_VERSION installed" || fail "after installing $OLD_VERSION: '$v'"
    msiexec /i "$MSI" || fail "upgrade to $VERSION failed"
    check_installed "$VERSION" upgrade
    check_service
    # Another build of the same version (a new ProductCode and package code) replaces this one.
    rebuild=$(dirname "$WINEPREFIX")/rebuild-$(basename "$MSI")
    cp "$MSI" "$rebuild"
    code=$(tr a-f A-F </proc/sys/kernel/random/uuid)
    # (msibuild takes -s and -q in separate runs.)
    "$MSIBUILD" "$rebuild" -s lanman "The lanman developers" "x64;1033" \
        "{$(tr a-f A-F </proc/sys/kernel/random/uuid)}" || fail "msibuild -s"
    "$MSIBUILD" "$rebuild" -q "UPDATE \`Property\` SET \`Value\` = '{$code}' WHERE \`Property\` = 'ProductCode'" || fail "msibuild -q"
    msiexec /i "$rebuild" || fail "install of another build of $VERSION failed"
    n=$(products | wc -l)
    [ "$n" -eq 1 ] && ok "another build of $VERSION replaced the installed one" || fail "$n products registered: $(products)"
    "$WINE" reg query "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{$code}" >/dev/null 2>&1 &&
        ok "the registered product is the new build {$code}" || fail "{$code} is not registered"
    MSI=$rebuild
    check_installed "$VERSION" upgrade
    if msiexec /i "$OLD_MSI"; then fail "the downgrade to $OLD_VERSION was accepted"; else ok "downgrade refused"; fi
    v=$(products)
    [ "$v" = "$VERSION" ] && ok "still $VERSION after the refused downgrade" || fail "after the downgrade: '$v'"
    msiexec /x "$MSI" || fail "uninstall failed"
    check_removed
    ;;
*)
    echo "usage: msi-wine.sh install|upgrade" >&2
    exit 2
    ;;
esac

[ "$fails" -eq 0 ] || { echo "msi-wine $action: $fails failure(s)" >&2; exit 1; }
echo "msi-wine $action: ok"
