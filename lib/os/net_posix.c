/* Sockets on POSIX: non-blocking sockets driven by poll(), so that every call keeps its deadline. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "os/clock.h"
#include "os/net.h"
#include "os/net_platform.h"

struct lm__sock {
    int fd;
    int last_error; /* errno */
};

/* The one translator from errno to LM_E*. */
static lm_status net_status(int e)
{
    switch (e) {
    case ECONNREFUSED:
        return LM_ECONNREFUSED;
    case ETIMEDOUT:
        return LM_ETIMEDOUT;
    case ECONNRESET:
    case ECONNABORTED:
    case EPIPE:
    case ENETRESET:
        return LM_ECONNRESET;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case ENETDOWN:
    case EADDRNOTAVAIL:
        return LM_EHOSTUNREACH;
    case ENOTCONN:
        return LM_ENOTCONN;
    case ENOMEM:
    case ENOBUFS:
        return LM_ENOMEM;
    case EACCES:
    case EPERM:
        return LM_EACCES;
    case EAFNOSUPPORT:
    case EPROTONOSUPPORT:
        return LM_ENOTSUP;
    default:
        return LM_ESYS;
    }
}

/* strerror() is not thread-safe; the XSI strerror_r (what _POSIX_C_SOURCE selects) is. */
static const char *errtext(int e, char *buf, size_t size)
{
    if (strerror_r(e, buf, size) != 0)
        snprintf(buf, size, "errno %d", e);
    return buf;
}

/* Waits until fd is ready for events or the deadline passes: 0 ready, else an errno (ETIMEDOUT). */
static int wait_fd(int fd, short events, int64_t deadline)
{
    for (;;) {
        struct pollfd pfd = {.fd = fd, .events = events, .revents = 0};
        int64_t left = deadline - lm__clock_now_ms();
        int rc;

        if (left <= 0)
            return ETIMEDOUT;
        rc = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
        if (rc > 0)
            return 0; /* readable, writable, or an error the next call reports */
        if (rc < 0 && errno != EINTR)
            return errno;
    }
}

static int set_options(int fd)
{
    int one = 1;
    int fl = fcntl(fd, F_GETFL);

    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
        return errno;
    /* SMB is request/response: Nagle would hold back every small request for a delayed ACK. */
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0)
        return errno;
    return 0;
}

/* One address: a connected non-blocking socket in *fd, or an errno. */
static int connect_one(const struct addrinfo *ai, int64_t deadline, int *fd)
{
    int s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    int e;

    if (s < 0)
        return errno;
    e = set_options(s);
    if (e == 0 && connect(s, ai->ai_addr, ai->ai_addrlen) < 0) {
        e = errno;
        /* EINTR: the connect goes on in the background, as with EINPROGRESS. */
        if (e == EINPROGRESS || e == EINTR) {
            socklen_t len = sizeof e;

            e = wait_fd(s, POLLOUT, deadline);
            if (e == 0 && getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
                e = errno;
        }
    }
    if (e != 0) {
        close(s);
        return e;
    }
    *fd = s;
    return 0;
}

lm_status lm__net_init(void)
{
    return LM_OK; /* SIGPIPE is avoided per call with MSG_NOSIGNAL, so there is nothing process-wide */
}

lm_status lm__net_connect(const char *host, uint16_t port, int timeout_ms, struct lm__sock **out,
                          lm_error *err)
{
    struct addrinfo hints, *res = NULL;
    char name[LM__NET_HOST_MAX], service[8], msg[128];
    int64_t deadline = lm__net_deadline(timeout_ms);
    struct lm__sock *s;
    lm_error scratch;
    int rc, e = ETIMEDOUT, fd = -1;

    if (err == NULL)
        err = &scratch;
    if (out == NULL)
        return lm_error_set(err, LM_EINVAL, LM_RAW_NONE, 0, "connect: no output handle");
    if (lm__net_host_strip(host, name, sizeof name) != LM_OK)
        return lm_error_set(err, LM_ENAME, LM_RAW_NONE, 0, "invalid host name '%s'", host ? host : "");
    snprintf(service, sizeof service, "%u", (unsigned)port);
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICSERV;
    rc = getaddrinfo(name, service, &hints, &res);
    if (rc != 0) {
        if (rc == EAI_SYSTEM && errno != 0)
            return lm_error_set(err, net_status(errno), LM_RAW_ERRNO, (uint32_t)errno,
                                "cannot resolve %s: %s", name, errtext(errno, msg, sizeof msg));
        /* A name that does not resolve is a host that cannot be reached (exit 6), not a missing object. */
        return lm_error_set(err, rc == EAI_MEMORY ? LM_ENOMEM : LM_EHOSTUNREACH, LM_RAW_NONE, 0,
                            "cannot resolve %s: %s", name, gai_strerror(rc));
    }
    /* The addresses share one deadline, so that the whole call never takes longer than timeout_ms. */
    for (const struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
        e = connect_one(ai, deadline, &fd);
        if (e == 0 || lm__clock_now_ms() >= deadline)
            break;
    }
    freeaddrinfo(res);
    if (e != 0)
        return lm_error_set(err, net_status(e), LM_RAW_ERRNO, (uint32_t)e, "cannot connect to %s port %u: %s",
                            name, (unsigned)port, errtext(e, msg, sizeof msg));
    s = malloc(sizeof *s);
    if (s == NULL) {
        close(fd);
        return lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "connect: out of memory");
    }
    s->fd = fd;
    s->last_error = 0;
    *out = s;
    return LM_OK;
}

lm_status lm__net_os_fail(struct lm__sock *s, int raw)
{
    s->last_error = raw == LM__NET_EOF ? ECONNRESET : raw;
    return net_status(s->last_error);
}

int lm__net_os_send(struct lm__sock *s, const struct lm__iov *v, size_t nv, size_t *sent)
{
    struct iovec iov[LM__NET_IOV_BATCH];
    struct msghdr msg;
    ssize_t r;

    for (size_t k = 0; k < nv; k++) {
        iov[k].iov_base = (void *)(uintptr_t)v[k].p;
        iov[k].iov_len = v[k].n;
    }
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = iov;
    msg.msg_iovlen = nv;
    do
        r = sendmsg(s->fd, &msg, MSG_NOSIGNAL); /* no SIGPIPE when the peer has gone */
    while (r < 0 && errno == EINTR);
    if (r >= 0) {
        *sent = (size_t)r;
        return 0;
    }
    return errno == EAGAIN || errno == EWOULDBLOCK ? LM__NET_WOULDBLOCK : errno;
}

int lm__net_os_recv(struct lm__sock *s, void *p, size_t n, size_t *got)
{
    ssize_t r;

    do
        r = recv(s->fd, p, n, 0);
    while (r < 0 && errno == EINTR);
    if (r > 0) {
        *got = (size_t)r;
        return 0;
    }
    if (r == 0)
        return LM__NET_EOF;
    return errno == EAGAIN || errno == EWOULDBLOCK ? LM__NET_WOULDBLOCK : errno;
}

int lm__net_os_wait(struct lm__sock *s, bool for_write, int64_t deadline)
{
    return wait_fd(s->fd, for_write ? POLLOUT : POLLIN, deadline);
}

void lm__net_close(struct lm__sock *s)
{
    if (s == NULL)
        return;
    close(s->fd);
    free(s);
}

int lm__net_last_error(const struct lm__sock *s)
{
    return s != NULL ? s->last_error : 0;
}
