#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/shareconf.h"
#include "core/utf.h"

#define NNLEN 80 /* lmcons.h; MS-SRVS 2.2.2.8 NAMETYPE_SHARE max length */

/* The keys Windows writes, in the order it writes them (alphabetical). */
static const struct {
    const char *key;
    unsigned bit;
    bool numeric;
} keys[] = {
    {"CSCFlags", LM_SHARECONF_CSCFLAGS, true}, {"MaxUses", LM_SHARECONF_MAXUSES, true},
    {"Path", LM_SHARECONF_PATH, false},        {"Permissions", LM_SHARECONF_PERMISSIONS, true},
    {"Remark", LM_SHARECONF_REMARK, false},    {"ShareName", LM_SHARECONF_SHARENAME, false},
    {"Type", LM_SHARECONF_TYPE, true},
};
#define NKEYS (sizeof keys / sizeof keys[0])

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);

    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* s[0..n) against key, ASCII case-insensitively, with strcmp's sign. */
static int key_cmp_n(const char *s, size_t n, const char *key)
{
    for (size_t i = 0;; i++) {
        int a = i < n ? (unsigned char)s[i] : 0, b = (unsigned char)key[i];

        a = a >= 'A' && a <= 'Z' ? a + 32 : a;
        b = b >= 'A' && b <= 'Z' ? b + 32 : b;
        if (a != b || a == 0)
            return a - b;
    }
}

static char *dup(const char *s)
{
    return dup_n(s, strlen(s));
}

void lm__shareconf_free(struct lm__shareconf *sc)
{
    free(sc->name);
    free(sc->path);
    free(sc->remark);
    lm__strlist_free(&sc->extra);
    memset(sc, 0, sizeof *sc);
}

static void set_defaults(struct lm__shareconf *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->max_uses = LM_SHARE_UNLIMITED;
    sc->type = LM_STYPE_DISKTREE;
}

lm_status lm__shareconf_init(struct lm__shareconf *sc, const char *name, const char *path, const char *remark)
{
    set_defaults(sc);
    sc->fields = LM__SHARECONF_STANDARD | (remark != NULL ? LM_SHARECONF_REMARK : 0u);
    sc->name = dup(name);
    sc->path = dup(path);
    sc->remark = dup(remark != NULL ? remark : "");
    if (sc->name == NULL || sc->path == NULL || sc->remark == NULL) {
        lm__shareconf_free(sc);
        return LM_ENOMEM;
    }
    return LM_OK;
}

static uint32_t *number_field(struct lm__shareconf *sc, unsigned bit)
{
    switch (bit) {
    case LM_SHARECONF_CSCFLAGS:
        return &sc->csc_flags;
    case LM_SHARECONF_MAXUSES:
        return &sc->max_uses;
    case LM_SHARECONF_PERMISSIONS:
        return &sc->permissions;
    default:
        return &sc->type;
    }
}

static char **text_field(struct lm__shareconf *sc, unsigned bit)
{
    return bit == LM_SHARECONF_PATH ? &sc->path : bit == LM_SHARECONF_REMARK ? &sc->remark : &sc->name;
}

static lm_status parse_one(struct lm__shareconf *sc, const char *share, const char *s, lm_error *err)
{
    const char *eq = strchr(s, '=');
    size_t klen;

    if (eq == NULL)
        return lm__fail(err, LM_EPROTO, "share '%s': entry '%s' is not Key=Value", share, s);
    klen = (size_t)(eq - s);
    for (size_t k = 0; k < NKEYS; k++) {
        uint64_t v;

        if (key_cmp_n(s, klen, keys[k].key) != 0)
            continue;
        if (sc->fields & keys[k].bit)
            return lm__fail(err, LM_EPROTO, "share '%s': %s is given twice", share, keys[k].key);
        sc->fields |= keys[k].bit;
        if (keys[k].numeric) {
            if (lm__parse_u64(eq + 1, strlen(eq + 1), false, UINT32_MAX, &v) != LM_OK)
                return lm__fail(err, LM_EPROTO, "share '%s': %s '%s' is not a number from 0 to 4294967295",
                                share, keys[k].key, eq + 1);
            *number_field(sc, keys[k].bit) = (uint32_t)v;
            return LM_OK;
        }
        free(*text_field(sc, keys[k].bit));
        *text_field(sc, keys[k].bit) = dup(eq + 1);
        return *text_field(sc, keys[k].bit) != NULL ? LM_OK : LM_ENOMEM;
    }
    if (lm__strlist_push(&sc->extra, s, strlen(s)) != LM_OK)
        return lm__fail(err, LM_ENOMEM, "share '%s': out of memory", share);
    return LM_OK;
}

