/* lib/xml/export.c through the in-memory host backend of tests/unit/host: every document is parsed back and
 * validated against the built-in schema, then checked with XPath: typed values, REG_MULTI_SZ children,
 * REG_BINARY as hex, at-default and <default>, grants spelled out from the security descriptor,
 * present="false" parts, streaming (the writer gets data while shares are still being enumerated), a write
 * error that stops the export with its own status, and the atomic file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "memhost.h"
#include "core/regval.h"
#include "core/sddl.h"
#include "lanman/version.h"
#include "lanman/xml.h"
#include "xml/xml.h"
#include "xmltest.h"

static lm_host *H = &memhost;
static struct lm__host_ops remote_named;

/* The in-memory host backend, named as a real one: the schema knows only win32 and remote. */
static void reset(void)
{
    memhost_reset();
    remote_named = *memhost.ops;
    remote_named.name = "remote";
    memhost.ops = &remote_named;
}

/* ---- registry contents ---- */

static const uint8_t dword_1[] = {1, 0, 0, 0}, dword_0[] = {0, 0, 0, 0}, dword_bad[] = {1, 2, 3};
static const uint8_t qword[] = {0, 0, 0, 0, 1, 0, 0, 0};
static const uint8_t blob[] = {0x0a, 0x0b, 0xff};
static const uint8_t resource[] = {0xde, 0xad};
/* "hi & <you>" and "%SystemRoot%\x" and "a","b" in UTF-16LE */
static const uint8_t sz[] = {'h', 0,   'i', 0,   ' ', 0,   '&', 0,   ' ', 0, '<',
                             0,   'y', 0,   'o', 0,   'u', 0,   '>', 0,   0, 0};
static const uint8_t expand[] = {'%', 0, 'S', 0, 'R', 0, '%', 0, '\\', 0, 'x', 0, 0, 0};
static const uint8_t multi[] = {'a', 0, 0, 0, 'b', 0, 0, 0, 0, 0};
static const uint8_t ctrl_sz[] = {'a', 0, 1, 0, 'b', 0, 0, 0};
static const uint8_t conf_data[] = {'P', 0, 'a', 0, 't', 0, 'h', 0, '=', 0, 'C', 0, ':', 0, '\\', 0,
                                    'D', 0, 0,   0, 'S', 0, 'h', 0, 'a', 0, 'r', 0, 'e', 0, 'N',  0,
                                    'a', 0, 'm', 0, 'e', 0, '=', 0, 'D', 0, 0,   0, 'T', 0, 'y',  0,
                                    'p', 0, 'e', 0, '=', 0, '0', 0, 0,   0, 0,   0};

static uint8_t *sd_everyone_full_guests_denied;
static size_t sd_len;

static void reg(const char *key, const char *name, lm_reg_type type, const uint8_t *data, size_t len)
{
    struct memhost_reg *r = &F.reg[F.nreg++];

    r->key = key;
    r->name = name;
    r->type = type;
    r->data = data;
    r->len = len;
}

static void build_sd(void)
{
    struct lm__share_grant g[2];

    memset(g, 0, sizeof g);
    LMT_EQ(lm__sid_from_string("S-1-1-0", &g[0].sid), LM_OK);
    g[0].mask = LM__SHARE_RIGHT_FULL;
    LMT_EQ(lm__sid_from_string("S-1-5-32-546", &g[1].sid), LM_OK);
    g[1].mask = LM__SHARE_RIGHT_READ;
    g[1].deny = true;
    free(sd_everyone_full_guests_denied);
    LMT_EQ(lm__sd_build(NULL, NULL, g, 2, &sd_everyone_full_guests_denied, &sd_len), LM_OK);
}

static struct memhost_share *share(const char *name, const char *path, const char *remark, uint32_t type)
{
    struct memhost_share *s = &F.shares[F.nshares++];

    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->path, sizeof s->path, "%s", path != NULL ? path : "");
    snprintf(s->remark, sizeof s->remark, "%s", remark != NULL ? remark : "");
    s->type = type;
    s->max_uses = LM_SHARE_UNLIMITED;
    return s;
}

