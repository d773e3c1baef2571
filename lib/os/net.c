/* The portable pieces both socket backends share: host strings, and the send and receive loops that keep
 * one deadline over many non-blocking calls (the calls themselves are in net_posix.c / net_win32.c). No OS
 * headers. */
#include <string.h>

#include "os/clock.h"
#include "os/net.h"
#include "os/net_platform.h"

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

/* A decimal port, 1..65535, with nothing else in [p, end). */
static lm_status parse_port(const char *p, const char *end, uint16_t *port)
{
    uint32_t v = 0;

    if (p == end)
        return LM_ENAME;
    for (; p < end; p++) {
        if (*p < '0' || *p > '9')
            return LM_ENAME;
        v = v * 10 + (uint32_t)(*p - '0');
        if (v > 65535)
            return LM_ERANGE;
    }
    if (v == 0)
        return LM_ERANGE;
    *port = (uint16_t)v;
    return LM_OK;
}

lm_status lm__net_split_hostport(const char *s, char *host, size_t size, uint16_t *port)
{
    char tmp[LM__NET_HOST_MAX];
    const char *end, *sep = NULL;
    uint16_t p = 0;
    lm_status st;

    if (s == NULL || host == NULL || port == NULL || size == 0)
        return LM_EINVAL;
    end = s + strlen(s);
    if (s[0] == '[') {
        const char *close = strchr(s, ']');

        if (close == NULL || (close[1] != '\0' && close[1] != ':'))
            return LM_ENAME;
        if (close[1] == ':')
            sep = close + 1;
    } else {
        const char *colon = strchr(s, ':');

        /* One colon separates a port; more make an IPv6 literal, which needs brackets to carry one. */
        if (colon != NULL && strchr(colon + 1, ':') == NULL)
            sep = colon;
    }
    if (sep != NULL) {
        st = parse_port(sep + 1, end, &p);
        if (st != LM_OK)
            return st;
        end = sep;
    }
    if (end == s || (size_t)(end - s) >= sizeof tmp)
        return LM_ENAME;
    memcpy(tmp, s, (size_t)(end - s));
    tmp[end - s] = '\0';
    st = lm__net_host_strip(tmp, host, size); /* drops the brackets, rejects stray ones */
    if (st != LM_OK)
        return st;
    if (p != 0)
        *port = p;
    return LM_OK;
}

void lm__net_iov_advance(const struct lm__iov *v, size_t nv, size_t *i, size_t *off, size_t sent)
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

int64_t lm__net_deadline(int timeout_ms)
{
    return lm__clock_now_ms() + (timeout_ms > 0 ? timeout_ms : LM__NET_DEFAULT_TIMEOUT_MS);
}

lm_status lm__net_sendv(struct lm__sock *s, const struct lm__iov *v, size_t nv, int timeout_ms)
{
    int64_t deadline = lm__net_deadline(timeout_ms);
    size_t i = 0, off = 0;

    if (s == NULL || (v == NULL && nv > 0))
        return LM_EINVAL;
    for (;;) {
        struct lm__iov batch[LM__NET_IOV_BATCH];
        size_t n = 0, sent = 0;
        int e;

        lm__net_iov_advance(v, nv, &i, &off, 0); /* steps over empty pieces */
        if (i >= nv)
            return LM_OK;
        for (size_t k = i; k < nv && n < LM__NET_IOV_BATCH; k++) {
            size_t skip = k == i ? off : 0;

            if (v[k].n == skip)
                continue;
            batch[n].p = (const uint8_t *)v[k].p + skip;
            batch[n].n = v[k].n - skip;
            n++;
        }
        e = lm__net_os_send(s, batch, n, &sent);
        if (e == 0) {
            lm__net_iov_advance(v, nv, &i, &off, sent);
            continue;
        }
        if (e == LM__NET_WOULDBLOCK)
            e = lm__net_os_wait(s, true, deadline);
        if (e != 0)
            return lm__net_os_fail(s, e);
    }
}

lm_status lm__net_recv(struct lm__sock *s, void *p, size_t n, int timeout_ms)
{
    int64_t deadline = lm__net_deadline(timeout_ms);
    uint8_t *dst = p;
    size_t got = 0;

    if (s == NULL || (p == NULL && n > 0))
        return LM_EINVAL;
    while (got < n) {
        size_t r = 0;
        int e = lm__net_os_recv(s, dst + got, n - got, &r);

        if (e == 0) {
            got += r;
            continue;
        }
        /* LM__NET_EOF: the peer closed in the middle of what we were promised. */
        if (e == LM__NET_WOULDBLOCK)
            e = lm__net_os_wait(s, false, deadline);
        if (e != 0)
            return lm__net_os_fail(s, e);
    }
    return LM_OK;
}

int64_t lm__net_now_ms(void)
{
    return lm__clock_now_ms();
}
