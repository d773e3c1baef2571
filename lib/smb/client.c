/* The public SMB2 client (include/lanman/smb.h): the flows that string the commands together. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf.h"
#include "crypto/crypto.h"
#include "smb/client_test.h"
#include "smb/spnego.h"
#include "smb/conn.h"

static const uint16_t all_dialects[] = {SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300,
                                        SMB2_DIALECT_302, SMB2_DIALECT_311};

const char *lm_smb_dialect_name(uint16_t d)
{
    switch (d) {
    case SMB2_DIALECT_202:
        return "2.0.2";
    case SMB2_DIALECT_210:
        return "2.1";
    case SMB2_DIALECT_300:
        return "3.0";
    case SMB2_DIALECT_302:
        return "3.0.2";
    case SMB2_DIALECT_311:
        return "3.1.1";
    default:
        return "unknown";
    }
}

const lm_error *lm_smb_error(const lm_smb *s)
{
    return &s->err;
}

static lm_status negotiate(struct lm_smb *s)
{
    static const uint16_t ciphers[] = {SMB2_CIPHER_AES128_GCM, SMB2_CIPHER_AES128_CCM};
    /* GMAC first: it runs in parallel (GHASH) where CMAC is one AES block after another, several times
     * faster on a bulk transfer. */
    static const uint16_t signing[] = {SMB2_SIGNING_AES_GMAC, SMB2_SIGNING_AES_CMAC};
    uint16_t dialects[5];
    struct smb2_negotiate_req req;
    struct smb2_negotiate_resp resp;
    struct smb_chain c;
    struct smb_resp r;
    bool offered = false;
    uint64_t mid;
    lm_status st;

    memset(&req, 0, sizeof req);
    req.ndialects = 0;
    for (size_t i = 0; i < sizeof all_dialects / sizeof all_dialects[0]; i++) {
        if (all_dialects[i] >= s->opt.min_dialect && all_dialects[i] <= s->opt.max_dialect)
            dialects[req.ndialects++] = all_dialects[i];
    }
    if (req.ndialects == 0)
        return lm_error_set(&s->err, LM_EINVAL, LM_RAW_NONE, 0, "no SMB2 dialect between %s and %s",
                            lm_smb_dialect_name(s->opt.min_dialect), lm_smb_dialect_name(s->opt.max_dialect));
    req.dialects = dialects;
    req.security_mode =
        SMB2_NEGOTIATE_SIGNING_ENABLED | (s->opt.require_signing ? SMB2_NEGOTIATE_SIGNING_REQUIRED : 0);
    req.capabilities = SMB2_GLOBAL_CAP_LARGE_MTU | SMB2_GLOBAL_CAP_ENCRYPTION;
    req.ciphers = ciphers;
    req.nciphers = 2;
    req.signing_algs = signing;
    req.nsigning_algs = 2;
    if ((st = lm__random(req.client_guid, 16)) != LM_OK || (st = lm__random(req.salt, 32)) != LM_OK ||
        (st = lm__random(s->nonce_salt, sizeof s->nonce_salt)) != LM_OK)
        return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "no random numbers: %s", lm_strerror(st));
    memcpy(s->offered, dialects, req.ndialects * sizeof dialects[0]);
    s->noffered = (uint16_t)req.ndialects;
    s->client_mode = req.security_mode;
    s->client_caps = req.capabilities;
    memcpy(s->client_guid, req.client_guid, 16);

    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, SMB2_NEGOTIATE, 0, false, 0);
    lm__smb2_negotiate_req(&c.b, &req);
    st = lm__smb_send(s, &c, true);
    lm__smb_chain_free(&c);
    if (st != LM_OK || (st = lm__smb_recv(s, mid, &r)) != LM_OK)
        return st;
    if (r.h.command != SMB2_NEGOTIATE)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s answered NEGOTIATE with %s", s->host,
                            lm__smb2_cmd_name(r.h.command));
    if (r.h.status != NT_STATUS_SUCCESS)
        return lm__smb_status_error(s, &r, "negotiate failed");
    if (lm__smb2_negotiate_resp(&r.msg, &resp) != LM_OK)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s sent a malformed NEGOTIATE response",
                            s->host);
    for (size_t i = 0; i < req.ndialects; i++)
        offered = offered || dialects[i] == resp.dialect;
    if (!offered)
        return lm_error_set(&s->err, LM_ENOTSUP, LM_RAW_NONE, 0,
                            "%s chose dialect 0x%04X, which was not offered (offered %s to %s)", s->host,
                            resp.dialect, lm_smb_dialect_name(dialects[0]),
                            lm_smb_dialect_name(dialects[req.ndialects - 1]));
    if (resp.dialect == SMB2_DIALECT_311 && (st = lm__smb_preauth_update(s, r.msg.p, r.msg.len)) != LM_OK)
        return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "preauth hash failed");

    s->dialect = resp.dialect;
    s->server_security_mode = resp.security_mode;
    s->server_caps = resp.capabilities;
    memcpy(s->server_guid, resp.server_guid, 16);
    s->max_transact = resp.max_transact;
    s->max_read = resp.max_read;
    s->max_write = resp.max_write;
    s->server_time = resp.system_time;
    s->boot_time = resp.boot_time;
    if (s->dialect == SMB2_DIALECT_311) {
        s->cipher = resp.cipher;
        if (resp.have_signing_ctx && resp.signing_alg != SMB2_SIGNING_AES_CMAC &&
            resp.signing_alg != SMB2_SIGNING_AES_GMAC)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0,
                                "%s chose a signing algorithm not offered", s->host);
        if (s->cipher != 0 && s->cipher != SMB2_CIPHER_AES128_GCM && s->cipher != SMB2_CIPHER_AES128_CCM)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s chose a cipher not offered", s->host);
    } else if (s->dialect >= SMB2_DIALECT_300 && (s->server_caps & SMB2_GLOBAL_CAP_ENCRYPTION)) {
        s->cipher = SMB2_CIPHER_AES128_CCM; /* 3.0 and 3.0.2 know only CCM */
    }
    s->signing_alg = s->dialect >= SMB2_DIALECT_300 ? SMB2_SIGNING_AES_CMAC : SMB2_SIGNING_HMAC_SHA256;
    if (s->dialect == SMB2_DIALECT_311 && resp.have_signing_ctx)
        s->signing_alg = resp.signing_alg; /* 3.2.5.2: no context means AES-CMAC */
    if (resp.security_len > 0) {
        s->neg_token = malloc(resp.security_len);
        if (s->neg_token == NULL)
            return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
        memcpy(s->neg_token, resp.security_buffer, resp.security_len);
        s->neg_token_len = resp.security_len;
    }
    return LM_OK;
}

