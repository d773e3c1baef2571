/* lib/os's sockets against a scripted peer on loopback (127.0.0.1 and ::1 only). */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "peer.h"
#include "os/net.h"

#define SHORT_MS 300 /* for the silent peer; the test asserts the error, never the elapsed time */

static int net_init(void)
{
    return lm__net_init() == LM_OK && lmt_sock_init() == 0 ? 0 : -1;
}

static struct lmt_peer *start_peer(int family, size_t expect_n, const void *reply, size_t reply_n, bool close)
{
    struct lmt_peer_script sc = {expect_n, reply, reply_n, close};
    struct lmt_peer *p = NULL;

    LMT_EQ(lmt_peer_start(family, &sc, &p), 0);
    return p;
}

/* Three pieces (one empty) out as one message, five exact bytes back. */
static void exchange(const char *host, int family)
{
    static const uint8_t a[] = {0xFE, 'S', 'M', 'B'}, c[] = {1, 2, 3, 4, 5, 6};
    static const uint8_t reply[] = {0x00, 0x11, 0x22, 0x33, 0x44};
    struct lm__iov v[] = {{a, sizeof a}, {NULL, 0}, {c, sizeof c}};
    struct lmt_peer *p = start_peer(family, sizeof a + sizeof c, reply, sizeof reply, false);
    struct lm__sock *s = NULL;
    uint8_t got[sizeof reply];
    lm_error err;

    lm_error_clear(&err);
    LMT_EQ(lm__net_connect(host, p->port, 0, &s, &err), LM_OK);
    LMT_PTR_OK(s);
    LMT_EQ(lm__net_sendv(s, v, 3, 0), LM_OK);
    LMT_EQ(lm__net_recv(s, got, sizeof got, 0), LM_OK);
    LMT_MEM(got, reply, sizeof reply);
    lm__net_close(s);
    lmt_peer_join(p);
    LMT_TRUE(p->accepted);
    LMT_EQ(p->got_n, sizeof a + sizeof c);
    LMT_MEM(p->got, a, sizeof a);
    LMT_MEM(p->got + sizeof a, c, sizeof c);
    lmt_peer_free(p);
}

static void v4_exact_bytes(void)
{
    exchange("127.0.0.1", 4);
}

/* "localhost" may resolve to ::1 first, where nobody listens: the next address must be tried. */
static void name_tries_each_address(void)
{
    exchange("localhost", 4);
}

/* Far more than one sendmsg/WSASend takes, in more pieces than one batch holds, both ways: the socket
 * buffers fill, so partial writes and waits happen. */
static void large_gathered_transfer(void)
{
    enum { PIECES = 300, OUT = PIECES * (PIECES + 1) / 2 * 29, BACK = 3 << 20 };
    uint8_t *out = malloc(OUT), *back = malloc(BACK), *got = malloc(BACK);
    struct lm__iov *v = calloc(PIECES, sizeof *v);
    struct lm__sock *s = NULL;
    struct lmt_peer *p;
    size_t off = 0;

    LMT_TRUE(out != NULL && back != NULL && got != NULL && v != NULL);
    for (size_t i = 0; i < OUT; i++)
        out[i] = (uint8_t)(i * 7 + (i >> 11));
    for (size_t i = 0; i < BACK; i++)
        back[i] = (uint8_t)(i * 13 + (i >> 9));
    for (size_t i = 0; i < PIECES; i++) {
        v[i].p = out + off;
        v[i].n = (i + 1) * 29;
        off += v[i].n;
    }
    LMT_EQ(off, (size_t)OUT);
    p = start_peer(4, OUT, back, BACK, false);
    LMT_EQ(lm__net_connect("127.0.0.1", p->port, 0, &s, NULL), LM_OK);
    LMT_EQ(lm__net_sendv(s, v, PIECES, 0), LM_OK);
    LMT_EQ(lm__net_recv(s, got, BACK, 0), LM_OK);
    LMT_MEM(got, back, BACK);
    lm__net_close(s);
    lmt_peer_join(p);
    LMT_EQ(p->got_n, (size_t)OUT);
    LMT_MEM(p->got, out, OUT);
    lmt_peer_free(p);
    free(v);
    free(got);
    free(back);
    free(out);
}

