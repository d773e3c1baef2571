/* DCE/RPC and srvsvc against a real smbd (tests/fixtures/smbd.sh), natively and from the mingw build under
 * Wine. What smbclient sees is compared by shares.sh (through rpctool); these suites check the rest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "core/sddl.h"
#include "rpc/ndr.h"
#include "testlib.h"

static void open_or_fail(struct rpcx *x)
{
    lm_status st = rpcx_open(x);

    if (st != LM_OK)
        fprintf(stderr, "rpc open: %s\n", x->err.message);
    LMT_EQ(st, LM_OK);
}

/* "C:\dir\share" for the fixture's share path: Samba maps C:\x\y to /x/y. */
static void win_path(const char *unix_path, char *out, size_t n)
{
    snprintf(out, n, "C:%s", unix_path);
    for (char *p = out; *p != '\0'; p++) {
        if (*p == '/')
            *p = '\\';
    }
}

/* ---- bind ---- */

/* A second session-level pipe to another interface: wkssvc 6bffd098-a112-3610-9833-46c3f87e345a v1.0. */
static const struct lm__rpc_iface wkssvc = {
    "wkssvc",
    {{0x98, 0xD0, 0xFF, 0x6B, 0x12, 0xA1, 0x10, 0x36, 0x98, 0x33, 0x46, 0xC3, 0xF8, 0x7E, 0x34, 0x5A}, 1, 0},
};
/* An interface nobody serves. */
static const struct lm__rpc_iface bogus = {
    "bogus",
    {{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10}, 1, 0},
};

static void bind_costs_one_round_trip(void)
{
    struct rpcx x;
    struct lm__rpc *r = NULL;
    unsigned before;
    uint16_t xmit, recv;

    open_or_fail(&x);
    lm__rpc_frag_sizes(x.r, &xmit, &recv);
    LMT_TRUE(xmit >= 1024 && xmit <= LM__RPC_MAX_FRAG);
    LMT_TRUE(recv >= 1024);
    before = rpcx_round_trips(&x);
    LMT_EQ(lm__rpc_open(x.ipc, "srvsvc", &lm__srvsvc_iface, &r, &x.err), LM_OK);
    LMT_EQ(rpcx_round_trips(&x) - before, 1);
    lm__rpc_close(r);
    rpcx_close(&x);
}

static void several_interfaces_on_one_session(void)
{
    struct rpcx x;
    struct lm__rpc *w = NULL, *s2 = NULL;
    struct lm__srv_share sh;
    struct lm__srv_info si;

    open_or_fail(&x);
    LMT_EQ(lm__rpc_open(x.ipc, "wkssvc", &wkssvc, &w, &x.err), LM_OK);
    LMT_EQ(lm__rpc_open(x.ipc, "srvsvc", &lm__srvsvc_iface, &s2, &x.err), LM_OK);
    /* Interleaved calls on the two srvsvc pipes, each with its own call ids. */
    memset(&sh, 0, sizeof sh);
    LMT_EQ(lm__srvsvc_share_get(x.r, NULL, fx("LANMAN_TEST_SHARE"), 1, &sh, &x.err), LM_OK);
    lm__srv_share_clear(&sh);
    LMT_EQ(lm__srvsvc_server_info(s2, NULL, 101, &si, &x.err), LM_OK);
    lm__srv_info_clear(&si);
    LMT_EQ(lm__srvsvc_share_get(x.r, NULL, fx("LANMAN_TEST_SHARE"), 2, &sh, &x.err), LM_OK);
    LMT_STR(sh.info.name, fx("LANMAN_TEST_SHARE"));
    lm__srv_share_clear(&sh);
    lm__rpc_close(s2);
    lm__rpc_close(w);
    rpcx_close(&x);
}

