/* lm_smb_list: a directory's entries. CREATE and the first QUERY_DIRECTORY go in one compound (MS-SMB2
 * 3.2.4.1.4); more queries follow until STATUS_NO_MORE_FILES. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf.h"
#include "smb/client_test.h"
#include "smb/conn.h"

/* MS-FSCC 2.4.17 FileIdBothDirectoryInformation, the fixed part. */
#define FIDBDI_FIXED 104

/* The most entries one listing holds: a server that never says STATUS_NO_MORE_FILES cannot make us allocate
 * without bound. */
#define SMB_LIST_MAX (1u << 20)

/* A name from the server is one path component: not empty, no NUL (it would cut the C string short, and
 * ".\0x" would pass as "."), no separator ("..\\x" must never reach a local path built from it). */
static bool valid_name(const uint8_t *p, uint32_t nbytes)
{
    if (nbytes == 0)
        return false;
    for (uint32_t i = 0; i + 1 < nbytes; i += 2) {
        uint16_t u = (uint16_t)(p[i] | p[i + 1] << 8);
        if (u == 0 || u == '/' || u == '\\')
            return false;
    }
    return true;
}

lm_status lm__smb_parse_dir_entries(struct lm__cursor *buf, lm_smb_dirent **list, size_t *n, size_t *cap)
{
    size_t at = 0;

    for (;;) {
        struct lm__cursor e;
        uint32_t next, name_len;
        lm_smb_stat st;
        const uint8_t *name;
        char *utf8;
        lm_status rc;

        if (!lm__cur_sub(buf, at, buf->len - at, &e))
            return LM_EPROTO;
        next = lm__cur_u32(&e);
        lm__cur_skip(&e, 4);
        st.created = lm__cur_u64(&e);
        st.accessed = lm__cur_u64(&e);
        st.written = lm__cur_u64(&e);
        st.changed = lm__cur_u64(&e);
        st.size = lm__cur_u64(&e);
        st.allocation = lm__cur_u64(&e);
        st.attributes = lm__cur_u32(&e);
        name_len = lm__cur_u32(&e);
        lm__cur_seek(&e, FIDBDI_FIXED);
        name = lm__cur_take(&e, name_len);
        if (name == NULL || (next != 0 && (next < FIDBDI_FIXED + name_len || next > e.len)))
            return LM_EPROTO;
        if ((rc = lm__utf8_dup(name, name_len, &utf8)) != LM_OK)
            return rc;
        if (!valid_name(name, name_len)) {
            free(utf8);
            return LM_EPROTO;
        }
        if (strcmp(utf8, ".") == 0 || strcmp(utf8, "..") == 0) {
            free(utf8);
        } else {
            if (*n == *cap) {
                size_t ncap = *cap != 0 ? *cap * 2 : 64;
                lm_smb_dirent *nl = realloc(*list, ncap * sizeof *nl);
                if (nl == NULL) {
                    free(utf8);
                    return LM_ENOMEM;
                }
                *list = nl;
                *cap = ncap;
            }
            (*list)[*n].name = utf8;
            (*list)[*n].st = st;
            (*n)++;
        }
        if (next == 0)
            return LM_OK;
        at += next;
    }
}

void lm_smb_list_free(lm_smb_dirent *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i].name);
    free(list);
}

/* A listing under way: the open directory and what it has given so far. */
struct listing {
    struct lm_smb_tree *t;
    const char *dir, *pattern;
    uint32_t out_len;
    struct smb2_fileid id;
    lm_smb_dirent *list;
    size_t count, cap;
};

/* Sends a QUERY_DIRECTORY on the open directory, or, when cr is not NULL, the CREATE that opens it and the
 * first query related to it. */
static lm_status send_query(struct listing *l, const struct smb2_create_req *cr, uint64_t *mid_create,
                            uint64_t *mid_query)
{
    struct lm_smb *s = l->t->s;
    struct smb_chain c;
    lm_status st = LM_OK;

    lm__smb_chain_init(&c);
    if (cr != NULL)
        *mid_create = lm__smb_add_create(s, &c, l->t->tid, false, cr, &st);
    *mid_query = lm__smb_add(s, &c, SMB2_QUERY_DIRECTORY, l->t->tid, cr != NULL, l->out_len);
    lm__smb2_query_directory_req(&c.b, cr != NULL ? &lm__smb2_related_fileid : &l->id,
                                 cr != NULL ? SMB2_RESTART_SCANS : 0, l->pattern, l->out_len);
    return lm__smb_send_built(s, &c, st, "path", l->dir);
}

