/* SPNEGO client (RFC 4178, MS-SPNG) for NTLMSSP and Kerberos (krb5.h). Portable: Kerberos itself is the
 * platform library's, behind krb5.h; only the framing is here. */
#include <stdlib.h>
#include <string.h>

#include "core/cursor.h"
#include "smb/der.h"
#include "smb/krb5.h"
#include "smb/ntlmssp.h"
#include "smb/spnego.h"

#define TOKEN_CAP (256u * 1024u)

/* 1.3.6.1.5.5.2 (RFC 4178 4.1) and 1.3.6.1.4.1.311.2.2.10 (MS-NLMP 1.9), DER contents only. */
static const uint8_t spnego_oid[] = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x02};
static const uint8_t ntlmssp_oid[] = {0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0A};
/* Kerberos V5 1.2.840.113554.1.2.2 (RFC 4121 1.1) and MS-KRB5 1.2.840.48018.1.2.2 (MS-KILE 3.1.5.11,
 * the same mechanism under the OID older Windows used). */
static const uint8_t krb5_oid[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02};
static const uint8_t mskrb5_oid[] = {0x2A, 0x86, 0x48, 0x82, 0xF7, 0x12, 0x01, 0x02, 0x02};

const uint8_t lm__spnego_mechlist[14] = {
    LM__DER_SEQUENCE, 12, LM__DER_OID, 10, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0A};

const uint8_t lm__spnego_krb_mechlist[36] = {
    LM__DER_SEQUENCE, 34,                                                              /* MechTypeList */
    LM__DER_OID,      9,  0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02,        /* Kerberos V5 */
    LM__DER_OID,      9,  0x2A, 0x86, 0x48, 0x82, 0xF7, 0x12, 0x01, 0x02, 0x02,        /* MS-KRB5 */
    LM__DER_OID,      10, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0A}; /* NTLMSSP */

/* RFC 4178 4.2.2 negState */
enum { ACCEPT_COMPLETED = 0, ACCEPT_INCOMPLETE = 1, REJECT = 2, REQUEST_MIC = 3, NO_STATE = -1 };

enum { START, SENT_INIT, SENT_AUTH, FINISHED, FAILED };

struct lm__auth {
    struct lm__ntlm *ntlm; /* one of the two mechanisms */
    struct lm__krb *krb;
    struct lm__buf ap_req; /* Kerberos: the first token, made by lm__auth_new_krb */
    bool mic_checked;      /* Kerberos: the server's mechListMIC verified */
    int state;
};

static bool oid_is(const struct lm__cursor *v, const uint8_t *oid, size_t n)
{
    return v->len == n && memcmp(v->p, oid, n) == 0;
}

static size_t tlv_len(size_t n)
{
    return lm__der_header_len(n) + n;
}

lm_status lm__auth_new(const lm_smb_credentials *c, const char *workstation, struct lm__auth **out)
{
    struct lm__auth *a = calloc(1, sizeof *a);
    lm_status st;

    if (a == NULL)
        return LM_ENOMEM;
    lm__buf_init(&a->ap_req, TOKEN_CAP);
    st = lm__ntlm_new(c, workstation, &a->ntlm);
    if (st != LM_OK) {
        free(a);
        return st;
    }
    *out = a;
    return LM_OK;
}

lm_status lm__auth_new_krb(const lm_smb_credentials *c, const char *spn, struct lm__auth **out,
                           bool *fallback, lm_error *err)
{
    struct lm__auth *a = calloc(1, sizeof *a);
    bool done = false;
    lm_status st;

    if (fallback != NULL)
        *fallback = false;
    if (a == NULL)
        return lm__auth_error(err, LM_ENOMEM, "out of memory");
    lm__buf_init(&a->ap_req, TOKEN_CAP);
    st = lm__krb_new(c, spn, &a->krb, fallback, err);
    /* The AP-REQ now, so that every failure (no ticket, no such SPN, no KDC) comes before a packet. */
    if (st == LM_OK && (st = lm__krb_step(a->krb, NULL, 0, &a->ap_req, &done, fallback, err)) == LM_OK &&
        (a->ap_req.len == 0 || done))
        st = lm__auth_error(err, LM_EPROTO, "Kerberos: the library made no AP-REQ");
    if (st != LM_OK) {
        lm__auth_free(a);
        return st;
    }
    *out = a;
    return LM_OK;
}

