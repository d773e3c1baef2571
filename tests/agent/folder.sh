#!/usr/bin/env bash
# folder.sh WINE AGENT SCMCHECK: `lanman-agent install` and the agent's folder, %ProgramData%\lanman, under
# Wine (the ctest fixture's fresh WINEPREFIX).
#   - a folder that exists and is owned by someone else (a Unix owner that is not Wine's user: Wine shows
#     ANONYMOUS LOGON) is refused: exit 1, why, and no service registered;
#   - a folder that exists and is the administrator's gets the agent's security ("security reset");
#   - a folder that does not exist is created with it ("created").
# Read back with GetNamedSecurityInfoW as SDDL: no account but SYSTEM, Administrators, TrustedInstaller or
# Wine's own user may write, and the SDDL is exactly service/agent_win32.h's AGENT_FOLDER_SDDL. Wine 8 keeps no
# security descriptor on a file (it maps one to the Unix mode bits and makes one up from them when asked):
# when the SDDL read back is Wine's, that last part is a SKIP (exit 77 if nothing failed).
set -u
set -o pipefail
wine=$1 agent=$2 scmcheck=$3
. "$(dirname "$0")/lib.sh"
want='O:BAD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
skipped=0
runrc() {
    out=$("$wine" "$@" 2>&1)
    rc=$?
    out=$(printf '%s\n' "$out" | tr -d '\r')
    printf '%s\n' "$out" | sed 's/^/    /'
}
pd=$(winepath -u 'C:\ProgramData' 2>/dev/null | tr -d '\r')
[ -d "$pd" ] || { bad "no C:\\ProgramData in the prefix ($pd)"; exit 1; }
dir=$pd/lanman
conf='C:\ProgramData\lanman\lanman-agent.conf'

# sddl_safe: the folder's SDDL (in $sddl) gives no account but the trusted ones any right to write, to
# delete or to change permissions (FA, FW, GA, GW, WD, WO, SD, DC, CC, or those bits in hex).
sddl_safe() {
    runrc "$scmcheck" sddl 'C:\ProgramData\lanman'
    sddl=$out
    [ "$rc" -eq 0 ] || return 1
    python3 - "$sddl" <<'PY'
import re, sys
s = sys.argv[1]
trusted = {"SY", "BA", "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464", "CO", "CG",
           "S-1-5-21-0-0-0-1000"}  # the last: Wine's user, which stands for the Unix owner
aces = re.findall(r"\(([^)]*)\)", s.split("D:", 1)[1] if "D:" in s else "")
assert aces, "no DACL entries in " + s
for a in aces:
    typ, flags, rights, _, _, sid = a.split(";")
    if typ != "A" or sid in trusted:
        continue
    if rights.startswith("0x"):
        m = int(rights, 16)
        bad = m & (0x2 | 0x4 | 0x10 | 0x40 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000)
    else:
        bad = any(rights[i:i + 2] in ("FA", "FW", "GA", "GW", "WD", "WO", "SD", "DC", "CC")
                  for i in range(0, len(rights), 2))
    assert not bad, "%s can write: %s" % (sid, s)
PY
}
# sddl_exact WHAT: the SDDL is exactly AGENT_FOLDER_SDDL, or a SKIP when it is Wine's made-up one.
sddl_exact() {
    if [ "$sddl" = "$want" ]; then
        pass "$1: SDDL $want"
    elif printf '%s\n' "$sddl" | grep -q '^O:S-1-5-21-0-0-0-1000D:(A;OICI;FA;;;SY)'; then
        echo "SKIP $1: exact SDDL: Wine keeps no security descriptor on a file (it maps it to the Unix mode" \
            "bits): read back $sddl, wanted $want"
        skipped=1
    else
        bad "$1: SDDL $sddl, wanted $want"
    fi
}

# Owned by someone else: refused, and nothing registered.
rm -rf "$dir"
mkdir "$dir"
chown nobody "$dir"
runrc "$agent" install --config "$conf"
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q "^lanman-agent: the agent's folder C:.ProgramData.lanman exists and is owned by NT AUTHORITY.ANONYMOUS LOGON (S-1-5-7), not by an administrator: .* Check its contents, delete it and run install again$"; then
    pass "a folder owned by someone else: install refused, exit 1"
else
    bad "a folder owned by someone else: exit $rc"
fi
runrc "$scmcheck" gone
[ "$rc" -eq 0 ] && pass "nothing registered" || bad "registered after a refused install"

# The administrator's own folder (Wine's user): its security is set.
rm -rf "$dir"
mkdir "$dir"
chmod 777 "$dir"
runrc "$agent" install --config "$conf"
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^C:.ProgramData.lanman: security reset (SYSTEM and Administrators only)$' &&
    pass "an existing folder: security reset" || bad "an existing folder: exit $rc"
sddl_safe && pass "an existing folder: no one else can write ($sddl)" || bad "an existing folder: $sddl"
sddl_exact "an existing folder"
runrc "$agent" uninstall
[ "$rc" -eq 0 ] || bad "uninstall (exit $rc)"

# No folder: created with its security.
rm -rf "$dir"
runrc "$agent" install --config "$conf"
[ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^created C:.ProgramData.lanman (SYSTEM and Administrators only)$' &&
    pass "no folder: created" || bad "no folder: exit $rc"
[ -d "$dir" ] || bad "no folder after install"
sddl_safe && pass "a new folder: no one else can write ($sddl)" || bad "a new folder: $sddl"
sddl_exact "a new folder"
printf '%s\n' "$out" | grep -q 'does not exist yet' && pass "install says the configuration does not exist yet"
runrc "$agent" uninstall
[ "$rc" -eq 0 ] || bad "uninstall (exit $rc)"
rm -rf "$dir"
[ "$fail" -ne 0 ] && exit 1
[ "$skipped" -ne 0 ] && exit 77
exit 0