static void unknown_interface_is_not_supported(void)
{
    struct rpcx x;
    struct lm__rpc *r = NULL;
    lm_error e;

    open_or_fail(&x);
    LMT_EQ(lm__rpc_open(x.ipc, "srvsvc", &bogus, &r, &e), LM_ENOTSUP);
    fprintf(stderr, "bind of an unknown interface: %s\n", e.message);
    LMT_PTR_NULL(r);
    LMT_EQ(lm__rpc_open(x.ipc, "no-such-pipe", &lm__srvsvc_iface, &r, &e), LM_ENOENT);
    LMT_EQ(lm_smb_echo(x.s), LM_OK);
    /* The same with IPC$ in the compound: the tree connects, the CREATE fails, the retry on the tree fails
     * too, and the tree is let go. */
    {
        lm_smb_tree *t = NULL;
        LMT_EQ(lm__rpc_connect(x.s, "no-such-pipe", &lm__srvsvc_iface, &t, &r, &e), LM_ENOENT);
        LMT_PTR_NULL(t);
        LMT_EQ(lm__rpc_connect(x.s, "srvsvc", &bogus, &t, &r, &e), LM_ENOTSUP);
        LMT_PTR_NULL(t);
        LMT_EQ(lm_smb_echo(x.s), LM_OK);
    }
    rpcx_close(&x);
}

static void unknown_opnum_is_a_fault(void)
{
    struct rpcx x;
    struct lm__buf in, out;
    struct lm__srv_share sh;
    lm_error e;

    open_or_fail(&x);
    lm__buf_init(&in, 64);
    lm__buf_init(&out, 4096);
    lm__buf_put_u32(&in, 0);
    LMT_EQ(lm__rpc_call(x.r, 500, &in, &out, &e), LM_ENOTSUP);
    fprintf(stderr, "opnum 500: %s\n", e.message);
    LMT_EQ(e.raw_kind, LM_RAW_RPC_FAULT);
    LMT_EQ(e.raw, 0x1C010002u); /* nca_s_op_rng_error */
    /* Garbage for a real opnum: Samba faults with a stub data error. */
    lm__buf_reset(&out);
    LMT_TRUE(lm__rpc_call(x.r, LM__SRVSVC_SHARE_GETINFO, &in, &out, &e) != LM_OK);
    LMT_EQ(e.raw_kind, LM_RAW_RPC_FAULT);
    /* The pipe is still usable after faults. */
    memset(&sh, 0, sizeof sh);
    LMT_EQ(lm__srvsvc_share_get(x.r, NULL, fx("LANMAN_TEST_SHARE"), 1, &sh, &x.err), LM_OK);
    lm__srv_share_clear(&sh);
    lm__buf_free(&in);
    lm__buf_free(&out);
    rpcx_close(&x);
}

/* A request stub larger than max_xmit_frag goes out in several fragments: NetrShareGetInfo of a name that
 * is too long to be valid (the server must reassemble the stub to say so). */
static void fragmented_request(void)
{
    struct rpcx x;
    struct lm__srv_share sh;
    char *name = malloc(6001);
    lm_status st;

    LMT_PTR_OK(name);
    memset(name, 'x', 6000);
    name[6000] = '\0';
    open_or_fail(&x);
    memset(&sh, 0, sizeof sh);
    st = lm__srvsvc_share_get(x.r, NULL, name, 1, &sh, &x.err);
    free(name);
    fprintf(stderr, "12 KB share name: %s\n", x.err.message);
    LMT_EQ(st, LM_ENAME);
    LMT_EQ(x.err.raw_kind, LM_RAW_WERROR);
    LMT_EQ(x.err.raw, 0x7B); /* WERR_INVALID_NAME */
    rpcx_close(&x);
}

static const struct lmt_test bind_tests[] = {
    LMT_TEST(bind_costs_one_round_trip),
    LMT_TEST(several_interfaces_on_one_session),
    LMT_TEST(unknown_interface_is_not_supported),
    LMT_TEST(unknown_opnum_is_a_fault),
    LMT_TEST(fragmented_request),
    LMT_END,
};
const struct lmt_suite lmt_suite_bind = {"bind", lmt_smbd_skip, lmt_smbd_init, NULL, bind_tests};