static void peer_closes_mid_message(void)
{
    static const uint8_t part[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    struct lmt_peer *p = start_peer(4, 0, part, sizeof part, true);
    struct lm__sock *s = NULL;
    uint8_t got[100];

    LMT_EQ(lm__net_connect("127.0.0.1", p->port, 0, &s, NULL), LM_OK);
    LMT_EQ(lm__net_recv(s, got, sizeof got, 0), LM_ECONNRESET);
    LMT_TRUE(lm__net_last_error(s) != 0);
    lm__net_close(s);
    lmt_peer_free(p);
}

static void peer_silent_times_out(void)
{
    struct lmt_peer *p = start_peer(4, 0, NULL, 0, false);
    struct lm__sock *s = NULL;
    uint8_t got[4];

    LMT_EQ(lm__net_connect("127.0.0.1", p->port, 0, &s, NULL), LM_OK);
    LMT_EQ(lm__net_recv(s, got, sizeof got, SHORT_MS), LM_ETIMEDOUT);
    LMT_TRUE(lm__net_last_error(s) != 0);
    lm__net_close(s); /* the peer sees EOF and ends */
    lmt_peer_free(p);
}

/* Writing to a peer that has closed must be an error, not a SIGPIPE that kills the process. */
static void send_after_peer_closed(void)
{
    static uint8_t chunk[64 * 1024];
    struct lm__iov v = {chunk, sizeof chunk};
    struct lmt_peer *p = start_peer(4, 0, NULL, 0, true);
    struct lm__sock *s = NULL;
    lm_status st = LM_OK;

    LMT_EQ(lm__net_connect("127.0.0.1", p->port, 0, &s, NULL), LM_OK);
    lmt_peer_join(p); /* the peer has accepted and closed */
    LMT_TRUE(p->accepted);
    /* The first sends may still fit in the socket buffer; the reset comes back within a few. */
    for (int i = 0; i < 1000 && st == LM_OK; i++)
        st = lm__net_sendv(s, &v, 1, 0);
    LMT_EQ(st, LM_ECONNRESET);
    LMT_TRUE(lm__net_last_error(s) != 0);
    lm__net_close(s);
    lmt_peer_free(p);
}

static void nothing_to_send_or_receive(void)
{
    struct lm__iov empty[] = {{NULL, 0}, {"", 0}};
    struct lmt_peer *p = start_peer(4, 0, NULL, 0, false);
    struct lm__sock *s = NULL;
    uint8_t b;

    LMT_EQ(lm__net_connect("127.0.0.1", p->port, 0, &s, NULL), LM_OK);
    LMT_EQ(lm__net_sendv(s, NULL, 0, 0), LM_OK);
    LMT_EQ(lm__net_sendv(s, empty, 2, 0), LM_OK);
    LMT_EQ(lm__net_recv(s, &b, 0, 0), LM_OK);
    LMT_EQ(lm__net_sendv(NULL, empty, 2, 0), LM_EINVAL);
    LMT_EQ(lm__net_recv(NULL, &b, 1, 0), LM_EINVAL);
    LMT_EQ(lm__net_last_error(NULL), 0);
    lm__net_close(s);
    lm__net_close(NULL);
    lmt_peer_free(p);
}

/* A listener nobody accepts from: once its queue is full, Linux drops further SYNs (Wine's sockets are the
 * host's), so a connect can only time out. Asserts the error, never the time. */
static void connect_times_out(void)
{
    enum { MAX = 64 };
    struct lm__sock *s[MAX] = {NULL};
    lm_status st = LM_OK;
    lm_error err;
    uint16_t port;
    lmt_fd l;
    int n = 0;

    LMT_EQ(lmt_listen(4, &l, &port), 0);
    lm_error_clear(&err);
    while (n < MAX && (st = lm__net_connect("127.0.0.1", port, SHORT_MS, &s[n], &err)) == LM_OK)
        n++;
    for (int i = 0; i < n; i++)
        lm__net_close(s[i]);
    lmt_close(l);
    LMT_TRUE(n > 0 && n < MAX);
    LMT_EQ(st, LM_ETIMEDOUT);
    LMT_EQ(err.status, LM_ETIMEDOUT);
    LMT_TRUE(strstr(err.message, "127.0.0.1") != NULL);
}

static void closed_port_is_refused(void)
{
    struct lm__sock *s = NULL;
    uint16_t port;
    lm_error err;

    LMT_EQ(lmt_closed_port(4, &port), 0);
    lm_error_clear(&err);
    LMT_EQ(lm__net_connect("127.0.0.1", port, 0, &s, &err), LM_ECONNREFUSED);
    LMT_PTR_NULL(s);
    LMT_EQ(err.status, LM_ECONNREFUSED);
    LMT_TRUE(err.raw != 0);
    LMT_TRUE(strstr(err.message, "127.0.0.1") != NULL);
}

static void unresolvable_name(void)
{
    struct lm__sock *s = NULL;
    lm_error err;

    lm_error_clear(&err);
    LMT_EQ(lm__net_connect("nonexistent.invalid", 445, SHORT_MS, &s, &err), LM_EHOSTUNREACH);
    LMT_PTR_NULL(s);
    LMT_TRUE(strstr(err.message, "nonexistent.invalid") != NULL);
}

static void bad_host_strings(void)
{
    static const char *const bad[] = {"", "[", "[]", "[::1", "::1]", "[[::1]]", "a[b"};
    struct lm__sock *s = NULL;
    lm_error err;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lm_error_clear(&err);
        LMT_EQ(lm__net_connect(bad[i], 445, 0, &s, &err), LM_ENAME);
        LMT_PTR_NULL(s);
    }
    LMT_EQ(lm__net_connect(NULL, 445, 0, &s, NULL), LM_ENAME);
    LMT_EQ(lm__net_connect("127.0.0.1", 445, 0, NULL, NULL), LM_EINVAL);
}

