#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cursor.h"
#include "core/sddl.h"
#include "core/text.h"

/* SECURITY_DESCRIPTOR_CONTROL bits (MS-DTYP 2.4.6) */
#define SE_DACL_PRESENT          0x0004u
#define SE_SACL_PRESENT          0x0010u
#define SE_DACL_AUTO_INHERIT_REQ 0x0100u
#define SE_SACL_AUTO_INHERIT_REQ 0x0200u
#define SE_DACL_AUTO_INHERITED   0x0400u
#define SE_SACL_AUTO_INHERITED   0x0800u
#define SE_DACL_PROTECTED        0x1000u
#define SE_SACL_PROTECTED        0x2000u
#define SE_SELF_RELATIVE         0x8000u

#define SD_HEADER_SIZE  20 /* MS-DTYP 2.4.6 */
#define ACL_HEADER_SIZE 8  /* MS-DTYP 2.4.5 */
#define ACE_HEADER_SIZE 4  /* MS-DTYP 2.4.4.1 */

#define ACE_OBJECT_TYPE_PRESENT           0x1u /* MS-DTYP 2.4.4.3 */
#define ACE_INHERITED_OBJECT_TYPE_PRESENT 0x2u

/* SDDL text is bounded by the descriptor (at most 64 KiB per ACL); this cap is far above it. */
#define SDDL_MAX_BYTES ((size_t)4 * 1024 * 1024)

/* SDDL SID aliases that do not depend on the machine's domain (MS-DTYP 2.5.1.1 sid-token; "SID Strings"
 * in the Windows SDK documentation). The domain-relative ones (DA, DU, LA, ...) are left out. With them, the
 * account names of those that are well-known accounts. */
static const struct {
    const char *alias;
    const char *sid;
    const char *account; /* the name Windows prints for accounts the same on every machine, or NULL */
} aliases[] = {
    {"WD", "S-1-1-0", "Everyone"},
    {"CO", "S-1-3-0", "CREATOR OWNER"},
    {"CG", "S-1-3-1", "CREATOR GROUP"},
    {"OW", "S-1-3-4", NULL},
    {"NU", "S-1-5-2", "NT AUTHORITY\\NETWORK"},
    {"IU", "S-1-5-4", "NT AUTHORITY\\INTERACTIVE"},
    {"SU", "S-1-5-6", "NT AUTHORITY\\SERVICE"},
    {"AN", "S-1-5-7", "NT AUTHORITY\\ANONYMOUS LOGON"},
    {"ED", "S-1-5-9", NULL},
    {"PS", "S-1-5-10", NULL},
    {"AU", "S-1-5-11", "NT AUTHORITY\\Authenticated Users"},
    {"RC", "S-1-5-12", NULL},
    {"SY", "S-1-5-18", "NT AUTHORITY\\SYSTEM"},
    {"LS", "S-1-5-19", "NT AUTHORITY\\LOCAL SERVICE"},
    {"NS", "S-1-5-20", "NT AUTHORITY\\NETWORK SERVICE"},
    {"WR", "S-1-5-33", NULL},
    {"BA", "S-1-5-32-544", "BUILTIN\\Administrators"},
    {"BU", "S-1-5-32-545", "BUILTIN\\Users"},
    {"BG", "S-1-5-32-546", "BUILTIN\\Guests"},
    {"PU", "S-1-5-32-547", "BUILTIN\\Power Users"},
    {"AO", "S-1-5-32-548", "BUILTIN\\Account Operators"},
    {"SO", "S-1-5-32-549", "BUILTIN\\Server Operators"},
    {"PO", "S-1-5-32-550", "BUILTIN\\Print Operators"},
    {"BO", "S-1-5-32-551", "BUILTIN\\Backup Operators"},
    {"RE", "S-1-5-32-552", NULL},
    {"RU", "S-1-5-32-554", NULL},
    {"RD", "S-1-5-32-555", "BUILTIN\\Remote Desktop Users"},
    {"NO", "S-1-5-32-556", NULL},
    {"MU", "S-1-5-32-558", NULL},
    {"LU", "S-1-5-32-559", NULL},
    {"IS", "S-1-5-32-568", NULL},
    {"CY", "S-1-5-32-569", NULL},
    {"ER", "S-1-5-32-573", NULL},
    {"CD", "S-1-5-32-574", NULL},
    {"RA", "S-1-5-32-575", NULL},
    {"ES", "S-1-5-32-576", NULL},
    {"MS", "S-1-5-32-577", NULL},
    {"HA", "S-1-5-32-578", NULL},
    {"AA", "S-1-5-32-579", NULL},
    {"RM", "S-1-5-32-580", NULL},
    {"UD", "S-1-5-84-0-0-0-0-0", NULL},
    {"AC", "S-1-15-2-1", NULL},
    {"LW", "S-1-16-4096", NULL},
    {"ME", "S-1-16-8192", NULL},
    {"MP", "S-1-16-8448", NULL},
    {"HI", "S-1-16-12288", NULL},
    {"SI", "S-1-16-16384", NULL},
};

