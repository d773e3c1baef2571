/* The peer's socket and thread calls on POSIX. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "peer.h"

int lmt_sock_init(void)
{
    return 0;
}

static int wait_in(int fd, int timeout_ms)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN, .revents = 0};
    int rc;

    do
        rc = poll(&pfd, 1, timeout_ms);
    while (rc < 0 && errno == EINTR);
    return rc > 0 ? 0 : -1;
}

int lmt_listen(int family, lmt_fd *l, uint16_t *port)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int fd, one = 1;

    memset(&ss, 0, sizeof ss);
    if (family == 6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;

        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof *a;
    }
    fd = socket(ss.ss_family, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if ((family == 6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) ||
        bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
        close(fd);
        return -1;
    }
    *port =
        ntohs(family == 6 ? ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port);
    *l = (lmt_fd)fd;
    return 0;
}

int lmt_accept(lmt_fd l, int timeout_ms, lmt_fd *c)
{
    int fd;

    if (wait_in((int)l, timeout_ms) != 0)
        return -1;
    fd = accept((int)l, NULL, NULL);
    if (fd < 0)
        return -1;
    *c = (lmt_fd)fd;
    return 0;
}

long lmt_recv(lmt_fd c, void *p, size_t n, int timeout_ms)
{
    ssize_t r;

    if (wait_in((int)c, timeout_ms) != 0)
        return -1;
    do
        r = recv((int)c, p, n, 0);
    while (r < 0 && errno == EINTR);
    return (long)r;
}

long lmt_send(lmt_fd c, const void *p, size_t n)
{
    ssize_t r;

    do
        r = send((int)c, p, n, MSG_NOSIGNAL);
    while (r < 0 && errno == EINTR);
    return (long)r;
}

void lmt_close(lmt_fd s)
{
    close((int)s);
}

static void *thread_main(void *arg)
{
    lmt_peer_main(arg);
    return NULL;
}

int lmt_thread_start(struct lmt_peer *p)
{
    pthread_t *t = malloc(sizeof *t);

    if (t == NULL || pthread_create(t, NULL, thread_main, p) != 0) {
        free(t);
        return -1;
    }
    p->thread = t;
    return 0;
}

void lmt_thread_join(struct lmt_peer *p)
{
    pthread_join(*(pthread_t *)p->thread, NULL);
    free(p->thread);
}
