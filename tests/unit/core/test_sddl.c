/* Security descriptors -> SDDL, SIDs, and share permissions. The golden descriptors are built byte by byte
 * from MS-DTYP: 2.4.6 SECURITY_DESCRIPTOR (self-relative), 2.4.2.2 SID, 2.4.5 ACL, 2.4.4.1 ACE_HEADER,
 * 2.4.4.2 ACCESS_ALLOWED_ACE, 2.4.4.3 ACCESS_ALLOWED_OBJECT_ACE; the SDDL spelling follows MS-DTYP
 * 2.5.1.1 and ConvertSecurityDescriptorToStringSecurityDescriptorW (composite rights such as FA by exact
 * match, else bit names, else hex). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "core/sddl.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* O:BA G:SY D:(A;;FA;;;WD) -- header, owner, group, DACL. */
static const uint8_t golden1[] = {
    /* 0x00 header: Revision 1, Sbz1, Control SR|DP (0x8004), owner 0x14, group 0x24, SACL 0, DACL 0x30 */
    0x01, 0x00, 0x04, 0x80, 0x14, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30,
    0x00, 0x00, 0x00,
    /* 0x14 owner S-1-5-32-544 */
    0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00,
    /* 0x24 group S-1-5-18 */
    0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00,
    /* 0x30 DACL: revision 2, size 28, 1 ACE */
    0x02, 0x00, 0x1C, 0x00, 0x01, 0x00, 0x00, 0x00,
    /* ACCESS_ALLOWED, flags 0, size 20, mask 0x001F01FF, S-1-1-0 */
    0x00, 0x00, 0x14, 0x00, 0xFF, 0x01, 0x1F, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
    0x00, 0x00, 0x00};

/* The default-shaped HKLM\...\LanmanServer\DefaultSecurity\SrvsvcSessionInfo value as hardened by NetCease
 * (owner and group SY, six ACEs); S-1-5-3 (BATCH) has no SDDL alias, and 0x000F0013 spells out bit by bit. */
static const uint8_t golden2[] = {
    0x01, 0x00, 0x04, 0x80, 0x14, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2C,
    0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00, 0x01, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00, 0x02, 0x00, 0x8C, 0x00, 0x06, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x14, 0x00, 0xFF, 0x01, 0x1F, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
    0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0xFF, 0x01, 0x1F, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0xFF, 0x01, 0x1F, 0x00, 0x01, 0x01,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x13, 0x00, 0x0F,
    0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00,
    0x00, 0x00, 0x18, 0x00, 0x13, 0x00, 0x0F, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20,
    0x00, 0x00, 0x00, 0x23, 0x02, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x13, 0x00, 0x0F, 0x00, 0x01, 0x02,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x25, 0x02, 0x00, 0x00};

static const char golden2_sddl[] =
    "O:SYG:SYD:(A;;FA;;;S-1-5-3)(A;;FA;;;IU)(A;;FA;;;SU)(A;;CCDCRPSDRCWDWO;;;BA)"
    "(A;;CCDCRPSDRCWDWO;;;PU)(A;;CCDCRPSDRCWDWO;;;SO)";

static void expect_sddl(const uint8_t *p, size_t n, const char *want)
{
    char *s = NULL;
    lm_error e;

    lm_error_clear(&e);
    LMT_EQ(lm__sd_to_sddl(p, n, &s, &e), LM_OK);
    if (strcmp(s, want) != 0)
        fprintf(stderr, "got %s\n", s);
    LMT_STR(s, want);
    free(s);
}

static void expect_sd_error(const uint8_t *p, size_t n, lm_status want)
{
    struct lm__share_grant *g = NULL;
    char *s = NULL;
    size_t count = 99;
    lm_error e;

    lm_error_clear(&e);
    LMT_EQ(lm__sd_to_sddl(p, n, &s, &e), want);
    LMT_PTR_NULL(s);
    LMT_EQ(e.status, want);
    LMT_TRUE(strncmp(e.message, "security descriptor: ", 21) == 0);
    lm_error_clear(&e);
    if (want == LM_EPROTO) {
        LMT_EQ(lm__sd_grants(p, n, &g, &count, &e), want);
        LMT_PTR_NULL(g);
        LMT_EQ(count, 99);
    }
}

