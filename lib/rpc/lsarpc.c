/* MS-LSAT / MS-LSAD: LsarOpenPolicy2, LsarLookupNames3, LsarLookupNames2, LsarLookupSids2, LsarClose. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf.h"
#include "rpc/lsarpc.h"

const struct lm__rpc_iface lm__lsarpc_iface = {
    "lsarpc",
    {{0x78, 0x57, 0x34, 0x12, 0x34, 0x12, 0xCD, 0xAB, 0xEF, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB}, 0, 0},
};

/* Request stubs hold at most LM__LSA_MAX_LOOKUP names or SIDs. */
#define LSA_REQ_MAX (1024u * 1024u)
/* LSAP_LOOKUP_LEVEL LsapLookupWksta (MS-LSAT 2.2.16): local accounts, then the domain, then trusts. */
#define LOOKUP_WKSTA 1
/* LSA_CLIENT_REVISION_2 (MS-LSAT 3.1.4.5). */
#define CLIENT_REVISION_2 2u
/* Domains in one ReferencedDomains list at most: one per name or SID asked (MS-LSAT 2.2.12); a hostile count
 * is also checked against the bytes received. */
#define MAX_DOMAINS LM__LSA_MAX_LOOKUP

void lm__lsa_xlat_clear(struct lm__lsa_xlat *x, size_t n)
{
    for (size_t i = 0; x != NULL && i < n; i++) {
        free(x[i].name);
        memset(&x[i], 0, sizeof x[i]);
    }
}

/* ---- encoding ---- */

static void push_fail(struct lm__ndr_push *n, lm_status st)
{
    if (n->b->err == LM_OK)
        n->b->err = st;
}

/* An RPC_UNICODE_STRING's fixed part (MS-DTYP 2.3.10): Length and MaximumLength in bytes, without a NUL,
 * then the Buffer pointer; its units follow later, where NDR defers them (put_ustr_units). */
static void put_ustr_head(struct lm__ndr_push *n, const struct lm__buf *w)
{
    lm__ndr_put_u16(n, (uint16_t)w->len);
    lm__ndr_put_u16(n, (uint16_t)w->len);
    lm__ndr_put_ptr(n, true);
}

/* The deferred Buffer: a conformant varying array of Length/2 units, no terminating NUL. */
static void put_ustr_units(struct lm__ndr_push *n, const struct lm__buf *w)
{
    lm__ndr_put_u32(n, (uint32_t)(w->len / 2)); /* max_count */
    lm__ndr_put_u32(n, 0);                      /* offset */
    lm__ndr_put_u32(n, (uint32_t)(w->len / 2)); /* actual_count */
    lm__buf_append(n->b, w->data, w->len);
}

/* An RPC_SID (MS-DTYP 2.4.2.3): the conformance (SubAuthorityCount) first, then the SID's bytes. */
static void put_rpc_sid(struct lm__ndr_push *n, const struct lm__sid *sid)
{
    lm__ndr_put_u32(n, sid->count);
    lm__sid_put(n->b, sid);
}

lm_status lm__lsa_open_policy_req(struct lm__buf *b, const char *server, uint32_t access)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    lm__ndr_put_ptr_wstr(&n, server); /* [in, unique, string] wchar_t* SystemName */
    /* LSAPR_OBJECT_ATTRIBUTES (MS-LSAD 2.2.9), every field unused (3.1.4.4.1): Length, RootDirectory,
     * ObjectName, Attributes, SecurityDescriptor, SecurityQualityOfService. */
    lm__ndr_put_u32(&n, 24);
    lm__ndr_put_ptr(&n, false);
    lm__ndr_put_ptr(&n, false);
    lm__ndr_put_u32(&n, 0);
    lm__ndr_put_ptr(&n, false);
    lm__ndr_put_ptr(&n, false);
    lm__ndr_put_u32(&n, access);
    return lm__ndr_push_status(&n);
}

/* The tail every lookup request shares: LookupLevel, MappedCount, LookupOptions
 * and ClientRevision. */
