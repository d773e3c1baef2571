/* lm_smb_login: the SESSION_SETUP exchanges that carry SPNEGO with Kerberos or NTLMSSP (MS-SMB2 3.2.4.2.3,
 * 3.2.5.3), then the session policy, decided in one function (session_policy) for every logon, whichever
 * the mechanism. The codec is cmd/session_setup.c; the tokens come from spnego.c. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "smb/conn.h"
#include "smb/krb5.h"
#include "smb/spnego.h"

#define LOGON_MAX_ROUNDS 5

#define NT_STATUS_NTLM_BLOCKED 0xC0000418u /* MS-ERREF 2.3.1: the server or domain blocks NTLM */

/* One SESSION_SETUP exchange. On return *r is the response; its token stays valid until the next recv. */
static lm_status session_setup(struct lm_smb *s, const struct lm__buf *token, struct smb_resp *r)
{
    struct smb_chain c;
    uint64_t mid;
    lm_status st;

    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, SMB2_SESSION_SETUP, 0, false, token->len);
    lm__smb2_session_setup_req(&c.b, (uint8_t)s->client_mode, token->data, token->len);
    st = lm__smb_send(s, &c, s->dialect == SMB2_DIALECT_311);
    lm__smb_chain_free(&c);
    s->skip_verify_mid = mid; /* a final response is verified by session_policy, once the keys exist */
    if (st == LM_OK)
        st = lm__smb_recv(s, mid, r);
    return st;
}

static lm_status login_failed(struct lm_smb *s, const struct smb_resp *r, const lm_smb_credentials *creds)
{
    if (r->h.status == NT_STATUS_LOGON_FAILURE || r->h.status == NT_STATUS_WRONG_PASSWORD ||
        r->h.status == NT_STATUS_NO_SUCH_USER)
        return lm_error_set(&s->err, LM_EAUTH, LM_RAW_NTSTATUS, r->h.status,
                            "logon failure for '%s' on %s: unknown user name or bad password",
                            creds != NULL && creds->user != NULL ? creds->user : "", s->host);
    if (r->h.status == NT_STATUS_NTLM_BLOCKED)
        return lm_error_set(&s->err, LM_EAUTH, LM_RAW_NTSTATUS, r->h.status,
                            "%s refuses NTLM logons: use Kerberos (-k) with the server's DNS name", s->host);
    return lm__smb_status_error(s, r, "session setup failed");
}

/* The session's signing and encryption keys, from the key the mechanism agreed (MS-SMB2 3.2.5.3.1). */
static lm_status derive_keys(struct lm_smb *s, struct lm__auth *auth)
{
    lm_status st;

    if ((st = lm__auth_session_key(auth, s->session_key)) == LM_ENOTSUP)
        return lm_error_set(
            &s->err, st, LM_RAW_NONE, 0,
            "cannot derive the session keys: this system's Kerberos does not give the session key "
            "(Wine's SSPI has no SECPKG_ATTR_SESSION_KEY)");
    if (st != LM_OK || (st = lm__smb_derive_keys(s)) != LM_OK)
        return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot derive the session keys");
    s->keys_ready = true;
    return LM_OK;
}

/* The session policy (README.md, "Security"), decided here for every logon, on the final SESSION_SETUP
 * response. Each rule is one check, and no flag in that response can skip one: wave 1 verified the response
 * only when it did not claim to be a guest's, so a man in the middle set IS_GUEST, stripped the signature and
 * had an unsigned session with the user's credentials. */
