/* Kerberos for krb5.h through MIT's GSS-API (RFC 2743, RFC 4121) and, for tickets from a password or a
 * keytab, its krb5 library, both loaded on first use (krb5api.h). POSIX; krb5_sspi.c is the Windows twin. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "smb/krb5.h"
#include "smb/krb5api.h"

/* GSS_C_MUTUAL_FLAG: the AP-REP proves the server; GSS_C_INTEG_FLAG: the mechListMIC. */
#define REQ_FLAGS (GSS_C_MUTUAL_FLAG | GSS_C_INTEG_FLAG)

struct lm__krb {
    krb5_context kctx; /* with a private cache only */
    krb5_ccache cc;    /* the private MEMORY: cache, or NULL for the default one */
    gss_cred_id_t cred;
    gss_name_t target;
    gss_ctx_id_t ctx;
    bool done;
    char who[512]; /* the principal, for messages */
    char spn[512];
};

static gss_OID_set_desc krb5_set(void)
{
    gss_OID_set_desc s = {1, gss_mech_krb5};
    return s;
}

/* The GSS or krb5 library's own words for a failure, for the cases without a message of ours. */
static void gss_text(OM_uint32 major, OM_uint32 minor, char *buf, size_t n)
{
    OM_uint32 min2, ctx = 0;
    gss_buffer_desc msg = GSS_C_EMPTY_BUFFER;
    bool use_minor = minor != 0;

    buf[0] = '\0';
    if (major == 0 && minor != 0) {
        /* A krb5 code of our own call (a password or keytab ticket): GSS-API does not know it. */
        const char *m = krb5_get_error_message(NULL, (krb5_error_code)minor);
        if (m != NULL) {
            snprintf(buf, n, "%s", m);
            krb5_free_error_message(NULL, m);
        }
    } else if (gss_display_status(&min2, use_minor ? minor : major,
                                  use_minor ? GSS_C_MECH_CODE : GSS_C_GSS_CODE, gss_mech_krb5, &ctx,
                                  &msg) == GSS_S_COMPLETE) {
        snprintf(buf, n, "%.*s", (int)msg.length, (const char *)msg.value);
    }
    gss_release_buffer(&min2, &msg);
    if (buf[0] == '\0')
        snprintf(buf, n, "GSS-API major 0x%08x, minor %u", (unsigned)major, (unsigned)minor);
}

/* The one translator from krb5/GSS codes to krb5.h's reasons. */
static lm_status krb_fail(lm_error *err, OM_uint32 major, krb5_error_code code, const char *who,
                          const char *spn, bool *fallback)
{
    enum lm__krb_why why = LM__KRB_OTHER;
    char text[256];

    gss_text(major, (OM_uint32)code, text, sizeof text);
    switch (code) {
    case KRB5_FCC_NOFILE:
    case KRB5_CC_NOTFOUND:
    case KRB5_CC_NOSUPP:
        why = LM__KRB_NO_TICKET;
        break;
    case KRB5KRB_AP_ERR_SKEW:
        why = LM__KRB_SKEW;
        break;
    case KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN:
        why = LM__KRB_NO_SPN;
        break;
    case KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN:
        why = LM__KRB_NO_USER;
        break;
    case KRB5_KDC_UNREACH:
        why = LM__KRB_NO_KDC;
        break;
    case KRB5_REALM_UNKNOWN:
    case KRB5_REALM_CANT_RESOLVE:
        why = LM__KRB_NO_REALM;
        break;
    case KRB5KRB_AP_ERR_TKT_EXPIRED:
        why = LM__KRB_EXPIRED;
        break;
    case KRB5KDC_ERR_PREAUTH_FAILED:
    case KRB5KRB_AP_ERR_BAD_INTEGRITY:
        why = LM__KRB_BAD_PASSWORD;
        break;
    case KRB5KDC_ERR_KEY_EXP:
        why = LM__KRB_PASSWORD_EXPIRED;
        break;
    case KRB5KDC_ERR_CLIENT_REVOKED:
        why = LM__KRB_REVOKED;
        break;
    case KRB5_KT_NOTFOUND:
        why = LM__KRB_NO_KEY;
        break;
    case KRB5KDC_ERR_ETYPE_NOSUPP:
        why = LM__KRB_NO_ETYPE;
        break;
    default:
        if (GSS_ROUTINE_ERROR(major) == GSS_S_NO_CRED)
            why = LM__KRB_NO_TICKET;
        else if (GSS_ROUTINE_ERROR(major) == GSS_S_CREDENTIALS_EXPIRED)
            why = LM__KRB_EXPIRED;
        break;
    }
    return lm__krb_fail(err, why, who, spn, text, fallback);
}

