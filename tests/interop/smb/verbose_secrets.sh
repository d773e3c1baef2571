#!/usr/bin/env bash
# verbose_secrets.sh [EMULATOR] LANMAN: `lanman -v` never prints a secret. Against a fixture started with
# --debug-encryption --encrypt desired (LANMAN_SMBD_ENV_FILE), whose smbd logs the keys of every SMB3 session it sets up, two
# logons are traced (`-v share list`, signed, and `-v --encrypt share list`); their stdout and stderr together
# hold none of:
#   - the password: as text, and as UTF-8 or UTF-16LE bytes (raw or in hex);
#   - its NT hash (MD4 of the UTF-16LE password), as Samba's passdb has it (pdbedit -w): raw or in hex;
#   - the session key and the signing, application and cipher keys of each session, as smbd logged them:
#     raw or in hex.
# "In hex" is upper or lower case, with any separators: the trace is searched with everything but its hex
# digits removed. The traces must be real ones (a SESSION_SETUP that succeeded), and smbd must have logged at
# least one new session key per logon, so that an empty trace or an empty key list cannot pass.
# Exit 77 (skip) without the fixture or pdbedit.
set -euo pipefail
lanman=("$@")
. "$(dirname "$0")/../../fixtures/smbdenv.sh"
command -v pdbedit >/dev/null || { echo "SKIP: pdbedit is not installed (samba-common-bin)"; exit 77; }
grep -q '^ *debug encryption = yes' "$LANMAN_TEST_CONF" ||
    { echo "FAIL: the fixture was not started with --debug-encryption: smbd logs no keys"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# hexdigits: stdin's hex digits only, lower case, on one line.
hexdigits() { tr -cd '0-9A-Fa-f' | tr 'A-F' 'a-f'; }
# bytes_hex: stdin's bytes as lower-case hex, on one line.
bytes_hex() { od -An -v -tx1 | tr -d ' \n'; }

# The keys smbd has logged so far: one lower-case hex key per line. Samba 4.17 logs "Session Key",
# "Signing Key", "App Key" and, when the session has a cipher, "ServerIn Key" and "ServerOut Key", each as
# "NAME Key   [0000] 67 E5 ..." (a 32-byte key continues on a "[0010]" line).
logged_keys() {
    cat "$LANMAN_TEST_DIR"/log/log.* 2>/dev/null | awk '
        function row(from,   i, n, h) {
            h = ""
            for (i = from; i <= NF && n < 16; i++)
                if ($i ~ /^[0-9A-F][0-9A-F]$/) { h = h tolower($i); n++ } else break
            return h
        }
        /^ *[A-Za-z]+ Key +\[0000\]/ {
            if (key != "") print key
            for (f = 1; f <= NF; f++) if ($f == "[0000]") break
            key = row(f + 1); next
        }
        key != "" && /^ +\[00[0-9A-F]0\]/ { key = key row(2); next }
        { if (key != "") print key; key = "" }
        END { if (key != "") print key }' | sort -u
}

# The secrets, each as lower-case hex of its bytes, with what it is.
password_hex=$(printf '%s' "$LANMAN_PASSWORD" | bytes_hex)
password_utf16_hex=$(printf '%s' "$LANMAN_PASSWORD" | iconv -f UTF-8 -t UTF-16LE | bytes_hex)
nt_hash=$(pdbedit -s "$LANMAN_TEST_CONF" -L -w -u "$LANMAN_TEST_USER" 2>/dev/null | cut -d: -f4 | tr 'A-F' 'a-f')
[[ $nt_hash =~ ^[0-9a-f]{32}$ ]] || { echo "FAIL: pdbedit -w gave no NT hash for $LANMAN_TEST_USER: '$nt_hash'"; exit 1; }
[ "${#password_utf16_hex}" -eq $((4 * ${#LANMAN_PASSWORD})) ] || { echo "FAIL: iconv: '$password_utf16_hex'"; exit 1; }

logged_keys >"$tmp/keys.before"
: >"$tmp/trace"
n=0
for opts in "" "--encrypt"; do
    n=$((n + 1))
    rc=0
    # shellcheck disable=SC2086 # $H and $opts are words
    "${lanman[@]}" -v $opts $H share list >"$tmp/run$n" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ] || ! grep -q 'SESSION_SETUP .*STATUS_SUCCESS' "$tmp/run$n" ||
        ! grep -q "^$LANMAN_TEST_SHARE " "$tmp/run$n"; then
        echo "FAIL: lanman -v $opts share list: exit $rc (want 0), or no successful SESSION_SETUP in the trace, or no share:"
        cat "$tmp/run$n"
        fail=1
    else
        echo "ok: lanman -v $opts share list: $(grep -c 'trace' "$tmp/run$n") trace lines"
    fi
    cat "$tmp/run$n" >>"$tmp/trace"
done
logged_keys >"$tmp/keys.after"
comm -13 "$tmp/keys.before" "$tmp/keys.after" >"$tmp/keys"
nkeys=$(grep -c . "$tmp/keys" || true)
# Each SMB3 logon logs a session key, a signing key and an application key, and the --encrypt one its two
# cipher keys too.
[ "$nkeys" -ge $((3 * n + 2)) ] ||
    { echo "FAIL: smbd logged $nkeys new keys for $n logons (want at least $((3 * n + 2)))"; fail=1; }
grep -qE '^[0-9a-f]{32}$' "$tmp/keys" || { echo "FAIL: no 16-byte key among the logged ones"; fail=1; }

# The trace three ways: as text, its hex digits, and its bytes in hex.
text_hex=$(hexdigits <"$tmp/trace")
raw_hex=$(bytes_hex <"$tmp/trace")
[ -n "$text_hex" ] && [ -n "$raw_hex" ] || { echo "FAIL: empty trace"; exit 1; }
found() { # found WHAT HEX: the secret HEX is nowhere in the trace (text or raw)
    if [[ $text_hex == *"$2"* ]] || [[ $raw_hex == *"$2"* ]]; then
        echo "FAIL: the -v trace holds $1 ($2)"
        fail=1
    fi
}
if grep -qF -- "$LANMAN_PASSWORD" "$tmp/trace"; then
    echo "FAIL: the -v trace holds the password as text"
    fail=1
fi
found "the password (UTF-8)" "$password_hex"
found "the password (UTF-16LE)" "$password_utf16_hex"
found "the NT hash" "$nt_hash"
while read -r key; do
    found "a session key smbd logged" "$key"
done <"$tmp/keys"
[ $fail -eq 0 ] || exit 1
echo "ok: $n traces ($(wc -l <"$tmp/trace") lines) hold neither the password, its NT hash ($nt_hash) nor any of the $nkeys keys smbd logged"