static void put_lookup_tail(struct lm__ndr_push *n)
{
    lm__ndr_put_u16(n, LOOKUP_WKSTA); /* LSAP_LOOKUP_LEVEL: an enum, 16 bits on the wire */
    lm__ndr_put_u32(n, 0);            /* [in, out] MappedCount */
    lm__ndr_put_u32(n, 0);            /* LookupOptions: LSA_LOOKUP_ISOLATED_AS_LOCAL off */
    lm__ndr_put_u32(n, CLIENT_REVISION_2);
}

lm_status lm__lsa_lookup_names_req(struct lm__buf *b, int level, const struct lm__ndr_handle *policy,
                                   const char *const *names, size_t count)
{
    struct lm__ndr_push n;
    struct lm__buf *w;
    lm_status st = LM_OK;

    if ((level != 2 && level != 3) || names == NULL || count == 0 || count > LM__LSA_MAX_LOOKUP)
        return LM_EINVAL;
    if ((w = calloc(count, sizeof *w)) == NULL)
        return LM_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        lm__buf_init(&w[i], 0x10000);
        if (st == LM_OK && (names[i] == NULL || names[i][0] == '\0'))
            st = LM_EINVAL;
        if (st == LM_OK && (st = lm__utf8_to_utf16le(names[i], strlen(names[i]), &w[i])) == LM_EOVERFLOW)
            st = LM_EINVAL;
        if (st == LM_OK && w[i].len > 0xFFFE)
            st = LM_EINVAL;
    }
    if (st == LM_OK) {
        lm__ndr_push_init(&n, b);
        lm__ndr_put_handle(&n, policy);
        lm__ndr_put_u32(&n, (uint32_t)count);
        /* [in, size_is(Count)] PRPC_UNICODE_STRING Names: a ref pointer to a conformant array. */
        lm__ndr_put_u32(&n, (uint32_t)count);
        for (size_t i = 0; i < count; i++)
            put_ustr_head(&n, &w[i]);
        for (size_t i = 0; i < count; i++)
            put_ustr_units(&n, &w[i]);
        /* [in, out] TranslatedSids: empty on the way in (Entries 0, Sids NULL). */
        lm__ndr_put_u32(&n, 0);
        lm__ndr_put_ptr(&n, false);
        put_lookup_tail(&n);
        st = lm__ndr_push_status(&n);
    }
    for (size_t i = 0; i < count; i++)
        lm__buf_free(&w[i]);
    free(w);
    return st;
}

lm_status lm__lsa_lookup_sids_req(struct lm__buf *b, const struct lm__ndr_handle *policy,
                                  const struct lm__sid *sids, size_t count)
{
    struct lm__ndr_push n;

    if (sids == NULL || count == 0 || count > LM__LSA_MAX_LOOKUP)
        return LM_EINVAL;
    for (size_t i = 0; i < count; i++)
        if (sids[i].count > LM__SID_MAX_SUBAUTH)
            return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, policy);
    /* [in] PLSAPR_SID_ENUM_BUFFER (MS-LSAT 2.2.18): Entries, a unique pointer to Entries
     * LSAPR_SID_INFORMATION, each a unique pointer to an RPC_SID, the SIDs deferred after the array. */
    lm__ndr_put_u32(&n, (uint32_t)count);
    lm__ndr_put_ptr(&n, true);
    lm__ndr_put_u32(&n, (uint32_t)count);
    for (size_t i = 0; i < count; i++)
        lm__ndr_put_ptr(&n, true);
    for (size_t i = 0; i < count; i++)
        put_rpc_sid(&n, &sids[i]);
    /* [in, out] TranslatedNames: empty on the way in. */
    lm__ndr_put_u32(&n, 0);
    lm__ndr_put_ptr(&n, false);
    put_lookup_tail(&n);
    if (lm__ndr_push_status(&n) == LM_OK && n.b->len > LSA_REQ_MAX)
        push_fail(&n, LM_EINVAL);
    return lm__ndr_push_status(&n);
}