/* CREATE + the first QUERY_DIRECTORY in one round trip. */
static lm_status open_dir(struct listing *l, uint64_t *mid_query)
{
    struct lm_smb *s = l->t->s;
    struct smb2_create_req cr = {0};
    struct smb2_create_resp cresp;
    char what[300];
    uint64_t mid_create;
    lm_status st;

    cr.desired_access = SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES | SMB2_SYNCHRONIZE;
    cr.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
    cr.create_disposition = SMB2_FILE_OPEN;
    cr.create_options = SMB2_FILE_DIRECTORY_FILE;
    cr.path = lm__smb_path(l->dir != NULL ? l->dir : "", true);
    if (cr.path == NULL)
        return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    snprintf(what, sizeof what, "cannot open directory '%s'", l->dir != NULL ? l->dir : "");
    if (s->single) { /* the CREATE alone, then the first query on the handle it returns */
        st = lm__smb_create_alone(s, l->t->tid, &cr, what, &cresp);
        free((char *)cr.path);
        if (st != LM_OK)
            return st;
        l->id = cresp.id;
        return send_query(l, NULL, NULL, mid_query);
    }
    st = send_query(l, &cr, &mid_create, mid_query);
    free((char *)cr.path);
    if (st == LM_OK && (st = lm__smb_take_create(s, mid_create, what, mid_query, 1, &cresp)) == LM_OK)
        l->id = cresp.id;
    return st;
}

/* The reply to one QUERY_DIRECTORY: its entries join the list; *done at the end of the directory. */
static lm_status take_entries(struct listing *l, uint64_t mid_query, bool *done)
{
    struct lm_smb *s = l->t->s;
    struct lm__cursor ob;
    struct smb_resp r;
    lm_status st;

    if ((st = lm__smb_recv(s, mid_query, &r)) != LM_OK)
        return st;
    *done = r.h.status == NT_STATUS_NO_MORE_FILES || r.h.status == NT_STATUS_NO_SUCH_FILE;
    if (*done)
        return LM_OK; /* the end, or a pattern that matches nothing */
    if (r.h.status != NT_STATUS_SUCCESS)
        return lm__smb_status_error(s, &r, "cannot list the directory");
    if (lm__smb2_query_directory_resp(&r.msg, &ob) != LM_OK || ob.len == 0 ||
        (st = lm__smb_parse_dir_entries(&ob, &l->list, &l->count, &l->cap)) != LM_OK)
        return lm_error_set(&s->err, st != LM_OK && st != LM_EPROTO ? st : LM_EPROTO, LM_RAW_NONE, 0,
                            "malformed directory listing from %s", s->host);
    if (l->count > SMB_LIST_MAX)
        return lm_error_set(&s->err, LM_EOVERFLOW, LM_RAW_NONE, 0,
                            "%s listed more than %u entries in '%s'; list a narrower pattern", s->host,
                            SMB_LIST_MAX, l->dir != NULL ? l->dir : "");
    return LM_OK;
}

/* One whole listing: open, query to the end, close. On failure what it gathered is freed. */
static lm_status list_once(struct listing *l)
{
    struct lm_smb *s = l->t->s;
    uint64_t mid_query;
    bool done = false;
    lm_status st;

    if ((st = open_dir(l, &mid_query)) == LM_OK) {
        while ((st = take_entries(l, mid_query, &done)) == LM_OK && !done) {
            if ((st = send_query(l, NULL, NULL, &mid_query)) != LM_OK)
                break;
        }
        lm__smb_forget(s, SMB2_CLOSE, l->t->tid, &l->id);
    }
    if (st != LM_OK) {
        lm_smb_list_free(l->list, l->count);
        l->list = NULL;
        l->count = l->cap = 0;
    }
    return st;
}

static lm_status list_dir(lm_smb_tree *t, const char *dir, const char *pattern, lm_smb_dirent **out,
                          size_t *n)
{
    struct lm_smb *s = t->s;
    struct listing l = {t, dir, pattern != NULL ? pattern : "*", 0, {0, 0}, NULL, 0, 0};
    lm_status st;

    l.out_len = s->max_transact < 1024 * 1024 ? s->max_transact : 1024 * 1024;
    if (s->dialect == SMB2_DIALECT_202 && l.out_len > 65536)
        l.out_len = 65536;
    /* A listing only reads, so repeating it after a compound fallback is safe (see lm__smb_retry_single). */
    st = list_once(&l);
    if (lm__smb_retry_single(s, st))
        st = list_once(&l);
    if (st != LM_OK)
        return st;
    *out = l.list;
    *n = l.count;
    return LM_OK;
}

lm_status lm_smb_list(lm_smb_tree *t, const char *dir, const char *pattern, lm_smb_dirent **out, size_t *n)
{
    struct lm_smb *s = t->s;
    const char *base, *p;
    char *parent;
    lm_status st = list_dir(t, dir, pattern, out, n);

    /* A file, listed with no pattern: its own entry, as ls and Get-ChildItem show it, from its parent
     * directory with its name as the pattern. */
    if (st != LM_EPATH || s->err.raw_kind != LM_RAW_NTSTATUS || s->err.raw != NT_STATUS_NOT_A_DIRECTORY ||
        dir == NULL || (pattern != NULL && strcmp(pattern, "*") != 0))
        return st;
    for (base = p = dir; *p != '\0'; p++) {
        if ((*p == '/' || *p == '\\') && p[1] != '\0')
            base = p + 1;
    }
    if (*base == '\0' || strpbrk(base, "/\\*?<>\"") != NULL)
        return st;
    if ((parent = malloc((size_t)(base - dir) + 1)) == NULL)
        return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    memcpy(parent, dir, (size_t)(base - dir));
    parent[base - dir] = '\0';
    st = list_dir(t, parent, base, out, n);
    free(parent);
    return st;
}
