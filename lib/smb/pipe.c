/* Named pipes: CREATE on IPC$, IOCTL FSCTL_PIPE_TRANSCEIVE, READ, WRITE (MS-SMB2 3.2.4.20.2, 3.2.4.6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smb/conn.h"
#include "smb/pipe.h"

#define PIPE_MAX_OUT 65536 /* a DCE/RPC fragment is at most this (max_recv_frag) */

struct lm__smb_pipe {
    struct lm_smb_tree *t;
    struct smb2_fileid id;
};

/* An IOCTL or READ reply's data, appended to out. BUFFER_OVERFLOW means "more to read", not an error. */
static lm_status take_reply(struct lm_smb *s, const struct smb_resp *r, bool ioctl, struct lm__buf *out,
                            bool *more)
{
    struct lm__cursor m = r->msg, data;
    size_t off;
    uint32_t len;

    *more = r->h.status == NT_STATUS_BUFFER_OVERFLOW;
    if (r->h.status != NT_STATUS_SUCCESS && !*more)
        return lm__smb_status_error(s, r, "named pipe call failed");
    if (ioctl) {
        if (lm__smb2_ioctl_resp(&m, &data) != LM_OK)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed IOCTL response from %s",
                                s->host);
    } else {
        if (lm__smb2_read_resp(&m, &off, &len) != LM_OK)
            return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed READ response from %s",
                                s->host);
        lm__cur_init(&data, r->msg.p + off, len);
    }
    lm__buf_append(out, data.p, data.len);
    if (lm__buf_status(out) != LM_OK)
        return lm_error_set(&s->err, lm__buf_status(out), LM_RAW_NONE, 0, "pipe reply too large");
    return LM_OK;
}

/* One open: the pipe's name, and the first transceive that rides with the CREATE (in NULL: none), whose
 * reply goes to out. */
struct pipe_open {
    const char *name;
    const void *in;
    size_t inlen;
    struct lm__buf *out;
    bool *more;
};

/* The message IDs of an open's compound; UINT64_MAX for a request it does not hold. */
struct open_mids {
    uint64_t tree, create, ioctl;
};

/* Sends [TREE_CONNECT IPC$ when t is NULL] + CREATE \PIPE\name [+ IOCTL], each related to the one before. */
static lm_status send_open(struct lm_smb *s, const lm_smb_tree *t, const struct pipe_open *o,
                           struct open_mids *mid)
{
    struct smb2_create_req cr = {0};
    uint32_t tid = t != NULL ? t->tid : 0xFFFFFFFFu;
    struct smb_chain c;
    lm_status st = LM_OK;

    cr.desired_access = SMB2_FILE_READ_DATA | SMB2_FILE_WRITE_DATA | SMB2_FILE_READ_EA |
                        SMB2_FILE_READ_ATTRIBUTES | SMB2_READ_CONTROL | SMB2_SYNCHRONIZE;
    cr.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE;
    cr.create_disposition = SMB2_FILE_OPEN;
    cr.create_options = SMB2_FILE_NON_DIRECTORY;
    cr.path = o->name;
    *mid = (struct open_mids){UINT64_MAX, UINT64_MAX, UINT64_MAX};
    lm__smb_chain_init(&c);
    if (t == NULL)
        mid->tree = lm__smb_add_tree_connect(s, &c, "IPC$", &st);
    mid->create = lm__smb_add_create(s, &c, tid, t == NULL, &cr, &st);
    if (o->in != NULL) {
        size_t payload = o->inlen > PIPE_MAX_OUT ? o->inlen : PIPE_MAX_OUT;

        mid->ioctl = lm__smb_add(s, &c, SMB2_IOCTL, tid, true, payload);
        lm__smb2_ioctl_req(&c.b, &lm__smb2_related_fileid, FSCTL_PIPE_TRANSCEIVE, o->in, (uint32_t)o->inlen,
                           PIPE_MAX_OUT);
    }
    return lm__smb_send_built(s, &c, st, "pipe name", o->name);
}

/* The pipe that the CREATE opened on t, and the reply to the first transceive when there was one. */
static lm_status take_open(struct lm_smb *s, lm_smb_tree *t, const struct smb2_fileid *id, uint64_t mid_ioctl,
                           const struct pipe_open *o, struct lm__smb_pipe **pipe)
{
    struct lm__smb_pipe *p;
    struct smb_resp r;
    lm_status st;

    if ((p = calloc(1, sizeof *p)) == NULL) {
        lm__smb_forget(s, SMB2_CLOSE, t->tid, id);
        return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    }
    p->t = t;
    p->id = *id;
    if (mid_ioctl != UINT64_MAX && ((st = lm__smb_recv(s, mid_ioctl, &r)) != LM_OK ||
                                    (st = take_reply(s, &r, true, o->out, o->more)) != LM_OK)) {
        lm__smb_pipe_close(p);
        return st;
    }
    *pipe = p;
    return LM_OK;
}