/* ---- decoding ---- */

/* An RPC_SID's body after its pointer: the conformance must equal SubAuthorityCount (at most 15). out NULL:
 * only skipped (Samba sends an all-zero SID, revision 0, for a name it does not know). */
static void get_rpc_sid(struct lm__ndr *d, struct lm__sid *out)
{
    uint32_t conf = lm__ndr_u32(d);
    const uint8_t *p;
    size_t used;

    if (lm__ndr_status(d) != LM_OK)
        return;
    if (conf > LM__SID_MAX_SUBAUTH || (p = lm__cur_take(&d->c, 8 + 4 * (size_t)conf)) == NULL) {
        lm__ndr_fail(d, LM_EPROTO);
        return;
    }
    if (out != NULL &&
        (lm__sid_parse(p, 8 + 4 * (size_t)conf, out, &used) != LM_OK || used != 8 + 4 * (size_t)conf))
        lm__ndr_fail(d, LM_EPROTO);
}

/* An RPC_UNICODE_STRING's fixed part; the units come later (get_ustr_units). */
struct ustr {
    uint16_t len, max;
    uint32_t ptr;
};

static void get_ustr_head(struct lm__ndr *d, struct ustr *u)
{
    lm__cur_align(&d->c, 4); /* a structure aligns to its largest member, the Buffer pointer (C706 14) */
    u->len = lm__ndr_u16(d);
    u->max = lm__ndr_u16(d);
    u->ptr = lm__ndr_ptr(d);
    if (lm__ndr_status(d) == LM_OK && (u->len > u->max || (u->len & 1) != 0))
        lm__ndr_fail(d, LM_EPROTO);
}

/* The deferred units of u (when its pointer was not NULL) as UTF-8 (*out: free()); no NUL in them. */
static void get_ustr_units(struct lm__ndr *d, const struct ustr *u, char **out)
{
    *out = NULL;
    if (u->ptr != 0 && lm__ndr_status(d) == LM_OK)
        lm__ndr_ustr_units(d, u->len, u->max, false, out);
}

/* LSAPR_REFERENCED_DOMAIN_LIST (MS-LSAT 2.2.12): the domains' names and SIDs, by index. */
struct domains {
    uint32_t n;
    char **name;
    struct lm__sid *sid;
    bool *has_sid;
};

static void domains_free(struct domains *dl)
{
    for (uint32_t i = 0; i < dl->n; i++)
        free(dl->name[i]);
    free(dl->name);
    free(dl->sid);
    free(dl->has_sid);
    memset(dl, 0, sizeof *dl);
}

static void get_domains(struct lm__ndr *d, struct domains *dl)
{
    struct ustr *heads;
    uint32_t entries, ptr, count;

    memset(dl, 0, sizeof *dl);
    if (lm__ndr_ptr(d) == 0) /* [out] PLSAPR_REFERENCED_DOMAIN_LIST*: NULL when nothing was mapped */
        return;
    entries = lm__ndr_u32(d);
    ptr = lm__ndr_ptr(d);
    (void)lm__ndr_u32(d); /* MaxEntries */
    if (ptr == 0 || lm__ndr_status(d) != LM_OK) {
        if (ptr == 0 && entries != 0)
            lm__ndr_fail(d, LM_EPROTO);
        return;
    }
    /* LSAPR_TRUST_INFORMATION: an RPC_UNICODE_STRING (8 bytes) and a SID pointer. */
    count = lm__ndr_count(d, 12, MAX_DOMAINS);
    if (lm__ndr_status(d) != LM_OK)
        return;
    if (count != entries) {
        lm__ndr_fail(d, LM_EPROTO);
        return;
    }
    if (count == 0)
        return;
    heads = calloc(count, sizeof *heads);
    dl->name = calloc(count, sizeof *dl->name);
    dl->sid = calloc(count, sizeof *dl->sid);
    dl->has_sid = calloc(count, sizeof *dl->has_sid);
    if (heads == NULL || dl->name == NULL || dl->sid == NULL || dl->has_sid == NULL) {
        free(heads);
        domains_free(dl);
        lm__ndr_fail(d, LM_ENOMEM);
        return;
    }
    dl->n = count;
    for (uint32_t i = 0; i < count; i++) {
        get_ustr_head(d, &heads[i]);
        dl->has_sid[i] = lm__ndr_ptr(d) != 0;
    }
    for (uint32_t i = 0; i < count && lm__ndr_status(d) == LM_OK; i++) {
        get_ustr_units(d, &heads[i], &dl->name[i]);
        if (dl->has_sid[i])
            get_rpc_sid(d, &dl->sid[i]);
    }
    free(heads);
}

