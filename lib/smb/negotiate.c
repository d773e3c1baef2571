/* The negotiation, in one place: what we offer in NEGOTIATE, the checks on what the server chose (MS-SMB2
 * 3.2.5.2), and FSCTL_VALIDATE_NEGOTIATE_INFO, which proves on a 3.0/3.0.2 tree that nobody changed either
 * (MS-SMB2 3.2.5.5, 3.2.5.14.12). The codec is cmd/negotiate.c. */
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "smb/conn.h"

static const uint16_t all_dialects[] = {SMB2_DIALECT_202, SMB2_DIALECT_210, SMB2_DIALECT_300,
                                        SMB2_DIALECT_302, SMB2_DIALECT_311};
static const uint16_t ciphers[] = {SMB2_CIPHER_AES128_GCM, SMB2_CIPHER_AES128_CCM};
/* GMAC first: it runs in parallel (GHASH) where CMAC is one AES block after another, several times faster on
 * a bulk transfer. */
static const uint16_t signing_algs[] = {SMB2_SIGNING_AES_GMAC, SMB2_SIGNING_AES_CMAC};
/* What the audit's smbghost probe offers: the algorithms of Windows 10 1903's SMB 3.1.1 compression. */
static const uint16_t compression_algs[] = {SMB2_COMPRESSION_LZNT1, SMB2_COMPRESSION_LZ77,
                                            SMB2_COMPRESSION_LZ77_HUFFMAN};

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

/* Fills the request with the dialects between the options' bounds, and keeps what it offers on s for the
 * validation (MS-SMB2 2.2.31.4). */
static lm_status offer(struct lm_smb *s, struct smb2_negotiate_req *req)
{
    lm_status st;

    memset(req, 0, sizeof *req);
    for (size_t i = 0; i < sizeof all_dialects / sizeof all_dialects[0]; i++) {
        if (all_dialects[i] >= s->opt.min_dialect && all_dialects[i] <= s->opt.max_dialect)
            s->offered[req->ndialects++] = all_dialects[i];
    }
    if (req->ndialects == 0)
        return lm_error_set(&s->err, LM_EINVAL, LM_RAW_NONE, 0, "no SMB2 dialect between %s and %s",
                            lm_smb_dialect_name(s->opt.min_dialect), lm_smb_dialect_name(s->opt.max_dialect));
    req->dialects = s->offered;
    req->security_mode =
        SMB2_NEGOTIATE_SIGNING_ENABLED | (s->opt.require_signing ? SMB2_NEGOTIATE_SIGNING_REQUIRED : 0);
    req->capabilities = SMB2_GLOBAL_CAP_LARGE_MTU | SMB2_GLOBAL_CAP_ENCRYPTION;
    req->ciphers = ciphers;
    req->nciphers = sizeof ciphers / sizeof ciphers[0];
    req->signing_algs = signing_algs;
    req->nsigning_algs = sizeof signing_algs / sizeof signing_algs[0];
    if (s->offer_compression) {
        req->compression_algs = compression_algs;
        req->ncompression_algs = sizeof compression_algs / sizeof compression_algs[0];
    }
    if ((st = lm__random(req->client_guid, 16)) != LM_OK || (st = lm__random(req->salt, 32)) != LM_OK ||
        (st = lm__random(s->nonce_salt, sizeof s->nonce_salt)) != LM_OK)
        return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "no random numbers: %s", lm_strerror(st));
    s->noffered = (uint16_t)req->ndialects;
    s->client_mode = req->security_mode;
    s->client_caps = req->capabilities;
    memcpy(s->client_guid, req->client_guid, 16);
    return LM_OK;
}

/* Sends the NEGOTIATE and decodes its response into *resp; *r stays valid until the next receive. */
static lm_status exchange(struct lm_smb *s, const struct smb2_negotiate_req *req, struct smb_resp *r,
                          struct smb2_negotiate_resp *resp)
{
    struct smb_chain c;
    uint64_t mid;
    lm_status st;

    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, SMB2_NEGOTIATE, 0, false, 0);
    lm__smb2_negotiate_req(&c.b, req);
    st = lm__smb_send(s, &c, true);
    lm__smb_chain_free(&c);
    if (st != LM_OK || (st = lm__smb_recv(s, mid, r)) != LM_OK)
        return st;
    if (r->h.command != SMB2_NEGOTIATE)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s answered NEGOTIATE with %s", s->host,
                            lm__smb2_cmd_name(r->h.command));
    if (r->h.status != NT_STATUS_SUCCESS)
        return lm__smb_status_error(s, r, "negotiate failed");
    if (lm__smb2_negotiate_resp(&r->msg, resp) != LM_OK)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s sent a malformed NEGOTIATE response",
                            s->host);
    return LM_OK;
}