lm_status lm_smb_connect(const char *host, const lm_smb_options *opt, lm_smb **out, lm_error *err)
{
    struct lm_smb *s = calloc(1, sizeof *s);
    uint16_t port;
    lm_status st;

    if (s == NULL)
        return err != NULL ? lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory") : LM_ENOMEM;
    if (opt != NULL)
        s->opt = *opt;
    if (s->opt.min_dialect == 0)
        s->opt.min_dialect = SMB2_DIALECT_202;
    if (s->opt.max_dialect == 0)
        s->opt.max_dialect = SMB2_DIALECT_311;
    s->timeout_ms = s->opt.timeout_ms > 0 ? s->opt.timeout_ms : LM__NET_DEFAULT_TIMEOUT_MS;
    s->skip_verify_mid = UINT64_MAX - 2;
    s->credits = 1; /* 3.2.4.1.2: one credit before any is granted */
    snprintf(s->host, sizeof s->host, "%s", host);
    lm__buf_init(&s->rx, 16u * 1024 * 1024 + 4096);
    port = s->opt.port != 0 ? s->opt.port : (s->opt.netbios ? 139 : 445);

    st = lm__net_init();
    if (st == LM_OK)
        st = lm__net_connect(host, port, s->timeout_ms, &s->sock, &s->err);
    else
        lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot start networking");
    if (st == LM_OK && s->opt.netbios)
        st = lm__nbss_session_request(s->sock, "*SMBSERVER", "LANMAN", s->timeout_ms, &s->err);
    if (st == LM_OK)
        st = negotiate(s);
    if (st != LM_OK) {
        if (err != NULL)
            *err = s->err;
        lm_smb_close(s);
        return st;
    }
    *out = s;
    return LM_OK;
}

