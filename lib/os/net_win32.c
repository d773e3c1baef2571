/* Sockets on Windows (Winsock 2): non-blocking sockets driven by select(), so that every call keeps its
 * deadline. select() rather than WSAPoll(): before Windows 10 2004 WSAPoll never reported a refused connect.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/clock.h"
#include "os/net.h"
#include "os/net_platform.h"
#include "os/wide.h"

struct lm__sock {
    SOCKET fd;
    int last_error; /* WSA code */
};

/* The one translator from WSA codes (and the EAI_* codes GetAddrInfoW returns, which are WSA codes) to LM_E*.
 */
static lm_status net_status(int e)
{
    switch (e) {
    case WSAECONNREFUSED:
        return LM_ECONNREFUSED;
    case WSAETIMEDOUT:
        return LM_ETIMEDOUT;
    case WSAECONNRESET:
    case WSAECONNABORTED:
    case WSAENETRESET:
    case WSAESHUTDOWN:
    case WSAEDISCON:
        return LM_ECONNRESET;
    case WSAEHOSTUNREACH:
    case WSAENETUNREACH:
    case WSAENETDOWN:
    case WSAEHOSTDOWN:
    case WSAEADDRNOTAVAIL:
        return LM_EHOSTUNREACH;
    case WSAHOST_NOT_FOUND:
    case WSANO_DATA:
    case WSATRY_AGAIN:
    case WSANO_RECOVERY:
    case WSATYPE_NOT_FOUND:
        return LM_EHOSTUNREACH; /* a name that does not resolve: a host that cannot be reached */
    case WSAENOTCONN:
    case WSANOTINITIALISED:
        return LM_ENOTCONN;
    case WSAENOBUFS:
    case WSA_NOT_ENOUGH_MEMORY:
        return LM_ENOMEM;
    case WSAEACCES:
        return LM_EACCES;
    case WSAEAFNOSUPPORT:
    case WSAEPROTONOSUPPORT:
        return LM_ENOTSUP;
    default:
        return LM_ESYS;
    }
}

/* The system's text for a WSA code, in UTF-8, without the trailing line break. */
static const char *net_message(int e, char *buf, size_t size)
{
    if (!lm__win32_text((uint32_t)e, buf, size))
        snprintf(buf, size, "Winsock error %d", e);
    return buf;
}

/* Waits until the socket is ready or the deadline passes: 0 ready, else a WSA code (WSAETIMEDOUT). For a
 * connect, a failure shows in the except set (Windows does not mark a refused socket writable). */
static int wait_fd(SOCKET fd, int for_write, int64_t deadline)
{
    for (;;) {
        fd_set rd, wr, ex;
        struct timeval tv;
        int64_t left = deadline - lm__clock_now_ms();
        int rc;

        if (left <= 0)
            return WSAETIMEDOUT;
        FD_ZERO(&rd);
        FD_ZERO(&wr);
        FD_ZERO(&ex);
        FD_SET(fd, for_write ? &wr : &rd);
        FD_SET(fd, &ex);
        tv.tv_sec = (long)(left / 1000);
        tv.tv_usec = (long)(left % 1000) * 1000;
        rc = select(0, &rd, &wr, &ex, &tv);
        if (rc > 0)
            return 0; /* ready, or an error the next call reports */
        if (rc == SOCKET_ERROR && WSAGetLastError() != WSAEINTR)
            return WSAGetLastError();
    }
}

static int set_options(SOCKET fd)
{
    u_long on = 1;
    BOOL one = TRUE;

    if (ioctlsocket(fd, FIONBIO, &on) == SOCKET_ERROR)
        return WSAGetLastError();
    /* SMB is request/response: Nagle would hold back every small request for a delayed ACK. */
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one) == SOCKET_ERROR)
        return WSAGetLastError();
    /* Not inherited by child processes. */
    SetHandleInformation((HANDLE)fd, HANDLE_FLAG_INHERIT, 0);
    return 0;
}

/* One address: a connected non-blocking socket in *fd, or a WSA code. */
static int connect_one(const ADDRINFOW *ai, int64_t deadline, SOCKET *fd)
{
    SOCKET s = WSASocketW(ai->ai_family, ai->ai_socktype, ai->ai_protocol, NULL, 0, WSA_FLAG_OVERLAPPED);
    int e;

    if (s == INVALID_SOCKET)
        return WSAGetLastError();
    e = set_options(s);
    if (e == 0 && connect(s, ai->ai_addr, (int)ai->ai_addrlen) == SOCKET_ERROR) {
        e = WSAGetLastError();
        if (e == WSAEWOULDBLOCK || e == WSAEINPROGRESS) {
            int len = sizeof e;

            e = wait_fd(s, 1, deadline);
            if (e == 0 && getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&e, &len) == SOCKET_ERROR)
                e = WSAGetLastError();
        }
    }
    if (e != 0) {
        closesocket(s);
        return e;
    }
    *fd = s;
    return 0;
}

static INIT_ONCE net_once = INIT_ONCE_STATIC_INIT;
static int net_init_error;

static BOOL CALLBACK net_startup(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    WSADATA wsa;

    (void)once;
    (void)param;
    (void)ctx;
    /* Never paired with WSACleanup: Winsock stays up until the process exits, as a CLI needs. */
    net_init_error = WSAStartup(MAKEWORD(2, 2), &wsa);
    return TRUE;
}