/* Access rights with a name of their own, tried first for an exact match (FILE_* and KEY_* composites,
 * then single bits). KEY_EXECUTE equals KEY_READ and prints as KR. */
static const struct {
    uint32_t mask;
    const char *name;
} rights[] = {
    {0x10000000, "GA"}, {0x80000000, "GR"}, {0x40000000, "GW"}, {0x20000000, "GX"}, {0x00020000, "RC"},
    {0x00010000, "SD"}, {0x00040000, "WD"}, {0x00080000, "WO"}, {0x00000010, "RP"}, {0x00000020, "WP"},
    {0x00000001, "CC"}, {0x00000002, "DC"}, {0x00000004, "LC"}, {0x00000008, "SW"}, {0x00000080, "LO"},
    {0x00000040, "DT"}, {0x00000100, "CR"}, {0x001F01FF, "FA"}, {0x00120089, "FR"}, {0x00120116, "FW"},
    {0x001200A0, "FX"}, {0x000F003F, "KA"}, {0x00020019, "KR"}, {0x00020006, "KW"},
};

/* Otherwise a mask is spelled bit by bit, low to high, when every bit has a name; else it is printed in
 * hex ("0x1301bf": SYNCHRONIZE, bit 20, has no name). */
static const char *const bit_names[32] = {
    "CC", "DC", "LC", "SW", "RP", "WP", "DT", "LO", "CR", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    "SD", "RC", "WD", "WO", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "GA", "GX", "GW", "GR",
};

/* SYSTEM_MANDATORY_LABEL_ACE rights (MS-DTYP 2.4.4.13). */
static const char *const label_bit_names[32] = {"NW", "NR", "NX"};

/* ACE flags in the order SDDL prints them (MS-DTYP 2.4.4.1). */
static const struct {
    uint8_t flag;
    const char *name;
} ace_flags[] = {
    {0x01, "OI"}, {0x02, "CI"}, {0x04, "NP"}, {0x08, "IO"}, {0x10, "ID"}, {0x40, "SA"}, {0x80, "FA"},
};

enum ace_body { BODY_BASIC, BODY_OBJECT, BODY_LABEL };

static const struct {
    uint8_t type;
    const char *name;
    enum ace_body body;
} ace_types[] = {
    {0x00, "A", BODY_BASIC},   {0x01, "D", BODY_BASIC},   {0x02, "AU", BODY_BASIC},
    {0x03, "AL", BODY_BASIC},  {0x05, "OA", BODY_OBJECT}, {0x06, "OD", BODY_OBJECT},
    {0x07, "OU", BODY_OBJECT}, {0x08, "OL", BODY_OBJECT}, {0x11, "ML", BODY_LABEL},
    {0x13, "SP", BODY_BASIC},
};

/* ------------------------------------------------------------------------------------------------ SIDs */