/* One SESSION_SETUP exchange. On return *r is the response; its token stays valid until the next recv. */
static lm_status session_setup(struct lm_smb *s, const struct lm__buf *token, struct smb_resp *r)
{
    struct smb_chain c;
    uint64_t mid;
    lm_status st;
    uint8_t mode =
        SMB2_NEGOTIATE_SIGNING_ENABLED | (s->opt.require_signing ? SMB2_NEGOTIATE_SIGNING_REQUIRED : 0);

    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, SMB2_SESSION_SETUP, 0, false, token->len);
    lm__smb2_session_setup_req(&c.b, mode, token->data, token->len);
    st = lm__smb_send(s, &c, s->dialect == SMB2_DIALECT_311);
    lm__smb_chain_free(&c);
    s->skip_verify_mid = mid; /* a final response is verified below, once the keys exist */
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
    return lm__smb_status_error(s, r, "session setup failed");
}

/* The session policy (DESIGN.md, "Security stance"), decided here for every logon, on the final
 * SESSION_SETUP response. Each rule is one check, and no flag in that response can skip one: wave 1 verified
 * the response only when it did not claim to be a guest's, so a man in the middle set IS_GUEST, stripped
 * the signature and had an unsigned session with the user's credentials. */
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
            creds->user, kind);
    /* 2. An authenticated session has keys, and signs every message from here on; only now may a transform
     * arrive (an encrypted frame before this would open under a zero key). */
    if (!keyless) {
        if ((st = lm__auth_session_key(auth, s->session_key)) != LM_OK ||
            (st = lm__smb_derive_keys(s)) != LM_OK)
            return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot derive the session keys");
        s->keys_ready = true;
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

lm_status lm_smb_login(lm_smb *s, const lm_smb_credentials *creds)
{
    struct lm__creds ac = {0};
    struct lm__auth *auth = NULL;
    struct lm__buf tok;
    struct smb_resp r;
    const uint8_t *in = s->neg_token;
    size_t inlen = s->neg_token_len;
    bool anonymous = creds == NULL || creds->user == NULL || creds->user[0] == '\0';
    lm_status st;

    if (!anonymous) {
        ac.domain = creds->domain;
        ac.user = creds->user;
        ac.password = creds->password;
    }
    ac.workstation = "LANMAN";
    if ((st = lm__auth_new(&ac, &auth)) != LM_OK)
        return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot start NTLMSSP: %s", lm_strerror(st));
    if (!anonymous) {
        /* MS-NLMP 3.1.5.1.2 MsvAvTargetName: a server that checks it refuses a logon relayed from another. */
        char spn[sizeof s->host + 8];
        snprintf(spn, sizeof spn, "cifs/%s", s->host);
        if ((st = lm__ntlm_set_target(lm__auth_ntlm(auth), spn)) != LM_OK) {
            lm__auth_free(auth);
            return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot name the target '%s'", spn);
        }
    }
    lm__buf_init(&tok, 64 * 1024);
    for (int round = 0;; round++) {
        uint16_t flags;
        const uint8_t *rtok;
        size_t rlen;

        lm__buf_reset(&tok);
        if (round > 4) {
            st = lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s never finished the session setup",
                              s->host);
            break;
        }
        if ((st = lm__auth_step(auth, in, inlen, &tok, &s->err)) != LM_OK)
            break;
        if ((st = session_setup(s, &tok, &r)) != LM_OK)
            break;
        if (r.h.command != SMB2_SESSION_SETUP) {
            st = lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "unexpected %s reply to SESSION_SETUP",
                              lm__smb2_cmd_name(r.h.command));
            break;
        }
        if (r.h.status != NT_STATUS_SUCCESS && r.h.status != NT_STATUS_MORE_PROCESSING_REQUIRED) {
            st = login_failed(s, &r, creds);
            break;
        }
        if (lm__smb2_session_setup_resp(&r.msg, &flags, &rtok, &rlen) != LM_OK) {
            st = lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed SESSION_SETUP response");
            break;
        }
        s->session_id = r.h.session_id;
        if (r.h.status == NT_STATUS_MORE_PROCESSING_REQUIRED) {
            /* 3.2.5.3.1: every response but the final one goes into the session's preauth hash. */
            if (s->dialect == SMB2_DIALECT_311 &&
                (st = lm__smb_preauth_update(s, r.msg.p, r.msg.len)) != LM_OK)
                break;
            in = rtok;
            inlen = rlen;
            continue;
        }
        s->session_flags = flags;
        s->anonymous = anonymous;
        if (rlen > 0 && (st = lm__auth_step(auth, rtok, rlen, &tok, &s->err)) != LM_OK)
            break;
        st = session_policy(s, auth, &r, creds);
        break;
    }
    lm__buf_free(&tok);
    lm__auth_free(auth);
    return st;
}