/* ---- reading ---- */

static const struct lm__srv_share *find(const struct lm__srv_share *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].info.name, name) == 0)
            return &v[i];
    }
    return NULL;
}

static void enum_every_level(void)
{
    static const int levels[] = {0, 1, 2, 502};
    struct rpcx x;
    char path[1024];

    open_or_fail(&x);
    win_path(fx("LANMAN_TEST_SHARE_PATH"), path, sizeof path);
    for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
        struct lm__srv_share *v = NULL;
        const struct lm__srv_share *s, *ipc;
        size_t n = 0;
        lm_status st = lm__srvsvc_share_enum(x.r, NULL, levels[l], 0xFFFFFFFFu, &v, &n, &x.err);

        if (st != LM_OK)
            fprintf(stderr, "enum level %d: %s\n", levels[l], x.err.message);
        LMT_EQ(st, LM_OK);
        s = find(v, n, fx("LANMAN_TEST_SHARE"));
        ipc = find(v, n, "IPC$");
        LMT_PTR_OK(s);
        LMT_PTR_OK(ipc);
        LMT_EQ(s->info.level, levels[l]);
        if (levels[l] >= 1) {
            LMT_STR(s->info.remark, "lanman test share");
            LMT_EQ(s->info.type & LM_STYPE_MASK, LM_STYPE_DISKTREE);
            LMT_EQ(ipc->info.type & LM_STYPE_MASK, LM_STYPE_IPC);
        }
        if (levels[l] >= 2)
            LMT_STR(s->info.path, path);
        if (levels[l] == 502)
            LMT_TRUE(s->sd_len == 0 || s->sd != NULL);
        lm__srv_share_list_free(v, n);
    }
    rpcx_close(&x);
}

/* Small pages: PreferedMaximumLength of 1 byte. Samba may or may not page; either way the result must be
 * the same set as one big call. */
static void enum_paging_gives_the_same_set(void)
{
    struct rpcx x;
    struct lm__srv_share *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;

    open_or_fail(&x);
    LMT_EQ(lm__srvsvc_share_enum(x.r, NULL, 1, 0xFFFFFFFFu, &a, &na, &x.err), LM_OK);
    LMT_EQ(lm__srvsvc_share_enum(x.r, NULL, 1, 1, &b, &nb, &x.err), LM_OK);
    LMT_EQ(na, nb);
    for (size_t i = 0; i < na; i++)
        LMT_PTR_OK(find(b, nb, a[i].info.name));
    lm__srv_share_list_free(a, na);
    lm__srv_share_list_free(b, nb);
    rpcx_close(&x);
}

static void getinfo_502(void)
{
    struct rpcx x;
    struct lm__srv_share sh;
    char path[1024], *sddl = NULL;
    lm_status st;

    open_or_fail(&x);
    win_path(fx("LANMAN_TEST_SHARE_PATH"), path, sizeof path);
    memset(&sh, 0, sizeof sh);
    st = lm__srvsvc_share_get(x.r, NULL, fx("LANMAN_TEST_SHARE"), 502, &sh, &x.err);
    if (st != LM_OK)
        fprintf(stderr, "getinfo 502: %s\n", x.err.message);
    LMT_EQ(st, LM_OK);
    LMT_STR(sh.info.name, fx("LANMAN_TEST_SHARE"));
    LMT_STR(sh.info.remark, "lanman test share");
    LMT_STR(sh.info.path, path);
    LMT_EQ(sh.info.type, LM_STYPE_DISKTREE);
    LMT_EQ(sh.info.level, 502);
    LMT_PTR_NULL(sh.info.sddl);
    /* Samba returns the share's security descriptor (a default one when none was set). */
    LMT_TRUE(sh.sd_len >= 20);
    LMT_EQ(lm__sd_to_sddl(sh.sd, sh.sd_len, &sddl, NULL), LM_OK);
    fprintf(stderr, "share SD: %s\n", sddl);
    free(sddl);
    lm__srv_share_clear(&sh);

    LMT_EQ(lm__srvsvc_share_get(x.r, NULL, "no-such-share", 502, &sh, &x.err), LM_ENOENT);
    LMT_EQ(x.err.raw_kind, LM_RAW_WERROR);
    fprintf(stderr, "missing share: %s\n", x.err.message);
    rpcx_close(&x);
}

