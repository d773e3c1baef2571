# Shared by the agent's test scripts (sourced).
set -o pipefail # sourced by bash scripts: a failing command in a pipeline is not lost
unset JOURNAL_STREAM NOTIFY_SOCKET
fail=0
pass() { echo "ok: $*"; }
bad() {
    echo "FAIL: $*"
    fail=1
}
now_ms() { date +%s%3N; }
# wait_for FILE REGEX SECONDS: polls until a line of FILE matches, for at most SECONDS; $waited is the ms.
wait_for() {
    start=$(now_ms)
    end=$((start + $3 * 1000))
    while :; do
        if grep -Eq -- "$2" "$1" 2>/dev/null; then
            waited=$(($(now_ms) - start))
            return 0
        fi
        [ "$(now_ms)" -ge "$end" ] && return 1
        sleep 0.1
    done
}
# count FILE REGEX: lines of FILE that match.
count() { grep -Ec -- "$2" "$1" 2>/dev/null || true; }
# For the scripts against a Samba fixture (smbdenv.sh sourced, the password in ./pw): the baseline exported
# from it into ./baseline.xml, and agent_conf INTERVAL ENFORCE [LINE...] writes ./agent.conf for it.
export_baseline() {
    "$1" $H config export -o baseline.xml || {
        echo "FAIL: lanman config export"
        exit 1
    }
}
agent_conf() {
    printf 'host = %s\nport = %s\nuser = %s\npassword_file = pw\nbaseline = baseline.xml\ndrift_log = drift.jsonl\n' \
        "$LANMAN_TEST_HOST" "$LANMAN_TEST_PORT" "$LANMAN_TEST_USER" >agent.conf
    printf 'interval = %s\nenforce = %s\n' "$1" "$2" >>agent.conf
    shift 2
    [ $# -eq 0 ] || printf '%s\n' "$@" >>agent.conf
}
# minimal_baseline FILE: the smallest document the schema takes, for a host fs1.
minimal_baseline() {
    cat >"$1" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<lanman-config xmlns="urn:lanman:config:1" version="1">
  <host name="fs1" backend="remote" exported="2025-01-01T00:00:00Z" tool-version="0.1.0"/>
</lanman-config>
XML
}