void lm_smb_get_info(const lm_smb *s, lm_smb_info *i)
{
    memset(i, 0, sizeof *i);
    i->dialect = s->dialect;
    i->signing_enabled = (s->server_security_mode & SMB2_NEGOTIATE_SIGNING_ENABLED) != 0;
    i->signing_required = (s->server_security_mode & SMB2_NEGOTIATE_SIGNING_REQUIRED) != 0;
    i->signed_session = s->signing_on;
    i->encrypted_session = s->encrypt_on;
    i->guest = (s->session_flags & SMB2_SESSION_FLAG_IS_GUEST) != 0;
    i->anonymous = s->anonymous || (s->session_flags & SMB2_SESSION_FLAG_IS_NULL) != 0;
    i->cipher = s->cipher;
    i->signing_alg = s->signing_alg;
    memcpy(i->server_guid, s->server_guid, 16);
    i->server_time = s->server_time;
    i->boot_time = s->boot_time;
    i->capabilities = s->server_caps;
    i->max_read = s->max_read;
    i->max_write = s->max_write;
    i->max_transact = s->max_transact;
    i->round_trips = s->round_trips;
}

void lm_smb_close(lm_smb *s)
{
    if (s == NULL)
        return;
    if (s->sock != NULL && s->session_id != 0)
        lm__smb_forget(s, SMB2_LOGOFF, 0, NULL);
    lm__net_close(s->sock);
    lm__memzero(s->session_key, sizeof s->session_key);
    lm__memzero(s->signing_key, sizeof s->signing_key);
    lm__memzero(s->enc_key, sizeof s->enc_key);
    lm__memzero(s->dec_key, sizeof s->dec_key);
    lm__buf_free(&s->rx);
    free(s->neg_token);
    free(s);
}

lm_status lm__smb_tree_accept(struct lm_smb *s, const struct smb_resp *r, const char *share,
                              lm_smb_tree **out)
{
    struct smb2_tree_resp tr;
    struct lm__cursor m = r->msg;
    struct lm_smb_tree *t;

    if (r->h.status != NT_STATUS_SUCCESS) {
        char what[400];
        snprintf(what, sizeof what, "cannot connect to \\\\%s\\%s", s->host, share);
        return lm__smb_status_error(s, r, what);
    }
    if (lm__smb2_tree_connect_resp(&m, &tr) != LM_OK)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed TREE_CONNECT response");
    if ((tr.share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA) && !s->encrypt_on) {
        /* 3.2.5.5: the share requires encryption; from here on the whole session is encrypted. */
        if (s->cipher == 0 || !s->signing_on)
            return lm_error_set(&s->err, LM_ENOTSUP, LM_RAW_NONE, 0,
                                "\\\\%s\\%s requires encryption, which this session cannot do", s->host,
                                share);
        s->encrypt_on = true;
    }
    t = calloc(1, sizeof *t);
    if (t == NULL)
        return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    t->s = s;
    t->tid = r->h.tree_id;
    t->type = tr.share_type;
    t->flags = tr.share_flags;
    *out = t;
    return LM_OK;
}

/* The negotiation was changed on the way (or the server says it was): MS-SMB2 3.2.5.14.12 ends the
 * connection. */
