/* The server's SPNEGO tokens of a Kerberos logon (RFC 4178, MS-SPNG): the negTokenInit2 of NEGOTIATE, whose
 * mechanism list decides between Kerberos and NTLM, and the negTokenResp that carries the AP-REP and a
 * mechListMIC. The input is those two tokens (fuzz_take: 2-byte length, then the bytes; the second takes
 * the rest). What the parser hands back must lie inside the input. The Kerberos tokens inside belong to the
 * GSS-API library, which needs a KDC, so they are not decoded here. */
#include <stdlib.h>

#include "smb/spnego.h"

#include "fuzz.h"

static void inside(const struct lm__cursor *c, const uint8_t *p, size_t n)
{
    if (c->p < p || c->len > n || c->p + c->len > p + n)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lm__spnego_resp r;
    const uint8_t *init;
    unsigned mechs;
    size_t len;

    init = fuzz_take(&data, &size, &len);
    if (lm__spnego_parse_init(init, len, &mechs, NULL) == LM_OK && (mechs & ~15u) != 0)
        abort();
    if (lm__spnego_parse_resp(data, size, &r, NULL) == LM_OK) {
        if (r.have_token)
            inside(&r.token, data, size);
        if (r.have_mic)
            inside(&r.mic, data, size);
        if (r.state < -1 || r.state > 3)
            abort();
    }
    return 0;
}