/* Opens the pipe on the tree t: CREATE (+ the first IOCTL, in the same compound unless the connection keeps
 * to single requests). */
static lm_status open_on_tree(lm_smb_tree *t, const struct pipe_open *o, struct lm__smb_pipe **pipe)
{
    struct lm_smb *s = t->s;
    struct smb2_create_resp cresp;
    struct open_mids mid;
    lm_status st;

    if (s->single && o->in != NULL) {
        struct pipe_open bare = {o->name, NULL, 0, NULL, NULL};

        if ((st = open_on_tree(t, &bare, pipe)) == LM_OK &&
            (st = lm__smb_pipe_transceive(*pipe, o->in, o->inlen, PIPE_MAX_OUT, o->out, o->more)) != LM_OK) {
            lm__smb_pipe_close(*pipe);
            *pipe = NULL;
        }
        return st;
    }
    if ((st = send_open(s, t, o, &mid)) != LM_OK ||
        (st = lm__smb_take_create(s, mid.create, "cannot open the named pipe", &mid.ioctl,
                                  mid.ioctl != UINT64_MAX, &cresp)) != LM_OK)
        return st;
    return take_open(s, t, &cresp.id, mid.ioctl, o, pipe);
}

/* TREE_CONNECT IPC$ + CREATE (+ IOCTL) in one compound. When the tree connects but its CREATE fails, the
 * pipe is opened again on the new tree, the ordinary way (now encrypted if IPC$ asked for it). */
static lm_status open_with_tree(struct lm_smb *s, const struct pipe_open *o, lm_smb_tree **tree,
                                struct lm__smb_pipe **pipe)
{
    struct smb2_create_resp cresp;
    struct open_mids mid;
    struct smb_resp r;
    uint64_t rel[2];
    lm_smb_tree *nt = NULL;
    lm_status st;

    if (s->single) {
        if ((st = lm_smb_tree_connect(s, "IPC$", &nt)) != LM_OK)
            return st;
        if ((st = open_on_tree(nt, o, pipe)) != LM_OK) {
            lm_smb_tree_disconnect(nt);
            return st;
        }
        *tree = nt;
        return LM_OK;
    }
    if ((st = send_open(s, NULL, o, &mid)) != LM_OK)
        return st;
    rel[0] = mid.create;
    rel[1] = mid.ioctl;
    if ((st = lm__smb_take_tree(s, mid.tree, "IPC$", rel, mid.ioctl != UINT64_MAX ? 2 : 1, &nt)) != LM_OK)
        return st;
    if ((st = lm__smb_recv(s, mid.create, &r)) == LM_OK) {
        if (lm__smb_check_create(s, &r, "cannot open the named pipe", &mid.ioctl, mid.ioctl != UINT64_MAX,
                                 &cresp) != LM_OK)
            st = open_on_tree(nt, o, pipe);
        else
            st = take_open(s, nt, &cresp.id, mid.ioctl, o, pipe);
    }
    if (st != LM_OK) {
        lm_smb_tree_disconnect(nt);
        return st;
    }
    *tree = nt;
    return LM_OK;
}

lm_status lm__smb_pipe_open(lm_smb_tree *t, const char *name, const void *in, size_t inlen,
                            struct lm__buf *out, bool *more, struct lm__smb_pipe **pipe)
{
    struct pipe_open o = {name, in, inlen, out, more};
    size_t had = out != NULL ? out->len : 0;
    lm_status st = open_on_tree(t, &o, pipe);

    /* Repeating the open is safe: the first transceive that rides with it is a bind or a call that only
     * reads (the callers send nothing else there), and what the failed attempt opened is closed. */
    if (lm__smb_retry_single(t->s, st)) {
        if (out != NULL)
            out->len = had;
        st = open_on_tree(t, &o, pipe);
    }
    return st;
}

lm_status lm__smb_pipe_open_ipc(lm_smb *s, const char *name, const void *in, size_t inlen,
                                struct lm__buf *out, bool *more, lm_smb_tree **tree,
                                struct lm__smb_pipe **pipe)
{
    struct pipe_open o = {name, in, inlen, out, more};
    size_t had = out != NULL ? out->len : 0;
    lm_status st = open_with_tree(s, &o, tree, pipe);

    if (lm__smb_retry_single(s, st)) { /* safe to repeat, as in lm__smb_pipe_open() */
        if (out != NULL)
            out->len = had;
        st = open_with_tree(s, &o, tree, pipe);
    }
    if (st == LM_OK && (st = lm__smb_tree_validate(s, *tree)) != LM_OK) {
        lm__smb_pipe_close(*pipe);
        lm_smb_tree_disconnect(*tree);
        *pipe = NULL;
        *tree = NULL;
    }
    return st;
}