/* The libraries, loaded on the first call that needs them: a failure is krb5.h's "no Kerberos here", which
 * LM_SMB_AUTH_AUTO takes for NTLM, as it does a missing ticket. */
static lm_status load(lm_error *err, bool *fallback)
{
    char why[256], detail[320];

    if (lm__krb5_load(why, sizeof why))
        return LM_OK;
    snprintf(detail, sizeof detail, "cannot load MIT Kerberos: %s; install libgssapi-krb5-2", why);
    return lm__krb_fail(err, LM__KRB_NO_PACKAGE, "", "", detail, fallback);
}

bool lm__krb_available(const lm_smb_credentials *c)
{
    char who[512];
    OM_uint32 minor, lifetime = 0;
    gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
    gss_OID_set_desc set;
    bool ok;

    if (c != NULL && c->user != NULL && c->user[0] != '\0')
        return lm__krb_principal(c, who, sizeof who) && ((c->password != NULL && c->password[0] != '\0') ||
                                                         (c->keytab != NULL && c->keytab[0] != '\0'));
    if (load(NULL, NULL) != LM_OK)
        return false;
    set = krb5_set();
    ok = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &set, GSS_C_INITIATE, &cred, NULL,
                          &lifetime) == GSS_S_COMPLETE &&
         lifetime > 0;
    gss_release_cred(&minor, &cred);
    return ok;
}

/* A ticket for who from the password or the keytab, into a private MEMORY: cache that lm__krb_free
 * destroys, then a GSS credential over it. */
static lm_status private_cred(struct lm__krb *k, const lm_smb_credentials *c, bool *fallback, lm_error *err)
{
    krb5_principal princ = NULL;
    krb5_keytab kt = NULL;
    krb5_creds creds;
    krb5_error_code code;
    OM_uint32 major = 0, minor; /* 0 while code is krb5's own */
    bool have = false;

    memset(&creds, 0, sizeof creds);
    if ((code = krb5_init_context(&k->kctx)) != 0) {
        k->kctx = NULL;
        return krb_fail(err, 0, code, k->who, k->spn, fallback);
    }
    code = krb5_parse_name(k->kctx, k->who, &princ);
    if (code == 0 && c->password != NULL && c->password[0] != '\0') {
        /* The password is only read here; krb5 keeps no copy past the call. */
        code = krb5_get_init_creds_password(k->kctx, &creds, princ, c->password, NULL, NULL, 0, NULL, NULL);
        have = code == 0;
    } else if (code == 0) {
        if ((code = krb5_kt_resolve(k->kctx, c->keytab, &kt)) == 0)
            code = krb5_get_init_creds_keytab(k->kctx, &creds, princ, kt, 0, NULL, NULL);
        have = code == 0;
    }
    if (code == 0)
        code = krb5_cc_new_unique(k->kctx, "MEMORY", NULL, &k->cc);
    if (code == 0 && (code = krb5_cc_initialize(k->kctx, k->cc, princ)) == 0)
        code = krb5_cc_store_cred(k->kctx, k->cc, &creds);
    if (code == 0 && (major = gss_krb5_import_cred(&minor, k->cc, NULL, NULL, &k->cred)) != GSS_S_COMPLETE)
        code = (krb5_error_code)minor;
    if (have)
        krb5_free_cred_contents(k->kctx, &creds);
    if (kt != NULL)
        krb5_kt_close(k->kctx, kt);
    krb5_free_principal(k->kctx, princ);
    return code != 0 ? krb_fail(err, major, code, k->who, k->spn, fallback) : LM_OK;
}