static void server_info(void)
{
    struct rpcx x;
    struct lm__srv_info i;

    open_or_fail(&x);
    LMT_EQ(lm__srvsvc_server_info(x.r, NULL, 101, &i, &x.err), LM_OK);
    LMT_EQ(i.platform_id, 500); /* PLATFORM_ID_NT */
    LMT_STR(i.name, "LANMANTEST");
    LMT_STR(i.comment, "lanman test fixture");
    lm__srv_info_clear(&i);
    LMT_EQ(lm__srvsvc_server_info(x.r, "\\\\127.0.0.1", 102, &i, &x.err), LM_OK);
    LMT_EQ(i.level, 102);
    LMT_STR(i.comment, "lanman test fixture");
    LMT_PTR_OK(i.userpath);
    lm__srv_info_clear(&i);
    rpcx_close(&x);
}

/* Round trips of "share enum from TCP connect": NEGOTIATE, 2 x SESSION_SETUP, TREE_CONNECT IPC$ + CREATE +
 * bind (one compound), the call; on 3.0 and 3.0.2 one more, FSCTL_VALIDATE_NEGOTIATE_INFO after the tree
 * connect (MS-SMB2 3.2.5.5: the session policy's guard against a dialect downgrade). */
static void round_trips_from_connect(void)
{
    struct rpcx x;
    struct lm__srv_share *v = NULL;
    lm_smb_info i;
    size_t n = 0;

    open_or_fail(&x);
    LMT_EQ(lm__srvsvc_share_enum(x.r, NULL, 1, 0xFFFFFFFFu, &v, &n, &x.err), LM_OK);
    lm_smb_get_info(x.s, &i);
    fprintf(stderr, "share enum from TCP connect (%s): %u round trips\n", lm_smb_dialect_name(i.dialect),
            rpcx_round_trips(&x));
    LMT_EQ(rpcx_round_trips(&x), i.dialect == 0x0300 || i.dialect == 0x0302 ? 6 : 5);
    lm__srv_share_list_free(v, n);
    rpcx_close(&x);
}

static const struct lmt_test read_tests[] = {
    LMT_TEST(enum_every_level), LMT_TEST(enum_paging_gives_the_same_set), LMT_TEST(getinfo_502),
    LMT_TEST(server_info),      LMT_TEST(round_trips_from_connect),       LMT_END,
};
const struct lmt_suite lmt_suite_read = {"read", lmt_smbd_skip, lmt_smbd_init, NULL, read_tests};

/* ---- changing shares ---- */

