#!/usr/bin/env bash
# unsafe.sh MODE WORKDIR EMULATOR... AGENT: the agent refuses a configuration file, baseline, password file or
# drift log that a non-administrator can change -- the file, or a folder above it -- with one "unsafe file"
# line (event ID 13 on Windows) and exit 78 (EX_CONFIG); the same files made safe again are taken. MODE is
# --foreground (POSIX: chmod and chown make them unsafe) or --console (under Wine, which maps Unix modes and
# owners to DACLs and owners: o+w is Everyone with write access, another Unix owner is ANONYMOUS LOGON).
set -u
set -o pipefail
. "$(dirname "$0")/lib.sh"
mode=$1 work=$2
shift 2
rm -rf "$work"
mkdir -p "$work/d"
cd "$work" || exit 1
chmod 755 . d
minimal_baseline d/baseline.xml
if [ "$mode" = --console ]; then
    printf 'host = local\nbaseline = baseline.xml\ndrift_log = drift.jsonl\ninterval = 1h\n' >d/agent.conf
    everyone='Everyone \(S-1-1-0\)'
else
    printf 'host = 127.0.0.1\nport = 1\ntimeout = 1\nbaseline = baseline.xml\ndrift_log = drift.jsonl\n' >d/agent.conf
    everyone='every user \(others\)'
fi
chmod 644 d/agent.conf d/baseline.xml
tail_re="; only .+ may be able to change it and the folders above it"

# refused WHAT REGEX [ARGS]: exit 78 and exactly one line, the unsafe-file event matching REGEX. An agent that
# takes the files would run on: it is stopped after 15 s (exit 124).
refused() {
    what=$1 re=$2
    shift 2
    timeout 15 "$@" "$mode" --config d/agent.conf >out.txt 2>&1
    rc=$?
    out=$(tr -d '\r' <out.txt)
    printf '%s\n' "$out" | sed 's/^/    /'
    if [ "$rc" -eq 78 ] && [ "$(printf '%s\n' "$out" | grep -c .)" -eq 1 ] &&
        printf '%s\n' "$out" | grep -Eq -- "^lanman-agent: unsafe file: d/agent[.]conf: refusing $re$tail_re\$"; then
        pass "$what: refused, exit 78"
    else
        bad "$what: exit $rc, wanted 78 and one line /unsafe file: d\/agent.conf: refusing $re/"
    fi
}
# taken WHAT [ARGS]: --check-config says ok, exit 0.
taken() {
    what=$1
    shift
    out=$("$@" --check-config --config d/agent.conf 2>&1 | tr -d '\r')
    rc=$?
    if printf '%s\n' "$out" | grep -q '^d/agent.conf: ok (baseline d/baseline.xml, drift log d/drift.jsonl)$'; then
        pass "$what: taken"
    else
        printf '%s\n' "$out" | sed 's/^/    /'
        bad "$what: not taken"
    fi
}

taken "safe files" "$@"

chmod o+w d/agent.conf
refused "a configuration file others can write" "the configuration file 'd/agent[.]conf': $everyone can write to it" "$@"
chmod o-w d/agent.conf

chmod o+w d/baseline.xml
refused "a baseline others can write" "the baseline 'd/baseline[.]xml': $everyone can write to it" "$@"
chmod o-w d/baseline.xml

# The folder that holds them: someone who can add or rename entries there can replace the files.
chmod o+w d
refused "a folder others can write" "the configuration file 'd/agent[.]conf': $everyone can add files to the folder '[^']*d'" "$@"
chmod o-w d

# A folder higher up, renamed by someone else, would replace the whole path.
chmod o+w .
refused "a folder above it others can write" "the configuration file 'd/agent[.]conf': $everyone can (add files to|rename or delete the entries of) the folder '[^']*unsafe'" "$@"
chmod o-w .

# The drift log, which the agent appends to.
: >d/drift.jsonl
chmod o+w d/drift.jsonl
refused "a drift log others can write" "the drift log 'd/drift[.]jsonl': $everyone can write to it" "$@"
rm -f d/drift.jsonl

# Owned by another account (nobody; under Wine, ANONYMOUS LOGON).
if chown nobody d/baseline.xml 2>/dev/null; then
    refused "a baseline owned by another account" "the baseline 'd/baseline[.]xml': it is owned by [^;]+" "$@"
    chown "$(id -u)" d/baseline.xml
else
    echo "note: cannot chown (not root): the owner case is not tested here"
fi

if [ "$mode" = --foreground ]; then
    # The password file (remote user), natively: Wine's host = local has none.
    printf 'secret\n' >d/password
    chmod 600 d/password
    printf 'user = u\npassword_file = password\n' >>d/agent.conf
    taken "a password file only root can read" "$@"
    chmod 602 d/password
    refused "a password file others can write" "the password file 'd/password': $everyone can write to it" "$@"
    chmod 600 d/password
    # And a safe configuration still starts.
    "$@" --foreground --config d/agent.conf 2>agent.log &
    pid=$!
    if wait_for agent.log 'started: watching 127.0.0.1' 15; then pass "safe files: started"; else bad "did not start"; fi
    kill -TERM $pid
    wait $pid
    rc=$?
    [ "$rc" -eq 0 ] && pass "SIGTERM: exit 0" || bad "SIGTERM: exit $rc"
    sed 's/^/    /' agent.log
fi
taken "the files made safe again" "$@"
exit $fail