/* A translation's domain index: -1 (none) or an index into dl. */
static bool domain_index_ok(const struct domains *dl, int32_t idx)
{
    return idx == -1 || (idx >= 0 && (uint32_t)idx < dl->n);
}

/* Whether the translations follow: the lookups return them with these three statuses only. */
static bool status_has_translations(uint32_t status)
{
    return status == 0 || status == LM__STATUS_SOME_NOT_MAPPED || status == LM__STATUS_NONE_MAPPED;
}

static void all_unknown(struct lm__lsa_xlat *out, size_t n)
{
    memset(out, 0, n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i].use = LM__SID_TYPE_UNKNOWN;
}

/* What the lookup responses share: the domain list, then the translations' Entries and pointer, the
 * array's count checked against the names asked, and at the end MappedCount and the status word. The caller
 * decodes the array's entries in between (lookup_begin leaves the cursor on the first; l->count is 0 when
 * there is no array). */
struct lookup {
    struct lm__ndr d;
    struct domains dl;
    struct lm__lsa_xlat *x; /* n translations, all unknown at first */
    int32_t *dom;           /* each entry's DomainIndex */
    size_t n;
    uint32_t count;
    bool present; /* the array's pointer was not NULL */
};

static lm_status lookup_begin(struct lookup *l, const uint8_t *p, size_t len, size_t n, size_t elem)
{
    uint32_t entries;

    memset(l, 0, sizeof *l);
    if (n == 0 || n > LM__LSA_MAX_LOOKUP)
        return LM_EINVAL;
    l->n = n;
    if ((l->x = calloc(n, sizeof *l->x)) == NULL || (l->dom = calloc(n, sizeof *l->dom)) == NULL) {
        free(l->x);
        return LM_ENOMEM;
    }
    all_unknown(l->x, n);
    lm__ndr_init(&l->d, p, len);
    get_domains(&l->d, &l->dl);
    entries = lm__ndr_u32(&l->d);
    l->present = lm__ndr_ptr(&l->d) != 0;
    if (l->present && lm__ndr_status(&l->d) == LM_OK) {
        l->count = lm__ndr_count(&l->d, elem, LM__LSA_MAX_LOOKUP);
        if (lm__ndr_status(&l->d) == LM_OK && (l->count != entries || l->count != n))
            lm__ndr_fail(&l->d, LM_EPROTO);
        if (lm__ndr_status(&l->d) != LM_OK)
            l->count = 0;
    } else if (entries != 0) {
        lm__ndr_fail(&l->d, LM_EPROTO);
    }
    return LM_OK;
}

/* An entry's DomainIndex, checked against the domain list. */
static void lookup_domain_index(struct lookup *l, uint32_t i)
{
    l->dom[i] = (int32_t)lm__ndr_u32(&l->d);
    if (lm__ndr_status(&l->d) == LM_OK && !domain_index_ok(&l->dl, l->dom[i]))
        lm__ndr_fail(&l->d, LM_EPROTO);
}

/* MappedCount and the status word; out and *status are set only when the whole stub was well formed, and
 * nothing is left allocated otherwise. */