static void add_get_enum_del(const char *name, const char *remark, int level)
{
    struct rpcx x;
    struct lm__srv_share_spec spec = {0};
    struct lm__srv_share sh, *v = NULL;
    const struct lm__srv_share *e;
    char path[1024];
    size_t n = 0;
    lm_status st;

    open_or_fail(&x);
    win_path(fx("LANMAN_TEST_SHARE_PATH"), path, sizeof path);
    spec.name = name;
    spec.path = path;
    spec.remark = remark;
    spec.type = LM_STYPE_DISKTREE;
    spec.max_uses = LM_SHARE_UNLIMITED;
    lm__srvsvc_share_del(x.r, NULL, name, &x.err); /* left over from an interrupted run */
    st = lm__srvsvc_share_add(x.r, NULL, level, &spec, &x.err);
    if (st != LM_OK)
        fprintf(stderr, "add '%s': %s\n", name, x.err.message);
    LMT_EQ(st, LM_OK);

    memset(&sh, 0, sizeof sh);
    LMT_EQ(lm__srvsvc_share_get(x.r, NULL, name, 502, &sh, &x.err), LM_OK);
    LMT_STR(sh.info.name, name);
    LMT_STR(sh.info.remark, remark);
    LMT_STR(sh.info.path, path);
    lm__srv_share_clear(&sh);

    LMT_EQ(lm__srvsvc_share_enum(x.r, NULL, 1, 0xFFFFFFFFu, &v, &n, &x.err), LM_OK);
    e = find(v, n, name);
    LMT_PTR_OK(e);
    LMT_STR(e->info.remark, remark);
    lm__srv_share_list_free(v, n);

    /* Again: it exists. */
    st = lm__srvsvc_share_add(x.r, NULL, level, &spec, &x.err);
    fprintf(stderr, "duplicate add: %s\n", x.err.message);
    LMT_EQ(st, LM_EEXIST);

    LMT_EQ(lm__srvsvc_share_del(x.r, NULL, name, &x.err), LM_OK);
    LMT_EQ(lm__srvsvc_share_get(x.r, NULL, name, 1, &sh, &x.err), LM_ENOENT);
    st = lm__srvsvc_share_del(x.r, NULL, name, &x.err);
    fprintf(stderr, "remove missing: %s\n", x.err.message);
    LMT_EQ(st, LM_ENOENT);
    rpcx_close(&x);
}

static void add_del_ascii_502(void)
{
    add_get_enum_del("lmrpc-ascii", "added by lanman", 502);
}

static void add_del_level2(void)
{
    add_get_enum_del("lmrpc-level2", "level 2", 2);
}

static void add_del_unicode(void)
{
    add_get_enum_del("Donn\xC3\xA9"
                     "es",
                     "Donn\xC3\xA9"
                     "es partag\xC3\xA9"
                     "es",
                     502);
    add_get_enum_del("\xE5\x85\xB1\xE6\x9C\x89",
                     "\xE5\x85\xB1\xE6\x9C\x89\xE3\x83\x95\xE3\x82\xA9\xE3\x83\xAB", 502);
    add_get_enum_del("name with spaces", "a remark with spaces", 502);
    add_get_enum_del("a234567890b234567890c234567890d234567890e234567890f234567890g234", "sixty-four", 502);
}

static void add_with_security_descriptor(void)
{
    struct rpcx x;
    struct lm__srv_share_spec spec = {0};
    struct lm__srv_share sh;
    struct lm__sid everyone;
    uint8_t *sd = NULL;
    size_t sdlen = 0;
    char path[1024], *sddl = NULL;
    struct lm__share_grant g;
    lm_status st;

    open_or_fail(&x);
    LMT_EQ(lm__sid_from_string("S-1-1-0", &everyone), LM_OK);
    memset(&g, 0, sizeof g);
    g.sid = everyone;
    g.mask = 0x001200A9; /* read */
    LMT_EQ(lm__sd_build(NULL, NULL, &g, 1, &sd, &sdlen), LM_OK);
    win_path(fx("LANMAN_TEST_SHARE_PATH"), path, sizeof path);
    spec.name = "lmrpc-sd";
    spec.path = path;
    spec.remark = "with a security descriptor";
    spec.max_uses = LM_SHARE_UNLIMITED;
    spec.sd = sd;
    spec.sd_len = sdlen;
    lm__srvsvc_share_del(x.r, NULL, spec.name, &x.err);
    st = lm__srvsvc_share_add(x.r, NULL, 502, &spec, &x.err);
    if (st != LM_OK)
        fprintf(stderr, "add with SD: %s\n", x.err.message);
    LMT_EQ(st, LM_OK);
    memset(&sh, 0, sizeof sh);
    LMT_EQ(lm__srvsvc_share_get(x.r, NULL, spec.name, 502, &sh, &x.err), LM_OK);
    LMT_EQ(lm__sd_to_sddl(sh.sd, sh.sd_len, &sddl, NULL), LM_OK);
    fprintf(stderr, "SD read back: %s\n", sddl);
    LMT_TRUE(strstr(sddl, ";;;WD)") != NULL);
    free(sddl);
    lm__srv_share_clear(&sh);
    LMT_EQ(lm__srvsvc_share_del(x.r, NULL, spec.name, &x.err), LM_OK);
    free(sd);
    rpcx_close(&x);
}