static void golden_descriptors(void)
{
    expect_sddl(golden1, sizeof golden1, "O:BAG:SYD:(A;;FA;;;WD)");
    expect_sddl(golden2, sizeof golden2, golden2_sddl);
}

static void sid_of(const char *s, struct lm__sid *sid)
{
    LMT_EQ(lm__sid_from_string(s, sid), LM_OK);
}

static void sid_strings(void)
{
    struct lm__sid sid;
    char buf[LM__SID_STRING_MAX];
    uint8_t bin[8 + 4 * 15];
    size_t used = 0;

    sid_of("S-1-5-21-1004336348-1177238915-682003330-1001", &sid);
    LMT_EQ(sid.count, 5);
    LMT_EQ(sid.auth[5], 5);
    LMT_EQ(sid.sub[4], 1001);
    LMT_STR(lm__sid_to_string(&sid, buf), "S-1-5-21-1004336348-1177238915-682003330-1001");
    LMT_PTR_NULL(lm__sid_alias(&sid));
    sid_of("ba", &sid);
    LMT_STR(lm__sid_to_string(&sid, buf), "S-1-5-32-544");
    LMT_STR(lm__sid_alias(&sid), "BA");
    sid_of("WD", &sid);
    LMT_STR(lm__sid_to_string(&sid, buf), "S-1-1-0");
    sid_of("S-1-5-18", &sid);
    LMT_STR(lm__sid_alias(&sid), "SY");
    sid_of("S-1-16-12288", &sid);
    LMT_STR(lm__sid_alias(&sid), "HI");
    sid_of("s-1-5", &sid);
    LMT_EQ(sid.count, 0);
    LMT_STR(lm__sid_to_string(&sid, buf), "S-1-5");
    /* MS-DTYP 2.4.2.1: an authority of 2^32 or more is written in hex, 12 digits. */
    sid_of("S-1-0x010000000000-7", &sid);
    LMT_EQ(sid.auth[0], 1);
    LMT_STR(lm__sid_to_string(&sid, buf), "S-1-0x010000000000-7");
    sid_of("S-1-4294967296-1", &sid);
    LMT_STR(lm__sid_to_string(&sid, buf), "S-1-0x000100000000-1");
    sid_of("S-1-1-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15", &sid);
    LMT_EQ(sid.count, 15);

    static const char *const bad[] = {"",
                                      "S",
                                      "S-1-",
                                      "S-2-5-32",
                                      "S-1-5-x",
                                      "S-1-5--1",
                                      "S-1-5-",
                                      "S-1-5-4294967296",
                                      "S-1-0x1000000000000",
                                      "XX",
                                      "S-1-5-32-544 ",
                                      "S-1-1-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16"};
    for (size_t i = 0; i < N(bad); i++)
        LMT_EQ(lm__sid_from_string(bad[i], &sid), LM_EINVAL);

    /* Binary form, MS-DTYP 2.4.2.2. */
    LMT_EQ(lm__sid_parse(golden1 + 0x14, 16, &sid, &used), LM_OK);
    LMT_EQ(used, 16);
    LMT_EQ(lm__sid_size(&sid), 16);
    LMT_STR(lm__sid_alias(&sid), "BA");
    LMT_EQ(lm__sid_parse(golden1 + 0x14, 15, &sid, &used), LM_EPROTO);
    memcpy(bin, golden1 + 0x14, 16);
    bin[0] = 2; /* revision */
    LMT_EQ(lm__sid_parse(bin, 16, &sid, NULL), LM_EPROTO);
    bin[0] = 1;
    bin[1] = 16; /* too many sub-authorities, even with the bytes there */
    LMT_EQ(lm__sid_parse(bin, sizeof bin, &sid, NULL), LM_EPROTO);
}