static lm_status lookup_finish(struct lookup *l, struct lm__lsa_xlat *out, uint32_t *status)
{
    uint32_t st_word;
    lm_status st;

    (void)lm__ndr_u32(&l->d); /* MappedCount: the entries say it */
    st_word = lm__ndr_u32(&l->d);
    st = lm__ndr_end(&l->d);
    if (st == LM_OK && !status_has_translations(st_word)) {
        lm__lsa_xlat_clear(l->x, l->n);
        all_unknown(l->x, l->n);
    } else if (st == LM_OK && !l->present && st_word != LM__STATUS_NONE_MAPPED) {
        st = LM_EPROTO; /* success with no translations */
    }
    if (st == LM_OK) {
        memcpy(out, l->x, l->n * sizeof *l->x);
        *status = st_word;
    } else {
        lm__lsa_xlat_clear(l->x, l->n);
    }
    free(l->x);
    free(l->dom);
    domains_free(&l->dl);
    return st;
}

lm_status lm__lsa_lookup_names_resp(const uint8_t *p, size_t len, int level, size_t n,
                                    struct lm__lsa_xlat *out, uint32_t *status)
{
    struct lookup l;
    bool *has_sid = NULL;
    lm_status st;

    if (level != 2 && level != 3)
        return LM_EINVAL;
    /* LSAPR_TRANSLATED_SIDS_EX2 (3: Use, Sid pointer, DomainIndex, Flags) or _EX (2: Use, RelativeId,
     * DomainIndex, Flags), 16 bytes each. */
    if ((st = lookup_begin(&l, p, len, n, 16)) != LM_OK)
        return st;
    if (l.count > 0 && (has_sid = calloc(l.count, sizeof *has_sid)) == NULL)
        lm__ndr_fail(&l.d, LM_ENOMEM);
    for (uint32_t i = 0; i < l.count && lm__ndr_status(&l.d) == LM_OK; i++) {
        struct lm__lsa_xlat *x = &l.x[i];
        uint32_t v;

        x->use = lm__ndr_u16(&l.d);
        v = lm__ndr_u32(&l.d);
        lookup_domain_index(&l, i);
        (void)lm__ndr_u32(&l.d); /* Flags */
        if (lm__ndr_status(&l.d) != LM_OK)
            break;
        if (level == 3) {
            has_sid[i] = v != 0;
        } else if (x->use != LM__SID_TYPE_UNKNOWN) {
            /* Level 2 gives the RID: the SID is the domain's plus it, or the domain's itself. */
            if (l.dom[i] < 0 || !l.dl.has_sid[l.dom[i]] ||
                (x->use != LM__SID_TYPE_DOMAIN && l.dl.sid[l.dom[i]].count >= LM__SID_MAX_SUBAUTH)) {
                lm__ndr_fail(&l.d, LM_EPROTO);
                break;
            }
            x->sid = l.dl.sid[l.dom[i]];
            if (x->use != LM__SID_TYPE_DOMAIN)
                x->sid.sub[x->sid.count++] = v;
        }
    }
    for (uint32_t i = 0; level == 3 && i < l.count && lm__ndr_status(&l.d) == LM_OK; i++) {
        if (has_sid[i])
            get_rpc_sid(&l.d, l.x[i].use != LM__SID_TYPE_UNKNOWN ? &l.x[i].sid : NULL);
        else if (l.x[i].use != LM__SID_TYPE_UNKNOWN)
            lm__ndr_fail(&l.d, LM_EPROTO); /* a name found without its SID */
    }
    free(has_sid);
    return lookup_finish(&l, out, status);
}

/* "DOMAIN\name", or the name alone when the domain has no name (Everyone) or is the account itself. */
static lm_status join_name(const struct domains *dl, int32_t idx, uint16_t use, char *name, char **out)
{
    const char *dom = idx >= 0 ? dl->name[idx] : NULL;
    size_t need;
    char *s;

    *out = NULL;
    if (name == NULL)
        return LM_OK;
    if (dom == NULL || dom[0] == '\0' || use == LM__SID_TYPE_DOMAIN) {
        *out = name;
        return LM_OK;
    }
    need = strlen(dom) + 1 + strlen(name) + 1;
    if ((s = malloc(need)) == NULL) {
        free(name);
        return LM_ENOMEM;
    }
    snprintf(s, need, "%s\\%s", dom, name);
    free(name);
    *out = s;
    return LM_OK;
}