static void host_strip(void)
{
    char out[LM__NET_HOST_MAX], small[4];

    LMT_EQ(lm__net_host_strip("[::1]", out, sizeof out), LM_OK);
    LMT_STR(out, "::1");
    LMT_EQ(lm__net_host_strip("::1", out, sizeof out), LM_OK);
    LMT_STR(out, "::1");
    LMT_EQ(lm__net_host_strip("1.2.3.4", out, sizeof out), LM_OK);
    LMT_STR(out, "1.2.3.4");
    LMT_EQ(lm__net_host_strip("server", out, sizeof out), LM_OK);
    LMT_STR(out, "server");
    LMT_EQ(lm__net_host_strip("abc", small, sizeof small), LM_OK);
    LMT_EQ(lm__net_host_strip("abcd", small, sizeof small), LM_ENAME);
    LMT_EQ(lm__net_host_strip("[::1]", small, sizeof small), LM_OK);
    LMT_STR(small, "::1");
}

static void split_hostport(void)
{
    static const struct {
        const char *in;
        lm_status st;
        const char *host;
        uint16_t port; /* 445: none given */
    } cases[] = {
        {"server", LM_OK, "server", 445},
        {"server:1445", LM_OK, "server", 1445},
        {"1.2.3.4", LM_OK, "1.2.3.4", 445},
        {"1.2.3.4:139", LM_OK, "1.2.3.4", 139},
        {"::1", LM_OK, "::1", 445},
        {"fe80::1%eth0", LM_OK, "fe80::1%eth0", 445},
        {"[::1]", LM_OK, "::1", 445},
        {"[::1]:65535", LM_OK, "::1", 65535},
        {"server:1", LM_OK, "server", 1},
        {"", LM_ENAME, NULL, 0},
        {":445", LM_ENAME, NULL, 0},
        {"server:", LM_ENAME, NULL, 0},
        {"server:44x", LM_ENAME, NULL, 0},
        {"server:-1", LM_ENAME, NULL, 0},
        {"server:0", LM_ERANGE, NULL, 0},
        {"server:65536", LM_ERANGE, NULL, 0},
        {"server:99999999999", LM_ERANGE, NULL, 0},
        {"[::1", LM_ENAME, NULL, 0},
        {"[::1]x", LM_ENAME, NULL, 0},
        {"[::1]:", LM_ENAME, NULL, 0},
        {"[]:445", LM_ENAME, NULL, 0},
        {"a]b", LM_ENAME, NULL, 0},
    };
    char host[LM__NET_HOST_MAX];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint16_t port = 445;

        memset(host, 'x', sizeof host);
        LMT_EQ(lm__net_split_hostport(cases[i].in, host, sizeof host, &port), cases[i].st);
        if (cases[i].st == LM_OK) {
            LMT_STR(host, cases[i].host);
            LMT_EQ(port, cases[i].port);
        } else {
            LMT_EQ(port, 445); /* untouched on error */
        }
    }
    LMT_EQ(lm__net_split_hostport(NULL, host, sizeof host, NULL), LM_EINVAL);
}

