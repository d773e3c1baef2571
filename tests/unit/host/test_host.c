/* lib/host/host.c: which backend a target gets. The local machine exists only on Windows; a server with
 * credentials (or any server elsewhere) gets the remote backend, tried here against a closed port. */
#include <string.h>

#include "testlib.h"
#include "host/host.h"

static void local_machine(void)
{
    lm_host_options opt = {0};
    lm_host *h = NULL;
    lm_error e;

    lm_error_clear(&e);
    if (lm__host_local_reaches_servers) {
        LMT_EQ(lm_host_open(&opt, &h, &e), LM_OK);
        LMT_STR(lm_host_backend(h), "win32");
        LMT_EQ(lm_host_error(h)->status, LM_OK);
        lm_host_close(h);
    } else {
        LMT_EQ(lm_host_open(&opt, &h, &e), LM_ENOTSUP);
        LMT_STR(e.message, "the local machine is reachable only on Windows");
        LMT_PTR_NULL(h);
    }
    opt.server = "";
    LMT_EQ(lm_host_open(&opt, &h, &e), lm__host_local_reaches_servers ? LM_OK : LM_ENOTSUP);
    lm_host_close(h);
}

static void servers(void)
{
    lm_smb_credentials creds = {.domain = "DOM", .user = "user", .password = "secret"};
    /* Port 1 on loopback: nothing listens, so reaching the remote backend shows as a refused connection. */
    lm_smb_options smb = {.port = 1, .timeout_ms = 3000};
    lm_host_options opt = {.size = sizeof opt, .server = "127.0.0.1", .smb = &smb};
    lm_host *h = NULL;
    lm_error e;

    /* Without credentials: the Win32 APIs against \\server on Windows, the remote backend elsewhere. */
    if (lm__host_local_reaches_servers) {
        LMT_EQ(lm_host_open(&opt, &h, &e), LM_OK);
        LMT_STR(lm_host_backend(h), "win32");
        lm_host_close(h);
        h = NULL;
    } else {
        lm_status st = lm_host_open(&opt, &h, &e);
        LMT_TRUE(st == LM_ECONNREFUSED || st == LM_ETIMEDOUT);
        LMT_TRUE(strstr(e.message, "127.0.0.1") != NULL);
    }
    /* With credentials: always the remote backend. */
    opt.creds = &creds;
    {
        lm_status st = lm_host_open(&opt, &h, &e);
        LMT_TRUE(st == LM_ECONNREFUSED || st == LM_ETIMEDOUT);
    }
    LMT_PTR_NULL(h);
    LMT_EQ(lm_host_open(NULL, &h, &e), LM_EINVAL);
    lm_host_close(NULL);
}

/* HOST[:PORT] as the CLI takes it (the cases of the parser itself are in tests/unit/net): port 0 when
 * none is given, brackets removed. */
static void split_address(void)
{
    char host[64];
    uint16_t port = 99;

    LMT_EQ(lm_host_split_address("fs1", host, sizeof host, &port), LM_OK);
    LMT_STR(host, "fs1");
    LMT_EQ(port, 0);
    LMT_EQ(lm_host_split_address("[::1]:4445", host, sizeof host, &port), LM_OK);
    LMT_STR(host, "::1");
    LMT_EQ(port, 4445);
    LMT_EQ(lm_host_split_address("fe80::1", host, sizeof host, &port), LM_OK);
    LMT_STR(host, "fe80::1");
    LMT_EQ(port, 0);
    LMT_EQ(lm_host_split_address("h:0", host, sizeof host, &port), LM_ERANGE);
    LMT_EQ(lm_host_split_address("a]b", host, sizeof host, &port), LM_ENAME);
    LMT_EQ(lm_host_split_address("[::1]x", host, sizeof host, &port), LM_ENAME);
    LMT_EQ(lm_host_split_address("fs1", host, sizeof host, NULL), LM_EINVAL);
}

/* The options' size: 0 and sizeof are this layout; any other size is refused before anything is opened. */
static void options_size(void)
{
    lm_host_options opt = {.size = sizeof opt + 8, .server = "127.0.0.1"};
    lm_host *h = NULL;
    lm_error e;

    lm_error_clear(&e);
    LMT_EQ(lm_host_open(&opt, &h, &e), LM_EINVAL);
    LMT_TRUE(strstr(e.message, "this liblanman knows") != NULL);
    LMT_PTR_NULL(h);
    opt.size = sizeof(size_t);
    LMT_EQ(lm_host_open(&opt, &h, &e), LM_EINVAL);
    LMT_PTR_NULL(h);
}

static const struct lmt_test tests[] = {
    LMT_TEST(local_machine), LMT_TEST(servers), LMT_TEST(split_address), LMT_TEST(options_size), LMT_END,
};

const struct lmt_suite lmt_suite_host_open = {"host_open", NULL, NULL, NULL, tests};