lm_status lm_smb_keytab_check(const lm_smb_credentials *c, lm_error *err)
{
    krb5_context kctx = NULL;
    krb5_principal princ = NULL;
    krb5_keytab kt = NULL;
    krb5_keytab_entry entry;
    krb5_error_code code;
    char who[512];
    lm_status st = LM_OK;

    if (c == NULL || c->keytab == NULL || c->keytab[0] == '\0' || !lm__krb_principal(c, who, sizeof who))
        return lm__fail(err, LM_EINVAL, "a keytab needs a user with a realm (USER@REALM or REALM\\USER)");
    if ((st = load(err, NULL)) != LM_OK)
        return st;
    if ((code = krb5_init_context(&kctx)) != 0)
        return lm__fail(err, LM_ENOTSUP, "cannot start Kerberos (error %ld)", (long)code);
    if ((code = krb5_parse_name(kctx, who, &princ)) != 0)
        st = lm__fail(err, LM_EINVAL, "'%s' is not a Kerberos principal", who);
    else if ((code = krb5_kt_resolve(kctx, c->keytab, &kt)) != 0)
        st = lm__fail(err, LM_EINVAL, "'%s' is not a keytab name", c->keytab);
    /* Any key version and type: krb5_get_init_creds_keytab picks among them at logon. */
    else if ((code = krb5_kt_get_entry(kctx, kt, princ, 0, 0, &entry)) == 0)
        krb5_free_keytab_entry_contents(kctx, &entry);
    else if (code == ENOENT)
        st = lm__fail(err, LM_ENOENT, "cannot read the keytab '%s': no such file", c->keytab);
    else if (code == EACCES || code == EPERM)
        st = lm__fail(err, LM_EACCES, "cannot read the keytab '%s': permission denied", c->keytab);
    else if (code == KRB5_KT_NOTFOUND)
        st = lm__fail(err, LM_EAUTH, "the keytab '%s' holds no key for %s", c->keytab, who);
    else {
        const char *m = krb5_get_error_message(kctx, code);
        st = lm__fail(err, LM_EAUTH, "cannot read the keytab '%s': %s", c->keytab, m);
        krb5_free_error_message(kctx, m);
    }
    if (kt != NULL)
        krb5_kt_close(kctx, kt);
    krb5_free_principal(kctx, princ);
    krb5_free_context(kctx);
    return st;
}

/* The target: "cifs/host" is the host-based service cifs@host (canonicalised as the library does); a name
 * with a realm or without a '/' is taken as a Kerberos principal name. */
static lm_status import_target(struct lm__krb *k, lm_error *err)
{
    char name[sizeof k->spn];
    gss_buffer_desc b;
    gss_OID type = GSS_C_NT_HOSTBASED_SERVICE;
    char *slash;
    OM_uint32 major, minor;

    snprintf(name, sizeof name, "%s", k->spn);
    slash = strchr(name, '/');
    if (slash != NULL && strchr(name, '@') == NULL && strchr(slash + 1, '/') == NULL)
        *slash = '@';
    else
        type = GSS_KRB5_NT_PRINCIPAL_NAME;
    b.value = name;
    b.length = strlen(name);
    major = gss_import_name(&minor, &b, type, &k->target);
    if (major != GSS_S_COMPLETE)
        return lm__fail(err, LM_EINVAL, "'%s' is not a Kerberos service name (SPN): give --spn cifs/HOST",
                        k->spn);
    return LM_OK;
}

lm_status lm__krb_new(const lm_smb_credentials *c, const char *spn, struct lm__krb **out, bool *fallback,
                      lm_error *err)
{
    struct lm__krb *k;
    gss_OID_set_desc set;
    OM_uint32 major, minor, lifetime = 0;
    lm_status st;

    if (fallback != NULL)
        *fallback = false;
    if ((st = load(err, fallback)) != LM_OK)
        return st;
    set = krb5_set();
    if ((k = calloc(1, sizeof *k)) == NULL)
        return lm__fail(err, LM_ENOMEM, "out of memory");
    k->cred = GSS_C_NO_CREDENTIAL;
    k->target = GSS_C_NO_NAME;
    k->ctx = GSS_C_NO_CONTEXT;
    snprintf(k->spn, sizeof k->spn, "%s", spn);
    if ((st = import_target(k, err)) != LM_OK)
        goto fail;
    if (c != NULL && c->user != NULL && c->user[0] != '\0') {
        if (!lm__krb_principal(c, k->who, sizeof k->who)) {
            st = lm__fail(err, LM_EINVAL,
                          "Kerberos needs the realm of '%s': give -U USER@REALM or -U REALM\\USER", c->user);
            goto fail;
        }
        if ((c->password == NULL || c->password[0] == '\0') && (c->keytab == NULL || c->keytab[0] == '\0')) {
            st = lm__fail(err, LM_EAUTH, "no password or keytab for '%s'", k->who);
            goto fail;
        }
        if ((st = private_cred(k, c, fallback, err)) != LM_OK)
            goto fail;
    } else {
        snprintf(k->who, sizeof k->who, "the credential cache");
        major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE, &set, GSS_C_INITIATE, &k->cred,
                                 NULL, &lifetime);
        if (major != GSS_S_COMPLETE) {
            st = krb_fail(err, major, (krb5_error_code)minor, k->who, k->spn, fallback);
            goto fail;
        }
        if (lifetime == 0) {
            st = krb_fail(err, GSS_S_CREDENTIALS_EXPIRED, 0, k->who, k->spn, fallback);
            goto fail;
        }
    }
    *out = k;
    return LM_OK;
