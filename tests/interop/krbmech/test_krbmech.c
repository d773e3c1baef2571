/* SPNEGO with Kerberos (spnego.c over krb5_gss.c) against MIT's own GSS-API acceptor, in this process, with
 * the DC's keytab for the service: the paths a Samba server never takes (it answers in one leg without a
 * mechListMIC), driven with real tickets from the AD DC fixture (run_krbmech.sh):
 *   a server mechListMIC that verifies, and one that does not (LM_ESIGNATURE);
 *   request-mic: the client's mechListMIC, which the acceptor verifies, then accept-completed;
 *   supportedMech MS-KRB5; no AP-REP (LM_EAUTH); supportedMech NTLMSSP (LM_ENOTSUP);
 *   the session key equal to the acceptor's (MS-SMB2 3.2.5.3.1: its first 16 bytes).
 * Environment: LANMAN_KRB_SPN, LANMAN_KRB_USER (USER@REALM), LANMAN_KRB_PASSWORD, KRB5_KTNAME (the service's
 * keytab), KRB5_CONFIG. */
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include "testlib.h"
#include "core/cursor.h"
#include "smb/der.h"
#include "smb/spnego.h"

#define CAP (1u << 16)

static const char *env(const char *name)
{
    const char *v = getenv(name);

    LMT_PTR_OK(v);
    return v;
}

/* The server side: an accepted context and the AP-REP. */
struct server {
    gss_ctx_id_t ctx;
    gss_buffer_desc ap_rep;
};

/* The client's negTokenInit from step 1; its mechToken (the AP-REQ) into *req. */
static void mech_token(const struct lm__buf *init, struct lm__cursor *req)
{
    struct lm__cursor c, app, oid, choice, seq, field;
    uint8_t tag;

    lm__cur_init(&c, init->data, init->len);
    LMT_TRUE(lm__der_expect(&c, LM__DER_APP0, &app));
    LMT_TRUE(lm__der_expect(&app, LM__DER_OID, &oid));
    LMT_TRUE(lm__der_expect(&app, LM__DER_CTX(0), &choice));
    LMT_TRUE(lm__der_expect(&choice, LM__DER_SEQUENCE, &seq));
    LMT_TRUE(lm__der_get(&seq, &tag, &field));
    LMT_EQ(tag, LM__DER_CTX(0));
    LMT_MEM(field.p, lm__spnego_krb_mechlist, sizeof lm__spnego_krb_mechlist); /* Kerberos first */
    LMT_TRUE(lm__der_expect(&seq, LM__DER_CTX(2), &field));
    LMT_TRUE(lm__der_expect(&field, LM__DER_OCTET_STR, req));
}

/* A client context (a fresh ticket from the password) and its first leg, accepted by the server. */
static struct lm__auth *start(struct server *srv)
{
    lm_smb_credentials c = {
        .user = env("LANMAN_KRB_USER"), .password = env("LANMAN_KRB_PASSWORD"), .auth = LM_SMB_AUTH_KERBEROS};
    struct lm__auth *a = NULL;
    struct lm__buf out;
    struct lm__cursor req;
    gss_buffer_desc in;
    OM_uint32 major, minor, flags = 0;
    lm_error err;
    bool fallback = true;

    lm_error_clear(&err);
    if (lm__auth_new_krb(&c, env("LANMAN_KRB_SPN"), &a, &fallback, &err) != LM_OK) {
        fprintf(stderr, "lm__auth_new_krb: %s\n", err.message);
        CU_FAIL_FATAL("no Kerberos context");
    }
    LMT_TRUE(lm__auth_is_krb(a));
    lm__buf_init(&out, CAP);
    LMT_EQ(lm__auth_step(a, NULL, 0, &out, &err), LM_OK);
    mech_token(&out, &req);
    in.length = req.len;
    in.value = (void *)req.p;
    srv->ctx = GSS_C_NO_CONTEXT;
    srv->ap_rep.length = 0;
    srv->ap_rep.value = NULL;
    major = gss_accept_sec_context(&minor, &srv->ctx, GSS_C_NO_CREDENTIAL, &in, GSS_C_NO_CHANNEL_BINDINGS,
                                   NULL, NULL, &srv->ap_rep, &flags, NULL, NULL);
    lm__buf_free(&out);
    LMT_EQ(major, GSS_S_COMPLETE);
    LMT_TRUE(flags & GSS_C_MUTUAL_FLAG); /* the client asked for the AP-REP */
    LMT_TRUE(srv->ap_rep.length > 0);
    return a;
}