lm_status lm__shareconf_parse(const char *value_name, const char *const *strings, size_t n,
                              struct lm__shareconf *out, lm_error *err)
{
    struct lm__shareconf sc;
    lm_status st = LM_OK;

    set_defaults(&sc);
    for (size_t i = 0; i < n && st == LM_OK; i++)
        st = parse_one(&sc, value_name, strings[i], err);
    /* Missing text fields: ShareName falls back to the value name, the others to "". */
    if (st == LM_OK && sc.name == NULL && (sc.name = dup(value_name)) == NULL)
        st = LM_ENOMEM;
    if (st == LM_OK && sc.path == NULL && (sc.path = dup("")) == NULL)
        st = LM_ENOMEM;
    if (st == LM_OK && sc.remark == NULL && (sc.remark = dup("")) == NULL)
        st = LM_ENOMEM;
    if (st != LM_OK) {
        if (st == LM_ENOMEM)
            lm__fail(err, st, "share '%s': out of memory", value_name);
        lm__shareconf_free(&sc);
        return st;
    }
    *out = sc;
    return LM_OK;
}

/* The key of an extra string (the part before its first '=', all of it when there is none) against a
 * known key, as Windows sorts. */
static int key_cmp(const char *extra, const char *key)
{
    const char *eq = strchr(extra, '=');

    return key_cmp_n(extra, eq != NULL ? (size_t)(eq - extra) : strlen(extra), key);
}

static lm_status push_known(struct lm__strlist *l, const struct lm__shareconf *sc, size_t k)
{
    char num[16], prefix[16];

    snprintf(prefix, sizeof prefix, "%s=", keys[k].key);
    if (keys[k].numeric) {
        snprintf(num, sizeof num, "%lu",
                 (unsigned long)*number_field((struct lm__shareconf *)sc, keys[k].bit));
        return lm__strlist_push2(l, prefix, num);
    }
    {
        const char *v = *text_field((struct lm__shareconf *)sc, keys[k].bit);
        return lm__strlist_push2(l, prefix, v != NULL ? v : "");
    }
}

lm_status lm__shareconf_format(const struct lm__shareconf *sc, struct lm__strlist *out)
{
    struct lm__strlist l = {0};
    lm_status st = LM_OK;
    size_t k = 0, j = 0;

    while (st == LM_OK && (k < NKEYS || j < sc->extra.n)) {
        if (k < NKEYS && !(sc->fields & keys[k].bit)) {
            k++;
            continue;
        }
        if (j < sc->extra.n && (k == NKEYS || key_cmp(sc->extra.v[j], keys[k].key) < 0)) {
            st = lm__strlist_push(&l, sc->extra.v[j], strlen(sc->extra.v[j]));
            j++;
        } else {
            st = push_known(&l, sc, k);
            k++;
        }
    }
    if (st != LM_OK) {
        lm__strlist_free(&l);
        return st;
    }
    *out = l;
    return LM_OK;
}

lm_status lm__shareconf_from_regval(const char *value_name, const struct lm__regval *v,
                                    struct lm__shareconf *out, lm_error *err)
{
    struct lm__strlist l = {0};
    lm_status st;

    if (v->type != LM_REG_MULTI_SZ) {
        const char *t = lm__regtype_name(v->type);
        return lm__fail(err, LM_EPROTO, "share '%s': the value is %s, not REG_MULTI_SZ", value_name,
                        t != NULL ? t : "of an unknown type");
    }
    st = lm__multisz_parse(v->data, v->len, &l);
    if (st != LM_OK)
        return lm__fail(err, st == LM_ENOMEM ? st : LM_EPROTO,
                        "share '%s': the value is not a valid REG_MULTI_SZ (%s)", value_name,
                        lm_strerror(st));
    st = lm__shareconf_parse(value_name, (const char *const *)l.v, l.n, out, err);
    lm__strlist_free(&l);
    return st;
}

