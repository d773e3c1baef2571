/* A CREATE with the requests on the file it opens, in one compound (MS-SMB2 3.2.4.1.4): the listing, the
 * download, the named pipe and the queries all open their file this way. See conn.h. */
#include <stdlib.h>
#include <string.h>

#include "smb/conn.h"

char *lm__smb_path(const char *p, bool trim)
{
    char *out, *o;

    while (*p == '/' || *p == '\\')
        p++;
    out = malloc(strlen(p) + 1);
    if (out == NULL)
        return NULL;
    for (o = out; *p != '\0'; p++)
        *o++ = *p == '/' ? '\\' : *p;
    while (trim && o > out && o[-1] == '\\')
        o--;
    *o = '\0';
    return out;
}

uint64_t lm__smb_add_create(struct lm_smb *s, struct smb_chain *c, uint32_t tid, bool related,
                            const struct smb2_create_req *req, lm_status *built)
{
    uint64_t mid = lm__smb_add(s, c, SMB2_CREATE, tid, related, 0);

    if (*built == LM_OK)
        *built = lm__smb2_create_req(&c->b, req);
    return mid;
}

lm_status lm__smb_check_create(struct lm_smb *s, const struct smb_resp *r, const char *what,
                               const uint64_t *rel, int nrel, struct smb2_create_resp *out)
{
    struct lm__cursor m = r->msg;
    lm_status st = LM_OK;

    if (r->h.status != NT_STATUS_SUCCESS)
        st = lm__smb_status_error(s, r, what);
    else if (lm__smb2_create_resp(&m, out) != LM_OK)
        st = lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed CREATE response");
    /* The requests on the file fail with the CREATE: their replies are dropped when they come. */
    for (int i = 0; st != LM_OK && i < nrel; i++)
        lm__smb_ignore(s, rel[i]);
    return st;
}

lm_status lm__smb_take_create(struct lm_smb *s, uint64_t mid, const char *what, const uint64_t *rel, int nrel,
                              struct smb2_create_resp *out)
{
    struct smb_resp r;
    lm_status st = lm__smb_recv(s, mid, &r);

    return st != LM_OK ? st : lm__smb_check_create(s, &r, what, rel, nrel, out);
}

lm_status lm__smb_create_alone(struct lm_smb *s, uint32_t tid, const struct smb2_create_req *req,
                               const char *what, struct smb2_create_resp *out)
{
    struct smb_chain c;
    lm_status built = LM_OK, st;
    uint64_t mid;

    lm__smb_chain_init(&c);
    mid = lm__smb_add_create(s, &c, tid, false, req, &built);
    if ((st = lm__smb_send_built(s, &c, built, "path", req->path)) != LM_OK)
        return st;
    return lm__smb_take_create(s, mid, what, NULL, 0, out);
}
