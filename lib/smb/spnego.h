/* SPNEGO (RFC 4178, MS-SPNG) around the NTLMSSP client or Kerberos (krb5.h): the security blobs of SMB2
 * SESSION_SETUP.
 *
 * NTLMSSP (lm__auth_new):
 *   step 1: in = the server's NEGOTIATE security buffer (negTokenInit2; may be empty). It must offer
 *           NTLMSSP when it lists mechanisms, else LM_ENOTSUP. out = negTokenInit with NTLMSSP NEGOTIATE.
 *   step 2: in = negTokenResp (accept-incomplete) with CHALLENGE. out = negTokenResp with AUTHENTICATE
 *           and, unless anonymous, a mechListMIC. lm__auth_done() is true from here on.
 *   step 3: optional. in = the final negTokenResp (accept-completed), or empty. A server mechListMIC is
 *           verified (LM_ESIGNATURE when it is wrong). out stays empty.
 *
 * Kerberos (lm__auth_new_krb, which makes the AP-REQ at once):
 *   step 1: in = the server's NEGOTIATE security buffer; it must offer Kerberos or MS-KRB5 when it lists
 *           mechanisms, else LM_ENOTSUP. out = negTokenInit offering Kerberos V5, MS-KRB5, NTLMSSP, with the
 *           AP-REQ as the mechToken.
 *   step 2: in = the negTokenResp with the AP-REP (mutual authentication; none is LM_EAUTH) and maybe a
 *           mechListMIC, verified. out stays empty, unless the server asks for our mechListMIC (then a step 3
 *           reads its accept-completed). lm__auth_done() is true once the exchange is complete.
 *
 * Tokens are appended to out. Malformed input gives LM_EPROTO with a message in err (err may be NULL); a
 * reject from the server gives LM_EAUTH. After an error the context only frees. */
#ifndef LM_SMB_SPNEGO_H
#define LM_SMB_SPNEGO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/cursor.h"
#include "lanman/error.h"
#include "smb/ntlmssp.h"

struct lm__auth;

/* *out is set only on success; the password is reduced to its NTOWFv2 key at once and not kept. */
lm_status lm__auth_new(const lm_smb_credentials *c, const char *workstation, struct lm__auth **out);

/* Kerberos towards spn: credentials as krb5.h says, and the AP-REQ made now, so that no ticket, no KDC or no
 * such SPN fail before anything is sent. *out only on success; *fallback (may be NULL) as lm__krb_new. */
lm_status lm__auth_new_krb(const lm_smb_credentials *c, const char *spn, struct lm__auth **out,
                           bool *fallback, lm_error *err);

/* Whether the context is Kerberos. */
bool lm__auth_is_krb(const struct lm__auth *a);

/* Zeroes every secret and frees (NULL allowed). */
void lm__auth_free(struct lm__auth *a);

lm_status lm__auth_step(struct lm__auth *a, const uint8_t *in, size_t inlen, struct lm__buf *out,
                        lm_error *err);

bool lm__auth_done(const struct lm__auth *a);

/* The 16-byte session base key (the ExportedSessionKey: no KEY_EXCH) for SMB2 signing and key derivation.
 * LM_ENOENT for anonymous, or before step 2. */
lm_status lm__auth_session_key(const struct lm__auth *a, uint8_t key[16]);

/* The NTLMSSP context inside, for lm__ntlm_set_target() and the tests' hooks. */
struct lm__ntlm *lm__auth_ntlm(struct lm__auth *a);

/* The DER MechTypeList the client sends (SEQUENCE { NTLMSSP OID }), which mechListMIC covers. */
extern const uint8_t lm__spnego_mechlist[14];

/* The same for Kerberos: SEQUENCE { Kerberos V5, MS-KRB5, NTLMSSP }. */
extern const uint8_t lm__spnego_krb_mechlist[36];

/* The framing alone, for lm_smb_login's choice of mechanism, the tests and the fuzz target. */

/* Mechanisms, as bits of lm__spnego_parse_init's set and as lm__spnego_resp.mech. */
#define LM__SPNEGO_NTLMSSP 1u
#define LM__SPNEGO_KRB5    2u
#define LM__SPNEGO_MSKRB5  4u
#define LM__SPNEGO_OTHER   8u

/* The server's negTokenInit2 (NEGOTIATE's security buffer): the mechanisms it lists into *mechs (set only on
 * success). Malformed: LM_EPROTO with a message in err (may be NULL). */
lm_status lm__spnego_parse_init(const uint8_t *in, size_t inlen, unsigned *mechs, lm_error *err);

/* A negTokenResp (RFC 4178 4.2.2). state is the negState (0 accept-completed, 1 accept-incomplete, 2 reject,
 * 3 request-mic; -1 absent); mech the supportedMech (0 absent); token and mic point into the input. */
struct lm__spnego_resp {
    int state;
    unsigned mech;
    bool have_token, have_mic;
    struct lm__cursor token, mic;
};

/* Parses in into *r: LM_EPROTO when malformed (fields out of order or repeated, trailing bytes), LM_EAUTH
 * for a reject; a message in err (may be NULL). */
lm_status lm__spnego_parse_resp(const uint8_t *in, size_t inlen, struct lm__spnego_resp *r, lm_error *err);

/* Appends the client's negTokenInit: mechTypes (the DER MechTypeList mechlist) and tok as the mechToken. */
void lm__spnego_write_init(const uint8_t *mechlist, size_t mlen, const uint8_t *tok, size_t n,
                           struct lm__buf *out);

/* Appends a client negTokenResp with tok (when not NULL) and a mechListMIC (when mic is not NULL). */
void lm__spnego_write_resp(const uint8_t *tok, size_t n, const uint8_t *mic, size_t micn,
                           struct lm__buf *out);

#endif