void lm__auth_free(struct lm__auth *a)
{
    if (a == NULL)
        return;
    lm__ntlm_free(a->ntlm);
    lm__krb_free(a->krb);
    lm__buf_free(&a->ap_req);
    free(a);
}

bool lm__auth_is_krb(const struct lm__auth *a)
{
    return a->krb != NULL;
}

bool lm__auth_done(const struct lm__auth *a)
{
    if (a->krb != NULL)
        return a->state == FINISHED;
    return a->state == SENT_AUTH || a->state == FINISHED;
}

lm_status lm__auth_session_key(const struct lm__auth *a, uint8_t key[16])
{
    if (a->krb != NULL)
        return a->state == FINISHED ? lm__krb_session_key(a->krb, key) : LM_ENOENT;
    if (a->state != SENT_AUTH && a->state != FINISHED)
        return LM_ENOENT;
    return lm__ntlm_session_key(a->ntlm, key);
}

struct lm__ntlm *lm__auth_ntlm(struct lm__auth *a)
{
    return a->ntlm;
}

static unsigned mech_of(const struct lm__cursor *oid)
{
    if (oid_is(oid, ntlmssp_oid, sizeof ntlmssp_oid))
        return LM__SPNEGO_NTLMSSP;
    if (oid_is(oid, krb5_oid, sizeof krb5_oid))
        return LM__SPNEGO_KRB5;
    if (oid_is(oid, mskrb5_oid, sizeof mskrb5_oid))
        return LM__SPNEGO_MSKRB5;
    return LM__SPNEGO_OTHER;
}

/* The server's negTokenInit2 (MS-SPNG 2.2.1): InitialContextToken { SPNEGO OID, [0] NegTokenInit2 }. Only
 * mechTypes matters to us; the other fields (reqFlags, mechToken, negHints, mechListMIC) are skipped. */
lm_status lm__spnego_parse_init(const uint8_t *in, size_t inlen, unsigned *mechs, lm_error *err)
{
    struct lm__cursor c, app, oid, choice, seq, list;
    bool have_list = false;
    unsigned offered = 0;

    lm__cur_init(&c, in, inlen);
    if (!lm__der_expect(&c, LM__DER_APP0, &app) || lm__cur_remaining(&c) != 0 ||
        !lm__der_expect(&app, LM__DER_OID, &oid) || !oid_is(&oid, spnego_oid, sizeof spnego_oid) ||
        !lm__der_expect(&app, LM__DER_CTX(0), &choice) || lm__cur_remaining(&app) != 0 ||
        !lm__der_expect(&choice, LM__DER_SEQUENCE, &seq) || lm__cur_remaining(&choice) != 0)
        return lm__auth_error(err, LM_EPROTO, "SPNEGO: the server's token is not a negTokenInit");
    while (lm__cur_remaining(&seq) > 0) {
        struct lm__cursor field;
        uint8_t tag;

        if (!lm__der_get(&seq, &tag, &field))
            break;
        if (tag != LM__DER_CTX(0))
            continue;
        if (have_list || !lm__der_expect(&field, LM__DER_SEQUENCE, &list) || lm__cur_remaining(&field) != 0) {
            seq.err = true;
            break;
        }
        have_list = true;
        while (lm__cur_remaining(&list) > 0 && lm__der_expect(&list, LM__DER_OID, &oid))
            offered |= mech_of(&oid);
        if (lm__cur_status(&list) != LM_OK)
            seq.err = true;
    }
    if (lm__cur_status(&seq) != LM_OK || !have_list)
        return lm__auth_error(err, LM_EPROTO, "SPNEGO: malformed negTokenInit from the server");
    *mechs = offered;
    return LM_OK;
}

/* negTokenResp (RFC 4178 4.2.2): [1] SEQUENCE { [0] negState, [1] supportedMech, [2] responseToken,
 * [3] mechListMIC }, every field optional. */