fail:
    lm__krb_free(k);
    return st;
}

void lm__krb_free(struct lm__krb *k)
{
    OM_uint32 minor;

    if (k == NULL)
        return;
    if (k->ctx != GSS_C_NO_CONTEXT)
        gss_delete_sec_context(&minor, &k->ctx, GSS_C_NO_BUFFER);
    if (k->target != GSS_C_NO_NAME)
        gss_release_name(&minor, &k->target);
    if (k->cred != GSS_C_NO_CREDENTIAL)
        gss_release_cred(&minor, &k->cred);
    if (k->cc != NULL)
        krb5_cc_destroy(k->kctx, k->cc); /* the private cache and its tickets go with the context */
    if (k->kctx != NULL)
        krb5_free_context(k->kctx);
    free(k);
}

lm_status lm__krb_step(struct lm__krb *k, const uint8_t *in, size_t inlen, struct lm__buf *out, bool *done,
                       bool *fallback, lm_error *err)
{
    gss_buffer_desc input = {inlen, (void *)in}, output = GSS_C_EMPTY_BUFFER;
    OM_uint32 major, minor, min2, flags = 0;

    if (fallback != NULL)
        *fallback = false;
    if (k->done)
        return lm__fail(err, LM_ESTATE, "Kerberos: the context is established already");
    major = gss_init_sec_context(&minor, k->cred, &k->ctx, k->target, gss_mech_krb5, REQ_FLAGS, 0,
                                 GSS_C_NO_CHANNEL_BINDINGS, in != NULL ? &input : GSS_C_NO_BUFFER, NULL,
                                 &output, &flags, NULL);
    if (GSS_ERROR(major)) {
        gss_release_buffer(&min2, &output);
        return krb_fail(err, major, (krb5_error_code)minor, k->who, k->spn, fallback);
    }
    if (output.length > 0)
        lm__buf_append(out, output.value, output.length);
    gss_release_buffer(&min2, &output);
    if (major == GSS_S_COMPLETE) {
        /* RFC 4121 4.1: without the AP-REP nothing proves the server holds the service key. */
        if (!(flags & GSS_C_MUTUAL_FLAG))
            return lm__fail(err, LM_EAUTH,
                            "Kerberos: %s did not authenticate itself (no mutual authentication)", k->spn);
        k->done = true;
    }
    *done = k->done;
    return lm__buf_status(out);
}

lm_status lm__krb_session_key(const struct lm__krb *k, uint8_t key[16])
{
    gss_buffer_set_t set = GSS_C_NO_BUFFER_SET;
    OM_uint32 minor;

    if (!k->done)
        return LM_ENOENT;
    if (gss_inquire_sec_context_by_oid(&minor, k->ctx, GSS_C_INQ_SSPI_SESSION_KEY, &set) != GSS_S_COMPLETE ||
        set == GSS_C_NO_BUFFER_SET || set->count < 1 || set->elements[0].length == 0) {
        gss_release_buffer_set(&minor, &set);
        return LM_ENOENT;
    }
    lm__krb_key16(set->elements[0].value, set->elements[0].length, key);
    memset(set->elements[0].value, 0, set->elements[0].length);
    gss_release_buffer_set(&minor, &set);
    return LM_OK;
}

lm_status lm__krb_get_mic(struct lm__krb *k, const uint8_t *msg, size_t len, struct lm__buf *out)
{
    gss_buffer_desc m = {len, (void *)msg}, mic = GSS_C_EMPTY_BUFFER;
    OM_uint32 minor;

    if (!k->done)
        return LM_ESTATE;
    if (gss_get_mic(&minor, k->ctx, GSS_C_QOP_DEFAULT, &m, &mic) != GSS_S_COMPLETE)
        return LM_EAUTH;
    lm__buf_append(out, mic.value, mic.length);
    gss_release_buffer(&minor, &mic);
    return lm__buf_status(out);
}

lm_status lm__krb_verify_mic(struct lm__krb *k, const uint8_t *msg, size_t len, const uint8_t *mic,
                             size_t miclen)
{
    gss_buffer_desc m = {len, (void *)msg}, t = {miclen, (void *)mic};
    OM_uint32 minor;

    if (!k->done)
        return LM_ESTATE;
    return gss_verify_mic(&minor, k->ctx, &m, &t, NULL) == GSS_S_COMPLETE ? LM_OK : LM_ESIGNATURE;
}
