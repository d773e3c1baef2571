/* lib/host/share.c: the info level fallback 502 -> 2 -> 1, configured shares read through the registry
 * ops (fields and SDDL), and `share add` checks before any call. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "memhost.h"
#include "core/regval.h"
#include "core/sddl.h"

static lm_host *H = &memhost;

static void level_fallback(void)
{
    lm_share *v, *one;
    size_t n;

    memhost_reset();
    F.share_status[0] = LM_EACCES;
    LMT_EQ(lm_share_list(H, &v, &n), LM_OK);
    LMT_EQ(n, 2);
    LMT_EQ(v[0].level, 2);
    LMT_EQ(v[1].level, 2);
    lm_share_list_free(v, n);

    F.share_status[1] = LM_EACCES;
    F.share_exists = true;
    LMT_EQ(lm_share_get(H, "Data", &one), LM_OK);
    LMT_EQ(one->level, 1);
    lm_share_list_free(one, 1);

    F.share_status[2] = LM_EACCES;
    F.share_calls = 0;
    LMT_EQ(lm_share_list(H, &v, &n), LM_EACCES);
    LMT_EQ(F.share_calls, 3);
    LMT_TRUE(strncmp(lm_host_error(H)->message, "cannot list shares: ", 20) == 0);

    /* An answer at another level than asked: the next level, as for access denied. */
    memhost_reset();
    F.share_status[0] = LM_ETYPE;
    F.share_calls = 0;
    LMT_EQ(lm_share_list(H, &v, &n), LM_OK);
    LMT_EQ(F.share_calls, 2);
    lm_share_list_free(v, n);

    /* Anything else is final: no fallback. */
    memhost_reset();
    F.share_status[0] = LM_ENOTSUP;
    LMT_EQ(lm_share_list(H, &v, &n), LM_ENOTSUP);
    LMT_EQ(F.share_calls, 1);
    LMT_EQ(lm_share_list(H, &v, &n), LM_ENOTSUP);
    LMT_EQ(lm_host_error(H)->raw, 5);
}

static uint8_t *multisz(const char *const *items, size_t n, size_t *len)
{
    uint8_t *p;

    LMT_EQ(lm__multisz_format(items, n, &p, len), LM_OK);
    return p;
}

static void configured_shares(void)
{
    static const char *const data[] = {"CSCFlags=0",    "MaxUses=4294967295",    "Path=C:\\Data",
                                       "Permissions=0", "Remark=Finance, a=b=c", "ShareName=Data",
                                       "Type=0"};
    static const char *const pub[] = {"CSCFlags=16",   "MaxUses=4",     "Path=D:\\Pub",
                                      "Permissions=0", "ShareName=pub", "Type=0"};
    struct lm__share_grant g = {.mask = LM__SHARE_RIGHT_FULL};
    uint8_t *d, *p, *sd;
    size_t dlen, plen, sdlen, n;
    lm_share *v;

    memhost_reset();
    LMT_EQ(lm__sid_from_string("S-1-1-0", &g.sid), LM_OK);
    LMT_EQ(lm__sd_build(NULL, NULL, &g, 1, &sd, &sdlen), LM_OK);
    d = multisz(data, 7, &dlen);
    p = multisz(pub, 6, &plen);
    F.reg[F.nreg++] = (struct memhost_reg){"LanmanServer\\Shares", "pub", LM_REG_MULTI_SZ, p, plen};
    F.reg[F.nreg++] = (struct memhost_reg){"LanmanServer\\Shares", "Data", LM_REG_MULTI_SZ, d, dlen};
    F.reg[F.nreg++] =
        (struct memhost_reg){"LanmanServer\\Shares\\Security", "Data", LM_REG_BINARY, sd, sdlen};
    LMT_EQ(lm_share_list_configured(H, &v, &n), LM_OK);
    LMT_EQ(n, 2);
    LMT_STR(v[0].name, "Data");
    LMT_STR(v[0].path, "C:\\Data");
    LMT_STR(v[0].remark, "Finance, a=b=c");
    LMT_EQ(v[0].max_uses, LM_SHARE_UNLIMITED);
    LMT_EQ(v[0].type, LM_STYPE_DISKTREE);
    LMT_STR(v[0].sddl, "D:(A;;FA;;;WD)");
    LMT_EQ(v[0].level, 0);
    LMT_TRUE(v[0].configured);
    LMT_STR(v[1].name, "pub");
    LMT_STR(v[1].path, "D:\\Pub");
    LMT_PTR_NULL(v[1].remark);
    LMT_EQ(v[1].max_uses, 4);
    LMT_PTR_NULL(v[1].sddl);
    lm_share_list_free(v, n);

    /* A value that is not a share definition names the share. */
    F.reg[0].type = LM_REG_SZ;
    LMT_EQ(lm_share_list_configured(H, &v, &n), LM_EPROTO);
    LMT_TRUE(strstr(lm_host_error(H)->message, "pub") != NULL);
    free(d);
    free(p);
    free(sd);

    /* No Shares key at all: no configured shares. */
    memhost_reset();
    LMT_EQ(lm_share_list_configured(H, &v, &n), LM_OK);
    LMT_EQ(n, 0);
    lm_share_list_free(v, n);
}