lm_status lm__spnego_parse_resp(const uint8_t *in, size_t inlen, struct lm__spnego_resp *r, lm_error *err)
{
    struct lm__cursor c, choice, seq;
    int last = -1;

    memset(r, 0, sizeof *r);
    r->state = NO_STATE;
    lm__cur_init(&c, in, inlen);
    if (!lm__der_expect(&c, LM__DER_CTX(1), &choice) || lm__cur_remaining(&c) != 0 ||
        !lm__der_expect(&choice, LM__DER_SEQUENCE, &seq) || lm__cur_remaining(&choice) != 0)
        return lm__auth_error(err, LM_EPROTO, "SPNEGO: the server's token is not a negTokenResp");
    while (lm__cur_remaining(&seq) > 0) {
        struct lm__cursor field, v;
        uint8_t tag;
        bool ok;

        if (!lm__der_get(&seq, &tag, &field))
            break;
        /* Each field at most once, in order. */
        if (tag < LM__DER_CTX(0) || tag > LM__DER_CTX(3) || (int)(tag - LM__DER_CTX(0)) <= last) {
            seq.err = true;
            break;
        }
        last = tag - LM__DER_CTX(0);
        switch (tag) {
        case LM__DER_CTX(0):
            ok = lm__der_expect(&field, LM__DER_ENUMERATED, &v) && v.len == 1;
            r->state = lm__cur_u8(&v);
            ok = ok && r->state <= REQUEST_MIC;
            break;
        case LM__DER_CTX(1):
            ok = lm__der_expect(&field, LM__DER_OID, &v);
            r->mech = ok ? mech_of(&v) : 0;
            break;
        case LM__DER_CTX(2):
            ok = r->have_token = lm__der_expect(&field, LM__DER_OCTET_STR, &r->token);
            break;
        default:
            ok = r->have_mic = lm__der_expect(&field, LM__DER_OCTET_STR, &r->mic);
            break;
        }
        if (!ok || lm__cur_remaining(&field) != 0) {
            seq.err = true;
            break;
        }
    }
    if (lm__cur_status(&seq) != LM_OK)
        return lm__auth_error(err, LM_EPROTO, "SPNEGO: malformed negTokenResp from the server");
    if (r->state == REJECT)
        return lm__auth_error(err, LM_EAUTH, "SPNEGO: the server rejected the authentication");
    return LM_OK;
}

/* RFC 4178 4.2.1: InitialContextToken { SPNEGO OID, [0] SEQUENCE { [0] mechTypes, [2] mechToken } }. */
void lm__spnego_write_init(const uint8_t *mechlist, size_t mlen, const uint8_t *tok, size_t n,
                           struct lm__buf *out)
{
    size_t a0 = tlv_len(mlen), a2 = tlv_len(tlv_len(n)), seq = tlv_len(a0 + a2);
    size_t body = tlv_len(sizeof spnego_oid) + tlv_len(seq);

    lm__der_put_header(out, LM__DER_APP0, body);
    lm__der_put(out, LM__DER_OID, spnego_oid, sizeof spnego_oid);
    lm__der_put_header(out, LM__DER_CTX(0), seq);
    lm__der_put_header(out, LM__DER_SEQUENCE, a0 + a2);
    lm__der_put(out, LM__DER_CTX(0), mechlist, mlen);
    lm__der_put_header(out, LM__DER_CTX(2), tlv_len(n));
    lm__der_put(out, LM__DER_OCTET_STR, tok, n);
}

/* negTokenResp { [2] responseToken (when tok != NULL), [3] mechListMIC (when mic != NULL) }; a client sends
 * no negState. */
void lm__spnego_write_resp(const uint8_t *tok, size_t n, const uint8_t *mic, size_t micn, struct lm__buf *out)
{
    size_t a2 = tok != NULL ? tlv_len(tlv_len(n)) : 0, a3 = mic != NULL ? tlv_len(tlv_len(micn)) : 0;

    lm__der_put_header(out, LM__DER_CTX(1), tlv_len(a2 + a3));
    lm__der_put_header(out, LM__DER_SEQUENCE, a2 + a3);
    if (tok != NULL) {
        lm__der_put_header(out, LM__DER_CTX(2), tlv_len(n));
        lm__der_put(out, LM__DER_OCTET_STR, tok, n);
    }
    if (mic != NULL) {
        lm__der_put_header(out, LM__DER_CTX(3), tlv_len(micn));
        lm__der_put(out, LM__DER_OCTET_STR, mic, micn);
    }
}