/* A Windows-like host: LanmanServer running with typed parameters, no LanmanWorkstation, three live shares
 * and one configured share. */
static void windows_like(void)
{
    struct memhost_svc *srv;
    struct memhost_share *s;

    reset();
    build_sd();
    snprintf(F.info.name, sizeof F.info.name, "FILESRV");
    snprintf(F.info.os, sizeof F.info.os, "Windows NT");
    snprintf(F.info.os_version, sizeof F.info.os_version, "10.0");
    srv = memhost_add("LanmanServer", "Server", LM_SERVICE_RUNNING);
    srv->start = LM_START_AUTOMATIC;
    srv->needs[0] = "SamSS";
    srv->needs[1] = "Srv2";
    memhost_add("Spooler", "Print Spooler", LM_SERVICE_STOPPED);
    reg("LanmanServer\\Parameters", "SMB1", LM_REG_DWORD, dword_1, sizeof dword_1);
    reg("LanmanServer\\Parameters", "SMB2", LM_REG_DWORD, dword_0, sizeof dword_0);
    reg("LanmanServer\\Parameters", "srvcomment", LM_REG_SZ, sz, sizeof sz);
    reg("LanmanServer\\Parameters", "NullSessionShares", LM_REG_MULTI_SZ, multi, sizeof multi);
    reg("LanmanServer\\Parameters", "Blob", LM_REG_BINARY, blob, sizeof blob);
    reg("LanmanServer\\Parameters", "Big", LM_REG_QWORD, qword, sizeof qword);
    reg("LanmanServer\\Parameters", "ServiceDll", LM_REG_EXPAND_SZ, expand, sizeof expand);
    reg("LanmanServer\\Parameters", "Resources", LM_REG_RESOURCE_LIST, resource, sizeof resource);
    reg("LanmanServer\\Parameters", "Short", LM_REG_DWORD, dword_bad, sizeof dword_bad);
    reg("LanmanServer\\Parameters", "Ctrl", LM_REG_SZ, ctrl_sz, sizeof ctrl_sz);
    reg("LanmanServer\\Shares", "Data", LM_REG_MULTI_SZ, conf_data, sizeof conf_data);
    reg("LanmanServer\\Shares\\Security", "Data", LM_REG_BINARY, sd_everyone_full_guests_denied, sd_len);
    s = share("Data", "C:\\Data", "Finance & <co>", LM_STYPE_DISKTREE);
    s->sd = sd_everyone_full_guests_denied;
    s->sd_len = sd_len;
    s->current_uses = 3;
    share("IPC$", NULL, "Remote IPC\x01", LM_STYPE_IPC | LM_STYPE_SPECIAL);
    s = share("Limited", "C:\\L", NULL, LM_STYPE_DISKTREE | LM_STYPE_TEMPORARY);
    s->max_uses = 10;
}

/* ---- exporting into memory, parsing back ---- */

struct sink {
    char *p;
    size_t n;
    unsigned writes;
    unsigned pages_at_first_write; /* F.share_pages when the first byte after <shares> arrived */
    size_t fail_after;             /* 0: never; else fail the write that would pass this many bytes */
    lm_status fail_with;
};

static lm_status sink_write(void *ctx, const void *buf, size_t len)
{
    struct sink *s = ctx;
    char *grown;

    if (s->fail_after > 0 && s->n + len > s->fail_after)
        return s->fail_with;
    grown = realloc(s->p, s->n + len + 1);
    LMT_PTR_OK(grown);
    s->p = grown;
    memcpy(s->p + s->n, buf, len);
    s->n += len;
    s->p[s->n] = '\0';
    if (s->pages_at_first_write == 0 && F.share_pages > 0)
        s->pages_at_first_write = F.share_pages;
    s->writes++;
    return LM_OK;
}