lm_status lm__net_init(void)
{
    InitOnceExecuteOnce(&net_once, net_startup, NULL, NULL);
    return net_init_error == 0 ? LM_OK : net_status(net_init_error);
}

lm_status lm__net_connect(const char *host, uint16_t port, int timeout_ms, struct lm__sock **out,
                          lm_error *err)
{
    ADDRINFOW hints, *res = NULL;
    char name[LM__NET_HOST_MAX], msg[256];
    wchar_t *wname = NULL, wservice[8];
    int64_t deadline = lm__net_deadline(timeout_ms);
    struct lm__sock *s;
    lm_error scratch;
    SOCKET fd = INVALID_SOCKET;
    int rc, e = WSAETIMEDOUT;
    lm_status st;

    if (err == NULL)
        err = &scratch;
    if (out == NULL)
        return lm_error_set(err, LM_EINVAL, LM_RAW_NONE, 0, "connect: no output handle");
    if (lm__net_host_strip(host, name, sizeof name) != LM_OK || (wname = lm__wide(name)) == NULL)
        return lm_error_set(err, LM_ENAME, LM_RAW_NONE, 0, "invalid host name '%s'", host ? host : "");
    st = lm__net_init();
    if (st != LM_OK) {
        free(wname);
        return lm_error_set(err, st, LM_RAW_WIN32, (uint32_t)net_init_error, "cannot start Winsock: %s",
                            net_message(net_init_error, msg, sizeof msg));
    }
    swprintf(wservice, sizeof wservice / sizeof wservice[0], L"%u", (unsigned)port);
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICSERV;
    rc = GetAddrInfoW(wname, wservice, &hints, &res);
    free(wname);
    if (rc != 0)
        /* A name that does not resolve is a host that cannot be reached (exit 6), not a missing object. */
        return lm_error_set(err, net_status(rc) == LM_ESYS ? LM_EHOSTUNREACH : net_status(rc), LM_RAW_WIN32,
                            (uint32_t)rc, "cannot resolve %s: %s", name, net_message(rc, msg, sizeof msg));
    /* The addresses share one deadline, so that the whole call never takes longer than timeout_ms. */
    for (const ADDRINFOW *ai = res; ai != NULL; ai = ai->ai_next) {
        e = connect_one(ai, deadline, &fd);
        if (e == 0 || lm__clock_now_ms() >= deadline)
            break;
    }
    FreeAddrInfoW(res);
    if (e != 0)
        return lm_error_set(err, net_status(e), LM_RAW_WIN32, (uint32_t)e, "cannot connect to %s port %u: %s",
                            name, (unsigned)port, net_message(e, msg, sizeof msg));
    s = malloc(sizeof *s);
    if (s == NULL) {
        closesocket(fd);
        return lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "connect: out of memory");
    }
    s->fd = fd;
    s->last_error = 0;
    *out = s;
    return LM_OK;
}

lm_status lm__net_os_fail(struct lm__sock *s, int raw)
{
    s->last_error = raw == LM__NET_EOF ? WSAECONNRESET : raw;
    return net_status(s->last_error);
}

/* A WSABUF holds a ULONG length and recv() an int: larger pieces go over in slices. */
#define NET_SLICE_MAX 0x40000000u

int lm__net_os_send(struct lm__sock *s, const struct lm__iov *v, size_t nv, size_t *sent)
{
    WSABUF wb[LM__NET_IOV_BATCH];
    DWORD n = 0, done = 0;
    int e;

    for (size_t k = 0; k < nv; k++) {
        wb[n].buf = (CHAR *)(uintptr_t)v[k].p;
        wb[n].len = v[k].n > NET_SLICE_MAX ? NET_SLICE_MAX : (ULONG)v[k].n;
        n++;
        if (wb[n - 1].len != v[k].n)
            break; /* nothing after a cut piece */
    }
    do {
        if (WSASend(s->fd, wb, n, &done, 0, NULL, NULL) == 0) {
            *sent = done;
            return 0;
        }
        e = WSAGetLastError();
    } while (e == WSAEINTR);
    return e == WSAEWOULDBLOCK ? LM__NET_WOULDBLOCK : e;
}

int lm__net_os_recv(struct lm__sock *s, void *p, size_t n, size_t *got)
{
    int r, e;

    do {
        r = recv(s->fd, p, n > NET_SLICE_MAX ? (int)NET_SLICE_MAX : (int)n, 0);
        if (r > 0) {
            *got = (size_t)r;
            return 0;
        }
        if (r == 0)
            return LM__NET_EOF;
        e = WSAGetLastError();
    } while (e == WSAEINTR);
    return e == WSAEWOULDBLOCK ? LM__NET_WOULDBLOCK : e;
}

int lm__net_os_wait(struct lm__sock *s, bool for_write, int64_t deadline)
{
    return wait_fd(s->fd, for_write, deadline);
}

void lm__net_close(struct lm__sock *s)
{
    if (s == NULL)
        return;
    closesocket(s->fd);
    free(s);
}

int lm__net_last_error(const struct lm__sock *s)
{
    return s != NULL ? s->last_error : 0;
}