lm_status lm__sid_parse(const uint8_t *p, size_t n, struct lm__sid *out, size_t *used)
{
    struct lm__cursor c;
    struct lm__sid sid;
    uint8_t rev;

    /* MS-DTYP 2.4.2.2: Revision (1), SubAuthorityCount (<= 15), IdentifierAuthority (6 bytes, big-endian),
     * SubAuthority (count x 4 bytes, little-endian). */
    lm__cur_init(&c, p, n);
    rev = lm__cur_u8(&c);
    sid.count = lm__cur_u8(&c);
    lm__cur_copy(&c, sid.auth, sizeof sid.auth);
    if (lm__cur_status(&c) != LM_OK || rev != 1 || sid.count > LM__SID_MAX_SUBAUTH)
        return LM_EPROTO;
    for (size_t i = 0; i < sid.count; i++)
        sid.sub[i] = lm__cur_u32(&c);
    if (lm__cur_status(&c) != LM_OK)
        return LM_EPROTO;
    *out = sid;
    if (used != NULL)
        *used = c.off;
    return LM_OK;
}

size_t lm__sid_size(const struct lm__sid *sid)
{
    return 8 + 4 * (size_t)sid->count;
}

void lm__sid_put(struct lm__buf *b, const struct lm__sid *sid)
{
    lm__buf_put_u8(b, 1);
    lm__buf_put_u8(b, sid->count);
    lm__buf_append(b, sid->auth, sizeof sid->auth);
    for (size_t i = 0; i < sid->count; i++)
        lm__buf_put_u32(b, sid->sub[i]);
}

char *lm__sid_to_string(const struct lm__sid *sid, char buf[LM__SID_STRING_MAX])
{
    uint64_t auth = 0;
    size_t off;

    for (size_t i = 0; i < 6; i++)
        auth = auth << 8 | sid->auth[i];
    /* MS-DTYP 2.4.2.1: decimal when the authority fits in 32 bits, else 0x and 12 hex digits. */
    if (auth < 0x100000000ull)
        off = (size_t)snprintf(buf, LM__SID_STRING_MAX, "S-1-%lu", (unsigned long)auth);
    else
        off = (size_t)snprintf(buf, LM__SID_STRING_MAX, "S-1-0x%012llX", (unsigned long long)auth);
    for (size_t i = 0; i < sid->count && i < LM__SID_MAX_SUBAUTH; i++)
        off += (size_t)snprintf(buf + off, LM__SID_STRING_MAX - off, "-%lu", (unsigned long)sid->sub[i]);
    return buf;
}

static lm_status sid_from_sstring(const char *s, struct lm__sid *out)
{
    struct lm__sid sid;
    uint64_t v;
    const char *p, *dash;
    size_t len;

    memset(&sid, 0, sizeof sid);
    if ((s[0] != 'S' && s[0] != 's') || strncmp(s + 1, "-1-", 3) != 0)
        return LM_EINVAL;
    p = s + 4;
    dash = strchr(p, '-');
    len = dash != NULL ? (size_t)(dash - p) : strlen(p);
    if (lm__parse_u64(p, len, true, 0xFFFFFFFFFFFFull, &v) != LM_OK)
        return LM_EINVAL;
    for (int i = 5; i >= 0; i--, v >>= 8)
        sid.auth[i] = (uint8_t)v;
    while (dash != NULL) {
        p = dash + 1;
        dash = strchr(p, '-');
        len = dash != NULL ? (size_t)(dash - p) : strlen(p);
        if (sid.count == LM__SID_MAX_SUBAUTH || lm__parse_u64(p, len, false, UINT32_MAX, &v) != LM_OK)
            return LM_EINVAL;
        sid.sub[sid.count++] = (uint32_t)v;
    }
    *out = sid;
    return LM_OK;
}

lm_status lm__sid_from_string(const char *s, struct lm__sid *out)
{
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (lm__ascii_casecmp(aliases[i].alias, s) == 0)
            return sid_from_sstring(aliases[i].sid, out);
    }
    return sid_from_sstring(s, out);
}

/* The aliases table's entry for sid, or -1. */
static int wellknown(const struct lm__sid *sid)
{
    char buf[LM__SID_STRING_MAX];

    lm__sid_to_string(sid, buf);
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (strcmp(aliases[i].sid, buf) == 0)
            return (int)i;
    }
    return -1;
}

const char *lm__sid_alias(const struct lm__sid *sid)
{
    int i = wellknown(sid);
    return i >= 0 ? aliases[i].alias : NULL;
}

