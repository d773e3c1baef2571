/* Opening a target and choosing its backend. Portable: no OS headers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"
#include "core/text.h"
#include "os/net.h"
#include "rpc/dcerpc.h"

/* Credentials that name nobody: none, or no user with the automatic choice of mechanism on the default port
 * (the remote backend's Kerberos from the credential cache, else a null session). */
static bool default_identity(const lm_host_options *o)
{
    const lm_smb_credentials *c = o->creds;

    if (c == NULL)
        return true;
    return (c->user == NULL || c->user[0] == '\0') && c->auth == LM_SMB_AUTH_AUTO && c->spn == NULL &&
           c->keytab == NULL && (o->smb == NULL || o->smb->port == 0);
}

lm_status lm_host_open(const lm_host_options *options, lm_host **out, lm_error *err)
{
    lm_host_options o, *opt = &o;
    struct lm_host *h;
    lm_status st;
    bool local;

    if (options == NULL || out == NULL)
        return lm__fail(err, LM_EINVAL, "lm_host_open: no options or no result pointer");
    /* The caller's layout, as its size says: every size this library knows is this one so far. */
    if (options->size != 0 && options->size != sizeof o)
        return lm__fail(err, LM_EINVAL, "lm_host_open: options of %zu bytes; this liblanman knows %zu",
                        options->size, sizeof o);
    o = *options;
    h = calloc(1, sizeof *h);
    if (h == NULL)
        return lm__fail(err, LM_ENOMEM, "cannot open the target: out of memory");
    lm_error_clear(&h->err);
    snprintf(h->server, sizeof h->server, "%s", opt->server != NULL ? opt->server : "");
    /* The local machine; or, on Windows without credentials (or with only the default identity: no user,
     * the automatic choice, the default port), \\server through the same Win32 APIs with the logged-on user's
     * credentials. Everything else is the remote backend. */
    local = opt->server == NULL || opt->server[0] == '\0' ||
            (default_identity(opt) && lm__host_local_reaches_servers);
    st = local ? lm__host_local_open(h, opt) : lm__host_remote_open(h, opt);
    if (st != LM_OK) {
        if (err != NULL)
            *err = h->err;
        free(h);
        return st;
    }
    *out = h;
    return LM_OK;
}

void lm_host_close(lm_host *h)
{
    if (h == NULL)
        return;
    if (h->ops != NULL && h->ops->close != NULL)
        h->ops->close(h);
    free(h);
}

const lm_error *lm_host_error(const lm_host *h)
{
    return &h->err;
}

lm_status lm_host_split_address(const char *s, char *host, size_t size, uint16_t *port)
{
    if (port == NULL)
        return LM_EINVAL;
    *port = 0;
    return lm__net_split_hostport(s, host, size, port); /* sets *port only when one is given */
}

const char *lm_host_backend(const lm_host *h)
{
    return h->ops->name;
}

/* When the backend's message already starts with the same context ("cannot remove share 'X': ..." under
 * "cannot remove share X"), the length of that part, so that it is not said twice; else 0. Quotes around
 * the name do not count. */
static size_t same_context(const char *prefix, const char *msg)
{
    const char *p = prefix, *m = msg;

    for (;;) {
        if (*m == '\'' && *p != '\'') {
            m++;
            continue;
        }
        if (*p == '\0')
            return m[0] == ':' && m[1] == ' ' ? (size_t)(m + 2 - msg) : 0;
        if (*p != *m)
            return 0;
        p++, m++;
    }
}

lm_status lm__host_context(struct lm_host *h, const char *fmt, ...)
{
    char prefix[LM_ERROR_MESSAGE_MAX], old[LM_ERROR_MESSAGE_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, h->err.message, sizeof old);
    if (old[0] == '\0')
        snprintf(old, sizeof old, "%s", lm_strerror(h->err.status));
    return lm_error_set(&h->err, h->err.status, h->err.raw_kind, h->err.raw, "%s: %s", prefix,
                        old + same_context(prefix, old));
}

lm_status lm__host_cause(struct lm_host *h, const char *cause, const char *fmt, ...)
{
    char prefix[LM_ERROR_MESSAGE_MAX], raw[64];
    const char *name = NULL;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    if (h->err.raw_kind == LM_RAW_WERROR || h->err.raw_kind == LM_RAW_RPC_FAULT)
        name = lm__rpc_status_name(h->err.raw_kind, h->err.raw);
    if (name == NULL)
        name = lm_error_raw_string(&h->err, raw, sizeof raw);
    if (name[0] == '\0')
        return lm_error_set(&h->err, h->err.status, h->err.raw_kind, h->err.raw, "%s: %s", prefix, cause);
    return lm_error_set(&h->err, h->err.status, h->err.raw_kind, h->err.raw, "%s: %s (%s)", prefix, cause,
                        name);
}
