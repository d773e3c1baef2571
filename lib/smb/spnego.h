/* SPNEGO (RFC 4178, MS-SPNG) around the NTLMSSP client: the security blobs of SMB2 SESSION_SETUP.
 *
 *   step 1: in = the server's NEGOTIATE security buffer (negTokenInit2; may be empty). It must offer
 *           NTLMSSP when it lists mechanisms, else LM_ENOTSUP. out = negTokenInit with NTLMSSP NEGOTIATE.
 *   step 2: in = negTokenResp (accept-incomplete) with CHALLENGE. out = negTokenResp with AUTHENTICATE
 *           and, unless anonymous, a mechListMIC. lm__auth_done() is true from here on.
 *   step 3: optional. in = the final negTokenResp (accept-completed), or empty. A server mechListMIC is
 *           verified (LM_ESIGNATURE when it is wrong). out stays empty.
 *
 * Tokens are appended to out. Malformed input gives LM_EPROTO with a message in err (err may be NULL); a
 * reject from the server gives LM_EAUTH. After an error the context only frees. */
#ifndef LM_SMB_SPNEGO_H
#define LM_SMB_SPNEGO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/error.h"
#include "smb/ntlmssp.h"

struct lm__auth;

/* *out is set only on success; the password is reduced to its NTOWFv2 key at once and not kept. */
lm_status lm__auth_new(const lm_smb_credentials *c, const char *workstation, struct lm__auth **out);

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

#endif