lm_status lm__lsa_lookup_sids_resp(const uint8_t *p, size_t len, size_t n, struct lm__lsa_xlat *out,
                                   uint32_t *status)
{
    struct ustr *heads = NULL;
    struct lookup l;
    lm_status st;

    /* LSAPR_TRANSLATED_NAMES_EX (MS-LSAT 2.2.22): LSAPR_TRANSLATED_NAME_EX (Use, Name, DomainIndex, Flags: 20
     * bytes), the names deferred after the array. */
    if ((st = lookup_begin(&l, p, len, n, 20)) != LM_OK)
        return st;
    if (l.count > 0 && (heads = calloc(l.count, sizeof *heads)) == NULL)
        lm__ndr_fail(&l.d, LM_ENOMEM);
    for (uint32_t i = 0; i < l.count && lm__ndr_status(&l.d) == LM_OK; i++) {
        l.x[i].use = lm__ndr_u16(&l.d);
        get_ustr_head(&l.d, &heads[i]);
        lookup_domain_index(&l, i);
        (void)lm__ndr_u32(&l.d); /* Flags */
    }
    for (uint32_t i = 0; i < l.count && lm__ndr_status(&l.d) == LM_OK; i++) {
        char *name = NULL;
        lm_status js;

        get_ustr_units(&l.d, &heads[i], &name);
        if (lm__ndr_status(&l.d) != LM_OK || l.x[i].use == LM__SID_TYPE_UNKNOWN) {
            free(name); /* an unknown SID's placeholder (Samba sends its string) is not a name */
            continue;
        }
        if ((js = join_name(&l.dl, l.dom[i], l.x[i].use, name, &l.x[i].name)) != LM_OK)
            lm__ndr_fail(&l.d, js);
    }
    free(heads);
    return lookup_finish(&l, out, status);
}

/* ---- calls ---- */

lm_status lm__lsa_open_policy(struct lm__rpc *r, const char *server, uint32_t access,
                              struct lm__ndr_handle *out, lm_error *err)
{
    struct lm__buf req;
    lm_status st;