lm_status lm__smb_pipe_transceive(struct lm__smb_pipe *p, const void *in, size_t inlen, size_t max_out,
                                  struct lm__buf *out, bool *more)
{
    struct lm_smb *s = p->t->s;
    struct smb_chain c;
    struct smb_resp r;
    uint64_t mid;
    lm_status st;

    if (inlen > UINT32_MAX || max_out > UINT32_MAX)
        return lm_error_set(&s->err, LM_EINVAL, LM_RAW_NONE, 0, "pipe message too large");
    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, SMB2_IOCTL, p->t->tid, false, inlen > max_out ? inlen : max_out);
    lm__smb2_ioctl_req(&c.b, &p->id, FSCTL_PIPE_TRANSCEIVE, in, (uint32_t)inlen, (uint32_t)max_out);
    st = lm__smb_send(s, &c, false);
    lm__smb_chain_free(&c);
    if (st != LM_OK || (st = lm__smb_recv(s, mid, &r)) != LM_OK)
        return st;
    return take_reply(s, &r, true, out, more);
}

lm_status lm__smb_pipe_read(struct lm__smb_pipe *p, size_t max, struct lm__buf *out, bool *more)
{
    struct lm_smb *s = p->t->s;
    struct smb_chain c;
    struct smb_resp r;
    uint64_t mid;
    lm_status st;

    if (max > UINT32_MAX)
        max = UINT32_MAX;
    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, SMB2_READ, p->t->tid, false, max);
    lm__smb2_read_req(&c.b, &p->id, (uint32_t)max, 0);
    st = lm__smb_send(s, &c, false);
    lm__smb_chain_free(&c);
    if (st != LM_OK || (st = lm__smb_recv(s, mid, &r)) != LM_OK)
        return st;
    return take_reply(s, &r, false, out, more);
}

lm_status lm__smb_pipe_read_n(struct lm__smb_pipe *p, unsigned n, size_t max, struct lm__buf *out)
{
    struct lm_smb *s = p->t->s;
    struct smb_chain c;
    struct smb_resp r;
    uint64_t mid[SMB_MAX_CHAIN];
    lm_status st = LM_OK;
    unsigned i, sent = 0;
    bool more;

    if (n > SMB_MAX_CHAIN)
        n = SMB_MAX_CHAIN;
    if (n > s->credits)
        n = s->credits;
    if (n <= 1)
        return lm__smb_pipe_read(p, max, out, &more);
    if (max > UINT32_MAX)
        max = UINT32_MAX;
    /* Separate messages, not a compound: a pipe READ waits for data, and a server may not let a request in
     * the middle of a compound wait (Samba 4.17 cancels it with STATUS_INTERNAL_ERROR). */
    for (i = 0; i < n && st == LM_OK; i++) {
        lm__smb_chain_init(&c);
        mid[i] = lm__smb_add(s, &c, SMB2_READ, p->t->tid, false, max);
        lm__smb2_read_req(&c.b, &p->id, (uint32_t)max, 0);
        if ((st = lm__smb_send(s, &c, false)) == LM_OK)
            sent++;
        lm__smb_chain_free(&c);
    }
    for (i = 0; i < sent && st == LM_OK; i++) {
        if ((st = lm__smb_recv(s, mid[i], &r)) == LM_OK)
            st = take_reply(s, &r, false, out, &more);
    }
    /* After a failure, the replies still to come are dropped when they arrive. */
    for (; i < sent; i++)
        lm__smb_ignore(s, mid[i]);
    return st;
}

lm_status lm__smb_pipe_write(struct lm__smb_pipe *p, const void *in, size_t inlen)
{
    struct lm_smb *s = p->t->s;
    struct smb_chain c;
    struct smb_resp r;
    struct lm__cursor m;
    uint32_t count;
    uint64_t mid;
    lm_status st;

    if (inlen > UINT32_MAX)
        return lm_error_set(&s->err, LM_EINVAL, LM_RAW_NONE, 0, "pipe message too large");
    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, SMB2_WRITE, p->t->tid, false, inlen);
    lm__smb2_write_req(&c.b, &p->id, 0, in, (uint32_t)inlen);
    st = lm__smb_send(s, &c, false);
    lm__smb_chain_free(&c);
    if (st != LM_OK || (st = lm__smb_recv(s, mid, &r)) != LM_OK)
        return st;
    if (r.h.status != NT_STATUS_SUCCESS)
        return lm__smb_status_error(s, &r, "named pipe write failed");
    m = r.msg;
    if (lm__smb2_write_resp(&m, &count) != LM_OK || count != inlen)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "short pipe write to %s", s->host);
    return LM_OK;
}

void lm__smb_pipe_close(struct lm__smb_pipe *p)
{
    if (p == NULL)
        return;
    if (p->t->s->sock != NULL)
        lm__smb_forget(p->t->s, SMB2_CLOSE, p->t->tid, &p->id);
    free(p);
}