static void iov_advance(void)
{
    static const uint8_t d[8] = {0};
    struct lm__iov v[] = {{d, 3}, {d, 0}, {d, 5}, {d, 0}};
    size_t i = 0, off = 0;

    lm__net_iov_advance(v, 4, &i, &off, 0);
    LMT_EQ(i, 0);
    LMT_EQ(off, 0);
    lm__net_iov_advance(v, 4, &i, &off, 2);
    LMT_EQ(i, 0);
    LMT_EQ(off, 2);
    lm__net_iov_advance(v, 4, &i, &off, 1); /* end of piece 0 skips the empty piece 1 */
    LMT_EQ(i, 2);
    LMT_EQ(off, 0);
    lm__net_iov_advance(v, 4, &i, &off, 4);
    LMT_EQ(i, 2);
    LMT_EQ(off, 4);
    lm__net_iov_advance(v, 4, &i, &off, 1); /* the trailing empty piece is done too */
    LMT_EQ(i, 4);
    LMT_EQ(off, 0);
}

static void v6_literal(void)
{
    exchange("::1", 6);
}

static void v6_bracketed(void)
{
    exchange("[::1]", 6);
}

static void v6_closed_port_is_refused(void)
{
    struct lm__sock *s = NULL;
    uint16_t port;

    LMT_EQ(lmt_closed_port(6, &port), 0);
    LMT_EQ(lm__net_connect("[::1]", port, 0, &s, NULL), LM_ECONNREFUSED);
    LMT_PTR_NULL(s);
}

static const char *skip_without_v6(void)
{
    lmt_fd l;
    uint16_t port;

    if (lmt_sock_init() != 0)
        return "sockets are unavailable";
    if (lmt_listen(6, &l, &port) != 0)
        return "this machine has no IPv6 loopback address (::1)";
    lmt_close(l);
    return NULL;
}

static const struct lmt_test net_tests[] = {
    LMT_TEST(host_strip),
    LMT_TEST(split_hostport),
    LMT_TEST(iov_advance),
    LMT_TEST(bad_host_strings),
    LMT_TEST(v4_exact_bytes),
    LMT_TEST(name_tries_each_address),
    LMT_TEST(large_gathered_transfer),
    LMT_TEST(peer_closes_mid_message),
    LMT_TEST(peer_silent_times_out),
    LMT_TEST(send_after_peer_closed),
    LMT_TEST(nothing_to_send_or_receive),
    LMT_TEST(connect_times_out),
    LMT_TEST(closed_port_is_refused),
    LMT_TEST(unresolvable_name),
    LMT_END,
};

static const struct lmt_test net6_tests[] = {
    LMT_TEST(v6_literal),
    LMT_TEST(v6_bracketed),
    LMT_TEST(v6_closed_port_is_refused),
    LMT_END,
};

const struct lmt_suite lmt_suite_net = {"net", NULL, net_init, NULL, net_tests};
const struct lmt_suite lmt_suite_net6 = {"net6", skip_without_v6, net_init, NULL, net6_tests};
