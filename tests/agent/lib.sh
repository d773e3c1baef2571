# Shared by the agent's test scripts (sourced).
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