static lm_status tampered(struct lm_smb *s, const char *why)
{
    lm__net_close(s->sock);
    s->sock = NULL;
    return lm_error_set(&s->err, LM_ESIGNATURE, LM_RAW_NONE, 0,
                        "the negotiation with %s was tampered with (%s); the connection is closed", s->host,
                        why);
}

lm_status lm__smb_tree_validate(struct lm_smb *s, const struct lm_smb_tree *t)
{
    static const struct smb2_fileid none = {UINT64_MAX, UINT64_MAX};
    struct smb2_vni want = {0}, got;
    struct lm__cursor out;
    struct smb_chain c;
    struct smb_resp r;
    struct lm__buf in;
    uint64_t mid;
    lm_status st;

    /* 3.2.5.5: 3.0 and 3.0.2 only (3.1.1 has the preauth hash; 2.x has neither), on a signed session. */
    if ((s->dialect != SMB2_DIALECT_300 && s->dialect != SMB2_DIALECT_302) || !s->signing_on)
        return LM_OK;
    want.capabilities = s->client_caps;
    memcpy(want.guid, s->client_guid, 16);
    want.security_mode = s->client_mode;
    want.dialects = s->offered;
    want.ndialects = s->noffered;
    lm__buf_init(&in, 64);
    lm__smb2_vni_req(&in, &want);
    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, SMB2_IOCTL, t->tid, false, in.len);
    lm__smb2_ioctl_req(&c.b, &none, FSCTL_VALIDATE_NEGOTIATE_INFO, in.data, (uint32_t)in.len,
                       SMB2_VNI_RESP_LEN);
    lm__buf_free(&in);
    st = lm__smb_send(s, &c, false);
    lm__smb_chain_free(&c);
    if (st == LM_OK)
        st = lm__smb_recv(s, mid, &r);
    if (st == LM_ETIMEDOUT)
        return st;
    if (st == LM_ESIGNATURE)
        return tampered(s, "its validation came back unsigned or with a bad signature");
    if (st != LM_OK)
        return tampered(s, "the server ended the connection when asked to validate it");
    lm__smb_trace(s, "validate negotiate: status 0x%08X", (unsigned)r.h.status);
    /* 3.2.5.14.12: a signed "not supported" is a server without the FSCTL (older Windows, NetApp), as
     * Samba's and Linux's clients take it; access denied and anything else end the connection. */
    if (r.h.status == NT_STATUS_NOT_SUPPORTED || r.h.status == NT_STATUS_INVALID_DEVICE_REQUEST ||
        r.h.status == NT_STATUS_FILE_CLOSED)
        return LM_OK;
    if (r.h.status != NT_STATUS_SUCCESS)
        return tampered(s, "the server refused to validate it");
    if (lm__smb2_ioctl_resp(&r.msg, &out) != LM_OK || lm__smb2_vni_resp(&out, &got) != LM_OK)
        return tampered(s, "its validation was malformed");
    if (got.capabilities != s->server_caps || memcmp(got.guid, s->server_guid, 16) != 0 ||
        got.security_mode != s->server_security_mode || got.dialect != s->dialect)
        return tampered(
            s, "the server's capabilities, GUID, security mode or dialect differ from its NEGOTIATE");
    return LM_OK;
}

lm_status lm_smb_tree_connect(lm_smb *s, const char *share, lm_smb_tree **out)
{
    struct smb_chain c;
    struct smb_resp r;
    lm_smb_tree *t;
    char unc[600];
    uint64_t mid;
    lm_status st;

    if (snprintf(unc, sizeof unc, "\\\\%s\\%s", s->host, share) >= (int)sizeof unc)
        return lm_error_set(&s->err, LM_ENAME, LM_RAW_NONE, 0, "share name too long");
    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, SMB2_TREE_CONNECT, 0, false, 0);
    st = lm__smb_send_built(s, &c, lm__smb2_tree_connect_req(&c.b, unc), "share name", share);
    if (st != LM_OK || (st = lm__smb_recv(s, mid, &r)) != LM_OK ||
        (st = lm__smb_tree_accept(s, &r, share, &t)) != LM_OK)
        return st;
    if ((st = lm__smb_tree_validate(s, t)) != LM_OK) {
        lm_smb_tree_disconnect(t);
        return st;
    }
    *out = t;
    return LM_OK;
}

