#!/usr/bin/env bash
# audit.sh WEAK_ENV HARD_ENV [EMULATOR] LANMAN: lanman audit against two real smbd fixtures in one run.
#   weak: SMB1 on (NT1), signing auto, encryption off, map to guest = bad user, anonymous IPC$ allowed,
#         Samba's default share permissions (Everyone FULL), a writable guest share, an [ADMIN$] share;
#   hard: SMB 3.0-3.1.1 only, signing mandatory, encryption required, no guest, restrict anonymous = 2,
#         share permissions for BUILTIN\Administrators only.
# Checked: the exact Result of every check id for each server (JSON parsed); the SARIF log validated against
# the SARIF 2.1.0 schema (tests/interop/audit/sarif-schema-2.1.0.json); the exit code under --fail-on;
# unreachable targets; bad input (exit 2, one line); the password in no output.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
weak_env=$1 hard_env=$2
shift 2
command -v python3 >/dev/null || { echo "SKIP audit: python3 is not installed"; exit 77; }
python3 -c 'import jsonschema' 2>/dev/null ||
    { echo "SKIP audit: python3-jsonschema is not installed (scripts/deps.sh)"; exit 77; }
for e in "$weak_env" "$hard_env"; do
    [ -f "$e" ] || { echo "SKIP audit: no fixture env $e (smbd missing?)"; exit 77; }
done
# shellcheck disable=SC1090
weak=$(. "$weak_env" && echo "$LANMAN_TEST_HOST:$LANMAN_TEST_PORT")
# shellcheck disable=SC1090
hard=$(. "$hard_env" && echo "$LANMAN_TEST_HOST:$LANMAN_TEST_PORT")
# shellcheck disable=SC1090
user=$(. "$weak_env" && echo "$LANMAN_TEST_USER")
# shellcheck disable=SC1090
LANMAN_PASSWORD=$(. "$weak_env" && echo "$LANMAN_TEST_PASSWORD")
export LANMAN_PASSWORD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# shellcheck source=run.sh
. "$here/run.sh"

# 1. Both servers, one run, with credentials (so that encryption can be judged on the hardened one): the weak
# one fails a high check (smb1), so the default --fail-on high exits 1.
run 1 both "$@" -U "$user" --format json audit "$weak" "$hard"
python3 - "$tmp/both.out" "$weak" "$hard" <<'PY' || fail=1
import json, sys
doc = json.load(open(sys.argv[1]))
weak, hard = sys.argv[2], sys.argv[3]
want = {
    weak: {"smb1": "fail", "dialects": "fail", "signing": "fail", "encryption": "fail",
           "null-session": "fail", "null-enum": "fail", "guest": "fail", "share-write": "fail",
           "admin-shares": "fail", "registry": "unknown", "spooler": "pass",
           "smbghost": "pass"},
    hard: {"smb1": "pass", "dialects": "pass", "signing": "pass", "encryption": "pass",
           "null-session": "pass", "null-enum": "pass", "guest": "pass", "share-write": "pass",
           "admin-shares": "pass", "registry": "unknown", "spooler": "pass",
           "smbghost": "pass"},
}
got = {}
for r in doc:
    for k in ("Host", "Check", "Severity", "Result", "Detail", "Remediation"):
        assert k in r, f"field {k} missing in {r}"
    got.setdefault(r["Host"], {})[r["Check"]] = r["Result"]
    # a failed finding says how to fix it; a pass needs no remediation
    assert (r["Remediation"] != "") == (r["Result"] != "pass"), r
bad = 0
for host, checks in want.items():
    if got.get(host) != checks:
        print(f"FAIL: {host}: got {got.get(host)}, want {checks}")
        bad = 1
print("ok: results per check id, %d findings" % len(doc) if not bad else "FAIL: results")
sys.exit(bad)
PY

