/* Kerberos for krb5.h through SSPI, the "Kerberos" package of secur32. Windows; krb5_gss.c is the POSIX
 * twin. The logged-on user's (or the service account's) tickets without a user; explicit credentials with
 * one, which Windows keeps in the logon session of this process only. Keytabs are a POSIX thing. */
#define SECURITY_WIN32
#include <windows.h>

#include <security.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "smb/krb5.h"

/* Mutual authentication (the AP-REP proves the server) and integrity (the mechListMIC). The output buffer is
 * ours, of the package's cbMaxToken: Wine's Kerberos does not allocate it (ISC_REQ_ALLOCATE_MEMORY). */
#define REQ_FLAGS (ISC_REQ_MUTUAL_AUTH | ISC_REQ_INTEGRITY)

struct lm__krb {
    CredHandle cred;
    CtxtHandle ctx;
    bool have_cred, have_ctx, done;
    unsigned long max_token;
    wchar_t *target;
    char who[512];
    char spn[512];
};

/* UTF-8 to a new UTF-16 string (NULL on failure); the caller frees. */
static wchar_t *wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    wchar_t *w;

    if (n <= 0 || (w = malloc((size_t)n * sizeof *w)) == NULL)
        return NULL;
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n) != n) {
        free(w);
        return NULL;
    }
    return w;
}

static void wipe_free(wchar_t *w)
{
    if (w != NULL) {
        SecureZeroMemory(w, wcslen(w) * sizeof *w);
        free(w);
    }
}

/* The one translator from SSPI's codes to krb5.h's reasons. */
static lm_status sspi_fail(lm_error *err, SECURITY_STATUS ss, const char *who, const char *spn,
                           bool *fallback)
{
    enum lm__krb_why why = LM__KRB_OTHER;
    char text[64];

    snprintf(text, sizeof text, "SSPI status 0x%08lx", (unsigned long)ss);
    switch (ss) {
    case SEC_E_NO_CREDENTIALS:
        why = LM__KRB_NO_TICKET;
        break;
    case SEC_E_TIME_SKEW:
        why = LM__KRB_SKEW;
        break;
    case SEC_E_TARGET_UNKNOWN:
        why = LM__KRB_NO_SPN;
        break;
    case SEC_E_NO_AUTHENTICATING_AUTHORITY:
        why = LM__KRB_NO_KDC;
        break;
    case SEC_E_LOGON_DENIED:
        why = LM__KRB_BAD_PASSWORD;
        break;
    case SEC_E_CONTEXT_EXPIRED:
        why = LM__KRB_EXPIRED;
        break;
    case SEC_E_SECPKG_NOT_FOUND:
        why = LM__KRB_NO_PACKAGE;
        break;
    default:
        break;
    }
    return lm__krb_fail(err, why, who, spn, text, fallback);
}

/* The credentials handle: explicit (user with a realm and a password) or the logged-on user's. */
static SECURITY_STATUS acquire(const lm_smb_credentials *c, CredHandle *cred)
{
    SEC_WINNT_AUTH_IDENTITY_W id;
    wchar_t *user = NULL, *domain = NULL, *password = NULL;
    TimeStamp expiry;
    SECURITY_STATUS ss;

    if (c == NULL || c->user == NULL || c->user[0] == '\0')
        return AcquireCredentialsHandleW(NULL, L"Kerberos", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                         cred, &expiry);
    memset(&id, 0, sizeof id);
    user = wide(c->user);
    domain = wide(c->domain != NULL && strchr(c->user, '@') == NULL ? c->domain : "");
    password = wide(c->password != NULL ? c->password : "");
    if (user == NULL || domain == NULL || password == NULL) {
        ss = SEC_E_INSUFFICIENT_MEMORY;
    } else {
        id.User = (unsigned short *)user;
        id.UserLength = (unsigned long)wcslen(user);
        id.Domain = (unsigned short *)domain;
        id.DomainLength = (unsigned long)wcslen(domain);
        id.Password = (unsigned short *)password;
        id.PasswordLength = (unsigned long)wcslen(password);
        id.Flags = SEC_WINNT_AUTH_IDENTITY_UNICODE;
        ss = AcquireCredentialsHandleW(NULL, L"Kerberos", SECPKG_CRED_OUTBOUND, NULL, &id, NULL, NULL, cred,
                                       &expiry);
    }
    free(user);
    free(domain);
    wipe_free(password);
    return ss;
}

