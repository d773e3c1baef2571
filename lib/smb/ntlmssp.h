/* NTLMSSP client (MS-NLMP), NTLMv2 only, for SMB2 SESSION_SETUP inside SPNEGO (spnego.h).
 *
 * What it never does: LM or NTLMv1 responses, NTLMSSP_NEGOTIATE_LM_KEY, NTLMSSP_NEGOTIATE_KEY_EXCH (Wine's
 * bcrypt has no RC4, and SMB2 needs none) and sealing. Without KEY_EXCH the ExportedSessionKey is the
 * SessionBaseKey (MS-NLMP 3.1.5.1.2, 3.4.5.1).
 *
 * The password is turned into the NTOWFv2 response key when the context is created and is not kept; every
 * key is wiped when the context is freed. */
#ifndef LM_SMB_NTLMSSP_H
#define LM_SMB_NTLMSSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/error.h"
#include "lanman/smb.h"

/* MS-NLMP 2.2.2.5 */
#define LM__NTLMSSP_NEGOTIATE_UNICODE                  0x00000001u
#define LM__NTLMSSP_NEGOTIATE_OEM                      0x00000002u
#define LM__NTLMSSP_REQUEST_TARGET                     0x00000004u
#define LM__NTLMSSP_NEGOTIATE_SIGN                     0x00000010u
#define LM__NTLMSSP_NEGOTIATE_SEAL                     0x00000020u
#define LM__NTLMSSP_NEGOTIATE_LM_KEY                   0x00000080u
#define LM__NTLMSSP_NEGOTIATE_NTLM                     0x00000200u
#define LM__NTLMSSP_NEGOTIATE_ANONYMOUS                0x00000800u
#define LM__NTLMSSP_NEGOTIATE_ALWAYS_SIGN              0x00008000u
#define LM__NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY 0x00080000u
#define LM__NTLMSSP_NEGOTIATE_TARGET_INFO              0x00800000u
#define LM__NTLMSSP_NEGOTIATE_VERSION                  0x02000000u
#define LM__NTLMSSP_NEGOTIATE_128                      0x20000000u
#define LM__NTLMSSP_NEGOTIATE_KEY_EXCH                 0x40000000u

/* What the client asks for in NEGOTIATE. */
#define LM__NTLMSSP_CLIENT_FLAGS                                                               \
    (LM__NTLMSSP_NEGOTIATE_UNICODE | LM__NTLMSSP_REQUEST_TARGET | LM__NTLMSSP_NEGOTIATE_SIGN | \
     LM__NTLMSSP_NEGOTIATE_NTLM | LM__NTLMSSP_NEGOTIATE_ALWAYS_SIGN |                          \
     LM__NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | LM__NTLMSSP_NEGOTIATE_TARGET_INFO |      \
     LM__NTLMSSP_NEGOTIATE_VERSION | LM__NTLMSSP_NEGOTIATE_128)

/* MS-NLMP 2.2.2.1 AvId */
enum {
    LM_MSV_AV_EOL = 0,
    LM_MSV_AV_NB_COMPUTER_NAME = 1,
    LM_MSV_AV_NB_DOMAIN_NAME = 2,
    LM_MSV_AV_DNS_COMPUTER_NAME = 3,
    LM_MSV_AV_DNS_DOMAIN_NAME = 4,
    LM_MSV_AV_DNS_TREE_NAME = 5,
    LM_MSV_AV_FLAGS = 6,
    LM_MSV_AV_TIMESTAMP = 7,
    LM_MSV_AV_SINGLE_HOST = 8,
    LM_MSV_AV_TARGET_NAME = 9,
    LM_MSV_AV_CHANNEL_BINDINGS = 10,
};

#define LM__NTLMSSP_SIG_LEN 16 /* MS-NLMP 2.2.2.9.1 */
#define LM__NTLMSSP_MIC_OFF 72 /* AUTHENTICATE_MESSAGE.MIC, MS-NLMP 2.2.1.3 */

struct lm__ntlm;

/* A client context for c (the library's one credentials type, UTF-8; a NULL or "" user: anonymous, a null
 * session) from the machine named workstation (NULL: none). *out is set only on success; LM_EINVAL for a
 * password that is not UTF-8. */
lm_status lm__ntlm_new(const lm_smb_credentials *c, const char *workstation, struct lm__ntlm **out);

/* Wipes every key and frees the context (NULL is allowed). */
void lm__ntlm_free(struct lm__ntlm *n);

/* The SPN to name in MsvAvTargetName, e.g. "cifs/server.example" (MS-NLMP 3.1.5.1.2); none by default. */
lm_status lm__ntlm_set_target(struct lm__ntlm *n, const char *spn);

/* Appends the NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1) to out and keeps a copy for the MIC. */
lm_status lm__ntlm_negotiate(struct lm__ntlm *n, struct lm__buf *out);

/* Reads the CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2) and appends the AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3) to
 * out. Malformed input: LM_EPROTO with a message in err (which may be NULL); a server that refuses what
 * NTLMv2 signing needs (Unicode, extended session security): LM_ENOTSUP. */
lm_status lm__ntlm_authenticate(struct lm__ntlm *n, const uint8_t *chal, size_t len, struct lm__buf *out,
                                lm_error *err);

bool lm__ntlm_anonymous(const struct lm__ntlm *n);

/* The ExportedSessionKey, after lm__ntlm_authenticate; LM_ENOENT for anonymous or before. */
lm_status lm__ntlm_session_key(const struct lm__ntlm *n, uint8_t key[16]);

/* NTLMSSP message signatures with extended session security and no KEY_EXCH (MS-NLMP 3.4.4.2): sign with
 * the client signing key and the client sequence number, verify with the server's; each call uses up one
 * sequence number. LM_ESTATE before the session key exists, LM_ESIGNATURE when verification fails. */
lm_status lm__ntlm_sign(struct lm__ntlm *n, const uint8_t *msg, size_t len, uint8_t sig[LM__NTLMSSP_SIG_LEN]);
lm_status lm__ntlm_verify(struct lm__ntlm *n, const uint8_t *msg, size_t len,
                          const uint8_t sig[LM__NTLMSSP_SIG_LEN]);

/* Records a one-line message in err (when err is not NULL) and returns st; shared by ntlmssp.c and spnego.c.
 */
lm_status lm__auth_error(lm_error *err, lm_status st, const char *msg);

/* The pieces, exposed for the MS-NLMP 4.2.4 known-answer tests. */

/* NTOWFv2 (MS-NLMP 3.3.2): HMAC_MD5(MD4(UTF-16LE(password)), UTF-16LE(Uppercase(user) || domain)). */
lm_status lm__ntlm_ntowfv2(const char *password, const char *user, const char *domain, uint8_t out[16]);

/* SIGNKEY (MS-NLMP 3.4.5.2) for the client-to-server (client = true) or server-to-client direction. */
lm_status lm__ntlm_signkey(const uint8_t session_key[16], bool client, uint8_t out[16]);

/* Test hooks: a fixed ClientChallenge source and clock instead of lm__random() and time(). filetime is
 * in 100 ns units since 1601 (MS-DTYP FILETIME). */
void lm__ntlm_set_test_hooks(struct lm__ntlm *n, const uint8_t client_challenge[8], uint64_t filetime);

#endif