static lm_status session_policy(struct lm_smb *s, struct lm__auth *auth, const struct smb_resp *r,
                                const lm_smb_credentials *creds)
{
    bool keyless =
        s->anonymous || (s->session_flags & (SMB2_SESSION_FLAG_IS_GUEST | SMB2_SESSION_FLAG_IS_NULL));
    const char *kind = s->anonymous || (s->session_flags & SMB2_SESSION_FLAG_IS_NULL) ? "anonymous" : "guest";
    lm_status st;

    /* 1. Credentials that end in a guest or null session: it has no key, so any later response could be
     * forged. Only the user can accept that (Windows' AllowInsecureGuestAuth, off by default). */
    if (keyless && !s->anonymous && !s->opt.allow_guest)
        return lm_error_set(
            &s->err, LM_EAUTH, LM_RAW_NONE, 0,
            "%s logged '%s' on as %s, which cannot be signed; use --allow-guest to accept that", s->host,
            creds != NULL && creds->user != NULL ? creds->user : "the Kerberos principal", kind);
    /* 2. An authenticated session has keys, and signs every message from here on; only now may a transform
     * arrive (an encrypted frame before this would open under a zero key). */
    if (!keyless) {
        if ((st = derive_keys(s, auth)) != LM_OK)
            return st;
        s->signing_on = true;
        /* 3. Its final response proves the server knows the key: 3.x always signs it (MS-SMB2 3.3.5.5.3;
         * 3.1.1 under keys from the preauth hash, so a changed NEGOTIATE fails here too), and a signed one is
         * verified on any dialect. A 2.x server may leave it unsigned; every later response is verified. */
        if (!(r->h.flags & SMB2_FLAGS_SIGNED) && s->dialect >= SMB2_DIALECT_300)
            return lm_error_set(&s->err, LM_ESIGNATURE, LM_RAW_NONE, 0,
                                "%s did not sign the final SESSION_SETUP response", s->host);
        if ((r->h.flags & SMB2_FLAGS_SIGNED) && (st = lm__smb_verify(s, r)) != LM_OK)
            return st;
    }
    /* 4. --require-signing: no keyless session at all. */
    if (s->opt.require_signing && !s->signing_on)
        return lm_error_set(&s->err, LM_EACCES, LM_RAW_NONE, 0,
                            "%s gave a %s session, which cannot be signed, and signing is required", s->host,
                            kind);
    /* 5. Encrypt when the server or the user asks; the flag was covered by the signature checked above. */
    if ((s->session_flags & SMB2_SESSION_FLAG_ENCRYPT_DATA) || s->opt.require_encryption) {
        if (s->cipher == 0 || !s->signing_on)
            return lm_error_set(&s->err, LM_ENOTSUP, LM_RAW_NONE, 0, "encryption is required but %s",
                                s->cipher == 0 ? "the server offers no cipher we share"
                                               : "the session has no key");
        s->encrypt_on = true;
    }
    return LM_OK;
}

/* One part of an IPv4 address as inet_aton reads it: a decimal, octal (0...) or hex (0x...) number. */
static bool number_part(const char *p, size_t n)
{
    size_t i = 0;

    if (n == 0)
        return false;
    if (n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        for (i = 2; i < n; i++)
            if (!isxdigit((unsigned char)p[i]))
                return false;
        return true;
    }
    for (; i < n; i++)
        if (!isdigit((unsigned char)p[i]))
            return false;
    return true;
}

bool lm_smb_is_address(const char *host)
{
    const char *part;
    int parts = 0;

    if (host == NULL || host[0] == '\0')
        return false;
    if (strchr(host, ':') != NULL || host[0] == '[') /* IPv6 */
        return true;
    /* IPv4 in every form the resolver takes for an address rather than a name (inet_aton): 1 to 4 numbers,
     * decimal, octal or hex, so that 127.1 and 2130706433 are addresses too. */
    for (part = host;; part++) {
        const char *dot = strchr(part, '.');
        size_t n = dot != NULL ? (size_t)(dot - part) : strlen(part);

        if (!number_part(part, n) || ++parts > 4)
            return false;
        if (dot == NULL)
            return true;
        part = dot;
    }
}

/* LM_SMB_AUTH_AUTO's choice: Kerberos for a server named by name (or with an SPN given) that offers it, when
 * there are Kerberos credentials. */
