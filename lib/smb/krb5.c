/* What both Kerberos backends (krb5_gss.c, krb5_sspi.c) share, portable: who the principal is, the one table
 * of failures with the messages that say what to do, and the SMB2 session key's length. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"
#include "smb/krb5.h"

bool lm__krb_principal(const lm_smb_credentials *c, char *out, size_t n)
{
    int len;

    if (c == NULL || c->user == NULL || c->user[0] == '\0')
        return false;
    if (strchr(c->user, '@') != NULL)
        len = snprintf(out, n, "%s", c->user);
    else if (c->domain != NULL && c->domain[0] != '\0')
        len = snprintf(out, n, "%s@%s", c->user, c->domain);
    else
        return false;
    if (len < 0 || (size_t)len >= n)
        return false;
    /* Active Directory's realm is its DNS domain in upper case; krb5 realms are case-sensitive. */
    for (char *p = strchr(out, '@') + 1; *p != '\0'; p++)
        *p = (char)toupper((unsigned char)*p);
    return true;
}

lm_status lm__krb_fail(lm_error *err, enum lm__krb_why why, const char *who, const char *spn,
                       const char *detail, bool *fallback)
{
    lm_status st = LM_EAUTH;
    bool fb = false;

    if (detail == NULL)
        detail = "";
    switch (why) {
    case LM__KRB_NO_TICKET:
        fb = true;
        lm__fail(err, st, "no Kerberos ticket: run kinit or give -U (%s)", detail);
        break;
    case LM__KRB_SKEW:
        lm__fail(err, st,
                 "Kerberos: this clock and the KDC's or the server's differ by more than the allowed skew "
                 "(5 minutes); correct the time");
        break;
    case LM__KRB_NO_SPN:
        fb = true;
        lm__fail(err, st,
                 "no SPN %s in the realm: the KDC knows no such service; name the server as the domain knows "
                 "it, or give --spn",
                 spn);
        break;
    case LM__KRB_NO_USER:
        lm__fail(err, st, "logon failure for '%s': the KDC knows no such user", who);
        break;
    case LM__KRB_NO_KDC:
        fb = true;
        st = LM_EHOSTUNREACH;
        lm__fail(err, st, "cannot reach a KDC for '%s': check the kdc lines of krb5.conf (KRB5_CONFIG)", who);
        break;
    case LM__KRB_NO_REALM:
        fb = true;
        st = LM_EHOSTUNREACH;
        lm__fail(err, st, "cannot find a KDC for the realm of '%s': add the realm to krb5.conf (KRB5_CONFIG)",
                 who);
        break;
    case LM__KRB_EXPIRED:
        lm__fail(err, st, "the Kerberos ticket has expired: run kinit again, or give -U");
        break;
    case LM__KRB_BAD_PASSWORD:
        lm__fail(err, st, "logon failure for '%s': bad password (Kerberos pre-authentication failed)", who);
        break;
    case LM__KRB_PASSWORD_EXPIRED:
        lm__fail(err, st, "logon failure for '%s': the password has expired; change it", who);
        break;
    case LM__KRB_REVOKED:
        lm__fail(err, st, "logon failure for '%s': the account is disabled or locked out", who);
        break;
    case LM__KRB_NO_KEY:
        lm__fail(err, st, "the keytab holds no key for '%s'", who);
        break;
    case LM__KRB_NO_ETYPE:
        st = LM_ENOTSUP;
        lm__fail(err, st, "Kerberos: the KDC and this client share no encryption type (%s)", detail);
        break;
    case LM__KRB_NO_PACKAGE:
        fb = true;
        st = LM_ENOTSUP;
        lm__fail(err, st, "this system has no Kerberos (%s)", detail);
        break;
    default:
        lm__fail(err, st, "Kerberos logon to %s failed: %s", spn, detail);
        break;
    }
    if (fallback != NULL)
        *fallback = fb;
    return st;
}

void lm__krb_key16(const uint8_t *k, size_t n, uint8_t key[16])
{
    /* MS-SMB2 3.2.5.3.1: the first 16 bytes, right-padded with zeros when shorter. */
    memset(key, 0, 16);
    memcpy(key, k, n < 16 ? n : 16);
}
