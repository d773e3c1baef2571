/* MIT Kerberos loaded on first use (POSIX): see krb5api.h; the loading is lib/os/dl.h's. */
#define LM__KRB5API_LOADER
#include "smb/krb5api.h"

#include <stdio.h>

#include "os/dl.h"

struct lm__gss_api lm__gss;
struct lm__krb5_api lm__krb5;

#define LM__KRB5API_NAME(name) #name,
static const char *const gss_names[] = {LM__GSS_NAMES(LM__KRB5API_NAME) NULL};
static const char *const krb5_names[] = {LM__KRB5_NAMES(LM__KRB5API_NAME) NULL};
#undef LM__KRB5API_NAME
/* libgssapi_krb5 first: it brings libkrb5 (its dependency), which the second dlopen then finds mapped. */
static struct lm__dl gss_lib = LM__DL_INIT(LM__GSSAPI_SONAME, gss_names, lm__gss);
static struct lm__dl krb5_lib = LM__DL_INIT(LM__KRB5_SONAME, krb5_names, lm__krb5);

bool lm__krb5_load(char *why, size_t n)
{
    if (!lm__dl_load(&gss_lib)) {
        snprintf(why, n, "%s", gss_lib.why);
        return false;
    }
    if (!lm__dl_load(&krb5_lib)) {
        snprintf(why, n, "%s", krb5_lib.why);
        return false;
    }
    return true;
}
