/* The NTLMSSP CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2) from the server: its fields, payload offsets and the
 * AV pairs of the target info, read while the client builds its AUTHENTICATE_MESSAGE. The first input byte
 * picks a user or an anonymous login; the rest is the challenge. A fixed client challenge and clock keep
 * runs reproducible. */
#include "smb/ntlmssp.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t cc[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    const lm_smb_credentials user = {.domain = "Domain", .user = "User", .password = "Password"};
    const lm_smb_credentials anon = {.domain = NULL, .user = NULL, .password = NULL};
    struct lm__ntlm *n;
    struct lm__buf out;
    lm_error err;

    if (size < 1)
        return 0;
    if (lm__ntlm_new(data[0] & 1 ? &anon : &user, "COMPUTER", &n) != LM_OK)
        return 0;
    lm__ntlm_set_test_hooks(n, cc, 0x01d9a2b3c4d5e6f7ull);
    lm_error_clear(&err);
    lm__buf_init(&out, 1u << 20);
    if (lm__ntlm_set_target(n, "cifs/server.example.com") == LM_OK && lm__ntlm_negotiate(n, &out) == LM_OK) {
        out.len = 0;
        if (lm__ntlm_authenticate(n, data + 1, size - 1, &out, &err) == LM_OK) {
            uint8_t key[16], sig[LM__NTLMSSP_SIG_LEN] = {0};

            lm__ntlm_session_key(n, key);
            lm__ntlm_verify(n, data, size, sig);
        }
    }
    lm__buf_free(&out);
    lm__ntlm_free(n);
    return 0;
}
