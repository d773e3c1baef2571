#!/usr/bin/env bash
# msi-tables.sh MSI VERSION HAVE_AGENT HAVE_MANUAL: the MSI's tables, read with msiinfo, hold exactly the
# expected rows: files, components, the LanmanAgent service (when the build has lanman-agent), the PATH
# entry, per-machine and the major-upgrade rows.
set -u
set -o pipefail
msi=$1 version=$2 have_agent=$3 have_manual=$4
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
[ -f "$msi" ] || { echo "FAIL: no MSI at $msi (target msi)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The rows of a table, without its three header lines (names, types, key).
rows() { msiinfo export "$msi" "$1" 2>/dev/null | tr -d '\r' | tail -n +4; }
# expect_rows TABLE ROWS: the table's rows are exactly the lines of ROWS (any order; fields tab-separated;
# "" for an empty table). Never in a pipeline: fail counts in this shell.
expect_rows() {
    [ -n "$2" ] && printf '%s\n' "$2" | sort >"$tmp/want" || : >"$tmp/want"
    rows "$1" | sort >"$tmp/got"
    if cmp -s "$tmp/want" "$tmp/got"; then
        echo "ok: $1 ($(wc -l <"$tmp/got") rows)"
    else
        fail "$1 differs (- wanted, + got):"
        diff "$tmp/want" "$tmp/got" | grep '^[<>]' | sed 's/^</-/; s/^>/+/' >&2
    fi
}
# has_row TABLE ROW-REGEX
has_row() {
    if rows "$1" | grep -Eq -- "$2"; then echo "ok: $1 has /$2/"; else fail "$1 has no row /$2/"; fi
}
T=$(printf '\t')

# File: name and component (size, version and sequence vary with the build).
files="FileCli${T}CmpCli${T}lanman.exe
FileLib${T}CmpLib${T}lanman.dll
FileSchema${T}CmpSchema${T}lanman-config.xsd
FileLicense${T}CmpLicense${T}LICENSE.txt"
comps="CmpCli${T}{209C9417-183E-4C27-B768-09A05D8B2647}${T}INSTALLDIR${T}256${T}${T}FileCli
CmpLib${T}{848EDAD8-F6A9-4AD9-84D7-A1B435D8B81D}${T}INSTALLDIR${T}256${T}${T}FileLib
CmpSchema${T}{12545B57-0571-40DB-ADB9-CA3E42F9713E}${T}INSTALLDIR${T}256${T}${T}FileSchema
CmpLicense${T}{34433113-958C-47B2-817E-CA68FB5A6582}${T}INSTALLDIR${T}256${T}${T}FileLicense"
if [ "$have_manual" = 1 ]; then
    files="$files
FileManual${T}CmpManual${T}lanman.txt"
    comps="$comps
CmpManual${T}{9D8F0296-C109-477D-B265-B9B2EEB12AE9}${T}INSTALLDIR${T}256${T}${T}FileManual"
fi
if [ "$have_agent" = 1 ]; then
    files="$files
FileAgent${T}CmpAgent${T}lanman-agent.exe
FileAgentConf${T}CmpAgentConf${T}lanman-agent.conf.example"
    comps="$comps
CmpAgent${T}{9791A265-2D2F-45F5-BA08-D6FAC7FA7D13}${T}INSTALLDIR${T}256${T}${T}FileAgent
CmpAgentConf${T}{A0DF6024-F3FB-47D6-A407-F1B27776427F}${T}INSTALLDIR${T}256${T}${T}FileAgentConf
CmpAgentData${T}{5C0F5E1B-2F0B-4C57-9E7E-2B8A8E0E6A41}${T}AGENTDATADIR${T}256${T}${T}"
fi
msiinfo export "$msi" File | tr -d '\r' | tail -n +4 | cut -f1-3 | sort >"$tmp/files"
if [ "$(printf '%s\n' "$files" | sort)" = "$(cat "$tmp/files")" ]; then
    echo "ok: File ($(wc -l <"$tmp/files") rows)"
else
    fail "File rows: wanted
$files
got
$(cat "$tmp/files")"
fi
expect_rows Component "$comps"
has_row Directory "^INSTALLDIR${T}ProgramFiles64Folder${T}lanman\$"

# The service: own process (16), demand start (3), normal error control (1), LocalSystem; stopped on install
# and uninstall and deleted on uninstall (2 + 32 + 128 = 162), waiting for it.
if [ "$have_agent" = 1 ]; then
    [ "$(rows ServiceInstall | wc -l)" -eq 1 ] || fail "ServiceInstall has $(rows ServiceInstall | wc -l) rows, wanted 1"
    has_row ServiceInstall "^SvcAgent${T}LanmanAgent${T}Lanman Agent${T}16${T}3${T}1${T}${T}${T}LocalSystem${T}${T}--config \"\\[CommonAppDataFolder\\]lanman\\\\lanman-agent\.conf\"${T}CmpAgent${T}Watches the LanmanServer and LanmanWorkstation configuration .{40,}\$"
    expect_rows ServiceControl "$(printf 'SvcAgentControl\tLanmanAgent\t162\t\t1\tCmpAgent')"
    for a in StopServices DeleteServices InstallServices; do has_row InstallExecuteSequence "^$a${T}"; done
    # The Event Log source (root 2 = HKLM; '#%' = REG_EXPAND_SZ, '#' = REG_DWORD), removed with the component.
    key='SYSTEM\CurrentControlSet\Services\EventLog\Application\LanmanAgent\'
    expect_rows Registry "$(printf 'RegAgentEventFile\t2\t%s\tEventMessageFile\t#%%[#FileAgent]\tCmpAgent\nRegAgentEventTypes\t2\t%s\tTypesSupported\t#7\tCmpAgent' "$key" "$key")"
    # The agent's folder, %ProgramData%\lanman: created (and removed when empty) with the component, with
    # the security of service/agent_win32.h's AGENT_FOLDER_SDDL: owner Administrators, a protected DACL for SYSTEM
    # and Administrators only (MsiLockPermissionsEx, added by build-msi.cmake: wixl has no PermissionEx).
    has_row Directory "^AGENTDATADIR${T}CommonAppDataFolder${T}lanman\$"
    expect_rows CreateFolder "$(printf 'AGENTDATADIR\tCmpAgentData')"
    expect_rows MsiLockPermissionsEx "$(printf 'LockAgentData\tAGENTDATADIR\tCreateFolder\tO:BAD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)\t')"
    expect_rows LockPermissions ""
    for a in CreateFolders RemoveFolders; do has_row InstallExecuteSequence "^$a${T}"; done
else
    echo "note: the build has no lanman-agent (target lanman_agent): no service rows expected"
    expect_rows ServiceInstall ""
    expect_rows ServiceControl ""
    expect_rows Registry ""
    expect_rows CreateFolder ""
    expect_rows MsiLockPermissionsEx ""
fi

# PATH: appended on install, removed on uninstall, system-wide, with the component of lanman.exe.
expect_rows Environment "$(printf 'PATH\t=-*PATH\t[~];[INSTALLDIR]\tCmpCli')"
has_row InstallExecuteSequence "^WriteEnvironmentStrings${T}${T}5200\$"
has_row InstallExecuteSequence "^RemoveEnvironmentStrings${T}${T}3300\$"

# Per-machine, the version from version.h, the stable UpgradeCode; major upgrade: older versions and other
# builds of this one (513: max inclusive) are found and removed (RemoveExistingProducts), newer ones stop
# the install.
has_row Property "^ALLUSERS${T}1\$"
has_row Property "^ProductVersion${T}${version}\$"
has_row Property "^UpgradeCode${T}\\{CB7D81CB-65E6-4943-8872-B9632AB6E36F\\}\$"
has_row Property "^ProductCode${T}\\{[0-9A-F-]{36}\\}\$"
has_row Upgrade "^\\{CB7D81CB-65E6-4943-8872-B9632AB6E36F\\}${T}${T}${version}${T}${T}513${T}${T}WIX_UPGRADE_DETECTED\$"
has_row Upgrade "^\\{CB7D81CB-65E6-4943-8872-B9632AB6E36F\\}${T}${version}${T}${T}${T}2${T}${T}WIX_DOWNGRADE_DETECTED\$"
has_row LaunchCondition "^NOT WIX_DOWNGRADE_DETECTED${T}"
for a in FindRelatedProducts RemoveExistingProducts; do has_row InstallExecuteSequence "^$a${T}"; done
if msiinfo suminfo "$msi" | grep -q '^Template: x64;1033'; then echo "ok: x64 package"; else fail "summary Template is not x64;1033"; fi

[ "$fails" -eq 0 ] || { echo "msi-tables: $fails failure(s)" >&2; exit 1; }
echo "msi-tables: ok"