static void server_free(struct server *srv)
{
    OM_uint32 minor;

    gss_release_buffer(&minor, &srv->ap_rep);
    gss_delete_sec_context(&minor, &srv->ctx, GSS_C_NO_BUFFER);
}

/* The server's MIC over the client's MechTypeList. */
static void server_mic(struct server *srv, struct lm__buf *mic)
{
    gss_buffer_desc m = {sizeof lm__spnego_krb_mechlist, (void *)lm__spnego_krb_mechlist}, t;
    OM_uint32 minor;

    LMT_EQ(gss_get_mic(&minor, srv->ctx, GSS_C_QOP_DEFAULT, &m, &t), GSS_S_COMPLETE);
    lm__buf_append(mic, t.value, t.length);
    gss_release_buffer(&minor, &t);
}

/* negTokenResp { negState, supportedMech (OID contents mech, when not NULL), responseToken, mechListMIC }. */
static void server_resp(int state, const uint8_t *mech, size_t mechlen, const gss_buffer_desc *tok,
                        const struct lm__buf *mic, struct lm__buf *out)
{
    struct lm__buf body, f;
    uint8_t st = (uint8_t)state;

    lm__buf_init(&body, CAP);
    lm__buf_init(&f, CAP);
    lm__der_put(&f, LM__DER_ENUMERATED, &st, 1);
    lm__der_put(&body, LM__DER_CTX(0), f.data, f.len);
    if (mech != NULL) {
        lm__buf_reset(&f);
        lm__der_put(&f, LM__DER_OID, mech, mechlen);
        lm__der_put(&body, LM__DER_CTX(1), f.data, f.len);
    }
    if (tok != NULL) {
        lm__buf_reset(&f);
        lm__der_put(&f, LM__DER_OCTET_STR, tok->value, tok->length);
        lm__der_put(&body, LM__DER_CTX(2), f.data, f.len);
    }
    if (mic != NULL) {
        lm__buf_reset(&f);
        lm__der_put(&f, LM__DER_OCTET_STR, mic->data, mic->len);
        lm__der_put(&body, LM__DER_CTX(3), f.data, f.len);
    }
    lm__buf_reset(&f);
    lm__der_put(&f, LM__DER_SEQUENCE, body.data, body.len);
    lm__buf_reset(out);
    lm__der_put(out, LM__DER_CTX(1), f.data, f.len);
    LMT_EQ(lm__buf_status(out), LM_OK);
    lm__buf_free(&body);
    lm__buf_free(&f);
}

static const uint8_t krb5_oid[] = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02};
static const uint8_t mskrb5_oid[] = {0x2A, 0x86, 0x48, 0x82, 0xF7, 0x12, 0x01, 0x02, 0x02};
static const uint8_t ntlmssp_oid[] = {0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0A};

static lm_status step(struct lm__auth *a, const struct lm__buf *in, struct lm__buf *out, lm_error *err)
{
    lm__buf_reset(out);
    lm_error_clear(err);
    return lm__auth_step(a, in->data, in->len, out, err);
}

/* The session key the client derives is the acceptor's, cut to 16 bytes. */
static void same_key(struct lm__auth *a, struct server *srv)
{
    gss_buffer_set_t set = GSS_C_NO_BUFFER_SET;
    OM_uint32 minor;
    uint8_t key[16], want[16] = {0};

    LMT_EQ(lm__auth_session_key(a, key), LM_OK);
    LMT_EQ(gss_inquire_sec_context_by_oid(&minor, srv->ctx, GSS_C_INQ_SSPI_SESSION_KEY, &set),
           GSS_S_COMPLETE);
    LMT_TRUE(set->count >= 1 && set->elements[0].length >= 16);
    memcpy(want, set->elements[0].value, 16);
    gss_release_buffer_set(&minor, &set);
    LMT_MEM(key, want, 16);
}

