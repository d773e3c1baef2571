/* The portable pieces both socket backends share. No OS headers. */
#include <string.h>

#include "net/net.h"

lm_status lm__net_host_strip(const char *host, char *out, size_t size)
{
    size_t n;

    if (host == NULL || out == NULL || size == 0)
        return LM_EINVAL;
    n = strlen(host);
    /* "[::1]" is how an IPv6 literal is written next to a port; the resolver wants it bare. */
    if (n >= 1 && host[0] == '[') {
        if (n < 2 || host[n - 1] != ']')
            return LM_ENAME;
        host++;
        n -= 2;
    }
    if (n == 0 || n >= size || memchr(host, '[', n) != NULL || memchr(host, ']', n) != NULL)
        return LM_ENAME;
    memcpy(out, host, n);
    out[n] = '\0';
    return LM_OK;
}

void lm__net_iov_advance(const struct lm_iov *v, size_t nv, size_t *i, size_t *off, size_t sent)
{
    while (*i < nv) {
        size_t left = v[*i].n - *off;

        if (sent < left) {
            *off += sent;
            return;
        }
        sent -= left;
        (*i)++;
        *off = 0;
    }
}