static void build_and_parse_back(void)
{
    static const uint8_t dacl_only[] = {
        0x01, 0x00, 0x04, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x14, 0x00, 0x00, 0x00, 0x02, 0x00, 0x1C, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00,
        0xFF, 0x01, 0x1F, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
    struct lm__share_grant g[3];
    struct lm__sid ba, sy;
    uint8_t *p;
    size_t n;

    sid_of("WD", &g[0].sid);
    g[0].mask = LM__SHARE_RIGHT_FULL;
    g[0].deny = false;
    LMT_EQ(lm__sd_build(NULL, NULL, g, 1, &p, &n), LM_OK);
    LMT_EQ(n, sizeof dacl_only);
    LMT_MEM(p, dacl_only, n);
    expect_sddl(p, n, "D:(A;;FA;;;WD)");
    free(p);

    sid_of("BA", &ba);
    sid_of("SY", &sy);
    LMT_EQ(lm__sd_build(&ba, &sy, g, 1, &p, &n), LM_OK);
    LMT_EQ(n, sizeof golden1);
    LMT_MEM(p, golden1, n);
    free(p);

    /* --change AU, a deny of Read for a domain user, a generic right. */
    sid_of("AU", &g[0].sid);
    g[0].mask = LM__SHARE_RIGHT_CHANGE;
    sid_of("S-1-5-21-1004336348-1177238915-682003330-1001", &g[1].sid);
    g[1].mask = LM__SHARE_RIGHT_READ;
    g[1].deny = true;
    sid_of("BU", &g[2].sid);
    g[2].mask = 0x10000000;
    g[2].deny = false;
    LMT_EQ(lm__sd_build(NULL, NULL, g, 3, &p, &n), LM_OK);
    expect_sddl(
        p, n,
        "D:(A;;0x1301bf;;;AU)(D;;0x1200a9;;;S-1-5-21-1004336348-1177238915-682003330-1001)(A;;GA;;;BU)");
    {
        struct lm__share_grant *back = NULL;
        size_t count = 0;
        char buf[LM__SID_STRING_MAX], right[24];

        LMT_EQ(lm__sd_grants(p, n, &back, &count, NULL), LM_OK);
        LMT_EQ(count, 3);
        LMT_STR(lm__sid_to_string(&back[0].sid, buf), "S-1-5-11");
        LMT_STR(lm__share_right_text(back[0].mask, right), "Change");
        LMT_EQ(back[0].deny, false);
        LMT_STR(lm__sid_to_string(&back[1].sid, buf), "S-1-5-21-1004336348-1177238915-682003330-1001");
        LMT_STR(lm__share_right_text(back[1].mask, right), "Read");
        LMT_EQ(back[1].deny, true);
        LMT_STR(lm__share_right_text(back[2].mask, right), "Custom(0x10000000)");
        free(back);
    }
    free(p);

    /* No grants: an empty DACL, which lets nobody in. */
    LMT_EQ(lm__sd_build(NULL, NULL, NULL, 0, &p, &n), LM_OK);
    LMT_EQ(n, 28);
    expect_sddl(p, n, "D:");
    {
        struct lm__share_grant *back = NULL;
        size_t count = 99;
        LMT_EQ(lm__sd_grants(p, n, &back, &count, NULL), LM_OK);
        LMT_EQ(count, 0);
        free(back);
    }
    free(p);
}

static void right_names(void)
{
    char buf[24];

    LMT_STR(lm__share_right_text(0x1F01FF, buf), "Full");
    LMT_STR(lm__share_right_text(0x1301BF, buf), "Change");
    LMT_STR(lm__share_right_text(0x1200A9, buf), "Read");
    LMT_STR(lm__share_right_text(0x1F01BF, buf), "Custom(0x1f01bf)");
    LMT_STR(lm__share_right_text(0, buf), "Custom(0x0)");
}

/* Access masks as SDDL spells them: exact composite or single-right names first, then bit names, then hex. */
static void access_masks(void)
{
    static const struct {
        uint32_t mask;
        const char *sddl;
    } cases[] = {
        {0x001F01FF, "D:(A;;FA;;;WD)"},       {0x00120089, "D:(A;;FR;;;WD)"},
        {0x00120116, "D:(A;;FW;;;WD)"},       {0x001200A0, "D:(A;;FX;;;WD)"},
        {0x000F003F, "D:(A;;KA;;;WD)"},       {0x00020019, "D:(A;;KR;;;WD)"},
        {0x10000000, "D:(A;;GA;;;WD)"},       {0xA0000000, "D:(A;;GXGR;;;WD)"},
        {0x00030000, "D:(A;;SDRC;;;WD)"},     {0x00000114, "D:(A;;LCRPCR;;;WD)"},
        {0x001301BF, "D:(A;;0x1301bf;;;WD)"}, {0x001200A9, "D:(A;;0x1200a9;;;WD)"},
        {0x00100000, "D:(A;;0x100000;;;WD)"}, {0x00000000, "D:(A;;;;;WD)"},
    };
    struct lm__share_grant g;
    uint8_t *p;
    size_t n;

    sid_of("WD", &g.sid);
    g.deny = false;
    for (size_t i = 0; i < N(cases); i++) {
        g.mask = cases[i].mask;
        LMT_EQ(lm__sd_build(NULL, NULL, &g, 1, &p, &n), LM_OK);
        expect_sddl(p, n, cases[i].sddl);
        free(p);
    }
}

/* Control flags and ACE flags, set by hand in a copy of golden1. */
static void flags(void)
{
    uint8_t sd[sizeof golden1];

    memcpy(sd, golden1, sizeof sd);
    sd[2] = 0x04;
    sd[3] = 0x94;        /* SR | PD | DI | DP: protected, auto-inherited */
    sd[0x38 + 1] = 0x13; /* OI | CI | ID */
    expect_sddl(sd, sizeof sd, "O:BAG:SYD:PAI(A;OICIID;FA;;;WD)");
    sd[2] = 0x04 | 0x00;
    sd[3] = 0x81;               /* SR | AR (DACL auto-inherit required) */
    sd[0x38 + 1] = 0x0C | 0xC0; /* NP | IO | SA | FA */
    expect_sddl(sd, sizeof sd, "O:BAG:SYD:AR(A;NPIOSAFA;FA;;;WD)");
    sd[0x38 + 1] = 0x20; /* no SDDL name */
    expect_sd_error(sd, sizeof sd, LM_ENOTSUP);
    sd[0x38 + 1] = 0;
    sd[0x38] = 0x01; /* ACCESS_DENIED */
    expect_sddl(sd, sizeof sd, "O:BAG:SYD:AR(D;;FA;;;WD)");
    sd[0x38] = 0x09; /* ACCESS_ALLOWED_CALLBACK: conditional expressions are not supported */
    expect_sd_error(sd, sizeof sd, LM_ENOTSUP);
    {
        struct lm__share_grant *g = NULL;
        size_t count = 0;
        sd[0x38] = 0x02; /* SYSTEM_AUDIT in a DACL is no share permission */
        LMT_EQ(lm__sd_grants(sd, sizeof sd, &g, &count, NULL), LM_ENOTSUP);
        LMT_PTR_NULL(g);
    }
}

static void null_and_absent_dacl(void)
{
    static const uint8_t null_dacl[] = {0x01, 0x00, 0x04, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    uint8_t no_dacl[sizeof golden1];
    struct lm__share_grant *g = NULL;
    size_t count = 0;
    char buf[LM__SID_STRING_MAX];

    expect_sddl(null_dacl, sizeof null_dacl, "D:NO_ACCESS_CONTROL");
    LMT_EQ(lm__sd_grants(null_dacl, sizeof null_dacl, &g, &count, NULL), LM_OK);
    LMT_EQ(count, 1);
    LMT_STR(lm__sid_to_string(&g[0].sid, buf), "S-1-1-0");
    LMT_EQ(g[0].mask, LM__SHARE_RIGHT_FULL);
    LMT_EQ(g[0].deny, false);
    free(g);

    /* DP clear: the DACL offset is not looked at, as GetSecurityDescriptorDacl does. */
    memcpy(no_dacl, golden1, sizeof no_dacl);
    no_dacl[2] = 0x00;
    no_dacl[16] = 0xFF;
    expect_sddl(no_dacl, sizeof no_dacl, "O:BAG:SY");
    g = NULL;
    LMT_EQ(lm__sd_grants(no_dacl, sizeof no_dacl, &g, &count, NULL), LM_OK);
    LMT_EQ(count, 1);
    free(g);
}

static void sacl_and_object_aces(void)
{
    /* SACL with a mandatory label (ML;;NW;;;LW), DACL with an object ACE (MS-DTYP 2.4.4.3) for the
     * extended right 1131f6aa-9c07-11d1-f79f-00c04fc2dcd2, to SY. */
    static const uint8_t sd[] = {
        0x01, 0x00, 0x14, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x30,
        0x00, 0x00, 0x00,
        /* 0x14 SACL: revision 2, size 28, 1 ACE: type 0x11, flags 0, size 20, mask 1, S-1-16-4096 */
        0x02, 0x00, 0x1C, 0x00, 0x01, 0x00, 0x00, 0x00, 0x11, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00, 0x00,
        /* 0x30 DACL: revision 4, size 48, 1 ACE: type 5, size 40, mask CR, flags 1, GUID, S-1-5-18 */
        0x04, 0x00, 0x30, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05, 0x00, 0x28, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0xAA, 0xF6, 0x31, 0x11, 0x07, 0x9C, 0xD1, 0x11, 0xF7, 0x9F, 0x00, 0xC0, 0x4F, 0xC2,
        0xDC, 0xD2, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00};
    uint8_t copy[sizeof sd];

    expect_sddl(sd, sizeof sd, "D:(OA;;CR;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;;SY)S:(ML;;NW;;;LW)");
    memcpy(copy, sd, sizeof copy);
    copy[0x40] = 0x02; /* the GUID is now the inherited object type */
    expect_sddl(copy, sizeof copy, "D:(OA;;CR;;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;SY)S:(ML;;NW;;;LW)");
    copy[0x40] = 0x03; /* both GUIDs flagged: 16 bytes missing, the SID no longer fits */
    expect_sd_error(copy, sizeof copy, LM_EPROTO);
    memcpy(copy, sd, sizeof copy);
    copy[2] = 0x04; /* SACL not present: its ACL is not printed */
    expect_sddl(copy, sizeof copy, "D:(OA;;CR;1131f6aa-9c07-11d1-f79f-00c04fc2dcd2;;SY)");
}

/* Every truncation of a valid descriptor is an error, never a read past the end (run under ASan). */
static void every_truncation(void)
{
    for (size_t n = 0; n < sizeof golden1; n++)
        expect_sd_error(golden1, n, LM_EPROTO);
    for (size_t n = 0; n < sizeof golden2; n++)
        expect_sd_error(golden2, n, LM_EPROTO);
    expect_sd_error(NULL, 0, LM_EPROTO);
}

static void corruptions(void)
{
    static const struct {
        size_t off;
        uint8_t value;
        const char *why;
    } cases[] = {
        {0x00, 0x02, "SD revision 2"},
        {0x03, 0x00, "SE_SELF_RELATIVE clear"},
        {0x04, 0x04, "owner offset inside the header"},
        {0x05, 0x10, "owner offset past the end"},
        {0x08, 0x4C, "group offset == length"},
        {0x10, 0x4C, "DACL offset == length"},
        {0x10, 0x48, "DACL header runs past the end"},
        {0x10, 0x00, "DACL offset 0 means NULL DACL: valid, see below"},
        {0x14, 0x02, "owner SID revision 2"},
        {0x15, 0x10, "owner SID with 16 sub-authorities"},
        {0x15, 0x0F, "owner SID longer than the data"},
        {0x30, 0x03, "ACL revision 3"},
        {0x32, 0x04, "AclSize below the ACL header"},
        {0x32, 0x20, "AclSize past the end"},
        {0x34, 0x02, "AceCount larger than the data"},
        {0x34, 0xFF, "AceCount 255"},
        {0x3A, 0x00, "AceSize 0"},
        {0x3A, 0x02, "AceSize 2"},
        {0x3A, 0x06, "AceSize not a multiple of 4"},
        {0x3A, 0x10, "AceSize too small for mask + SID"},
        {0x3A, 0x18, "AceSize past the ACL"},
        {0x41, 0x05, "ACE SID longer than the ACE"},
        {0x40, 0x00, "ACE SID revision 0"},
    };
    uint8_t sd[sizeof golden1];

    for (size_t i = 0; i < N(cases); i++) {
        memcpy(sd, golden1, sizeof sd);
        sd[cases[i].off] = cases[i].value;
        if (cases[i].off == 0x10 && cases[i].value == 0)
            expect_sddl(sd, sizeof sd, "O:BAG:SYD:NO_ACCESS_CONTROL");
        else
            expect_sd_error(sd, sizeof sd, LM_EPROTO);
    }
}

/* MS-DTYP 2.4.4.1: AceSize may exceed the fields (padding) but MUST be a multiple of 4. golden1 with the
 * ACL and its one ACE grown by 4 bytes of padding. */
static void ace_size_alignment(void)
{
    uint8_t sd[sizeof golden1 + 4];

    memcpy(sd, golden1, sizeof golden1);
    memset(sd + sizeof golden1, 0, 4);
    sd[0x32] = 0x20; /* AclSize 32 */
    sd[0x3A] = 0x18; /* AceSize 24: 4 bytes of padding after the SID */
    expect_sddl(sd, sizeof sd, "O:BAG:SYD:(A;;FA;;;WD)");
    sd[0x3A] = 0x16; /* AceSize 22: everything fits, but it is not a multiple of 4 */
    expect_sd_error(sd, sizeof sd, LM_EPROTO);
}

/* Every byte of golden2 set to a few hostile values: any status is fine, a crash or an ASan report is not. */
static void byte_flips(void)
{
    static const uint8_t values[] = {0x00, 0x01, 0x7F, 0x80, 0xFF};
    uint8_t sd[sizeof golden2];

    for (size_t i = 0; i < sizeof sd; i++) {
        for (size_t k = 0; k < N(values); k++) {
            struct lm__share_grant *g = NULL;
            size_t count;
            char *s = NULL;

            memcpy(sd, golden2, sizeof sd);
            sd[i] = values[k];
            if (lm__sd_to_sddl(sd, sizeof sd, &s, NULL) == LM_OK)
                LMT_TRUE(s != NULL && strlen(s) > 0);
            free(s);
            if (lm__sd_grants(sd, sizeof sd, &g, &count, NULL) == LM_OK)
                LMT_PTR_OK(g);
            free(g);
        }
    }
}

static void error_names_the_place(void)
{
    uint8_t sd[sizeof golden1];
    char *s = NULL;
    lm_error e;

    memcpy(sd, golden1, sizeof sd);
    sd[0x34] = 2;
    lm_error_clear(&e);
    LMT_EQ(lm__sd_to_sddl(sd, sizeof sd, &s, &e), LM_EPROTO);
    LMT_STR(e.message, "security descriptor: DACL says 2 ACEs, but ACE 1 at offset 76 is past its end");
}

static const struct lmt_test tests[] = {
    LMT_TEST(golden_descriptors),    LMT_TEST(sid_strings),
    LMT_TEST(build_and_parse_back),  LMT_TEST(right_names),
    LMT_TEST(access_masks),          LMT_TEST(flags),
    LMT_TEST(null_and_absent_dacl),  LMT_TEST(sacl_and_object_aces),
    LMT_TEST(every_truncation),      LMT_TEST(corruptions),
    LMT_TEST(ace_size_alignment),    LMT_TEST(byte_flips),
    LMT_TEST(error_names_the_place), LMT_END,
};
const struct lmt_suite lmt_suite_sddl = {"sddl", NULL, NULL, NULL, tests};