static void server_mic_verifies(void)
{
    struct server srv;
    struct lm__auth *a = start(&srv);
    struct lm__buf mic, in, out;
    lm_error err;

    lm__buf_init(&mic, CAP);
    lm__buf_init(&in, CAP);
    lm__buf_init(&out, CAP);
    server_mic(&srv, &mic);
    server_resp(0, krb5_oid, sizeof krb5_oid, &srv.ap_rep, &mic, &in);
    LMT_EQ(step(a, &in, &out, &err), LM_OK);
    LMT_EQ(out.len, 0); /* nothing more to send: one leg */
    LMT_TRUE(lm__auth_done(a));
    same_key(a, &srv);
    lm__auth_free(a);
    server_free(&srv);

    /* The same with one bit of the MIC changed. */
    a = start(&srv);
    lm__buf_reset(&mic);
    server_mic(&srv, &mic);
    mic.data[mic.len - 1] ^= 0x01;
    server_resp(0, krb5_oid, sizeof krb5_oid, &srv.ap_rep, &mic, &in);
    LMT_EQ(step(a, &in, &out, &err), LM_ESIGNATURE);
    LMT_TRUE(!lm__auth_done(a));
    LMT_EQ(lm__auth_session_key(a, (uint8_t[16]){0}), LM_ENOENT);
    lm__auth_free(a);
    server_free(&srv);
    lm__buf_free(&mic);
    lm__buf_free(&in);
    lm__buf_free(&out);
}

static void request_mic(void)
{
    struct server srv;
    struct lm__auth *a = start(&srv);
    struct lm__buf in, out;
    struct lm__spnego_resp r;
    gss_buffer_desc m = {sizeof lm__spnego_krb_mechlist, (void *)lm__spnego_krb_mechlist}, t;
    OM_uint32 minor;
    lm_error err;

    lm__buf_init(&in, CAP);
    lm__buf_init(&out, CAP);
    server_resp(3, krb5_oid, sizeof krb5_oid, &srv.ap_rep, NULL, &in);
    LMT_EQ(step(a, &in, &out, &err), LM_OK);
    LMT_TRUE(!lm__auth_done(a));
    /* The client's negTokenResp: its mechListMIC and no token, verified by the acceptor. */
    LMT_EQ(lm__spnego_parse_resp(out.data, out.len, &r, &err), LM_OK);
    LMT_TRUE(r.have_mic && !r.have_token);
    t.length = r.mic.len;
    t.value = (void *)r.mic.p;
    LMT_EQ(gss_verify_mic(&minor, srv.ctx, &m, &t, NULL), GSS_S_COMPLETE);
    server_resp(0, NULL, 0, NULL, NULL, &in);
    LMT_EQ(step(a, &in, &out, &err), LM_OK);
    LMT_TRUE(lm__auth_done(a));
    same_key(a, &srv);
    lm__auth_free(a);
    server_free(&srv);
    lm__buf_free(&in);
    lm__buf_free(&out);
}

static void ms_krb5_and_failures(void)
{
    struct server srv;
    struct lm__auth *a = start(&srv);
    struct lm__buf in, out;
    lm_error err;

    lm__buf_init(&in, CAP);
    lm__buf_init(&out, CAP);
    /* MS-KRB5 is the same mechanism as Kerberos V5: accepted, no MIC needed. */
    server_resp(0, mskrb5_oid, sizeof mskrb5_oid, &srv.ap_rep, NULL, &in);
    LMT_EQ(step(a, &in, &out, &err), LM_OK);
    LMT_TRUE(lm__auth_done(a));
    same_key(a, &srv);
    lm__auth_free(a);
    server_free(&srv);

    /* accept-completed without the AP-REP: the server did not prove itself. */
    a = start(&srv);
    server_resp(0, krb5_oid, sizeof krb5_oid, NULL, NULL, &in);
    LMT_EQ(step(a, &in, &out, &err), LM_EAUTH);
    LMT_TRUE(!lm__auth_done(a));
    lm__auth_free(a);
    server_free(&srv);

    /* An empty final token is the same. */
    a = start(&srv);
    lm__buf_reset(&in);
    LMT_EQ(step(a, &in, &out, &err), LM_EAUTH);
    lm__auth_free(a);
    server_free(&srv);

    /* The server chose NTLMSSP: Kerberos only, never NTLM. */
    a = start(&srv);
    server_resp(1, ntlmssp_oid, sizeof ntlmssp_oid, NULL, NULL, &in);
    LMT_EQ(step(a, &in, &out, &err), LM_ENOTSUP);
    lm__auth_free(a);
    server_free(&srv);
    lm__buf_free(&in);
    lm__buf_free(&out);
}

static const struct lmt_test tests[] = {
    LMT_TEST(server_mic_verifies),
    LMT_TEST(request_mic),
    LMT_TEST(ms_krb5_and_failures),
    LMT_END,
};

const struct lmt_suite lmt_suite_krbmech = {"krbmech", NULL, NULL, NULL, tests};
