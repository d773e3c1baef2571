#!/usr/bin/env bash
# bad.sh MODE WORKDIR EMULATOR... AGENT: a bad baseline is a configuration error, said in one clear line, and
# a non-zero exit (78, EX_CONFIG) in foreground (POSIX) or console (Windows) mode. MODE is --foreground or
# --console; EMULATOR is empty natively and wine for the Windows build.
set -u
set -o pipefail
. "$(dirname "$0")/lib.sh"
mode=$1 work=$2
shift 2
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
printf 'host = %s\nbaseline = baseline.xml\ndrift_log = drift.jsonl\n' \
    "$([ "$mode" = --console ] && echo local || echo 127.0.0.1)" >agent.conf
run() {
    "$@" "$mode" --config agent.conf >out.txt 2>&1
    echo $? >.rc
}
check() {
    what=$1 want_rc=$2 want_re=$3
    shift 3
    run "$@"
    out=$(tr -d '\r' <out.txt)
    rc=$(cat .rc)
    printf '%s\n' "$out" | sed 's/^/    /'
    if [ "$rc" -eq "$want_rc" ] && printf '%s\n' "$out" | grep -Eq -- "$want_re" &&
        [ "$(printf '%s\n' "$out" | grep -c 'config error')" -eq 1 ]; then
        echo "ok: $what (exit $rc)"
    else
        echo "FAIL: $what: exit $rc, wanted $want_rc, one config error line and /$want_re/"
        fail=1
    fi
}

# Not XML at all.
printf 'this is not a baseline\n' >baseline.xml
check "not XML" 78 "config error: agent[.]conf: bad baseline 'baseline[.]xml': .+" "$@"
# Well-formed, but not the schema's document.
printf '<?xml version="1.0"?>\n<lanman-config xmlns="urn:lanman:config:1" version="1"><bogus/></lanman-config>\n' >baseline.xml
check "not the schema" 78 "config error: agent[.]conf: bad baseline 'baseline[.]xml': .+" "$@"
# An entity declaration (billion laughs): refused before expansion.
cat >baseline.xml <<'XML'
<?xml version="1.0"?>
<!DOCTYPE lanman-config [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<lanman-config xmlns="urn:lanman:config:1" version="1">&b;</lanman-config>
XML
check "a DTD with entities" 78 "config error: agent[.]conf: bad baseline 'baseline[.]xml': .+" "$@"
# No such file.
rm -f baseline.xml
check "a missing baseline" 78 "config error: agent[.]conf: bad baseline 'baseline[.]xml': .+" "$@"
# The configuration itself: file and line.
printf 'baseline = baseline.xml\ndrift_log = drift.jsonl\nenforce = maybe\n' >agent.conf
check "a bad value" 78 "config error: agent[.]conf:3: enforce must be yes or no, not 'maybe'" "$@"
exit $fail