#define P "/c:lanman-config/c:service[@name='LanmanServer']/c:parameters/"

static void host_and_services(void)
{
    xmlDocPtr doc;

    windows_like();
    doc = xt_export(H);
    XP_EQ(doc, "/c:lanman-config/@version", "2");
    XP_EQ(doc, "/c:lanman-config/c:host/@name", "FILESRV");
    XP_EQ(doc, "/c:lanman-config/c:host/@backend", "remote");
    XP_EQ(doc, "/c:lanman-config/c:host/@os", "Windows NT");
    XP_EQ(doc, "/c:lanman-config/c:host/@os-version", "10.0");
    XP_EQ(doc, "string-length(/c:lanman-config/c:host/@exported)", "20");
    XP_EQ(doc, "substring(/c:lanman-config/c:host/@exported, 20)", "Z");
    XP_EQ(doc, "/c:lanman-config/c:host/@tool-version", lm_version_string());
    /* LanmanServer, then LanmanWorkstation, which this host does not have. */
    XP_EQ(doc, "count(/c:lanman-config/c:service)", "2");
    XP_EQ(doc, "/c:lanman-config/c:service[1]/@name", "LanmanServer");
    XP_EQ(doc, "/c:lanman-config/c:service[1]/@status", "Running");
    XP_EQ(doc, "/c:lanman-config/c:service[1]/@start-type", "Automatic");
    XP_EQ(doc, "/c:lanman-config/c:service[1]/@display-name", "Server");
    XP_EQ(doc, "count(/c:lanman-config/c:service[1]/c:depends-on)", "2");
    XP_EQ(doc, "/c:lanman-config/c:service[1]/c:depends-on[2]/@name", "Srv2");
    XP_EQ(doc, "/c:lanman-config/c:service[2]/@name", "LanmanWorkstation");
    XP_EQ(doc, "/c:lanman-config/c:service[2]/@present", "false");
    XP_EQ(doc, "count(/c:lanman-config/c:service[2]/*)", "0");
    xmlFreeDoc(doc);
}

static void typed_parameters(void)
{
    xmlDocPtr doc;

    windows_like();
    doc = xt_export(H);
    XP_EQ(doc, P "c:dword[@name='SMB1']", "1");
    XP_EQ(doc, P "c:dword[@name='SMB1']/@at-default", "true");
    XP_EQ(doc, P "c:dword[@name='SMB2']", "0");
    XP_EQ(doc, P "c:dword[@name='SMB2']/@at-default", "false");
    XP_EQ(doc, P "c:sz[@name='srvcomment']", "hi & <you>");
    XP_EQ(doc, P "c:expand-sz[@name='ServiceDll']", "%SR%\\x");
    /* Exported for the record, though lanman never applies it; catalogued, with no single default. */
    XP_EQ(doc, P "c:expand-sz[@name='ServiceDll']/@at-default", "false");
    XP_EQ(doc, P "c:qword[@name='Big']", "4294967296");
    XP_EQ(doc, "count(" P "c:multi-sz[@name='NullSessionShares']/c:string)", "2");
    XP_EQ(doc, P "c:multi-sz[@name='NullSessionShares']/c:string[2]", "b");
    XP_EQ(doc, P "c:multi-sz[@name='NullSessionShares']/@at-default", "false"); /* default: empty list */
    XP_EQ(doc, P "c:binary[@name='Blob']", "0a0bff");
    /* What has no typed form keeps its type number and raw bytes. */
    XP_EQ(doc, P "c:other[@name='Resources']/@type", "8");
    XP_EQ(doc, P "c:other[@name='Resources']", "dead");
    XP_EQ(doc, P "c:other[@name='Short']/@type", "4");
    XP_EQ(doc, P "c:other[@name='Short']", "010203");
    XP_EQ(doc, P "c:other[@name='Ctrl']/@type", "1");
    XP_EQ(doc, P "c:other[@name='Ctrl']",
          "610001006200"
          "0000");
    /* Ten values, in registry order, then a <default> for every catalogue setting that is absent. */
    XP_EQ(doc, "count(" P "*[not(self::c:default)])", "10");
    XP_EQ(doc, "local-name(" P "*[1])", "dword");
    XP_EQ(doc, P "c:default[@name='AutoShareServer']/@value", "1");
    XP_EQ(doc, P "c:default[@name='RestrictNullSessAccess']/@value", "1");
    /* Each says the value is absent, which config apply restores by removing it. */
    XP_EQ(doc, "count(" P "c:default[not(@absent='true')])", "0");
    XP_EQ(doc, P "c:default[@name='AutoShareServer']/@absent", "true");
    XP_EQ(doc, "count(" P "c:default[@name='SMB1'])", "0");
    XP_EQ(doc, "count(" P "c:default[@name='NullSessionShares'])", "0");
    /* NullSessionPipes has no single default: named, with no value. */
    XP_EQ(doc, "count(" P "c:default[@name='NullSessionPipes'])", "1");
    XP_EQ(doc, "count(" P "c:default[@name='NullSessionPipes']/@value)", "0");
    xmlFreeDoc(doc);
}