void lm_smb_tree_disconnect(lm_smb_tree *t)
{
    if (t == NULL)
        return;
    if (t->s->sock != NULL)
        lm__smb_forget(t->s, SMB2_TREE_DISCONNECT, t->tid, NULL);
    free(t);
}

/* "a/b\c" -> "a\b\c" without leading separators: the form CREATE wants. */
static char *smb_path(const char *p)
{
    char *out, *o;

    while (*p == '/' || *p == '\\')
        p++;
    out = malloc(strlen(p) + 1);
    if (out == NULL)
        return NULL;
    for (o = out; *p != '\0'; p++)
        *o++ = *p == '/' ? '\\' : *p;
    while (o > out && o[-1] == '\\')
        o--;
    *o = '\0';
    return out;
}

/* MS-FSCC 2.4.17 FileIdBothDirectoryInformation, the fixed part. */
#define FIDBDI_FIXED 104

/* The most entries one listing holds: a server that never says STATUS_NO_MORE_FILES cannot make us allocate
 * without bound. */
#define SMB_LIST_MAX (1u << 20)

/* A name from the server is one path component: not empty, no NUL (it would cut the C string short, and
 * ".\0x" would pass as "."), no separator ("..\\x" must never reach a local path built from it). */
static bool valid_name(const uint8_t *p, uint32_t nbytes)
{
    if (nbytes == 0)
        return false;
    for (uint32_t i = 0; i + 1 < nbytes; i += 2) {
        uint16_t u = (uint16_t)(p[i] | p[i + 1] << 8);
        if (u == 0 || u == '/' || u == '\\')
            return false;
    }
    return true;
}

lm_status lm__smb_parse_dir_entries(struct lm__cursor *buf, lm_smb_dirent **list, size_t *n, size_t *cap)
{
    size_t at = 0;

    for (;;) {
        struct lm__cursor e;
        uint32_t next, name_len;
        lm_smb_stat st;
        const uint8_t *name;
        char *utf8;
        lm_status rc;

        if (!lm__cur_sub(buf, at, buf->len - at, &e))
            return LM_EPROTO;
        next = lm__cur_u32(&e);
        lm__cur_skip(&e, 4);
        st.created = lm__cur_u64(&e);
        st.accessed = lm__cur_u64(&e);
        st.written = lm__cur_u64(&e);
        st.changed = lm__cur_u64(&e);
        st.size = lm__cur_u64(&e);
        st.allocation = lm__cur_u64(&e);
        st.attributes = lm__cur_u32(&e);
        name_len = lm__cur_u32(&e);
        lm__cur_seek(&e, FIDBDI_FIXED);
        name = lm__cur_take(&e, name_len);
        if (name == NULL || (next != 0 && (next < FIDBDI_FIXED + name_len || next > e.len)))
            return LM_EPROTO;
        if ((rc = lm__utf8_dup(name, name_len, &utf8)) != LM_OK)
            return rc;
        if (!valid_name(name, name_len)) {
            free(utf8);
            return LM_EPROTO;
        }
        if (strcmp(utf8, ".") == 0 || strcmp(utf8, "..") == 0) {
            free(utf8);
        } else {
            if (*n == *cap) {
                size_t ncap = *cap != 0 ? *cap * 2 : 64;
                lm_smb_dirent *nl = realloc(*list, ncap * sizeof *nl);
                if (nl == NULL) {
                    free(utf8);
                    return LM_ENOMEM;
                }
                *list = nl;
                *cap = ncap;
            }
            (*list)[*n].name = utf8;
            (*list)[*n].st = st;
            (*n)++;
        }
        if (next == 0)
            return LM_OK;
        at += next;
    }
}

void lm_smb_list_free(lm_smb_dirent *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i].name);
    free(list);
}

