/* The peer's socket and thread calls on Windows (Winsock 2; under Wine they reach the host's loopback). */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stdlib.h>
#include <string.h>

#include "peer.h"

int lmt_sock_init(void)
{
    static int done;
    WSADATA wsa;

    if (!done && WSAStartup(MAKEWORD(2, 2), &wsa) == 0)
        done = 1;
    return done ? 0 : -1;
}

static int wait_in(SOCKET s, int timeout_ms)
{
    fd_set rd;
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};

    FD_ZERO(&rd);
    FD_SET(s, &rd);
    return select(0, &rd, NULL, NULL, &tv) > 0 ? 0 : -1;
}

int lmt_listen(int family, lmt_fd *l, uint16_t *port)
{
    struct sockaddr_storage ss;
    int len;
    SOCKET s;
    DWORD one = 1;

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
    s = socket(ss.ss_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return -1;
    if ((family == 6 && setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&one, sizeof one) != 0) ||
        bind(s, (struct sockaddr *)&ss, len) != 0 || listen(s, 8) != 0 ||
        getsockname(s, (struct sockaddr *)&ss, &len) != 0) {
        closesocket(s);
        return -1;
    }
    *port =
        ntohs(family == 6 ? ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port);
    *l = (lmt_fd)s;
    return 0;
}

int lmt_accept(lmt_fd l, int timeout_ms, lmt_fd *c)
{
    SOCKET s;
    u_long off = 0;

    if (wait_in((SOCKET)l, timeout_ms) != 0)
        return -1;
    s = accept((SOCKET)l, NULL, NULL);
    if (s == INVALID_SOCKET)
        return -1;
    ioctlsocket(s, FIONBIO, &off);
    *c = (lmt_fd)s;
    return 0;
}

long lmt_recv(lmt_fd c, void *p, size_t n, int timeout_ms)
{
    int r;

    if (wait_in((SOCKET)c, timeout_ms) != 0)
        return -1;
    r = recv((SOCKET)c, p, n > 0x10000000u ? 0x10000000 : (int)n, 0);
    return r == SOCKET_ERROR ? -1 : (long)r;
}

long lmt_send(lmt_fd c, const void *p, size_t n)
{
    int r = send((SOCKET)c, p, n > 0x10000000u ? 0x10000000 : (int)n, 0);

    return r == SOCKET_ERROR ? -1 : (long)r;
}

void lmt_close(lmt_fd s)
{
    closesocket((SOCKET)s);
}

static DWORD WINAPI thread_main(LPVOID arg)
{
    lmt_peer_main(arg);
    return 0;
}

int lmt_thread_start(struct lmt_peer *p)
{
    HANDLE h = CreateThread(NULL, 0, thread_main, p, 0, NULL);

    if (h == NULL)
        return -1;
    p->thread = h;
    return 0;
}

void lmt_thread_join(struct lmt_peer *p)
{
    WaitForSingleObject(p->thread, INFINITE);
    CloseHandle(p->thread);
}