/* The server chose among what we offered: a dialect, and on 3.1.1 a signing algorithm and a cipher. */
static lm_status check_choice(struct lm_smb *s, const struct smb2_negotiate_resp *resp)
{
    bool offered = false;

    for (size_t i = 0; i < s->noffered; i++)
        offered = offered || s->offered[i] == resp->dialect;
    if (!offered)
        return lm_error_set(&s->err, LM_ENOTSUP, LM_RAW_NONE, 0,
                            "%s chose dialect 0x%04X, which was not offered (offered %s to %s)", s->host,
                            resp->dialect, lm_smb_dialect_name(s->offered[0]),
                            lm_smb_dialect_name(s->offered[s->noffered - 1]));
    if (resp->dialect != SMB2_DIALECT_311)
        return LM_OK;
    if (resp->have_signing_ctx && resp->signing_alg != SMB2_SIGNING_AES_CMAC &&
        resp->signing_alg != SMB2_SIGNING_AES_GMAC)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s chose a signing algorithm not offered",
                            s->host);
    if (resp->cipher != 0 && resp->cipher != SMB2_CIPHER_AES128_GCM && resp->cipher != SMB2_CIPHER_AES128_CCM)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "%s chose a cipher not offered", s->host);
    return LM_OK;
}

/* Keeps what the server chose on the connection. */
static lm_status accept_choice(struct lm_smb *s, const struct smb2_negotiate_resp *resp)
{
    s->dialect = resp->dialect;
    s->server_security_mode = resp->security_mode;
    s->server_caps = resp->capabilities;
    memcpy(s->server_guid, resp->server_guid, 16);
    s->max_transact = resp->max_transact;
    s->max_read = resp->max_read;
    s->max_write = resp->max_write;
    s->server_time = resp->system_time;
    s->boot_time = resp->boot_time;
    s->compression_ctx = resp->have_compression_ctx;
    s->compression_alg = resp->compression_alg;
    if (s->dialect == SMB2_DIALECT_311)
        s->cipher = resp->cipher;
    else if (s->dialect >= SMB2_DIALECT_300 && (s->server_caps & SMB2_GLOBAL_CAP_ENCRYPTION))
        s->cipher = SMB2_CIPHER_AES128_CCM; /* 3.0 and 3.0.2 know only CCM */
    s->signing_alg = s->dialect >= SMB2_DIALECT_300 ? SMB2_SIGNING_AES_CMAC : SMB2_SIGNING_HMAC_SHA256;
    if (s->dialect == SMB2_DIALECT_311 && resp->have_signing_ctx)
        s->signing_alg = resp->signing_alg; /* MS-SMB2 3.2.5.2: no context means AES-CMAC */
    if (resp->security_len > 0) {
        s->neg_token = malloc(resp->security_len);
        if (s->neg_token == NULL)
            return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
        memcpy(s->neg_token, resp->security_buffer, resp->security_len);
        s->neg_token_len = resp->security_len;
    }
    return LM_OK;
}

lm_status lm__smb_negotiate(struct lm_smb *s)
{
    struct smb2_negotiate_req req;
    struct smb2_negotiate_resp resp;
    struct smb_resp r;
    lm_status st;

    if ((st = offer(s, &req)) != LM_OK || (st = exchange(s, &req, &r, &resp)) != LM_OK ||
        (st = check_choice(s, &resp)) != LM_OK)
        return st;
    if (resp.dialect == SMB2_DIALECT_311 && (st = lm__smb_preauth_update(s, r.msg.p, r.msg.len)) != LM_OK)
        return lm_error_set(&s->err, st, LM_RAW_NONE, 0, "preauth hash failed");
    memcpy(s->conn_preauth, s->preauth, sizeof s->conn_preauth);
    return accept_choice(s, &resp);
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

/* Sends FSCTL_VALIDATE_NEGOTIATE_INFO with what we offered (MS-SMB2 2.2.31.4) and receives its response. */
static lm_status validate_exchange(struct lm_smb *s, const struct lm_smb_tree *t, struct smb_resp *r)
{
    static const struct smb2_fileid none = {UINT64_MAX, UINT64_MAX};
    struct smb2_vni want = {0};
    struct smb_chain c;
    struct lm__buf in;
    uint64_t mid;
    lm_status st;

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
        st = lm__smb_recv(s, mid, r);
    return st;
}

bool lm__smb_tree_validates(const struct lm_smb *s)
{
    /* MS-SMB2 3.2.5.5: 3.0 and 3.0.2 only (3.1.1 has the preauth hash; 2.x has neither), on a signed
     * session. */
    return (s->dialect == SMB2_DIALECT_300 || s->dialect == SMB2_DIALECT_302) && s->signing_on;
}

lm_status lm__smb_tree_validate(struct lm_smb *s, const struct lm_smb_tree *t)
{
    struct smb2_vni got;
    struct lm__cursor out;
    struct smb_resp r;
    lm_status st;

    if (!lm__smb_tree_validates(s))
        return LM_OK;
    st = validate_exchange(s, t, &r);
    if (st == LM_ETIMEDOUT)
        return st;
    if (st == LM_ESIGNATURE)
        return tampered(s, "its validation came back unsigned or with a bad signature");
    if (st != LM_OK)
        return tampered(s, "the server ended the connection when asked to validate it");
    lm__smb_trace(s, "validate negotiate: status 0x%08X", (unsigned)r.h.status);
    /* MS-SMB2 3.2.5.14.12: a signed "not supported" is a server without the FSCTL (older Windows, NetApp), as
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
