/* ECHO (MS-SMB2 2.2.28) and QUERY_INFO flows: a file's basic and standard information (MS-FSCC 2.4.7,
 * 2.4.41) and the file system's attributes (MS-FSCC 2.5.1). Each is one round trip: CREATE, the queries and
 * CLOSE go in one related compound. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf.h"
#include "smb/conn.h"

lm_status lm_smb_echo(lm_smb *s)
{
    struct smb_resp r;
    lm_status st;

    if ((st = lm__smb_exchange_empty(s, SMB2_ECHO, &r)) != LM_OK)
        return st;
    if (r.h.status != NT_STATUS_SUCCESS)
        return lm__smb_status_error(s, &r, "echo failed");
    return lm__smb2_echo_resp(&r.msg) == LM_OK
               ? LM_OK
               : lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed ECHO response from %s", s->host);
}

#define MAX_QUERIES  2
#define SMB_PATH_MAX 4096

struct query {
    uint8_t type, klass;
    uint32_t out_len;
    struct lm__cursor out; /* the reply's output buffer, valid until the next receive */
};

typedef lm_status (*take_fn)(void *ctx, int i, struct lm__cursor *out);

/* The reply to query i, to take(). */
static lm_status take_query(struct lm_smb *s, const struct smb_resp *r, struct query *q, int i, take_fn take,
                            void *ctx, const char *what)
{
    struct lm__cursor m = r->msg;

    if (r->h.status != NT_STATUS_SUCCESS)
        return lm__smb_status_error(s, r, what);
    if (lm__smb2_query_info_resp(&m, &q[i].out) != LM_OK || take(ctx, i, &q[i].out) != LM_OK)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed QUERY_INFO response from %s",
                            s->host);
    return LM_OK;
}

/* After a compound fallback (lm__smb_retry_single): the CREATE, each query on the file it opened, then CLOSE,
 * one request per message. */
static lm_status open_query_close_single(struct lm_smb_tree *t, const struct smb2_create_req *cr,
                                         struct query *q, int nq, take_fn take, void *ctx, const char *what)
{
    struct lm_smb *s = t->s;
    struct smb2_create_resp cresp;
    lm_status st = lm__smb_create_alone(s, t->tid, cr, what, &cresp);

    if (st != LM_OK)
        return st;
    for (int i = 0; i < nq && st == LM_OK; i++) {
        struct smb_chain c;
        struct smb_resp r;
        uint64_t mid;

        lm__smb_chain_init(&c);
        mid = lm__smb_add(s, &c, SMB2_QUERY_INFO, t->tid, false, q[i].out_len);
        lm__smb2_query_info_req(&c.b, &cresp.id, q[i].type, q[i].klass, q[i].out_len);
        st = lm__smb_send(s, &c, false);
        lm__smb_chain_free(&c);
        if (st == LM_OK && (st = lm__smb_recv(s, mid, &r)) == LM_OK)
            st = take_query(s, &r, q, i, take, ctx, what);
    }
    lm__smb_forget(s, SMB2_CLOSE, t->tid, &cresp.id);
    return st;
}

/* CREATE(path) + the queries + CLOSE, related; calls take() on each reply in order. */
static lm_status open_query_close_once(struct lm_smb_tree *t, const struct smb2_create_req *cr,
                                       struct query *q, int nq, take_fn take, void *ctx, const char *what)
{
    struct lm_smb *s = t->s;
    struct smb2_create_resp cresp;
    struct smb_chain c;
    struct smb_resp r;
    uint64_t mids[2 + MAX_QUERIES];
    int n = 0;
    lm_status st = LM_OK, first = LM_OK;