lm_status lm_smb_list(lm_smb_tree *t, const char *dir, const char *pattern, lm_smb_dirent **out, size_t *n)
{
    struct lm_smb *s = t->s;
    struct smb2_create_req cr = {0};
    struct smb2_create_resp cresp;
    struct smb2_fileid id = lm__smb2_related_fileid;
    uint32_t out_len = s->max_transact < 1024 * 1024 ? s->max_transact : 1024 * 1024;
    lm_smb_dirent *list = NULL;
    size_t count = 0, cap = 0;
    struct smb_chain c;
    struct smb_resp r;
    uint64_t mid_create, mid_query;
    bool first = true, opened = false;
    char *path = smb_path(dir != NULL ? dir : "");
    lm_status st = LM_OK;

    if (path == NULL)
        return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    if (s->dialect == SMB2_DIALECT_202 && out_len > 65536)
        out_len = 65536;
    cr.desired_access = SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES | SMB2_SYNCHRONIZE;
    cr.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
    cr.create_disposition = SMB2_FILE_OPEN;
    cr.create_options = SMB2_FILE_DIRECTORY_FILE;
    cr.path = path;

    /* CREATE + QUERY_DIRECTORY in one round trip (3.2.4.1.4 related operations); then more queries until
     * STATUS_NO_MORE_FILES. */
    for (;;) {
        lm__smb_chain_init(&c);
        mid_create = UINT64_MAX;
        if (first) {
            mid_create = lm__smb_add(s, &c, SMB2_CREATE, t->tid, false, 0);
            st = lm__smb2_create_req(&c.b, &cr);
        }
        mid_query = lm__smb_add(s, &c, SMB2_QUERY_DIRECTORY, t->tid, first, out_len);
        lm__smb2_query_directory_req(&c.b, &id, first ? SMB2_RESTART_SCANS : 0,
                                     pattern != NULL ? pattern : "*", out_len);
        st = lm__smb_send_built(s, &c, st, "path", dir);
        if (st != LM_OK)
            break;
        if (first) {
            first = false;
            if ((st = lm__smb_recv(s, mid_create, &r)) != LM_OK)
                break;
            if (r.h.status != NT_STATUS_SUCCESS) {
                char what[300];
                snprintf(what, sizeof what, "cannot open directory '%s'", dir != NULL ? dir : "");
                st = lm__smb_status_error(s, &r, what);
                lm__smb_ignore(s, mid_query);
                break;
            }
            if (lm__smb2_create_resp(&r.msg, &cresp) != LM_OK) {
                st = lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed CREATE response");
                lm__smb_ignore(s, mid_query);
                break;
            }
            id = cresp.id;
            opened = true;
        }
        if ((st = lm__smb_recv(s, mid_query, &r)) != LM_OK)
            break;
        if (r.h.status == NT_STATUS_NO_MORE_FILES || r.h.status == NT_STATUS_NO_SUCH_FILE)
            break; /* the end, or a pattern that matches nothing */
        if (r.h.status != NT_STATUS_SUCCESS) {
            st = lm__smb_status_error(s, &r, "cannot list the directory");
            break;
        }
        {
            struct lm__cursor ob;
            if (lm__smb2_query_directory_resp(&r.msg, &ob) != LM_OK || ob.len == 0 ||
                (st = lm__smb_parse_dir_entries(&ob, &list, &count, &cap)) != LM_OK) {
                st = lm_error_set(&s->err, st != LM_OK && st != LM_EPROTO ? st : LM_EPROTO, LM_RAW_NONE, 0,
                                  "malformed directory listing from %s", s->host);
                break;
            }
            if (count > SMB_LIST_MAX) {
                st = lm_error_set(&s->err, LM_EOVERFLOW, LM_RAW_NONE, 0,
                                  "%s listed more than %u entries in '%s'; list a narrower pattern", s->host,
                                  SMB_LIST_MAX, dir != NULL ? dir : "");
                break;
            }
        }
    }
    if (opened)
        lm__smb_forget(s, SMB2_CLOSE, t->tid, &id);
    free(path);
    if (st != LM_OK) {
        lm_smb_list_free(list, count);
        return st;
    }
    *out = list;
    *n = count;
    return LM_OK;
}
