/* lib/os's sockets against the real Samba of the smbd fixture, on loopback. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "smbdenv.h"
#include "os/net.h"

static uint16_t port(void)
{
    const char *p = lmt_smbd_get("LANMAN_TEST_PORT");

    LMT_PTR_OK(p);
    return (uint16_t)strtoul(p, NULL, 10);
}

static int samba_init(void)
{
    return lm__net_init() == LM_OK ? lmt_smbd_init() : -1;
}

/* smbd answers an RFC 1002 session request on any of its ports (MS-SMB2 2.1: NetBIOS over TCP framing). */
static void session_request(const char *host)
{
    struct lm__sock *s = NULL;
    lm_error err;

    lm_error_clear(&err);
    LMT_EQ(lm__net_connect(host, port(), 0, &s, &err), LM_OK);
    LMT_EQ(lm__nbss_session_request(s, "*SMBSERVER", "LANMAN-TEST", 0, &err), LM_OK);
    lm__net_close(s);
}

static void nbss_v4(void)
{
    session_request(lmt_smbd_get("LANMAN_TEST_HOST"));
}

static void nbss_v6(void)
{
    LMT_STR(lmt_smbd_get("LANMAN_TEST_HOST6"), "::1");
    session_request("[::1]");
}

static const char *skip_without_v6(void)
{
    const char *why = lmt_smbd_skip();

    if (why != NULL)
        return why;
    /* An unreadable env file is the init hook's failure to report, not a reason to skip. */
    if (lmt_smbd_init() == 0 && lmt_smbd_get("LANMAN_TEST_HOST6") == NULL)
        return "the smbd fixture listens on no ::1 (this machine has no IPv6 loopback)";
    return NULL;
}

static const struct lmt_test samba_tests[] = {
    LMT_TEST(nbss_v4),
    LMT_END,
};

static const struct lmt_test samba6_tests[] = {
    LMT_TEST(nbss_v6),
    LMT_END,
};

const struct lmt_suite lmt_suite_samba = {"samba", lmt_smbd_skip, samba_init, NULL, samba_tests};
const struct lmt_suite lmt_suite_samba6 = {"samba6", skip_without_v6, samba_init, NULL, samba6_tests};