lm_status lm__shareconf_to_regval(const struct lm__shareconf *sc, struct lm__regval *out, lm_error *err)
{
    struct lm__strlist l = {0};
    lm_status st = lm__shareconf_format(sc, &l);

    if (st != LM_OK)
        return lm__fail(err, st, "share '%s': %s", sc->name, lm_strerror(st));
    st = lm__regval_from_list((const char *const *)l.v, l.n, out, err);
    lm__strlist_free(&l);
    return st;
}

struct lm__sharetype lm__sharetype_decode(uint32_t type)
{
    static const char *const names[] = {"Disk", "PrintQueue", "Device", "IPC"};
    struct lm__sharetype t;
    uint32_t base = type & LM_STYPE_MASK;

    t.name = base < 4 ? names[base] : "Unknown";
    t.special = (type & LM_STYPE_SPECIAL) != 0;
    t.temporary = (type & LM_STYPE_TEMPORARY) != 0;
    return t;
}

lm_status lm__share_name_check(const char *name, lm_error *err)
{
    const uint8_t *p = (const uint8_t *)name;
    size_t n, units = 0;
    bool dots_spaces = true;
    if (name == NULL || name[0] == '\0')
        return lm__fail(err, LM_ENAME, "share name is empty");
    n = strlen(name);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = lm__utf8_decode(p + i, n - i, &cp);

        if (k == 0)
            return lm__fail(err, LM_ENAME, "share name is not valid UTF-8");
        if (cp < 0x20 || cp == 0x7F)
            return lm__fail(err, LM_ENAME, "share name '%s' contains a control character (0x%02x)", name,
                            (unsigned)cp);
        if (cp < 0x80 && strchr("\"/\\[]:|<>+=;,*?", (int)cp) != NULL)
            return lm__fail(err, LM_ENAME,
                            "share name '%s' contains '%c'; share names cannot contain any of "
                            "\" / \\ [ ] : | < > + = ; , * ?",
                            name, (char)cp);
        if (cp != '.' && cp != ' ')
            dots_spaces = false;
        units += cp >= 0x10000 ? 2 : 1;
        i += k;
    }
    if (units > NNLEN)
        return lm__fail(err, LM_ENAME, "share name is %lu characters long; the limit is %d",
                        (unsigned long)units, NNLEN);
    if (dots_spaces)
        return lm__fail(err, LM_ENAME, "share name '%s' is only dots and spaces", name);
    if (lm__ascii_casecmp(name, "IPC$") == 0 || lm__ascii_casecmp(name, "ADMIN$") == 0)
        return lm__fail(err, LM_ENAME, "share name '%s' is reserved: the server creates it itself", name);
    return LM_OK;
}

lm_status lm__share_path_check(const char *path, lm_error *err)
{
    size_t n, comp;
    if (path == NULL || path[0] == '\0')
        return lm__fail(err, LM_EPATH, "share path is empty");
    n = strlen(path);
    if (!lm__utf8_valid(path, n))
        return lm__fail(err, LM_EPATH, "share path is not valid UTF-8");
    if (path[0] == '\\' && path[1] == '\\')
        return lm__fail(err, LM_EPATH,
                        "share path '%s' is a UNC path; give a path on the server's own disks, e.g. C:\\Data",
                        path);
    if (strchr(path, '/') != NULL)
        return lm__fail(err, LM_EPATH, "share path '%s' contains '/'; use backslashes, e.g. C:\\Data", path);
    if (n < 3 || !((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) ||
        path[1] != ':' || path[2] != '\\')
        return lm__fail(err, LM_EPATH,
                        "share path '%s' is not absolute; give a drive letter and a path, e.g. C:\\Data",
                        path);
    for (size_t i = 2; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c < 0x20 || c == 0x7F)
            return lm__fail(err, LM_EPATH, "share path contains a control character (0x%02x)", c);
        if (strchr("<>\"|?*:", c) != NULL)
            return lm__fail(err, LM_EPATH, "share path '%s' contains '%c'", path, (char)c);
    }
    /* Components after "X:\": none empty (but a trailing '\' is fine), none "." or "..". */
    for (size_t i = 3; i < n; i = comp + 1) {
        const char *bs = strchr(path + i, '\\');
        size_t len;

        comp = bs != NULL ? (size_t)(bs - path) : n;
        len = comp - i;
        if (len == 0 || (len == 1 && path[i] == '.') || (len == 2 && path[i] == '.' && path[i + 1] == '.'))
            return lm__fail(err, LM_EPATH, "share path '%s' has an empty, '.' or '..' component", path);
    }
    return LM_OK;
}