const char *lm__sid_account(const struct lm__sid *sid)
{
    int i = wellknown(sid);
    return i >= 0 ? aliases[i].account : NULL;
}

lm_status lm__sid_from_account(const char *name, struct lm__sid *out)
{
    if (name == NULL)
        return LM_ENOENT;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        const char *full = aliases[i].account, *slash = full != NULL ? strchr(full, '\\') : NULL;

        /* "BUILTIN\Administrators" or just "Administrators". */
        if (full != NULL &&
            (lm__ascii_casecmp(name, full) == 0 ||
             (slash != NULL && strchr(name, '\\') == NULL && lm__ascii_casecmp(name, slash + 1) == 0)))
            return sid_from_sstring(aliases[i].sid, out);
    }
    return LM_ENOENT;
}

/* ----------------------------------------------------------------------------------- descriptor reading */

#define bad(err, st, ...) lm__fail(err, st, "security descriptor: " __VA_ARGS__)

struct acl_view {
    bool present;        /* the control bit says so */
    bool null;           /* present with offset 0: a NULL ACL */
    uint16_t count;      /* AceCount */
    struct lm__cursor c; /* over the ACEs (AclSize - 8 bytes) */
    uint32_t off;        /* of the ACL, for messages */
};

struct sd_view {
    uint16_t control;
    bool has_owner, has_group;
    struct lm__sid owner, group;
    struct acl_view sacl, dacl;
};

struct ace {
    uint8_t type, flags;
    uint32_t mask;
    const uint8_t *object, *inherited; /* GUIDs of object ACEs, or NULL */
    struct lm__sid sid;
};

static lm_status open_sid(const uint8_t *p, size_t n, uint32_t off, const char *what, struct lm__sid *sid,
                          lm_error *err)
{
    if (off < SD_HEADER_SIZE || off >= n)
        return bad(err, LM_EPROTO, "%s offset %lu is outside the descriptor (%lu bytes)", what,
                   (unsigned long)off, (unsigned long)n);
    if (lm__sid_parse(p + off, n - off, sid, NULL) != LM_OK)
        return bad(err, LM_EPROTO, "%s SID at offset %lu is malformed or truncated", what,
                   (unsigned long)off);
    return LM_OK;
}

/* MS-DTYP 2.4.5: AclRevision (2, or 4 with object ACEs), Sbz1, AclSize, AceCount, Sbz2. */
static lm_status open_acl(const uint8_t *p, size_t n, uint32_t off, bool present, const char *what,
                          struct acl_view *acl, lm_error *err)
{
    struct lm__cursor c;
    uint8_t rev;
    uint16_t size;

    memset(acl, 0, sizeof *acl);
    acl->present = present;
    acl->off = off;
    if (!present)
        return LM_OK;
    if (off == 0) {
        acl->null = true;
        return LM_OK;
    }
    if (off < SD_HEADER_SIZE || off >= n)
        return bad(err, LM_EPROTO, "%s offset %lu is outside the descriptor (%lu bytes)", what,
                   (unsigned long)off, (unsigned long)n);
    lm__cur_init(&c, p + off, n - off);
    rev = lm__cur_u8(&c);
    lm__cur_skip(&c, 1);
    size = lm__cur_u16(&c);
    acl->count = lm__cur_u16(&c);
    lm__cur_skip(&c, 2);
    if (lm__cur_status(&c) != LM_OK)
        return bad(err, LM_EPROTO, "%s header at offset %lu is truncated", what, (unsigned long)off);
    if (rev != 2 && rev != 4)
        return bad(err, LM_EPROTO, "%s at offset %lu has revision %u, expected 2 or 4", what,
                   (unsigned long)off, (unsigned)rev);
    if (size < ACL_HEADER_SIZE || size > n - off)
        return bad(err, LM_EPROTO, "%s at offset %lu claims %u bytes; %lu are left", what, (unsigned long)off,
                   (unsigned)size, (unsigned long)(n - off));
    lm__cur_init(&acl->c, p + off + ACL_HEADER_SIZE, size - ACL_HEADER_SIZE);
    return LM_OK;
}