    if (s->single)
        return open_query_close_single(t, cr, q, nq, take, ctx, what);
    lm__smb_chain_init(&c);
    mids[n++] = lm__smb_add_create(s, &c, t->tid, false, cr, &st);
    for (int i = 0; i < nq; i++) {
        mids[n++] = lm__smb_add(s, &c, SMB2_QUERY_INFO, t->tid, true, q[i].out_len);
        lm__smb2_query_info_req(&c.b, &lm__smb2_related_fileid, q[i].type, q[i].klass, q[i].out_len);
    }
    mids[n++] = lm__smb_add(s, &c, SMB2_CLOSE, t->tid, true, 0);
    lm__smb2_close_req(&c.b, &lm__smb2_related_fileid);
    st = lm__smb_send_built(s, &c, st, "path", cr->path);
    if (st != LM_OK)
        return st;
    /* Every reply of the chain is read, even after a failure, so none is left behind on the connection. */
    for (int i = 0; i < n; i++) {
        if ((st = lm__smb_recv(s, mids[i], &r)) != LM_OK)
            return st;
        if (first != LM_OK)
            continue;
        if (i == 0)
            first = lm__smb_check_create(s, &r, what, NULL, 0, &cresp);
        else if (i <= nq)
            first = take_query(s, &r, q, i - 1, take, ctx, what);
        else if (r.h.status != NT_STATUS_SUCCESS)
            first = lm__smb_status_error(s, &r, what);
    }
    return first;
}

static lm_status open_query_close(struct lm_smb_tree *t, const char *path, uint32_t options, struct query *q,
                                  int nq, take_fn take, void *ctx)
{
    struct smb2_create_req cr = {0};
    char what[300];
    lm_status st;

    cr.desired_access = SMB2_FILE_READ_ATTRIBUTES | SMB2_SYNCHRONIZE;
    cr.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
    cr.create_disposition = SMB2_FILE_OPEN;
    cr.create_options = options;
    cr.path = path;
    snprintf(what, sizeof what, "cannot query '%s'", path);
    st = open_query_close_once(t, &cr, q, nq, take, ctx, what);
    /* Queries only read: repeating them after a compound fallback is safe (lm__smb_retry_single). */
    if (lm__smb_retry_single(t->s, st))
        st = open_query_close_once(t, &cr, q, nq, take, ctx, what);
    return st;
}

static lm_status take_stat(void *ctx, int i, struct lm__cursor *out)
{
    lm_smb_stat *st = ctx;

    if (i == 0) { /* FileBasicInformation */
        st->created = lm__cur_u64(out);
        st->accessed = lm__cur_u64(out);
        st->written = lm__cur_u64(out);
        st->changed = lm__cur_u64(out);
        st->attributes = lm__cur_u32(out);
    } else { /* FileStandardInformation */
        st->allocation = lm__cur_u64(out);
        st->size = lm__cur_u64(out);
    }
    return lm__cur_status(out);
}

lm_status lm_smb_getattr(lm_smb_tree *t, const char *path, lm_smb_stat *st)
{
    struct query q[2] = {{SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION, 40, {0}},
                         {SMB2_0_INFO_FILE, FILE_STANDARD_INFORMATION, 24, {0}}};
    lm_smb_stat tmp;
    char *p;
    lm_status rc;

    if (strlen(path + strspn(path, "/\\")) >= SMB_PATH_MAX)
        return lm_error_set(&t->s->err, LM_EPATH, LM_RAW_NONE, 0, "path too long");
    if ((p = lm__smb_path(path, true)) == NULL)
        return lm_error_set(&t->s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    memset(&tmp, 0, sizeof tmp);
    rc = open_query_close(t, p, 0, q, 2, take_stat, &tmp);
    free(p);
    if (rc == LM_OK)
        *st = tmp;
    return rc;
}

static lm_status take_fs(void *ctx, int i, struct lm__cursor *out)
{
    lm_smb_fs_info *fs = ctx;
    uint32_t name_len;
    const uint8_t *name;
    char *utf8;

    (void)i;
    fs->attributes = lm__cur_u32(out);
    fs->max_name_len = lm__cur_u32(out);
    name_len = lm__cur_u32(out);
    name = lm__cur_take(out, name_len);
    if (name == NULL || lm__utf8_dup(name, name_len, &utf8) != LM_OK)
        return LM_EPROTO;
    snprintf(fs->name, sizeof fs->name, "%s", utf8);
    free(utf8);
    return LM_OK;
}

lm_status lm_smb_statfs(lm_smb_tree *t, lm_smb_fs_info *fs)
{
    struct query q = {SMB2_0_INFO_FILESYSTEM, FILE_FS_ATTRIBUTE_INFORMATION, 1024, {0}};
    lm_smb_fs_info tmp;
    lm_status rc;

    memset(&tmp, 0, sizeof tmp);
    rc = open_query_close(t, "", SMB2_FILE_DIRECTORY_FILE, &q, 1, take_fs, &tmp);
    if (rc == LM_OK)
        *fs = tmp;
    return rc;
}