    lm__buf_init(&req, LSA_REQ_MAX);
    st = lm__rpc_handle_call_as(r, LM__LSA_OPEN_POLICY2, "cannot open the LSA policy (LsarOpenPolicy2)",
                                LM_RAW_NTSTATUS, lm__lsa_open_policy_req(&req, server, access), &req, false,
                                out, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__lsa_close(struct lm__rpc *r, struct lm__ndr_handle *h, lm_error *err)
{
    return lm__rpc_close_handle_as(r, LM__LSA_CLOSE, "cannot close the LSA policy (LsarClose)",
                                   LM_RAW_NTSTATUS, h, err);
}

/* One lookup call: the request is already encoded (enc), decode decodes the response into out. */
typedef lm_status (*decode_fn)(const uint8_t *p, size_t len, int level, size_t n, struct lm__lsa_xlat *out,
                               uint32_t *status);

static lm_status decode_sids(const uint8_t *p, size_t len, int level, size_t n, struct lm__lsa_xlat *out,
                             uint32_t *status)
{
    (void)level;
    return lm__lsa_lookup_sids_resp(p, len, n, out, status);
}

static lm_status lookup_call(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                             const struct lm__buf *req, decode_fn decode, int level, size_t n,
                             struct lm__lsa_xlat *out, lm_error *err)
{
    struct lm__buf resp;
    uint32_t status = 0;
    lm_status st;

    lm__buf_init(&resp, LM__RPC_MAX_STUB);
    st = lm__rpc_transact(r, opnum, what, enc, req, &resp, err);
    if (st == LM_OK && (st = decode(resp.data, resp.len, level, n, out, &status)) != LM_OK) {
        lm__rpc_malformed(err, st, what);
    }
    if (st == LM_OK && !status_has_translations(status)) {
        lm__lsa_xlat_clear(out, n);
        st = lm__rpc_error(err, LM_RAW_NTSTATUS, status, what);
    }
    lm__buf_free(&resp);
    return st;
}

/* MS-RPCE 3.1.1.5.5 / C706: the fault a server gives for an opnum it does not have. */
#define NCA_S_OP_RNG_ERROR          0x1C010002u
#define RPC_NT_PROCNUM_OUT_OF_RANGE 0xC002002Eu

lm_status lm__lsa_lookup_names(struct lm__rpc *r, const struct lm__ndr_handle *policy,
                               const char *const *names, size_t n, struct lm__lsa_xlat *out, lm_error *err)
{
    struct lm__buf req;
    lm_status st;

    lm__buf_init(&req, LSA_REQ_MAX);
    st = lookup_call(r, LM__LSA_LOOKUP_NAMES3, "cannot look up account names (LsarLookupNames3)",
                     lm__lsa_lookup_names_req(&req, 3, policy, names, n), &req, lm__lsa_lookup_names_resp, 3,
                     n, out, err);
    if (st != LM_OK && err != NULL && err->raw_kind == LM_RAW_RPC_FAULT &&
        (err->raw == NCA_S_OP_RNG_ERROR || err->raw == RPC_NT_PROCNUM_OUT_OF_RANGE)) {
        /* A server without LsarLookupNames3 faults on its opnum: ask the older LsarLookupNames2 (3.1.4.7). */
        lm__buf_reset(&req);
        lm_error_clear(err);
        st = lookup_call(r, LM__LSA_LOOKUP_NAMES2, "cannot look up account names (LsarLookupNames2)",
                         lm__lsa_lookup_names_req(&req, 2, policy, names, n), &req, lm__lsa_lookup_names_resp,
                         2, n, out, err);
    }
    lm__buf_free(&req);
    return st;
}

lm_status lm__lsa_lookup_sids(struct lm__rpc *r, const struct lm__ndr_handle *policy,
                              const struct lm__sid *sids, size_t n, struct lm__lsa_xlat *out, lm_error *err)
{
    struct lm__buf req;
    lm_status st;

    lm__buf_init(&req, LSA_REQ_MAX);
    st = lookup_call(r, LM__LSA_LOOKUP_SIDS2, "cannot look up SIDs (LsarLookupSids2)",
                     lm__lsa_lookup_sids_req(&req, policy, sids, n), &req, decode_sids, 0, n, out, err);
    lm__buf_free(&req);
    return st;
}

/* Closes the policy whatever st is; a close failure is reported only when the lookup succeeded. */
static lm_status close_after(struct lm__rpc *r, struct lm__ndr_handle *pol, lm_status st, lm_error *err)
{
    lm_status c = lm__lsa_close(r, pol, st == LM_OK ? err : NULL);

    return st != LM_OK ? st : c;
}

lm_status lm__lsa_names_to_sids(struct lm__rpc *r, const char *server, const char *const *names, size_t n,
                                struct lm__lsa_xlat *out, lm_error *err)
{
    struct lm__ndr_handle pol;
    lm_status st;

    if ((st = lm__lsa_open_policy(r, server, LM__LSA_POLICY_LOOKUP_NAMES, &pol, err)) != LM_OK)
        return st;
    st = close_after(r, &pol, lm__lsa_lookup_names(r, &pol, names, n, out, err), err);
    return st;
}

lm_status lm__lsa_sids_to_names(struct lm__rpc *r, const char *server, const struct lm__sid *sids, size_t n,
                                struct lm__lsa_xlat *out, lm_error *err)
{
    struct lm__ndr_handle pol;
    lm_status st;

    if ((st = lm__lsa_open_policy(r, server, LM__LSA_POLICY_LOOKUP_NAMES, &pol, err)) != LM_OK)
        return st;
    st = close_after(r, &pol, lm__lsa_lookup_sids(r, &pol, sids, n, out, err), err);
    if (st != LM_OK)
        lm__lsa_xlat_clear(out, n);
    return st;
}