static void add_checks_before_any_call(void)
{
    lm_share_spec bad_name = {.name = "a/b", .path = "C:\\Data", .max_uses = LM_SHARE_UNLIMITED};
    lm_share_spec bad_path = {.name = "Data", .path = "..\\Data", .max_uses = LM_SHARE_UNLIMITED};
    lm_share_spec ok = {.name = "Data", .path = "C:\\Data", .max_uses = LM_SHARE_UNLIMITED};

    memhost_reset();
    LMT_EQ(lm_share_add(H, &bad_name), LM_ENAME);
    LMT_EQ(lm_share_add(H, &bad_path), LM_EPATH);
    LMT_EQ(F.calls, 0);
    F.share_exists = true;
    LMT_EQ(lm_share_add(H, &ok), LM_EEXIST);
    LMT_STR(lm_host_error(H)->message, "cannot add share Data: share already exists; nothing was changed");
    LMT_EQ(F.add_calls, 0);
    F.share_exists = false;
    LMT_EQ(lm_share_add(H, &ok), LM_OK);
    LMT_EQ(F.add_calls, 1);
    LMT_EQ(F.added_sdlen, 0);
}

/* A POSIX path goes to a Samba server (its server type says so) as C:\x\y; any other server, or one that
 * does not say, refuses it before anything is added. SID strings are checked without the server. */
static void add_posix_path(void)
{
    static const lm_share_grant bogus[] = {{"S-1-bogus", LM_SHARE_FULL}};
    lm_share_spec spec = {.name = "Srv", .path = "/srv/data", .max_uses = LM_SHARE_UNLIMITED};
    lm_share_spec bad_sid = {.name = "Srv", .path = "C:\\x", .grants = bogus, .ngrants = 1};
    lm_error e;

    LMT_EQ(lm_share_spec_check(&spec, &e), LM_OK);
    LMT_EQ(lm_share_spec_check(&bad_sid, &e), LM_EINVAL);
    LMT_STR(e.message, "invalid SID 'S-1-bogus'");
    memhost_reset();
    FX.share_table = true;
    LMT_EQ(lm_share_add(H, &spec), LM_EPATH); /* no server information */
    F.info = (struct lm__host_info){.name = "WIN", .os = "Windows NT"};
    LMT_EQ(lm_share_add(H, &spec), LM_EPATH);
    LMT_TRUE(strstr(lm_host_error(H)->message, "this server is Windows NT") != NULL);
    LMT_EQ(F.add_calls, 0);
    F.info.unix_server = true;
    LMT_EQ(lm_share_add(H, &spec), LM_OK);
    LMT_EQ(F.nshares, 1);
    LMT_STR(F.shares[0].path, "C:\\srv\\data");
}

static void add_with_grants(void)
{
    static const lm_share_grant grants[] = {{"Everyone", LM_SHARE_READ}, {"S-1-5-32-544", LM_SHARE_FULL}};
    static const lm_share_grant unknown[] = {{"nobody", LM_SHARE_CHANGE}};
    lm_share_spec spec = {.name = "Data", .path = "C:\\Data", .max_uses = 4, .grants = grants, .ngrants = 2};
    char *sddl;

    memhost_reset();
    LMT_EQ(lm_share_add(H, &spec), LM_OK);
    LMT_EQ(lm__sd_to_sddl(F.added_sd, F.added_sdlen, &sddl, NULL), LM_OK);
    LMT_STR(sddl, "D:(A;;0x1200a9;;;WD)(A;;FA;;;BA)");
    free(sddl);
    spec.grants = unknown;
    spec.ngrants = 1;
    F.add_calls = 0;
    LMT_EQ(lm_share_add(H, &spec), LM_ENOENT);
    LMT_STR(lm_host_error(H)->message,
            "cannot add share Data: cannot resolve account 'nobody': no account nobody");
    LMT_EQ(F.add_calls, 0);
}

