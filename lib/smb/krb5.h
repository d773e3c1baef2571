/* Kerberos, the mechanism SPNEGO (spnego.c) carries first: one small interface over the platform's own
 * library, chosen by the build: krb5_gss.c (MIT GSS-API) on POSIX, krb5_sspi.c (SSPI) on Windows. No Kerberos
 * of our own: tickets, AP-REQ/AP-REP and MICs are the library's; spnego.c only frames its tokens.
 *
 * Credentials (lm_smb_credentials): a user with a realm (user@REALM, or domain = REALM) and a password: a
 * ticket obtained into a private in-memory cache, destroyed by lm__krb_free; a user and a keytab: the same
 * from the keytab; no user: the default credential cache (KRB5CCNAME; on Windows the logged-on user's). */
#ifndef LM_SMB_KRB5_H
#define LM_SMB_KRB5_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/error.h"
#include "lanman/smb.h"

struct lm__krb;

/* Whether c names Kerberos credentials that exist without asking anyone (LM_SMB_AUTH_AUTO's test): a user
 * with a realm and a password or keytab, or, with no user, a credential cache holding a ticket that has not
 * expired. Sends nothing. */
bool lm__krb_available(const lm_smb_credentials *c);

/* A client context for c towards spn ("cifs/host.example.com"); getting a ticket from a password or keytab
 * happens here (it may ask the KDC). *out is set only on success; a failure is LM_EAUTH (no or bad
 * credentials), LM_EHOSTUNREACH (no KDC answered) or LM_ENOTSUP, with a one-line message in err. *fallback
 * (may be NULL) tells whether the failure means only that Kerberos cannot be used here (no KDC, unknown
 * realm, no ticket, no such service), where LM_SMB_AUTH_AUTO may use NTLM instead. */
lm_status lm__krb_new(const lm_smb_credentials *c, const char *spn, struct lm__krb **out, bool *fallback,
                      lm_error *err);

/* Destroys the context and any private credential cache (NULL allowed). */
void lm__krb_free(struct lm__krb *k);

/* The next leg: in is the server's mechanism token (none on the first call, where the AP-REQ is made, which
 * may fetch the service ticket from the KDC). Appends the token to send, if any, to out; *done becomes true
 * once the context is established with the server authenticated (mutual authentication: its AP-REP).
 * Failures as lm__krb_new, with *fallback (may be NULL). */
lm_status lm__krb_step(struct lm__krb *k, const uint8_t *in, size_t inlen, struct lm__buf *out, bool *done,
                       bool *fallback, lm_error *err);

/* The session key for SMB2 (MS-SMB2 3.2.5.3.1: its first 16 bytes, zero-padded), once established;
 * LM_ENOENT before; LM_ENOTSUP when the library will not give it (Wine's SSPI). */
lm_status lm__krb_session_key(const struct lm__krb *k, uint8_t key[16]);

/* A MIC over msg appended to out, and the check of the server's (LM_ESIGNATURE when it does not verify);
 * only once established. */
lm_status lm__krb_get_mic(struct lm__krb *k, const uint8_t *msg, size_t len, struct lm__buf *out);
lm_status lm__krb_verify_mic(struct lm__krb *k, const uint8_t *msg, size_t len, const uint8_t *mic,
                             size_t miclen);

/* Shared by both backends (krb5.c). */

/* "user@REALM" from c (user@realm, or user with domain = REALM; the realm in upper case): false when c has no
 * user or no realm, or it does not fit in n. */
bool lm__krb_principal(const lm_smb_credentials *c, char *out, size_t n);

/* Why a Kerberos logon failed, whichever the library. */
enum lm__krb_why {
    LM__KRB_OTHER,
    LM__KRB_NO_TICKET,        /* no credential cache, or nothing in it */
    LM__KRB_SKEW,             /* clocks too far apart */
    LM__KRB_NO_SPN,           /* the KDC knows no such service */
    LM__KRB_NO_USER,          /* nor such a client */
    LM__KRB_NO_KDC,           /* no KDC answered */
    LM__KRB_NO_REALM,         /* no KDC known for the realm */
    LM__KRB_EXPIRED,          /* the ticket has expired */
    LM__KRB_BAD_PASSWORD,     /* pre-authentication failed */
    LM__KRB_PASSWORD_EXPIRED, /* the password must be changed */
    LM__KRB_REVOKED,          /* disabled or locked out */
    LM__KRB_NO_KEY,           /* the keytab holds no key for the principal */
    LM__KRB_NO_ETYPE,         /* no common encryption type */
    LM__KRB_NO_PACKAGE,       /* no Kerberos on this system */
};

/* The one table from a reason to lanman's status and a message that says what to do (in err, which may be
 * NULL); detail is the library's own words (may be NULL). *fallback (may be NULL): whether the reason means
 * only that Kerberos cannot be used here, where LM_SMB_AUTH_AUTO may use NTLM. Returns the status. */
lm_status lm__krb_fail(lm_error *err, enum lm__krb_why why, const char *who, const char *spn,
                       const char *detail, bool *fallback);

/* The SMB2 session key from the n-byte key the library gives (MS-SMB2 3.2.5.3.1). */
void lm__krb_key16(const uint8_t *k, size_t n, uint8_t key[16]);

#endif