#define S "/c:lanman-config/c:shares/c:share"

static void shares_and_grants(void)
{
    xmlDocPtr doc;

    windows_like();
    doc = xt_export(H);
    XP_EQ(doc, "count(" S ")", "3");
    XP_EQ(doc, S "[1]/@name", "Data");
    XP_EQ(doc, S "[1]/@type", "Disk");
    XP_EQ(doc, S "[1]/@type-flags", "00000000");
    XP_EQ(doc, S "[1]/@special", "false");
    XP_EQ(doc, S "[1]/@max-uses", "unlimited");
    XP_EQ(doc, S "[1]/@current-uses", "3");
    XP_EQ(doc, S "[1]/@level", "502");
    XP_EQ(doc, S "[1]/c:path", "C:\\Data");
    XP_EQ(doc, S "[1]/c:description", "Finance & <co>");
    XP_EQ(doc, S "[1]/c:security/@sddl", "D:(A;;FA;;;WD)(D;;0x1200a9;;;BG)");
    XP_EQ(doc, "count(" S "[1]/c:security/c:grant)", "2");
    XP_EQ(doc, S "[1]/c:security/c:grant[1]/@sid", "S-1-1-0");
    XP_EQ(doc, S "[1]/c:security/c:grant[1]/@account", "Everyone");
    XP_EQ(doc, S "[1]/c:security/c:grant[1]/@access", "allow");
    XP_EQ(doc, S "[1]/c:security/c:grant[1]/@right", "Full");
    XP_EQ(doc, S "[1]/c:security/c:grant[1]/@mask", "001F01FF");
    XP_EQ(doc, S "[1]/c:security/c:grant[2]/@account", "BUILTIN\\Guests");
    XP_EQ(doc, S "[1]/c:security/c:grant[2]/@access", "deny");
    XP_EQ(doc, S "[1]/c:security/c:grant[2]/@right", "Read");
    XP_EQ(doc, S "[2]/@type", "IPC");
    XP_EQ(doc, S "[2]/@type-flags", "80000003");
    XP_EQ(doc, S "[2]/@special", "true");
    XP_EQ(doc, "count(" S "[2]/c:path)", "0");
    XP_EQ(doc, "count(" S "[2]/c:security)", "0");
    XP_EQ(doc, S "[2]/c:description", "Remote IPC\xEF\xBF\xBD"); /* a control character XML cannot carry */
    XP_EQ(doc, S "[3]/@temporary", "true");
    XP_EQ(doc, S "[3]/@type-flags", "40000000");
    XP_EQ(doc, S "[3]/@max-uses", "10");
    XP_EQ(doc, "count(" S "[3]/c:description)", "0");
    /* The configured share, from LanmanServer\Shares and Shares\Security. */
    XP_EQ(doc, "count(/c:lanman-config/c:configured-shares/c:share)", "1");
    XP_EQ(doc, "/c:lanman-config/c:configured-shares/c:share/@level", "0");
    XP_EQ(doc, "/c:lanman-config/c:configured-shares/c:share/c:path", "C:\\D");
    XP_EQ(doc, "count(/c:lanman-config/c:configured-shares/c:share/@current-uses)", "0");
    XP_EQ(doc, "/c:lanman-config/c:configured-shares/c:share/c:security/c:grant[2]/@mask", "001200A9");
    xmlFreeDoc(doc);
}