static void remove_and_set(void)
{
    uint32_t four = 4;

    memhost_reset();
    /* a name no share can have is refused before any call, as the CLI refuses it before connecting */
    LMT_EQ(lm_share_remove(H, ""), LM_ENAME);
    LMT_EQ(lm_share_remove(H, "a/b"), LM_ENAME);
    LMT_EQ(lm_share_set(H, "a:b", "x", NULL), LM_ENAME);
    LMT_EQ(lm_share_set(H, "Data", NULL, NULL), LM_EINVAL);
    LMT_EQ(F.calls, 0);
    LMT_EQ(lm_share_name_check("IPC$", NULL), LM_OK); /* the server's own: looked at, never added */
    LMT_EQ(lm_share_name_check("a\\b", NULL), LM_ENAME);
    LMT_EQ(lm_share_remove(H, "Data"), LM_OK);
    LMT_EQ(lm_share_set(H, "Data", "x", &four), LM_OK);
    LMT_EQ(F.calls, 2);
}

/* lm_share_filter: Get-SmbShare -Name 'n*',R2,Nope: wildcards in any case, each share once, in its order; a
 * name without wildcards that matches none is missing, a wildcard that matches none is not. */
static void filter(void)
{
    static const char *const names[] = {"Net", "R2", "nas", "Other", "R3"};
    const char *const pats[] = {"n*", "R2", "Nope", "Z*", "NET"};
    const char *const bad[] = {"[ab"};
    bool missing[5];
    lm_share *v = calloc(5, sizeof *v);
    size_t n = 5;

    LMT_PTR_OK(v);
    for (size_t i = 0; i < 5; i++)
        LMT_PTR_OK(v[i].name = strdup(names[i]));
    LMT_EQ(lm_share_filter(v, &n, bad, 1, missing), LM_EINVAL);
    LMT_EQ(n, 5);
    LMT_EQ(lm_share_filter(v, &n, pats, 5, missing), LM_OK);
    LMT_EQ(n, 3);
    LMT_STR(v[0].name, "Net");
    LMT_STR(v[1].name, "R2");
    LMT_STR(v[2].name, "nas");
    LMT_TRUE(!missing[0] && !missing[1] && missing[2] && !missing[3] && !missing[4]);
    lm_share_list_free(v, n);
}

/* What lm_share_each's callback saw. */
struct seen {
    size_t n;
    int level;
    lm_status stop_at_second; /* returned for the second share; LM_OK: none */
};

static lm_status see(void *ctx, const lm_share *s)
{
    struct seen *k = ctx;

    k->level = s->level;
    return ++k->n == 2 ? k->stop_at_second : LM_OK;
}

/* Streaming: every share reaches the callback as it comes; brief starts at level 2 (no security descriptor),
 * the full one at 502; both fall back; the callback's own status stops it and is returned as is. */
static void each_streams_by_level(void)
{
    struct seen k = {0};

    memhost_reset(); /* the two default shares, Data and IPC$ */
    F.share_calls = 0;
    LMT_EQ(lm_share_each(H, true, see, &k), LM_OK);
    LMT_EQ(k.n, 2);
    LMT_EQ(k.level, 2);
    LMT_EQ(F.share_calls, 1); /* level 2 at once: 502 never asked */

    k = (struct seen){0};
    F.share_calls = 0;
    LMT_EQ(lm_share_each(H, false, see, &k), LM_OK);
    LMT_EQ(k.level, 502);
    LMT_EQ(F.share_calls, 1);

    /* brief still falls back, from 2 to 1 */
    k = (struct seen){0};
    F.share_status[1] = LM_EACCES;
    LMT_EQ(lm_share_each(H, true, see, &k), LM_OK);
    LMT_EQ(k.level, 1);
    F.share_status[1] = LM_OK;

    k = (struct seen){.stop_at_second = LM_ECANCELED};
    LMT_EQ(lm_share_each(H, true, see, &k), LM_ECANCELED);
    LMT_EQ(k.n, 2);
    LMT_EQ(lm_share_each(H, true, NULL, NULL), LM_EINVAL);
}

static const struct lmt_test tests[] = {
    LMT_TEST(level_fallback),  LMT_TEST(configured_shares),     LMT_TEST(add_checks_before_any_call),
    LMT_TEST(add_with_grants), LMT_TEST(remove_and_set),        LMT_TEST(filter),
    LMT_TEST(add_posix_path),  LMT_TEST(each_streams_by_level), LMT_END,
};

const struct lmt_suite lmt_suite_host_share = {"host_share", NULL, NULL, NULL, tests};