static bool auto_kerberos(struct lm_smb *s, const lm_smb_credentials *creds)
{
    unsigned mechs = LM__SPNEGO_KRB5;

    if ((creds == NULL || creds->spn == NULL || creds->spn[0] == '\0') && lm_smb_is_address(s->host))
        return false;
    if (s->neg_token_len > 0 && lm__spnego_parse_init(s->neg_token, s->neg_token_len, &mechs, NULL) != LM_OK)
        return false;
    return (mechs & (LM__SPNEGO_KRB5 | LM__SPNEGO_MSKRB5)) && lm__krb_available(creds);
}

/* Kerberos when creds ask for it (or LM_SMB_AUTH_AUTO finds it usable): LM_OK with *out; LM_ENOENT when
 * NTLM is to be used instead; or a failure on the connection's error. */
static lm_status start_krb(struct lm_smb *s, const lm_smb_credentials *creds, struct lm__auth **out)
{
    /* creds NULL is a null session (lm_smb_login's contract), never the ticket cache's Kerberos */
    lm_smb_auth mode = creds != NULL ? creds->auth : LM_SMB_AUTH_NTLM;
    bool given = creds != NULL && creds->spn != NULL && creds->spn[0] != '\0', fallback = false;
    char spn[sizeof s->host + 8];
    lm_status st;

    if (mode == LM_SMB_AUTH_NTLM || (mode == LM_SMB_AUTH_AUTO && !auto_kerberos(s, creds)))
        return LM_ENOENT;
    if (!given && lm_smb_is_address(s->host))
        return lm_error_set(&s->err, LM_EINVAL, LM_RAW_NONE, 0,
                            "Kerberos needs the server's name, not the address %s: connect by its DNS name, "
                            "or give --spn cifs/NAME",
                            s->host);
    snprintf(spn, sizeof spn, "cifs/%s", s->host);
    st = lm__auth_new_krb(creds, given ? creds->spn : spn, out, &fallback, &s->err);
    if (st == LM_OK) {
        lm__smb_trace(s, "auth: Kerberos for %s", given ? creds->spn : spn);
        return LM_OK;
    }
    if (mode == LM_SMB_AUTH_KERBEROS || !fallback)
        return st;
    lm__smb_trace(s, "auth: NTLM, as Kerberos cannot be used: %s", s->err.message);
    lm_error_clear(&s->err);
    return LM_ENOENT;
}

/* The SPNEGO context for creds: Kerberos as start_krb decides, else NTLMSSP (anonymous when there is no
 * user), naming the server as the target. */
static lm_status start_auth(struct lm_smb *s, const lm_smb_credentials *creds, bool *anonymous,
                            struct lm__auth **out)
{
    lm_smb_credentials ac = {.domain = NULL, .user = NULL, .password = NULL};
    struct lm__auth *auth = NULL;
    char spn[sizeof s->host + 8];
    lm_status st = start_krb(s, creds, out);

    if (st != LM_ENOENT) {
        *anonymous = false;
        return st;
    }
    if (!*anonymous) {
        ac.domain = creds->domain;
        ac.user = creds->user;
        ac.password = creds->password;
    }
    if ((st = lm__auth_new(&ac, "LANMAN", &auth)) != LM_OK)
        return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot start NTLMSSP: %s", lm_strerror(st));
    if (!*anonymous) {
        /* MS-NLMP 3.1.5.1.2 MsvAvTargetName: a server that checks it refuses a logon relayed from another. */
        snprintf(spn, sizeof spn, "cifs/%s", s->host);
        if ((st = lm__ntlm_set_target(lm__auth_ntlm(auth), spn)) != LM_OK) {
            lm__auth_free(auth);
            return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot name the target '%s'", spn);
        }
    }
    *out = auth;
    return LM_OK;
}

/* One round of the SPNEGO loop: the next token from in, sent in a SESSION_SETUP. On LM_OK *r is a
 * SUCCESS or MORE_PROCESSING_REQUIRED response and *rtok its token. */