/* Grants of a Custom mask, and of a share whose level is 2 after the fallback: no security at all. */
/* Version 2: a live share's level 1005 flags as <flags> under Get-SmbShare's names; a server without level
 * 1005 (the memhost default) gives none, and configured shares never have them. */
static void share_flags(void)
{
    xmlDocPtr doc;

    windows_like();
    doc = xt_export(H);
    XP_EQ(doc, "count(" S "/c:flags)", "0");
    xmlFreeDoc(doc);

    windows_like();
    FX.share_flags = true;
    F.shares[0].flags = LM_SHI1005_CSC_DOCUMENTS | LM_SHI1005_ENCRYPT_DATA | LM_SHI1005_DFS;
    F.shares[2].flags = LM_SHI1005_CSC_MANUAL | LM_SHI1005_ENABLE_HASH | LM_SHI1005_ACCESS_BASED_ENUM |
                        LM_SHI1005_ENABLE_CA | LM_SHI1005_FORCE_LEVELII_OPLOCK;
    doc = xt_export(H);
    XP_EQ(doc, "count(" S "/c:flags)", "3");
    XP_EQ(doc, S "[1]/c:flags/@value", "00008011");
    XP_EQ(doc, S "[1]/c:flags/@caching-mode", "Documents");
    XP_EQ(doc, S "[1]/c:flags/@folder-enumeration-mode", "Unrestricted");
    XP_EQ(doc, S "[1]/c:flags/@encrypt-data", "true");
    XP_EQ(doc, S "[1]/c:flags/@continuously-available", "false");
    XP_EQ(doc, S "[1]/c:flags/@dfs", "true");
    XP_EQ(doc, S "[1]/c:flags/@dfs-root", "false");
    XP_EQ(doc, "count(" S "[1]/c:flags/@*)", "13");
    XP_EQ(doc, S "[3]/c:flags/@caching-mode", "BranchCache");
    XP_EQ(doc, S "[3]/c:flags/@folder-enumeration-mode", "AccessBased");
    XP_EQ(doc, S "[3]/c:flags/@continuously-available", "true");
    XP_EQ(doc, S "[3]/c:flags/@force-level2-oplock", "true");
    XP_EQ(doc, S "[3]/c:flags/@encrypt-data", "false");
    XP_EQ(doc, "count(/c:lanman-config/c:configured-shares/c:share/c:flags)", "0");
    xmlFreeDoc(doc);
}

static void custom_and_fallback(void)
{
    struct lm__share_grant g;
    uint8_t *sd = NULL;
    size_t len = 0;
    xmlDocPtr doc;

    windows_like();
    memset(&g, 0, sizeof g);
    LMT_EQ(lm__sid_from_string("S-1-5-21-1-2-3-1001", &g.sid), LM_OK);
    g.mask = 0x001F0000;
    LMT_EQ(lm__sd_build(NULL, NULL, &g, 1, &sd, &len), LM_OK);
    F.shares[0].sd = sd;
    F.shares[0].sd_len = len;
    doc = xt_export(H);
    XP_EQ(doc, S "[1]/c:security/c:grant/@right", "Custom");
    XP_EQ(doc, S "[1]/c:security/c:grant/@mask", "001F0000");
    XP_EQ(doc, S "[1]/c:security/c:grant/@sid", "S-1-5-21-1-2-3-1001");
    XP_EQ(doc, "count(" S "[1]/c:security/c:grant/@account)", "0");
    xmlFreeDoc(doc);

    F.share_status[0] = LM_EACCES; /* 502 refused: level 2, no security descriptor */
    doc = xt_export(H);
    XP_EQ(doc, S "[1]/@level", "2");
    XP_EQ(doc, "count(" S "/c:security)", "0");
    xmlFreeDoc(doc);
    free(sd);
}

