/* lm_share_set_flags above the backend primitives (lib/host/shareflags.c), against a backend of its own
 * that keeps one share's shi1005_flags and can, like Samba 4.17, accept a change and keep some bits as they
 * were: the bits outside the mask survive, nothing is sent when nothing changes, and a change the server
 * did not apply is LM_ENOTSUP naming what it left. */
#include <string.h>

#include "host/host.h"
#include "testlib.h"

static struct {
    uint32_t flags;
    uint32_t ignored; /* bits a set leaves as they were */
    lm_status get_status;
    unsigned gets, sets;
} S;

static lm_status get_flags(struct lm_host *h, const char *name, uint32_t *flags)
{
    S.gets++;
    if (S.get_status != LM_OK)
        return lm_error_set(&h->err, S.get_status, LM_RAW_NONE, 0, "no share %s", name);
    *flags = S.flags;
    return LM_OK;
}

static lm_status set_flags(struct lm_host *h, const char *name, uint32_t flags)
{
    (void)h;
    (void)name;
    S.sets++;
    S.flags = (S.flags & S.ignored) | (flags & ~S.ignored);
    return LM_OK;
}

static const struct lm__host_ops flag_ops = {
    .name = "flags", .share_get_flags = get_flags, .share_set_flags = set_flags};
static const struct lm__host_ops no_ops = {.name = "none"};

static struct lm_host host(const struct lm__host_ops *ops, uint32_t flags, uint32_t ignored)
{
    struct lm_host h;

    memset(&h, 0, sizeof h);
    memset(&S, 0, sizeof S);
    h.ops = ops;
    S.flags = flags;
    S.ignored = ignored;
    return h;
}

static void changes_only_the_mask(void)
{
    struct lm_host h =
        host(&flag_ops, LM_SHI1005_DFS | LM_SHI1005_ACCESS_BASED_ENUM | LM_SHI1005_CSC_DOCUMENTS, 0);
    uint32_t bits;

    LMT_EQ(lm_share_caching_mode_parse("None", &bits), LM_OK);
    LMT_EQ(lm_share_set_flags(&h, "Data", LM_SHI1005_CACHING_BITS, bits), LM_OK);
    LMT_EQ(S.flags, LM_SHI1005_DFS | LM_SHI1005_ACCESS_BASED_ENUM | LM_SHI1005_CSC_NONE);
    LMT_EQ(S.sets, 1);
    LMT_EQ(S.gets, 2); /* before, and the read-back */
    LMT_EQ(lm_share_set_flags(&h, "Data", LM_SHI1005_ENCRYPT_DATA | LM_SHI1005_ACCESS_BASED_ENUM,
                              LM_SHI1005_ENCRYPT_DATA),
           LM_OK);
    LMT_EQ(S.flags, LM_SHI1005_DFS | LM_SHI1005_ENCRYPT_DATA | LM_SHI1005_CSC_NONE);
    /* BranchCache: hash publication on a manually cached share */
    LMT_EQ(lm_share_caching_mode_parse("BranchCache", &bits), LM_OK);
    LMT_EQ(lm_share_set_flags(&h, "Data", LM_SHI1005_CACHING_BITS, bits), LM_OK);
    LMT_EQ(S.flags, LM_SHI1005_DFS | LM_SHI1005_ENCRYPT_DATA | LM_SHI1005_ENABLE_HASH);
    LMT_STR(lm_share_caching_mode_name(S.flags), "BranchCache");
}

static void nothing_sent_when_nothing_changes(void)
{
    struct lm_host h = host(&flag_ops, LM_SHI1005_ENCRYPT_DATA, 0);

    LMT_EQ(lm_share_set_flags(&h, "Data", LM_SHI1005_ENCRYPT_DATA, LM_SHI1005_ENCRYPT_DATA), LM_OK);
    LMT_EQ(S.sets, 0);
    LMT_EQ(S.gets, 1);
}

static void a_change_the_server_did_not_apply(void)
{
    struct lm_host h =
        host(&flag_ops, LM_SHI1005_CSC_DOCUMENTS, LM_SHI1005_ENCRYPT_DATA | LM_SHI1005_ACCESS_BASED_ENUM);

    LMT_EQ(lm_share_set_flags(&h, "Data", LM_SHI1005_ENCRYPT_DATA | LM_SHI1005_ACCESS_BASED_ENUM,
                              LM_SHI1005_ENCRYPT_DATA | LM_SHI1005_ACCESS_BASED_ENUM),
           LM_ENOTSUP);
    LMT_EQ(S.sets, 1);
    LMT_STR(h.err.message, "cannot change the flags of share Data: the server accepted the change but left "
                           "FolderEnumerationMode, EncryptData unchanged (a Samba server takes these from "
                           "smb.conf)");
}

static void errors_say_what_failed(void)
{
    struct lm_host h = host(&flag_ops, 0, 0);
    uint32_t flags;

    S.get_status = LM_ENOENT;
    LMT_EQ(lm_share_set_flags(&h, "Gone", LM_SHI1005_ENCRYPT_DATA, 0), LM_ENOENT);
    LMT_STR(h.err.message, "cannot read the flags of share Gone: no share Gone");
    LMT_EQ(S.sets, 0);
    h = host(&no_ops, 0, 0);
    LMT_EQ(lm_share_get_flags(&h, "Data", &flags), LM_ENOTSUP);
    LMT_STR(h.err.message, "cannot read the flags of share Data: not available through the none backend");
}

static const struct lmt_test tests[] = {
    LMT_TEST(changes_only_the_mask),
    LMT_TEST(nothing_sent_when_nothing_changes),
    LMT_TEST(a_change_the_server_did_not_apply),
    LMT_TEST(errors_say_what_failed),
    LMT_END,
};
const struct lmt_suite lmt_suite_host_shareflags = {"host_shareflags", NULL, NULL, NULL, tests};
