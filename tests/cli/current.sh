# current.sh: sourced by manpage.sh and completion.sh. check_current COMMITTED GENERATED: the copy in docs/
# is what lanman_docgen makes from the command table now; else the difference and how to update it, exit 1.
set -o pipefail # sourced by bash scripts: a failing command in a pipeline is not lost
check_current() {
    if ! cmp -s "$1" "$2"; then
        echo "FAIL: $1 is not what the command table makes now ($2);" \
            "run: cmake --build --preset linux --target lanman_docs_update"
        diff -u "$1" "$2" | head -40 || true
        exit 1
    fi
    echo "ok: $1 is current"
}