/* Samba-like: no Lanman services, no Parameters key, no Shares key; and unreadable shares. */
static void present_false(void)
{
    xmlDocPtr doc;

    reset();
    memhost_add("Spooler", "Print Spooler", LM_SERVICE_STOPPED);
    share("share", "C:\\tmp", "", LM_STYPE_DISKTREE);
    doc = xt_export(H);
    XP_EQ(doc, "/c:lanman-config/c:host/@name", "localhost");
    XP_EQ(doc, "count(/c:lanman-config/c:host/@os)", "0");
    XP_EQ(doc, "/c:lanman-config/c:service[1]/@present", "false");
    XP_EQ(doc, "/c:lanman-config/c:service[2]/@present", "false");
    XP_EQ(doc, "count(/c:lanman-config/c:shares/c:share)", "1");
    XP_EQ(doc, "count(/c:lanman-config/c:shares/@present)", "0");
    /* No Shares key: no configured share, and that is a fact, not a failure. */
    XP_EQ(doc, "count(/c:lanman-config/c:configured-shares/c:share)", "0");
    XP_EQ(doc, "count(/c:lanman-config/c:configured-shares/@present)", "0");
    xmlFreeDoc(doc);

    /* The service exists but has no Parameters key (Samba 4.17). */
    memhost_add("LanmanServer", "Server", LM_SERVICE_RUNNING);
    doc = xt_export(H);
    XP_EQ(doc, "/c:lanman-config/c:service[1]/c:parameters/@present", "false");
    XP_EQ(doc, "count(/c:lanman-config/c:service[1]/c:parameters/*)", "0");
    xmlFreeDoc(doc);

    /* Shares that cannot be read at all, and a configured share that is not a REG_MULTI_SZ. */
    F.share_status[0] = LM_ENOTSUP;
    reg("LanmanServer\\Shares", "Bad", LM_REG_SZ, sz, sizeof sz);
    doc = xt_export(H);
    XP_EQ(doc, "/c:lanman-config/c:shares/@present", "false");
    XP_EQ(doc, "count(/c:lanman-config/c:shares/*)", "0");
    XP_EQ(doc, "/c:lanman-config/c:configured-shares/@present", "false");
    xmlFreeDoc(doc);
}

/* A lost connection mid-way is not a missing part: the export fails with it. */
static void fatal_error_fails(void)
{
    struct sink s = {0};

    windows_like();
    F.share_status[0] = LM_ECONNRESET;
    LMT_EQ(lm_config_export(H, sink_write, &s), LM_ECONNRESET);
    LMT_TRUE(strstr(lm_host_error(H)->message, "cannot export the shares") != NULL);
    free(s.p);
}

static void many_shares(size_t n)
{
    static char names[MEMHOST_MAX][16];

    windows_like();
    F.nshares = 0;
    for (size_t i = 0; i < n; i++) {
        struct memhost_share *s;

        snprintf(names[i], sizeof names[i], "Share%02u", (unsigned)i);
        s = share(names[i], "C:\\A rather long path to make the page bigger\\and bigger\\and bigger",
                  "A description that is long enough to fill the writer's buffer a little faster", 0);
        s->sd = sd_everyone_full_guests_denied;
        s->sd_len = sd_len;
    }
    F.share_page = 1;
}