static lm_status setup_round(struct lm_smb *s, struct lm__auth *auth, const uint8_t *in, size_t inlen,
                             const lm_smb_credentials *creds, struct lm__buf *tok, struct smb_resp *r,
                             uint16_t *flags, const uint8_t **rtok, size_t *rlen)
{
    lm_status st;

    lm__buf_reset(tok);
    if ((st = lm__auth_step(auth, in, inlen, tok, &s->err)) != LM_OK ||
        (st = session_setup(s, tok, r)) != LM_OK)
        return st;
    if (r->h.command != SMB2_SESSION_SETUP)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "unexpected %s reply to SESSION_SETUP",
                            lm__smb2_cmd_name(r->h.command));
    if (r->h.status != NT_STATUS_SUCCESS && r->h.status != NT_STATUS_MORE_PROCESSING_REQUIRED)
        return login_failed(s, r, creds);
    if (lm__smb2_session_setup_resp(&r->msg, flags, rtok, rlen) != LM_OK)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed SESSION_SETUP response");
    s->session_id = r->h.session_id;
    /* MS-SMB2 3.2.5.3.1: every response but the final one goes into the session's preauth hash. */
    if (r->h.status == NT_STATUS_MORE_PROCESSING_REQUIRED && s->dialect == SMB2_DIALECT_311)
        return lm__smb_preauth_update(s, r->msg.p, r->msg.len);
    return LM_OK;
}

/* Records which mechanism logged on (lm_smb_info.mech), once the session policy has accepted the session,
 * and says so in the trace. */
static void logged_on(struct lm_smb *s, const struct lm__auth *auth)
{
    lm_smb_info i;

    s->mech = lm__auth_is_krb(auth) ? LM_SMB_AUTH_KERBEROS : LM_SMB_AUTH_NTLM;
    lm_smb_get_info(s, &i);
    lm__smb_trace(s, "logged on: %s, %s%s", lm_smb_logon_name(&i), i.signed_session ? "signed" : "unsigned",
                  i.encrypted_session ? ", encrypted" : "");
}

/* The SPNEGO loop: SESSION_SETUP until the server says SUCCESS, then the server's last token (its
 * mechListMIC) and the session policy. */
static lm_status logon(struct lm_smb *s, struct lm__auth *auth, const lm_smb_credentials *creds,
                       bool anonymous, struct lm__buf *tok)
{
    const uint8_t *in = s->neg_token;
    size_t inlen = s->neg_token_len;
    struct smb_resp r;
    lm_status st;

    for (int round = 0; round < LOGON_MAX_ROUNDS; round++) {
        uint16_t flags;
        const uint8_t *rtok;
        size_t rlen;

        if ((st = setup_round(s, auth, in, inlen, creds, tok, &r, &flags, &rtok, &rlen)) != LM_OK)
            return st;
        if (r.h.status == NT_STATUS_MORE_PROCESSING_REQUIRED) {
            in = rtok;
            inlen = rlen;
            continue;
        }
        s->session_flags = flags;
        s->anonymous = anonymous;
        lm__buf_reset(tok);
        /* Kerberos must see the AP-REP even when the final response carries no token (then it fails). */
        if ((rlen > 0 || (lm__auth_is_krb(auth) && !lm__auth_done(auth))) &&
            (st = lm__auth_step(auth, rtok, rlen, tok, &s->err)) != LM_OK)
            return st;
        if ((st = session_policy(s, auth, &r, creds)) == LM_OK)
            logged_on(s, auth);
        return st;
    }
    return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s never finished the session setup", s->host);
}

lm_status lm_smb_login(lm_smb *s, const lm_smb_credentials *creds)
{
    bool anonymous = creds == NULL || creds->user == NULL || creds->user[0] == '\0';
    struct lm__auth *auth = NULL;
    struct lm__buf tok;
    lm_status st;

    s->mech = LM_SMB_AUTH_AUTO;
    if ((st = start_auth(s, creds, &anonymous, &auth)) != LM_OK)
        return st;
    lm__buf_init(&tok, 64 * 1024);
    st = logon(s, auth, creds, anonymous, &tok);
    lm__buf_free(&tok);
    lm__auth_free(auth);
    return st;
}
