/* The SPNEGO exchange of SMB2 SESSION_SETUP (RFC 4178, MS-SPNG) from the server's side: the DER of the
 * NEGOTIATE hints (negTokenInit2), the negTokenResp carrying the NTLMSSP CHALLENGE, and the final
 * negTokenResp with its mechListMIC. The input is those three tokens (fuzz_take: 2-byte length, then the
 * bytes; the last takes the rest). The steps stop at the first error, as the client does. */
#include "smb/spnego.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t cc[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    const lm_smb_credentials creds = {.domain = "Domain", .user = "User", .password = "Password"};
    struct lm__auth *a;
    struct lm__buf out;
    lm_error err;

    if (lm__auth_new(&creds, "COMPUTER", &a) != LM_OK)
        return 0;
    lm__ntlm_set_test_hooks(lm__auth_ntlm(a), cc, 0x01d9a2b3c4d5e6f7ull);
    lm__ntlm_set_target(lm__auth_ntlm(a), "cifs/server.example.com");
    lm_error_clear(&err);
    lm__buf_init(&out, 1u << 20);
    for (int step = 0; step < 3; step++) {
        size_t len;
        const uint8_t *tok;

        if (step < 2)
            tok = fuzz_take(&data, &size, &len);
        else
            tok = data, len = size;
        out.len = 0;
        if (lm__auth_step(a, tok, len, &out, &err) != LM_OK)
            break;
        if (lm__auth_done(a)) {
            uint8_t key[16];
            lm__auth_session_key(a, key);
        }
    }
    lm__buf_free(&out);
    lm__auth_free(a);
    return 0;
}