static lm_status step_init(struct lm__auth *a, const uint8_t *in, size_t inlen, struct lm__buf *out,
                           lm_error *err)
{
    struct lm__buf tok;
    unsigned mechs = LM__SPNEGO_NTLMSSP;
    lm_status st = LM_OK;

    if (inlen > 0)
        st = lm__spnego_parse_init(in, inlen, &mechs, err);
    if (st == LM_OK && !(mechs & LM__SPNEGO_NTLMSSP))
        st = lm__auth_error(err, LM_ENOTSUP, "SPNEGO: the server does not offer NTLMSSP");
    lm__buf_init(&tok, TOKEN_CAP);
    if (st == LM_OK)
        st = lm__ntlm_negotiate(a->ntlm, &tok);
    if (st == LM_OK) {
        lm__spnego_write_init(lm__spnego_mechlist, sizeof lm__spnego_mechlist, tok.data, tok.len, out);
        st = lm__buf_status(out);
    }
    lm__buf_free(&tok);
    return st;
}

static lm_status step_auth(struct lm__auth *a, const uint8_t *in, size_t inlen, struct lm__buf *out,
                           lm_error *err)
{
    struct lm__spnego_resp r;
    struct lm__buf tok;
    uint8_t mic[LM__NTLMSSP_SIG_LEN];
    bool with_mic = !lm__ntlm_anonymous(a->ntlm);
    lm_status st = lm__spnego_parse_resp(in, inlen, &r, err);

    if (st != LM_OK)
        return st;
    if (r.mech != 0 && r.mech != LM__SPNEGO_NTLMSSP)
        return lm__auth_error(err, LM_ENOTSUP, "SPNEGO: the server chose a mechanism other than NTLMSSP");
    if ((r.state != ACCEPT_INCOMPLETE && r.state != NO_STATE) || !r.have_token)
        return lm__auth_error(err, LM_EPROTO, "SPNEGO: expected accept-incomplete with an NTLMSSP CHALLENGE");
    lm__buf_init(&tok, TOKEN_CAP);
    st = lm__ntlm_authenticate(a->ntlm, r.token.p, r.token.len, &tok, err);
    /* MS-SPNG 3.2.5.1, RFC 4178 5: the MIC over the DER MechTypeList we sent, with the first client
     * sequence number. Anonymous has no key to sign with. */
    if (st == LM_OK && with_mic)
        st = lm__ntlm_sign(a->ntlm, lm__spnego_mechlist, sizeof lm__spnego_mechlist, mic);
    if (st == LM_OK) {
        lm__spnego_write_resp(tok.data, tok.len, with_mic ? mic : NULL, sizeof mic, out);
        st = lm__buf_status(out);
    }
    lm__buf_free(&tok);
    return st;
}

static lm_status step_final(struct lm__auth *a, const uint8_t *in, size_t inlen, lm_error *err)
{
    struct lm__spnego_resp r;
    lm_status st;

    if (inlen == 0)
        return LM_OK;
    st = lm__spnego_parse_resp(in, inlen, &r, err);
    if (st != LM_OK)
        return st;
    if (r.mech != 0 && r.mech != LM__SPNEGO_NTLMSSP)
        return lm__auth_error(err, LM_ENOTSUP, "SPNEGO: the server chose a mechanism other than NTLMSSP");
    if (r.state != ACCEPT_COMPLETED)
        return lm__auth_error(err, LM_EPROTO, "SPNEGO: expected accept-completed from the server");
    if (r.have_mic) {
        if (r.mic.len != LM__NTLMSSP_SIG_LEN || lm__ntlm_anonymous(a->ntlm) ||
            lm__ntlm_verify(a->ntlm, lm__spnego_mechlist, sizeof lm__spnego_mechlist, r.mic.p) != LM_OK)
            return lm__auth_error(err, LM_ESIGNATURE, "SPNEGO: the server's mechListMIC does not verify");
    }
    return LM_OK;
}

/* Kerberos, leg 1: the negTokenInit around the AP-REQ that lm__auth_new_krb made, offering Kerberos V5 and
 * MS-KRB5 first and NTLMSSP second (as Windows does). One leg is enough: the reply carries the AP-REP. */
static lm_status krb_init(struct lm__auth *a, const uint8_t *in, size_t inlen, struct lm__buf *out,
                          lm_error *err)
{
    unsigned mechs = LM__SPNEGO_KRB5;
    lm_status st;

    if (inlen > 0 && (st = lm__spnego_parse_init(in, inlen, &mechs, err)) != LM_OK)
        return st;
    if (!(mechs & (LM__SPNEGO_KRB5 | LM__SPNEGO_MSKRB5)))
        return lm__auth_error(err, LM_ENOTSUP, "SPNEGO: the server does not offer Kerberos");
    lm__spnego_write_init(lm__spnego_krb_mechlist, sizeof lm__spnego_krb_mechlist, a->ap_req.data,
                          a->ap_req.len, out);
    return lm__buf_status(out);
}