static lm_status sd_open(const uint8_t *p, size_t n, struct sd_view *v, lm_error *err)
{
    struct lm__cursor c;
    uint8_t rev;
    uint32_t owner, group, sacl, dacl;
    lm_status st;

    memset(v, 0, sizeof *v);
    if (p == NULL || n < SD_HEADER_SIZE)
        return bad(err, LM_EPROTO, "%lu bytes is shorter than its %d-byte header", (unsigned long)n,
                   SD_HEADER_SIZE);
    /* MS-DTYP 2.4.6: Revision, Sbz1, Control, OffsetOwner, OffsetGroup, OffsetSacl, OffsetDacl. */
    lm__cur_init(&c, p, n);
    rev = lm__cur_u8(&c);
    lm__cur_skip(&c, 1);
    v->control = lm__cur_u16(&c);
    owner = lm__cur_u32(&c);
    group = lm__cur_u32(&c);
    sacl = lm__cur_u32(&c);
    dacl = lm__cur_u32(&c);
    if (rev != 1)
        return bad(err, LM_EPROTO, "revision %u, expected 1", (unsigned)rev);
    if (!(v->control & SE_SELF_RELATIVE))
        return bad(err, LM_EPROTO, "not in self-relative form (SE_SELF_RELATIVE is clear)");
    if (owner != 0) {
        v->has_owner = true;
        if ((st = open_sid(p, n, owner, "owner", &v->owner, err)) != LM_OK)
            return st;
    }
    if (group != 0) {
        v->has_group = true;
        if ((st = open_sid(p, n, group, "group", &v->group, err)) != LM_OK)
            return st;
    }
    if ((st = open_acl(p, n, sacl, (v->control & SE_SACL_PRESENT) != 0, "SACL", &v->sacl, err)) != LM_OK)
        return st;
    return open_acl(p, n, dacl, (v->control & SE_DACL_PRESENT) != 0, "DACL", &v->dacl, err);
}

static enum ace_body body_of(uint8_t type, const char **name)
{
    for (size_t i = 0; i < sizeof ace_types / sizeof ace_types[0]; i++) {
        if (ace_types[i].type == type) {
            *name = ace_types[i].name;
            return ace_types[i].body;
        }
    }
    *name = NULL;
    return BODY_BASIC;
}

/* Reads ACE number i (for messages) from the ACL's cursor (MS-DTYP 2.4.4). */
static lm_status next_ace(struct acl_view *acl, size_t i, const char *what, struct ace *a, lm_error *err)
{
    struct lm__cursor body;
    size_t at = acl->off + ACL_HEADER_SIZE + acl->c.off, used;
    uint16_t size;
    uint32_t oflags = 0;
    const char *name;

    memset(a, 0, sizeof *a);
    a->type = lm__cur_u8(&acl->c);
    a->flags = lm__cur_u8(&acl->c);
    size = lm__cur_u16(&acl->c);
    if (lm__cur_status(&acl->c) != LM_OK)
        return bad(err, LM_EPROTO, "%s says %u ACEs, but ACE %lu at offset %lu is past its end", what,
                   (unsigned)acl->count, (unsigned long)i, (unsigned long)at);
    if (size < ACE_HEADER_SIZE || size % 4 != 0)
        return bad(err, LM_EPROTO,
                   "ACE %lu of the %s at offset %lu has size %u (at least 4, a multiple of 4)",
                   (unsigned long)i, what, (unsigned long)at, (unsigned)size);
    if (!lm__cur_sub(&acl->c, acl->c.off, size - ACE_HEADER_SIZE, &body))
        return bad(err, LM_EPROTO, "ACE %lu of the %s at offset %lu has size %u, past the end of the ACL",
                   (unsigned long)i, what, (unsigned long)at, (unsigned)size);
    lm__cur_skip(&acl->c, size - ACE_HEADER_SIZE);
    if (body_of(a->type, &name) == BODY_OBJECT) {
        /* MS-DTYP 2.4.4.3: Mask, Flags, ObjectType and InheritedObjectType when flagged, Sid. */
        a->mask = lm__cur_u32(&body);
        oflags = lm__cur_u32(&body);
        a->object = oflags & ACE_OBJECT_TYPE_PRESENT ? lm__cur_take(&body, 16) : NULL;
        a->inherited = oflags & ACE_INHERITED_OBJECT_TYPE_PRESENT ? lm__cur_take(&body, 16) : NULL;
    } else {
        a->mask = lm__cur_u32(&body);
    }
    if (lm__cur_status(&body) != LM_OK ||
        lm__sid_parse(body.p + body.off, lm__cur_remaining(&body), &a->sid, &used) != LM_OK)
        return bad(err, LM_EPROTO, "ACE %lu of the %s at offset %lu is truncated or has a malformed SID",
                   (unsigned long)i, what, (unsigned long)at);
    return LM_OK;
}