bool lm__krb_available(const lm_smb_credentials *c)
{
    char who[512];
    CredHandle cred;

    if (c != NULL && c->user != NULL && c->user[0] != '\0')
        return lm__krb_principal(c, who, sizeof who) && c->password != NULL && c->password[0] != '\0';
    if (acquire(c, &cred) != SEC_E_OK)
        return false;
    FreeCredentialsHandle(&cred);
    return true;
}

lm_status lm_smb_keytab_check(const lm_smb_credentials *c, lm_error *err)
{
    (void)c;
    return lm__fail(err, LM_ENOTSUP,
                    "keytabs are MIT Kerberos files: on Windows, Kerberos uses the account's own tickets "
                    "(leave keytab out)");
}

lm_status lm__krb_new(const lm_smb_credentials *c, const char *spn, struct lm__krb **out, bool *fallback,
                      lm_error *err)
{
    struct lm__krb *k;
    char who[512];
    PSecPkgInfoW info;
    SECURITY_STATUS ss;

    if (fallback != NULL)
        *fallback = false;
    if (c != NULL && c->keytab != NULL && c->keytab[0] != '\0')
        return lm__fail(err, LM_ENOTSUP, "keytabs are not used on Windows: run as an account of the domain");
    if (c != NULL && c->user != NULL && c->user[0] != '\0') {
        if (!lm__krb_principal(c, who, sizeof who))
            return lm__fail(err, LM_EINVAL,
                            "Kerberos needs the realm of '%s': give -U USER@REALM or -U REALM\\USER",
                            c->user);
        if (c->password == NULL || c->password[0] == '\0')
            return lm__fail(err, LM_EAUTH, "no password for '%s'", c->user);
    }
    if ((k = calloc(1, sizeof *k)) == NULL)
        return lm__fail(err, LM_ENOMEM, "out of memory");
    snprintf(k->spn, sizeof k->spn, "%s", spn);
    if (c != NULL && c->user != NULL && c->user[0] != '\0')
        snprintf(k->who, sizeof k->who, "%s", who);
    else
        snprintf(k->who, sizeof k->who, "the logged-on user");
    if ((k->target = wide(spn)) == NULL) {
        free(k);
        return lm__fail(err, LM_EINVAL, "'%s' is not a Kerberos service name (SPN): give --spn cifs/HOST",
                        spn);
    }
    if ((ss = QuerySecurityPackageInfoW(L"Kerberos", &info)) == SEC_E_OK) {
        k->max_token = info->cbMaxToken;
        FreeContextBuffer(info);
    }
    if (ss != SEC_E_OK || (ss = acquire(c, &k->cred)) != SEC_E_OK) {
        lm_status st = sspi_fail(err, ss, k->who, spn, fallback);
        lm__krb_free(k);
        return st;
    }
    k->have_cred = true;
    *out = k;
    return LM_OK;
}

void lm__krb_free(struct lm__krb *k)
{
    if (k == NULL)
        return;
    if (k->have_ctx)
        DeleteSecurityContext(&k->ctx);
    if (k->have_cred)
        FreeCredentialsHandle(&k->cred);
    free(k->target);
    free(k);
}

lm_status lm__krb_step(struct lm__krb *k, const uint8_t *in, size_t inlen, struct lm__buf *out, bool *done,
                       bool *fallback, lm_error *err)
{
    SecBuffer ib = {(unsigned long)inlen, SECBUFFER_TOKEN, (void *)in},
              ob = {k->max_token, SECBUFFER_TOKEN, NULL};
    SecBufferDesc idesc = {SECBUFFER_VERSION, 1, &ib}, odesc = {SECBUFFER_VERSION, 1, &ob};
    unsigned long attrs = 0;
    TimeStamp expiry;
    SECURITY_STATUS ss;

    if (fallback != NULL)
        *fallback = false;
    if (k->done)
        return lm__fail(err, LM_ESTATE, "Kerberos: the context is established already");
    if ((ob.pvBuffer = malloc(k->max_token > 0 ? k->max_token : 1)) == NULL)
        return lm__fail(err, LM_ENOMEM, "out of memory");
    ss = InitializeSecurityContextW(&k->cred, k->have_ctx ? &k->ctx : NULL, k->target, REQ_FLAGS, 0,
                                    SECURITY_NATIVE_DREP, in != NULL ? &idesc : NULL, 0, &k->ctx, &odesc,
                                    &attrs, &expiry);
    if (ss == SEC_E_OK || ss == SEC_I_CONTINUE_NEEDED)
        k->have_ctx = true;
    if ((ss == SEC_E_OK || ss == SEC_I_CONTINUE_NEEDED) && ob.cbBuffer <= k->max_token)
        lm__buf_append(out, ob.pvBuffer, ob.cbBuffer);
    free(ob.pvBuffer);
    if (ss != SEC_E_OK && ss != SEC_I_CONTINUE_NEEDED)
        return sspi_fail(err, ss, k->who, k->spn, fallback);
    if (ss == SEC_E_OK) {
        if (!(attrs & ISC_RET_MUTUAL_AUTH))
            return lm__fail(err, LM_EAUTH,
                            "Kerberos: %s did not authenticate itself (no mutual authentication)", k->spn);
        k->done = true;
    }
    *done = k->done;
    return lm__buf_status(out);
}

