# ctest-junit-count.awk JUNIT...: counts the test cases of ctest's --output-junit files (CMake 3.25) as
# "PASSED FAILED SKIPPED" on the last line, after one "not run: NAME: WHY" line per test that did not run
# for a reason other than a skip.
#
# ctest writes status="notrun" both for a test that skipped itself (SKIP_RETURN_CODE, SKIP_REGULAR_EXPRESSION)
# and for one that could not run: its fixture's setup failed ("Fixture dependency failed"), its executable
# is missing ("Unable to find executable"), ... The <skipped message="..."/> element that follows tells them
# apart; only the first kind is a skip, the rest are failures (ctest counts them failed too). status="disabled"
# (the DISABLED property) is a skip.
function flush() {
    if (status == "run")
        passed++
    else if (status == "fail")
        failed++
    else if (status == "disabled")
        skipped++
    else if (status == "notrun") {
        if (why ~ /^SKIP_RETURN_CODE=|^SKIP_REGULAR_EXPRESSION_MATCHED$/)
            skipped++
        else {
            failed++
            printf "not run: %s: %s\n", name, why == "" ? "no reason given" : why
        }
    } else if (status != "") {
        failed++
        printf "unknown status: %s: %s\n", name, status
    }
    status = ""
    why = ""
}
function attr(s, a, m) {
    if (match(s, " " a "=\"[^\"]*\"") == 0)
        return ""
    m = substr(s, RSTART + length(a) + 3, RLENGTH - length(a) - 4)
    return m
}
/<testcase / {
    flush()
    name = attr($0, "name")
    status = attr($0, "status")
    if (status == "")
        status = "?"
}
/<skipped / { why = attr($0, "message") }
END {
    flush()
    printf "%d %d %d\n", passed, failed, skipped
}