/* ------------------------------------------------------------------------------------------ SDDL output */

static void put_str(struct lm__buf *b, const char *s)
{
    lm__buf_append(b, s, strlen(s));
}

static void put_sid(struct lm__buf *b, const struct lm__sid *sid)
{
    char buf[LM__SID_STRING_MAX];
    const char *alias = lm__sid_alias(sid);

    put_str(b, alias != NULL ? alias : lm__sid_to_string(sid, buf));
}

static void put_rights(struct lm__buf *b, uint32_t mask, bool label)
{
    const char *const *bits = label ? label_bit_names : bit_names;
    char hex[16];

    if (mask == 0)
        return;
    if (!label) {
        for (size_t i = 0; i < sizeof rights / sizeof rights[0]; i++) {
            if (rights[i].mask == mask) {
                put_str(b, rights[i].name);
                return;
            }
        }
    }
    for (int i = 0; i < 32; i++) {
        if ((mask >> i & 1) && bits[i] == NULL) {
            snprintf(hex, sizeof hex, "0x%lx", (unsigned long)mask);
            put_str(b, hex);
            return;
        }
    }
    for (int i = 0; i < 32; i++) {
        if (mask >> i & 1)
            put_str(b, bits[i]);
    }
}

static void put_guid(struct lm__buf *b, const uint8_t *g)
{
    char s[40];

    if (g == NULL)
        return;
    /* MS-DTYP 2.3.4.3: Data1, Data2, Data3 little-endian, then Data4 as bytes. */
    snprintf(s, sizeof s, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", g[3], g[2],
             g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
    put_str(b, s);
}

static lm_status put_acl(struct lm__buf *b, struct acl_view *acl, const char *what, lm_error *err)
{
    if (acl->null) {
        put_str(b, "NO_ACCESS_CONTROL");
        return LM_OK;
    }
    for (size_t i = 0; i < acl->count; i++) {
        struct ace a;
        const char *name;
        enum ace_body body;
        uint8_t known = 0;
        lm_status st = next_ace(acl, i, what, &a, err);

        if (st != LM_OK)
            return st;
        body = body_of(a.type, &name);
        if (name == NULL)
            return bad(err, LM_ENOTSUP,
                       "ACE %lu of the %s has type 0x%02x, which this SDDL writer does not support",
                       (unsigned long)i, what, (unsigned)a.type);
        put_str(b, "(");
        put_str(b, name);
        put_str(b, ";");
        for (size_t k = 0; k < sizeof ace_flags / sizeof ace_flags[0]; k++) {
            known |= ace_flags[k].flag;
            if (a.flags & ace_flags[k].flag)
                put_str(b, ace_flags[k].name);
        }
        if (a.flags & ~known)
            return bad(err, LM_ENOTSUP, "ACE %lu of the %s has flags 0x%02x, which SDDL cannot spell",
                       (unsigned long)i, what, (unsigned)a.flags);
        put_str(b, ";");
        put_rights(b, a.mask, body == BODY_LABEL);
        put_str(b, ";");
        put_guid(b, a.object);
        put_str(b, ";");
        put_guid(b, a.inherited);
        put_str(b, ";");
        put_sid(b, &a.sid);
        put_str(b, ")");
    }
    return LM_OK;
}

static void put_acl_flags(struct lm__buf *b, uint16_t control, uint16_t p, uint16_t ar, uint16_t ai)
{
    if (control & p)
        put_str(b, "P");
    if (control & ar)
        put_str(b, "AR");
    if (control & ai)
        put_str(b, "AI");
}

lm_status lm__sd_to_sddl(const uint8_t *p, size_t n, char **sddl, lm_error *err)
{
    struct sd_view v;
    struct lm__buf b;
    lm_status st = sd_open(p, n, &v, err);
    char *s;

    if (st != LM_OK)
        return st;
    lm__buf_init(&b, SDDL_MAX_BYTES);
    if (v.has_owner) {
        put_str(&b, "O:");
        put_sid(&b, &v.owner);
    }
    if (v.has_group) {
        put_str(&b, "G:");
        put_sid(&b, &v.group);
    }
    if (v.dacl.present) {
        put_str(&b, "D:");
        put_acl_flags(&b, v.control, SE_DACL_PROTECTED, SE_DACL_AUTO_INHERIT_REQ, SE_DACL_AUTO_INHERITED);
        st = put_acl(&b, &v.dacl, "DACL", err);
    }
    if (st == LM_OK && v.sacl.present) {
        put_str(&b, "S:");
        put_acl_flags(&b, v.control, SE_SACL_PROTECTED, SE_SACL_AUTO_INHERIT_REQ, SE_SACL_AUTO_INHERITED);
        st = put_acl(&b, &v.sacl, "SACL", err);
    }
    if (st == LM_OK && (st = lm__buf_status(&b)) != LM_OK)
        bad(err, st, "SDDL text too long");
    s = st == LM_OK ? (char *)lm__buf_take(&b, NULL) : NULL;
    if (s == NULL) {
        lm__buf_free(&b);
        return st != LM_OK ? st : bad(err, LM_ENOMEM, "out of memory");
    }
    *sddl = s;
    return LM_OK;
}

/* -------------------------------------------------------------------------------- share permissions */

lm_status lm__sd_build(const struct lm__sid *owner, const struct lm__sid *group,
                       const struct lm__share_grant *g, size_t n, uint8_t **out, size_t *len)
{
    struct lm__buf b;
    size_t acl_size = ACL_HEADER_SIZE, off = SD_HEADER_SIZE, owner_off = 0, group_off = 0;
    uint8_t *p;

    for (size_t i = 0; i < n; i++) {
        if (g[i].sid.count > LM__SID_MAX_SUBAUTH)
            return LM_EINVAL;
        acl_size += ACE_HEADER_SIZE + 4 + lm__sid_size(&g[i].sid);
        if (acl_size > 0xFFFF) /* AclSize is 16 bits */
            return LM_EOVERFLOW;
    }
    if ((owner != NULL && owner->count > LM__SID_MAX_SUBAUTH) ||
        (group != NULL && group->count > LM__SID_MAX_SUBAUTH))
        return LM_EINVAL;
    /* Layout as Windows stores share and service descriptors: header, owner, group, DACL. */
    if (owner != NULL) {
        owner_off = off;
        off += lm__sid_size(owner);
    }
    if (group != NULL) {
        group_off = off;
        off += lm__sid_size(group);
    }
    lm__buf_init(&b, off + acl_size);
    lm__buf_put_u8(&b, 1); /* Revision */
    lm__buf_put_u8(&b, 0); /* Sbz1 */
    lm__buf_put_u16(&b, SE_SELF_RELATIVE | SE_DACL_PRESENT);
    lm__buf_put_u32(&b, (uint32_t)owner_off);
    lm__buf_put_u32(&b, (uint32_t)group_off);
    lm__buf_put_u32(&b, 0); /* no SACL */
    lm__buf_put_u32(&b, (uint32_t)off);
    if (owner != NULL)
        lm__sid_put(&b, owner);
    if (group != NULL)
        lm__sid_put(&b, group);
    lm__buf_put_u8(&b, 2); /* ACL_REVISION */
    lm__buf_put_u8(&b, 0);
    lm__buf_put_u16(&b, (uint16_t)acl_size);
    lm__buf_put_u16(&b, (uint16_t)n);
    lm__buf_put_u16(&b, 0);
    for (size_t i = 0; i < n; i++) {
        lm__buf_put_u8(&b, g[i].deny ? 0x01 : 0x00); /* ACCESS_DENIED_ACE_TYPE / ACCESS_ALLOWED_ACE_TYPE */
        lm__buf_put_u8(&b, 0);
        lm__buf_put_u16(&b, (uint16_t)(ACE_HEADER_SIZE + 4 + lm__sid_size(&g[i].sid)));
        lm__buf_put_u32(&b, g[i].mask);
        lm__sid_put(&b, &g[i].sid);
    }
    p = lm__buf_status(&b) == LM_OK ? lm__buf_take(&b, len) : NULL;
    if (p == NULL) {
        lm_status st = lm__buf_status(&b);
        lm__buf_free(&b);
        return st != LM_OK ? st : LM_ENOMEM;
    }
    *out = p;
    return LM_OK;
}

lm_status lm__sd_grants(const uint8_t *p, size_t n, struct lm__share_grant **out, size_t *count,
                        lm_error *err)
{
    struct sd_view v;
    struct lm__share_grant *g;
    lm_status st = sd_open(p, n, &v, err);

    if (st != LM_OK)
        return st;
    if (!v.dacl.present || v.dacl.null) {
        /* No DACL, or a NULL one: everyone has full access (MS-DTYP 2.5.3.2). */
        if ((g = malloc(sizeof *g)) == NULL)
            return bad(err, LM_ENOMEM, "out of memory");
        lm__sid_from_string("S-1-1-0", &g->sid);
        g->mask = LM__SHARE_RIGHT_FULL;
        g->deny = false;
        *out = g;
        *count = 1;
        return LM_OK;
    }
    g = malloc((v.dacl.count != 0 ? v.dacl.count : 1) * sizeof *g);
    if (g == NULL)
        return bad(err, LM_ENOMEM, "out of memory");
    for (size_t i = 0; i < v.dacl.count; i++) {
        struct ace a;

        st = next_ace(&v.dacl, i, "DACL", &a, err);
        if (st == LM_OK && a.type > 0x01)
            st = bad(err, LM_ENOTSUP,
                     "ACE %lu of the DACL has type 0x%02x, not a share permission (allow or deny)",
                     (unsigned long)i, (unsigned)a.type);
        if (st != LM_OK) {
            free(g);
            return st;
        }
        g[i].sid = a.sid;
        g[i].mask = a.mask;
        g[i].deny = a.type == 0x01;
    }
    *out = g;
    *count = v.dacl.count;
    return LM_OK;
}

char *lm__share_right_text(uint32_t mask, char buf[24])
{
    if (mask == LM__SHARE_RIGHT_FULL)
        snprintf(buf, 24, "Full");
    else if (mask == LM__SHARE_RIGHT_CHANGE)
        snprintf(buf, 24, "Change");
    else if (mask == LM__SHARE_RIGHT_READ)
        snprintf(buf, 24, "Read");
    else
        snprintf(buf, 24, "Custom(0x%lx)", (unsigned long)mask);
    return buf;
}

lm_status lm__sd_owner_group(const uint8_t *p, size_t n, struct lm__sid *owner, bool *has_owner,
                             struct lm__sid *group, bool *has_group, lm_error *err)
{
    struct sd_view v;
    lm_status st = sd_open(p, n, &v, err);

    if (st != LM_OK)
        return st;
    *owner = v.owner;
    *has_owner = v.has_owner;
    *group = v.group;
    *has_group = v.has_group;
    return LM_OK;
}

void lm__share_grants_canonical(struct lm__share_grant *g, size_t n)
{
    /* A stable partition, in place: each deny entry moves up past the allow entries before it (n is a
     * share's handful of ACEs, so the quadratic worst case does not matter). */
    for (size_t i = 1; i < n; i++) {
        struct lm__share_grant t = g[i];
        size_t j = i;

        if (!t.deny)
            continue;
        while (j > 0 && !g[j - 1].deny) {
            g[j] = g[j - 1];
            j--;
        }
        g[j] = t;
    }
}