static void set_remark_and_max_uses(void)
{
    struct rpcx x;
    struct lm__srv_share_spec spec = {0};
    struct lm__srv_share sh;
    char path[1024];
    uint32_t max = 7;
    lm_status st;

    open_or_fail(&x);
    win_path(fx("LANMAN_TEST_SHARE_PATH"), path, sizeof path);
    spec.name = "lmrpc-set";
    spec.path = path;
    spec.remark = "before";
    spec.max_uses = LM_SHARE_UNLIMITED;
    lm__srvsvc_share_del(x.r, NULL, spec.name, &x.err);
    LMT_EQ(lm__srvsvc_share_add(x.r, NULL, 2, &spec, &x.err), LM_OK);
    st = lm__srvsvc_share_set(x.r, NULL, spec.name, "after \xC3\xA9t\xC3\xA9", NULL, &x.err);
    if (st != LM_OK)
        fprintf(stderr, "set 1004: %s\n", x.err.message);
    LMT_EQ(st, LM_OK);
    memset(&sh, 0, sizeof sh);
    LMT_EQ(lm__srvsvc_share_get(x.r, NULL, spec.name, 2, &sh, &x.err), LM_OK);
    LMT_STR(sh.info.remark, "after \xC3\xA9t\xC3\xA9");
    lm__srv_share_clear(&sh);
    st = lm__srvsvc_share_set(x.r, NULL, spec.name, NULL, &max, &x.err);
    if (st != LM_OK)
        fprintf(stderr, "set max uses: %s\n", x.err.message);
    LMT_EQ(st, LM_OK);
    LMT_EQ(lm__srvsvc_share_get(x.r, NULL, spec.name, 2, &sh, &x.err), LM_OK);
    LMT_EQ(sh.info.max_uses, 7);
    LMT_STR(sh.info.remark, "after \xC3\xA9t\xC3\xA9");
    LMT_STR(sh.info.path, path);
    lm__srv_share_clear(&sh);
    LMT_EQ(lm__srvsvc_share_set(x.r, NULL, "no-such-share", "x", NULL, &x.err), LM_ENOENT);
    LMT_EQ(lm__srvsvc_share_del(x.r, NULL, spec.name, &x.err), LM_OK);
    rpcx_close(&x);
}

static void invalid_names_are_refused(void)
{
    struct rpcx x;
    struct lm__srv_share_spec spec = {0};
    char path[1024];
    lm_status st;

    open_or_fail(&x);
    win_path(fx("LANMAN_TEST_SHARE_PATH"), path, sizeof path);
    spec.name = "bad/name";
    spec.path = path;
    st = lm__srvsvc_share_add(x.r, NULL, 2, &spec, &x.err);
    fprintf(stderr, "add 'bad/name': %s (%s)\n", lm_err_name(st), x.err.message);
    LMT_TRUE(st == LM_ENAME || st == LM_EINVAL);
    spec.name = "bad\xC3"; /* not UTF-8: refused before anything is sent */
    LMT_EQ(lm__srvsvc_share_add(x.r, NULL, 2, &spec, &x.err), LM_EILSEQ);
    rpcx_close(&x);
}

static const struct lmt_test admin_tests[] = {
    LMT_TEST(add_del_ascii_502),
    LMT_TEST(add_del_level2),
    LMT_TEST(add_del_unicode),
    LMT_TEST(add_with_security_descriptor),
    LMT_TEST(set_remark_and_max_uses),
    LMT_TEST(invalid_names_are_refused),
    LMT_END,
};
const struct lmt_suite lmt_suite_admin = {"admin", lmt_smbd_skip, lmt_smbd_init, NULL, admin_tests};