/* The document goes out while the shares are still being enumerated: nothing waits for the whole list. */
static void streams(void)
{
    struct sink s = {0};
    xmlDocPtr doc;

    many_shares(MEMHOST_MAX);
    LMT_EQ(lm_config_export(H, sink_write, &s), LM_OK);
    LMT_EQ(F.share_pages, MEMHOST_MAX);
    LMT_TRUE(s.writes > 2);
    LMT_TRUE(s.pages_at_first_write > 0);
    LMT_TRUE(s.pages_at_first_write < MEMHOST_MAX);
    doc = xt_parse(s.p, s.n);
    xt_assert_valid(doc, s.p);
    xmlFreeDoc(doc);
    free(s.p);
}

/* The writer's failure stops everything, with the writer's own status. */
static void write_error_stops(void)
{
    struct sink s = {0};

    many_shares(MEMHOST_MAX);
    s.fail_after = 6000;
    s.fail_with = LM_ECANCELED;
    LMT_EQ(lm_config_export(H, sink_write, &s), LM_ECANCELED);
    LMT_EQ(lm_host_error(H)->status, LM_ECANCELED);
    LMT_TRUE(strstr(lm_host_error(H)->message, "cannot write the document") != NULL);
    LMT_TRUE(F.share_pages < MEMHOST_MAX); /* the enumeration stopped too */
    free(s.p);
}

/* ---- the file ---- */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *p;
    long len;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = malloc((size_t)len + 1);
    LMT_PTR_OK(p);
    LMT_EQ(fread(p, 1, (size_t)len, f), (size_t)len);
    p[len] = '\0';
    fclose(f);
    *n = (size_t)len;
    return p;
}

static void file_is_atomic(void)
{
    static const char path[] = "test_export_out.xml", old[] = "previous contents\n";
    xmlDocPtr doc;
    FILE *f;
    char *p;
    size_t n;

    remove(path);
    windows_like();
    LMT_EQ(lm_config_export_file(H, path), LM_OK);
    LMT_PTR_OK(p = slurp(path, &n));
    doc = xt_parse(p, n);
    xt_assert_valid(doc, p);
    xmlFreeDoc(doc);
    free(p);
    LMT_EQ(lmt_count_files("test_export_out.xml"), 1);

    /* A failed export leaves an existing file as it was, and no temporary file. */
    LMT_PTR_OK(f = fopen(path, "wb"));
    fputs(old, f);
    fclose(f);
    F.share_status[0] = LM_ECONNRESET;
    LMT_EQ(lm_config_export_file(H, path), LM_ECONNRESET);
    LMT_PTR_OK(p = slurp(path, &n));
    LMT_STR(p, old);
    free(p);
    LMT_EQ(lmt_count_files("test_export_out.xml"), 1);

    /* A directory that does not exist: nothing is created. */
    F.share_status[0] = LM_OK;
    LMT_EQ(lm_config_export_file(H, "no-such-dir/out.xml"), LM_ENOENT);
    LMT_TRUE(strstr(lm_host_error(H)->message, "no-such-dir/out.xml") != NULL);
    remove(path);
}

/* Teardown, not a test: the suite's cleanup, which CUnit runs once after the last test, whatever they did. */
static int cleanup_sd(void)
{
    free(sd_everyone_full_guests_denied);
    sd_everyone_full_guests_denied = NULL;
    return 0;
}

static const struct lmt_test export_tests[] = {
    LMT_TEST(host_and_services),
    LMT_TEST(typed_parameters),
    LMT_TEST(shares_and_grants),
    LMT_TEST(share_flags),
    LMT_TEST(custom_and_fallback),
    LMT_TEST(present_false),
    LMT_TEST(fatal_error_fails),
    LMT_TEST(streams),
    LMT_TEST(write_error_stops),
    LMT_TEST(file_is_atomic),
    LMT_END,
};

const struct lmt_suite lmt_suite_xml_export = {"xml_export", NULL, NULL, cleanup_sd, export_tests};