# 2. Without credentials the hardened server's encryption cannot be judged: unknown, saying why.
run 0 hard_anon "$@" --format csv audit "$hard" --checks encryption
grep -q ',encryption,low,unknown,.*needs a session' "$tmp/hard_anon.out" ||
    { echo "FAIL: hard_anon: $(cat "$tmp/hard_anon.out")"; fail=1; }

# 3. SARIF, validated against the SARIF 2.1.0 schema; one rule per check id; results kind/level.
run 1 sarif "$@" --format sarif audit "$weak" "$hard" 127.0.0.1:1
python3 - "$tmp/sarif.out" "$here/sarif-schema-2.1.0.json" <<'PY' || fail=1
import json, sys, jsonschema
log = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)
run = log["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
want_rules = ["smb1", "dialects", "signing", "encryption", "null-session", "null-enum", "guest", "ms17-010",
              "share-write", "admin-shares", "registry", "spooler", "smbghost", "unreachable"]
assert rules == want_rules, rules
res = run["results"]
nchecks = len(want_rules) - 2  # the default set: not unreachable, not ms17-010 (only when asked)
assert len(res) == nchecks + nchecks + 1, len(res)
for r in res:
    assert rules[r["ruleIndex"]] == r["ruleId"], r
    assert (r["kind"] == "fail") == (r["level"] != "none"), r
smb1 = [r for r in res if r["ruleId"] == "smb1" and r["kind"] == "fail"]
assert len(smb1) == 1 and smb1[0]["level"] == "error", smb1
assert [r["kind"] for r in res if r["ruleId"] == "unreachable"] == ["open"]
print("ok: SARIF 2.1.0 valid, %d results" % len(res))
PY

# 3b. share-write, admin-shares, registry, spooler and smbghost, exact details. With -U (run 1): the share permissions (level 502) of
# the weak server's three disk shares are Samba's default, Everyone FULL; the hardened one's only share
# grants BUILTIN\Administrators alone; the weak server's [ADMIN$] is reachable. Without credentials: the
# anonymous session's TREE_CONNECT MaximalAccess: on the weak server it reaches the writable guest share
# "public" and the read-only [ADMIN$] (guest ok), and may write the first only; the hardened server refuses
# anonymous sessions and listing, so it cannot tell; admin-shares needs -U. Samba has no Windows registry
# (registry: unknown, saying so, after its winreg answered the three Control\Lsa reads with "not found":
# any other answer would make the detail "cannot read the registry (winreg, Control\Lsa: ...)"; without -U
# it is skipped), and its svcctl lists a Spooler that is stopped
# (spooler: pass), also over the weak server's null session; the hardened one refuses that session.
# Samba 4.17 answers a 3.1.1 NEGOTIATE that offers compression without a compression context (smbghost:
# pass, on both).
run 1 anon_write "$@" -N --format json audit "$weak" "$hard" --checks share-write,admin-shares,registry,spooler
python3 - "$tmp/both.out" "$tmp/anon_write.out" "$weak" "$hard" <<'PY' || fail=1
import json, sys
weak, hard = sys.argv[3], sys.argv[4]
def details(path):
    return {(r["Host"], r["Check"]): (r["Result"], r["Detail"]) for r in json.load(open(path))}
got = details(sys.argv[1])
got.update({(h, c + "/anon"): v for (h, c), v in details(sys.argv[2]).items()})
want = {
    (weak, "share-write"): ("fail", "share permissions let Everyone write 3 of 3 disk shares: share, public, ADMIN$"),
    (hard, "share-write"): ("pass", "no share permissions let Everyone, Anonymous, Guests or Authenticated Users "
                                    "write (1 disk share)"),
    (weak, "admin-shares"): ("fail", "with the given credentials: C$ ENOENT, ADMIN$ reachable (TREE_CONNECT only)"),
    (hard, "admin-shares"): ("pass", "with the given credentials: C$ ENOENT, ADMIN$ ENOENT (TREE_CONNECT only)"),
    (weak, "share-write/anon"): ("fail", "the anonymous session may write 1 of 3 disk shares (TREE_CONNECT "
                                         "MaximalAccess): public; without credentials (-U) the share permissions "
                                         "were not read"),
    (hard, "share-write/anon"): ("unknown", "without credentials (-U) the share permissions were not read, and "
                                            "the shares cannot be listed anonymously (EACCES)"),
    (weak, "admin-shares/anon"): ("unknown", "needs credentials (-U): skipped"),
    (hard, "admin-shares/anon"): ("unknown", "needs credentials (-U): skipped"),
    (weak, "registry"): ("unknown", "no LanmanServer\\Parameters key: no Windows registry (Samba keeps its "
                                    "settings in smb.conf)"),
    (hard, "registry"): ("unknown", "no LanmanServer\\Parameters key: no Windows registry (Samba keeps its "
                                    "settings in smb.conf)"),
    (weak, "registry/anon"): ("unknown", "needs credentials (-U) with administrator rights: skipped"),
    (hard, "registry/anon"): ("unknown", "needs credentials (-U) with administrator rights: skipped"),
    (weak, "spooler"): ("pass", "Spooler is Stopped (svcctl)"),
    (hard, "spooler"): ("pass", "Spooler is Stopped (svcctl)"),
    (weak, "spooler/anon"): ("pass", "Spooler is Stopped (svcctl)"),
    (hard, "spooler/anon"): ("unknown", "needs credentials (-U): the null session was refused: access denied"),
    (weak, "smbghost"): ("pass", "no compression context in the 3.1.1 NEGOTIATE response"),
    (hard, "smbghost"): ("pass", "no compression context in the 3.1.1 NEGOTIATE response"),
}
bad = [(k, got.get(k), v) for k, v in want.items() if got.get(k) != v]
for k, g, v in bad:
    print(f"FAIL: {k}: got {g}, want {v}")
print("ok: share-write, admin-shares, registry, spooler and smbghost details" if not bad else "FAIL: details")
sys.exit(1 if bad else 0)
PY

# 4. --fail-on: signing (medium) fails on the weak server; high ignores it, medium and low do not.
run 0 failon_high "$@" audit "$weak" --checks signing,dialects
run 1 failon_medium "$@" audit "$weak" --checks signing,dialects --fail-on medium
run 1 failon_low "$@" audit "$weak" --checks dialects --fail-on low
run 0 hard_only "$@" audit "$hard" --fail-on low --checks smb1,dialects,signing,null-session,null-enum,guest

# 5. Unreachable: a closed port is one 'unreachable' finding; all unreachable is exit 6; one reachable
# target among them is not.
run 6 closed "$@" audit 127.0.0.1:1 127.0.0.1:2
[ "$(grep -c ' unreachable ' "$tmp/closed.out")" -eq 2 ] || { echo "FAIL: closed: $(cat "$tmp/closed.out")"; fail=1; }
run 0 mixed "$@" audit 127.0.0.1:1 "$hard" --checks signing

# 6. Bad input: one line, exit 2, nothing audited.
run 2 bad_check "$@" audit "$weak" --checks smb1,nope
grep -q "unknown check 'nope'" "$tmp/bad_check.err" || { echo "FAIL: bad_check: $(cat "$tmp/bad_check.err")"; fail=1; }
run 2 bad_jobs "$@" audit "$weak" --jobs 0
run 2 bad_failon "$@" audit "$weak" --fail-on critical
run 2 no_target "$@" audit
run 2 sarif_elsewhere "$@" --format sarif probe "$weak"
for n in bad_check bad_jobs bad_failon no_target sarif_elsewhere; do
    [ "$(wc -l <"$tmp/$n.err")" -eq 1 ] && [ ! -s "$tmp/$n.out" ] ||
        { echo "FAIL: $n: not one line on stderr and nothing on stdout"; fail=1; }
done

# 7. Targets from a file (comments and blank lines skipped) and from stdin.
printf '# servers\n\n%s\n  %s  # hardened\n' "$weak" "$hard" >"$tmp/hosts"
run 1 hosts_file "$@" --format csv audit --hosts-file "$tmp/hosts" --checks smb1
[ "$(grep -c ',smb1,' "$tmp/hosts_file.out")" -eq 2 ] || { echo "FAIL: hosts_file: $(cat "$tmp/hosts_file.out")"; fail=1; }
run 0 hosts_stdin "$@" --format csv audit --hosts-file - --checks signing <<<"$hard"
[ "$(grep -c ',signing,medium,pass,' "$tmp/hosts_stdin.out")" -eq 1 ] ||
    { echo "FAIL: hosts_stdin: $(cat "$tmp/hosts_stdin.out")"; fail=1; }

# 8. IPv4 ranges: a /30 is its two host addresses (not the network and broadcast ones); nothing listens on
# port 445 there, so both are unreachable. A range wider than /16 is refused.
run 6 range "$@" --timeout 3 --format csv audit 127.0.0.0/30 --checks signing
[ "$(grep -Ec '^127[.]0[.]0[.][12],unreachable,' "$tmp/range.out")" -eq 2 ] && [ "$(wc -l <"$tmp/range.out")" -eq 3 ] ||
    { echo "FAIL: range: $(cat "$tmp/range.out")"; fail=1; }
run 2 range_wide "$@" audit 10.0.0.0/8

# 10. Connections (connect() to the server's port, counted with strace; natively only). Without -U: the dialect
# sweep, one NEGOTIATE offering every dialect (with smbghost's compression offer) and one for each dialect
# below the one the server chose (4 on both servers: the hardened one refuses 2.0.2 and 2.1, but they are
# offered all the same); on the first of those connections the guest probe, then the anonymous logon with
# IPC$, whose session null-enum, share-write (TREE_CONNECTs) and spooler reuse, over one share list: 5 for
# those three checks on either server (the hardened one refuses the anonymous logon, which is not tried again).
# Every check: those 5, and ms17-010's SMB1 exchange, whose NEGOTIATE answers smb1 as well: 6. With -U, one
# connection more for every check that uses the credentials (encryption, share-write, admin-shares, registry,
# spooler): 7.
connections() { # NAME SERVER WANT CHECKS [GLOBAL OPTIONS...]
    local rc=0 conns found want_found
    # LeakSanitizer cannot run under ptrace: the asan build's leak check is off for these runs.
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -f -e trace=connect -o "$tmp/$1.connects" "${lanman[@]}" "${@:5}" --format csv audit "$2" \
        --checks "$4" >"$tmp/$1.out" 2>"$tmp/$1.err" || rc=$?
    conns=$(grep -c "htons(${2##*:})" "$tmp/$1.connects" || true)
    found=$(sed 1d "$tmp/$1.out" | grep -c . || true)
    want_found=$(echo "$4" | tr ',' '\n' | grep -c .)
    [ "$4" != all ] || want_found=13
    if [ "$rc" -gt 1 ] || [ "$found" -ne "$want_found" ] || [ "$conns" -ne "$3" ]; then
        echo "FAIL: connections $1: exit $rc, $found findings (want $want_found), $conns connections (want $3)"
        cat "$tmp/$1.err"
        fail=1
    else
        echo "ok: connections $1: $conns for $4"
    fi
}
if [ "$#" -eq 1 ] && command -v strace >/dev/null; then
    lanman=("$@")
    connections rpc_weak "$weak" 5 null-enum,share-write,spooler
    connections rpc_hard "$hard" 5 null-enum,share-write,spooler
    connections all_weak "$weak" 6 all
    connections all_weak_user "$weak" 7 all -U "$user"
else
    echo "note: connections not counted (needs strace, and a native run)"
fi

# 9. The password is in no output.
if grep -qF -- "$LANMAN_PASSWORD" "$tmp"/*.out "$tmp"/*.err; then
    echo "FAIL: the password appears in the output"
    fail=1
fi
[ "$fail" = 0 ] && echo "audit: all ok"
exit "$fail"