/* Kerberos, the server's replies: its AP-REP establishes the context (the server authenticated); a
 * mechListMIC it sends is verified over the MechTypeList we sent; ours goes back when it asks for one
 * (request-mic, or accept-incomplete once the context is established; RFC 4178 5). MS-KRB5 is the same
 * mechanism under another OID, so a server choosing it is choosing our first. */
static lm_status krb_reply(struct lm__auth *a, const uint8_t *in, size_t inlen, struct lm__buf *out,
                           int *next, lm_error *err)
{
    struct lm__spnego_resp r;
    struct lm__buf tok;
    bool done = a->state == SENT_AUTH;
    lm_status st;

    *next = FINISHED;
    if (inlen == 0)
        return done
                   ? LM_OK
                   : lm__auth_error(err, LM_EAUTH,
                                    "Kerberos: the server sent no AP-REP, so it did not authenticate itself");
    if ((st = lm__spnego_parse_resp(in, inlen, &r, err)) != LM_OK)
        return st;
    if (r.mech != 0 && r.mech != LM__SPNEGO_KRB5 && r.mech != LM__SPNEGO_MSKRB5)
        return lm__auth_error(err, LM_ENOTSUP, "SPNEGO: the server chose a mechanism other than Kerberos");
    lm__buf_init(&tok, TOKEN_CAP);
    if (r.have_token && done)
        st = lm__auth_error(err, LM_EPROTO, "SPNEGO: a Kerberos token after the context was established");
    else if (r.have_token)
        st = lm__krb_step(a->krb, r.token.p, r.token.len, &tok, &done, NULL, err);
    if (st == LM_OK && !done) {
        /* Another leg of the mechanism's own (none for Kerberos as servers run it, but allowed). */
        if (r.state == ACCEPT_COMPLETED || tok.len == 0)
            st = lm__auth_error(err, LM_EAUTH, "Kerberos: the server did not authenticate itself");
        else
            lm__spnego_write_resp(tok.data, tok.len, NULL, 0, out);
        *next = SENT_INIT;
    } else if (st == LM_OK) {
        if (r.have_mic && lm__krb_verify_mic(a->krb, lm__spnego_krb_mechlist, sizeof lm__spnego_krb_mechlist,
                                             r.mic.p, r.mic.len) != LM_OK)
            st = lm__auth_error(err, LM_ESIGNATURE, "SPNEGO: the server's mechListMIC does not verify");
        else if (r.state == REQUEST_MIC || r.state == ACCEPT_INCOMPLETE) {
            lm__buf_reset(&tok);
            if (a->state == SENT_AUTH)
                st = lm__auth_error(err, LM_EPROTO, "SPNEGO: expected accept-completed from the server");
            else if ((st = lm__krb_get_mic(a->krb, lm__spnego_krb_mechlist, sizeof lm__spnego_krb_mechlist,
                                           &tok)) == LM_OK)
                lm__spnego_write_resp(NULL, 0, tok.data, tok.len, out);
            *next = SENT_AUTH;
        }
    }
    lm__buf_free(&tok);
    return st == LM_OK ? lm__buf_status(out) : st;
}

lm_status lm__auth_step(struct lm__auth *a, const uint8_t *in, size_t inlen, struct lm__buf *out,
                        lm_error *err)
{
    lm_status st;
    int next = a->state + 1;

    if (in == NULL)
        inlen = 0;
    if (a->krb != NULL && (a->state == START || a->state == SENT_INIT || a->state == SENT_AUTH)) {
        if (a->state == START)
            st = krb_init(a, in, inlen, out, err);
        else
            st = krb_reply(a, in, inlen, out, &next, err);
    } else
        switch (a->state) {
        case START:
            st = step_init(a, in, inlen, out, err);
            break;
        case SENT_INIT:
            st = step_auth(a, in, inlen, out, err);
            break;
        case SENT_AUTH:
            st = step_final(a, in, inlen, err);
            break;
        default:
            return lm__auth_error(err, LM_ESTATE, "SPNEGO: the authentication exchange is over");
        }
    if (st != LM_OK && err != NULL && err->status != st)
        lm__auth_error(err, st, "SPNEGO: cannot build the security token");
    a->state = st != LM_OK ? FAILED : next;
    return st;
}
