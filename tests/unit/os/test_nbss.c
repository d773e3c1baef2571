/* RFC 1002 session request against a scripted responder on 127.0.0.1. */
#include <string.h>

#include "testlib.h"
#include "peer.h"
#include "os/net.h"

#define REQUEST_LEN (4 + 2 * 34)

/* RFC 1002 4.3.2 for called "*SMBSERVER" (suffix 0x20) and calling "lanman" (upper-cased, suffix 0x00),
 * first-level encoded as in RFC 1001 14.1. */
static const char golden[REQUEST_LEN + 1] = "\x81\x00\x00\x44"
                                            "\x20"
                                            "CKFDENECFDEFFCFGEFFCCACACACACACA"
                                            "\x00"
                                            "\x20"
                                            "EMEBEOENEBEOCACACACACACACACACAAA"
                                            "\x00";

static int nbss_init(void)
{
    return lm__net_init() == LM_OK && lmt_sock_init() == 0 ? 0 : -1;
}

/* Runs one session request against a responder that reads the request and answers with reply. */
static lm_status request(const void *reply, size_t reply_n, const char *called, const char *calling,
                         size_t expect_n, lm_error *err, struct lmt_peer **peer)
{
    struct lmt_peer_script sc = {expect_n, reply, reply_n, true};
    struct lm__sock *s = NULL;
    lm_status st;

    LMT_EQ(lmt_peer_start(4, &sc, peer), 0);
    LMT_EQ(lm__net_connect("127.0.0.1", (*peer)->port, 0, &s, NULL), LM_OK);
    lm_error_clear(err);
    st = lm__nbss_session_request(s, called, calling, 0, err);
    lm__net_close(s);
    lmt_peer_join(*peer);
    return st;
}

static void positive(void)
{
    static const uint8_t reply[] = {0x82, 0x00, 0x00, 0x00};
    struct lmt_peer *p;
    lm_error err;

    LMT_EQ(request(reply, sizeof reply, "*SMBSERVER", "lanman", REQUEST_LEN, &err, &p), LM_OK);
    LMT_EQ(p->got_n, REQUEST_LEN);
    LMT_MEM(p->got, golden, REQUEST_LEN);
    lmt_peer_free(p);
}

static void negative(void)
{
    static const uint8_t reply[] = {0x83, 0x00, 0x00, 0x01, 0x82};
    struct lmt_peer *p;
    lm_error err;

    LMT_EQ(request(reply, sizeof reply, "SERVER", "CLIENT", REQUEST_LEN, &err, &p), LM_ECONNREFUSED);
    LMT_EQ(err.status, LM_ECONNREFUSED);
    LMT_EQ(err.raw, 0x82);
    LMT_TRUE(strstr(err.message, "called name not present") != NULL);
    lmt_peer_free(p);
}

static void retarget_is_an_error(void)
{
    static const uint8_t reply[] = {0x84, 0x00, 0x00, 0x06, 127, 0, 0, 1, 0x01, 0xBD};
    struct lmt_peer *p;
    lm_error err;

    LMT_EQ(request(reply, sizeof reply, "SERVER", "CLIENT", REQUEST_LEN, &err, &p), LM_ECONNREFUSED);
    LMT_TRUE(strstr(err.message, "127.0.0.1 port 445") != NULL);
    lmt_peer_free(p);
}

static void malformed_replies(void)
{
    static const struct {
        uint8_t b[8];
        size_t n;
    } cases[] = {
        {{0x82, 0x00, 0x00, 0x01, 0x00}, 5},       /* POSITIVE with a body */
        {{0x83, 0x00, 0x00, 0x02, 0x82, 0x00}, 6}, /* NEGATIVE of the wrong length */
        {{0x84, 0x00, 0x00, 0x02, 0x01, 0x02}, 6}, /* RETARGET too short */
        {{0x83, 0x00, 0xFF, 0xFF}, 4},             /* a length no reply has */
        {{0x82, 0x02, 0x00, 0x00}, 4},             /* reserved flag bits */
        {{0x85, 0x00, 0x00, 0x00}, 4},             /* keepalive instead of an answer */
        {{0x00, 0x00, 0x00, 0x00}, 4},             /* session message */
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct lmt_peer *p;
        lm_error err;

        LMT_EQ(request(cases[i].b, cases[i].n, "SERVER", "CLIENT", REQUEST_LEN, &err, &p), LM_EPROTO);
        LMT_EQ(err.status, LM_EPROTO);
        lmt_peer_free(p);
    }
}

static void truncated_reply(void)
{
    static const uint8_t reply[] = {0x83, 0x00, 0x00, 0x01}; /* then the responder closes */
    struct lmt_peer *p;
    lm_error err;

    LMT_EQ(request(reply, sizeof reply, "SERVER", "CLIENT", REQUEST_LEN, &err, &p), LM_ECONNRESET);
    lmt_peer_free(p);
}

static void silent_responder_times_out(void)
{
    struct lmt_peer_script sc = {REQUEST_LEN, NULL, 0, false};
    struct lmt_peer *p = NULL;
    struct lm__sock *s = NULL;
    lm_error err;

    LMT_EQ(lmt_peer_start(4, &sc, &p), 0);
    LMT_EQ(lm__net_connect("127.0.0.1", p->port, 0, &s, NULL), LM_OK);
    lm_error_clear(&err);
    LMT_EQ(lm__nbss_session_request(s, "SERVER", "CLIENT", 300, &err), LM_ETIMEDOUT);
    LMT_EQ(err.status, LM_ETIMEDOUT);
    lm__net_close(s); /* the responder sees EOF and ends */
    lmt_peer_join(p);
    LMT_EQ(p->got_n, REQUEST_LEN);
    lmt_peer_free(p);
}

static void bad_names_send_nothing(void)
{
    static const char *const bad[][2] = {
        {"", "CLIENT"},
        {"SIXTEEN-CHARS-XX", "CLIENT"},
        {"SERVER", "caf\xC3\xA9"},
        {"SER\nVER", "CLIENT"},
    };

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct lmt_peer *p;
        lm_error err;

        /* The responder waits for one byte; it sees EOF instead. */
        LMT_EQ(request(NULL, 0, bad[i][0], bad[i][1], 1, &err, &p), LM_ENAME);
        LMT_EQ(err.status, LM_ENAME);
        LMT_EQ(p->got_n, 0);
        lmt_peer_free(p);
    }
    LMT_EQ(lm__nbss_session_request(NULL, "A", "B", 0, NULL), LM_EINVAL);
}

static const struct lmt_test nbss_tests[] = {
    LMT_TEST(positive),
    LMT_TEST(negative),
    LMT_TEST(retarget_is_an_error),
    LMT_TEST(malformed_replies),
    LMT_TEST(truncated_reply),
    LMT_TEST(silent_responder_times_out),
    LMT_TEST(bad_names_send_nothing),
    LMT_END,
};

const struct lmt_suite lmt_suite_nbss = {"nbss", NULL, nbss_init, NULL, nbss_tests};