lm_status lm__krb_session_key(const struct lm__krb *k, uint8_t key[16])
{
    SecPkgContext_SessionKey sk;

    if (!k->done)
        return LM_ENOENT;
    memset(&sk, 0, sizeof sk);
    /* Wine 8's Kerberos package answers this with a stub (SEC_E_UNSUPPORTED_FUNCTION). */
    if (QueryContextAttributesW((PCtxtHandle)&k->ctx, SECPKG_ATTR_SESSION_KEY, &sk) != SEC_E_OK ||
        sk.SessionKey == NULL || sk.SessionKeyLength == 0)
        return LM_ENOTSUP;
    lm__krb_key16(sk.SessionKey, sk.SessionKeyLength, key);
    SecureZeroMemory(sk.SessionKey, sk.SessionKeyLength);
    FreeContextBuffer(sk.SessionKey);
    return LM_OK;
}

lm_status lm__krb_get_mic(struct lm__krb *k, const uint8_t *msg, size_t len, struct lm__buf *out)
{
    SecPkgContext_Sizes sizes;
    SecBuffer b[2];
    SecBufferDesc desc = {SECBUFFER_VERSION, 2, b};
    uint8_t *copy, *sig;
    lm_status st = LM_EAUTH;

    if (!k->done)
        return LM_ESTATE;
    if (QueryContextAttributesW(&k->ctx, SECPKG_ATTR_SIZES, &sizes) != SEC_E_OK || sizes.cbMaxSignature == 0)
        return LM_EAUTH;
    copy = malloc(len > 0 ? len : 1);
    sig = malloc(sizes.cbMaxSignature);
    if (copy != NULL && sig != NULL) {
        memcpy(copy, msg, len);
        b[0].BufferType = SECBUFFER_DATA;
        b[0].cbBuffer = (unsigned long)len;
        b[0].pvBuffer = copy;
        b[1].BufferType = SECBUFFER_TOKEN;
        b[1].cbBuffer = sizes.cbMaxSignature;
        b[1].pvBuffer = sig;
        if (MakeSignature(&k->ctx, 0, &desc, 0) == SEC_E_OK) {
            lm__buf_append(out, sig, b[1].cbBuffer);
            st = lm__buf_status(out);
        }
    } else
        st = LM_ENOMEM;
    free(copy);
    free(sig);
    return st;
}

lm_status lm__krb_verify_mic(struct lm__krb *k, const uint8_t *msg, size_t len, const uint8_t *mic,
                             size_t miclen)
{
    SecBuffer b[2];
    SecBufferDesc desc = {SECBUFFER_VERSION, 2, b};
    unsigned long qop = 0;
    uint8_t *copy, *sig;
    lm_status st = LM_ESIGNATURE;

    if (!k->done)
        return LM_ESTATE;
    copy = malloc(len > 0 ? len : 1);
    sig = malloc(miclen > 0 ? miclen : 1);
    if (copy != NULL && sig != NULL) {
        memcpy(copy, msg, len);
        memcpy(sig, mic, miclen);
        b[0].BufferType = SECBUFFER_DATA;
        b[0].cbBuffer = (unsigned long)len;
        b[0].pvBuffer = copy;
        b[1].BufferType = SECBUFFER_TOKEN;
        b[1].cbBuffer = (unsigned long)miclen;
        b[1].pvBuffer = sig;
        if (VerifySignature(&k->ctx, &desc, 0, &qop) == SEC_E_OK)
            st = LM_OK;
    } else
        st = LM_ENOMEM;
    free(copy);
    free(sig);
    return st;
}
