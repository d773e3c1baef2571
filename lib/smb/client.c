/* The public SMB2 client (include/lanman/smb.h): the flows that string the commands together. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf.h"
#include "crypto/crypto.h"
#include "smb/client_test.h"
#include "smb/conn.h"

const lm_error *lm_smb_error(const lm_smb *s)
{
    return &s->err;
}

lm_status lm_smb_connect(const char *host, const lm_smb_options *opt, lm_smb **out, lm_error *err)
{
    struct lm_smb *s = calloc(1, sizeof *s);
    uint16_t port;
    lm_status st;

    if (s == NULL)
        return err != NULL ? lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory") : LM_ENOMEM;
    if (opt != NULL)
        s->opt = *opt;
    if (s->opt.min_dialect == 0)
        s->opt.min_dialect = SMB2_DIALECT_202;
    if (s->opt.max_dialect == 0)
        s->opt.max_dialect = SMB2_DIALECT_311;
    s->timeout_ms = s->opt.timeout_ms > 0 ? s->opt.timeout_ms : LM_NET_DEFAULT_TIMEOUT_MS;
    s->skip_verify_mid = UINT64_MAX - 2;
    s->credits = 1; /* 3.2.4.1.2: one credit before any is granted */
    snprintf(s->host, sizeof s->host, "%s", host);
    lm__buf_init(&s->rx, 16u * 1024 * 1024 + 4096);
    port = s->opt.port != 0 ? s->opt.port : (s->opt.netbios ? 139 : 445);

    st = lm__net_init();
    if (st == LM_OK)
        st = lm__net_connect(host, port, s->timeout_ms, &s->sock, &s->err);
    else
        lm_error_set(&s->err, st, LM_RAW_NONE, 0, "cannot start networking");
    if (st == LM_OK && s->opt.netbios)
        st = lm__nbss_session_request(s->sock, "*SMBSERVER", "LANMAN", s->timeout_ms, &s->err);
    if (st == LM_OK)
        st = lm__smb_negotiate(s);
    if (st != LM_OK) {
        if (err != NULL)
            *err = s->err;
        lm_smb_close(s);
        return st;
    }
    *out = s;
    return LM_OK;
}

void lm_smb_get_info(const lm_smb *s, lm_smb_info *i)
{
    memset(i, 0, sizeof *i);
    i->dialect = s->dialect;
    i->signing_enabled = (s->server_security_mode & SMB2_NEGOTIATE_SIGNING_ENABLED) != 0;
    i->signing_required = (s->server_security_mode & SMB2_NEGOTIATE_SIGNING_REQUIRED) != 0;
    i->signed_session = s->signing_on;
    i->encrypted_session = s->encrypt_on;
    i->guest = (s->session_flags & SMB2_SESSION_FLAG_IS_GUEST) != 0;
    i->anonymous = s->anonymous || (s->session_flags & SMB2_SESSION_FLAG_IS_NULL) != 0;
    i->cipher = s->cipher;
    i->signing_alg = s->signing_alg;
    memcpy(i->server_guid, s->server_guid, 16);
    i->server_time = s->server_time;
    i->boot_time = s->boot_time;
    i->capabilities = s->server_caps;
    i->max_read = s->max_read;
    i->max_write = s->max_write;
    i->max_transact = s->max_transact;
    i->round_trips = s->round_trips;
}

void lm_smb_close(lm_smb *s)
{
    if (s == NULL)
        return;
    if (s->sock != NULL && s->session_id != 0)
        lm__smb_forget(s, SMB2_LOGOFF, 0, NULL);
    lm__net_close(s->sock);
    lm__memzero(s->session_key, sizeof s->session_key);
    lm__memzero(s->signing_key, sizeof s->signing_key);
    lm__memzero(s->enc_key, sizeof s->enc_key);
    lm__memzero(s->dec_key, sizeof s->dec_key);
    lm__buf_free(&s->rx);
    free(s->neg_token);
    free(s);
}

lm_status lm__smb_tree_accept(struct lm_smb *s, const struct smb_resp *r, const char *share,
                              lm_smb_tree **out)
{
    struct smb2_tree_resp tr;
    struct lm_cursor m = r->msg;
    struct lm_smb_tree *t;

    if (r->h.status != NT_STATUS_SUCCESS) {
        char what[400];
        snprintf(what, sizeof what, "cannot connect to \\\\%s\\%s", s->host, share);
        return lm__smb_status_error(s, r, what);
    }
    if (lm__smb2_tree_connect_resp(&m, &tr) != LM_OK)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed TREE_CONNECT response");
    if ((tr.share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA) && !s->encrypt_on) {
        /* 3.2.5.5: the share requires encryption; from here on the whole session is encrypted. */
        if (s->cipher == 0 || !s->signing_on)
            return lm_error_set(&s->err, LM_ENOTSUP, LM_RAW_NONE, 0,
                                "\\\\%s\\%s requires encryption, which this session cannot do", s->host,
                                share);
        s->encrypt_on = true;
    }
    t = calloc(1, sizeof *t);
    if (t == NULL)
        return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    t->s = s;
    t->tid = r->h.tree_id;
    t->type = tr.share_type;
    t->flags = tr.share_flags;
    *out = t;
    return LM_OK;
}

lm_status lm_smb_tree_connect(lm_smb *s, const char *share, lm_smb_tree **out)
{
    struct smb_chain c;
    struct smb_resp r;
    lm_smb_tree *t;
    char unc[600];
    uint64_t mid;
    lm_status st;

    if (snprintf(unc, sizeof unc, "\\\\%s\\%s", s->host, share) >= (int)sizeof unc)
        return lm_error_set(&s->err, LM_ENAME, LM_RAW_NONE, 0, "share name too long");
    lm__smb_chain_init(&c);
    mid = lm__smb_add(s, &c, SMB2_TREE_CONNECT, 0, false, 0);
    st = lm__smb_send_built(s, &c, lm__smb2_tree_connect_req(&c.b, unc), "share name", share);
    if (st != LM_OK || (st = lm__smb_recv(s, mid, &r)) != LM_OK ||
        (st = lm__smb_tree_accept(s, &r, share, &t)) != LM_OK)
        return st;
    if ((st = lm__smb_tree_validate(s, t)) != LM_OK) {
        lm_smb_tree_disconnect(t);
        return st;
    }
    *out = t;
    return LM_OK;
}

void lm_smb_tree_disconnect(lm_smb_tree *t)
{
    if (t == NULL)
        return;
    if (t->s->sock != NULL)
        lm__smb_forget(t->s, SMB2_TREE_DISCONNECT, t->tid, NULL);
    free(t);
}

/* "a/b\c" -> "a\b\c" without leading separators: the form CREATE wants. */
static char *smb_path(const char *p)
{
    char *out, *o;

    while (*p == '/' || *p == '\\')
        p++;
    out = malloc(strlen(p) + 1);
    if (out == NULL)
        return NULL;
    for (o = out; *p != '\0'; p++)
        *o++ = *p == '/' ? '\\' : *p;
    while (o > out && o[-1] == '\\')
        o--;
    *o = '\0';
    return out;
}

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

lm_status lm__smb_parse_dir_entries(struct lm_cursor *buf, lm_smb_dirent **list, size_t *n, size_t *cap)
{
    size_t at = 0;

    for (;;) {
        struct lm_cursor e;
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

lm_status lm_smb_list(lm_smb_tree *t, const char *dir, const char *pattern, lm_smb_dirent **out, size_t *n)
{
    struct lm_smb *s = t->s;
    struct smb2_create_req cr = {0};
    struct smb2_create_resp cresp;
    struct smb2_fileid id = lm__smb2_related_fileid;
    uint32_t out_len = s->max_transact < 1024 * 1024 ? s->max_transact : 1024 * 1024;
    lm_smb_dirent *list = NULL;
    size_t count = 0, cap = 0;
    struct smb_chain c;
    struct smb_resp r;
    uint64_t mid_create, mid_query;
    bool first = true, opened = false;
    char *path = smb_path(dir != NULL ? dir : "");
    lm_status st = LM_OK;

    if (path == NULL)
        return lm_error_set(&s->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    if (s->dialect == SMB2_DIALECT_202 && out_len > 65536)
        out_len = 65536;
    cr.desired_access = SMB2_FILE_LIST_DIRECTORY | SMB2_FILE_READ_ATTRIBUTES | SMB2_SYNCHRONIZE;
    cr.share_access = SMB2_FILE_SHARE_READ | SMB2_FILE_SHARE_WRITE | SMB2_FILE_SHARE_DELETE;
    cr.create_disposition = SMB2_FILE_OPEN;
    cr.create_options = SMB2_FILE_DIRECTORY_FILE;
    cr.path = path;

    /* CREATE + QUERY_DIRECTORY in one round trip (3.2.4.1.4 related operations); then more queries until
     * STATUS_NO_MORE_FILES. */
    for (;;) {
        lm__smb_chain_init(&c);
        mid_create = UINT64_MAX;
        if (first) {
            mid_create = lm__smb_add(s, &c, SMB2_CREATE, t->tid, false, 0);
            st = lm__smb2_create_req(&c.b, &cr);
        }
        mid_query = lm__smb_add(s, &c, SMB2_QUERY_DIRECTORY, t->tid, first, out_len);
        lm__smb2_query_directory_req(&c.b, &id, first ? SMB2_RESTART_SCANS : 0,
                                     pattern != NULL ? pattern : "*", out_len);
        st = lm__smb_send_built(s, &c, st, "path", dir);
        if (st != LM_OK)
            break;
        if (first) {
            first = false;
            if ((st = lm__smb_recv(s, mid_create, &r)) != LM_OK)
                break;
            if (r.h.status != NT_STATUS_SUCCESS) {
                char what[300];
                snprintf(what, sizeof what, "cannot open directory '%s'", dir != NULL ? dir : "");
                st = lm__smb_status_error(s, &r, what);
                lm__smb_ignore(s, mid_query);
                break;
            }
            if (lm__smb2_create_resp(&r.msg, &cresp) != LM_OK) {
                st = lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed CREATE response");
                lm__smb_ignore(s, mid_query);
                break;
            }
            id = cresp.id;
            opened = true;
        }
        if ((st = lm__smb_recv(s, mid_query, &r)) != LM_OK)
            break;
        if (r.h.status == NT_STATUS_NO_MORE_FILES || r.h.status == NT_STATUS_NO_SUCH_FILE)
            break; /* the end, or a pattern that matches nothing */
        if (r.h.status != NT_STATUS_SUCCESS) {
            st = lm__smb_status_error(s, &r, "cannot list the directory");
            break;
        }
        {
            struct lm_cursor ob;
            if (lm__smb2_query_directory_resp(&r.msg, &ob) != LM_OK || ob.len == 0 ||
                (st = lm__smb_parse_dir_entries(&ob, &list, &count, &cap)) != LM_OK) {
                st = lm_error_set(&s->err, st != LM_OK && st != LM_EPROTO ? st : LM_EPROTO, LM_RAW_NONE, 0,
                                  "malformed directory listing from %s", s->host);
                break;
            }
            if (count > SMB_LIST_MAX) {
                st = lm_error_set(&s->err, LM_EOVERFLOW, LM_RAW_NONE, 0,
                                  "%s listed more than %u entries in '%s'; list a narrower pattern", s->host,
                                  SMB_LIST_MAX, dir != NULL ? dir : "");
                break;
            }
        }
    }
    if (opened)
        lm__smb_forget(s, SMB2_CLOSE, t->tid, &id);
    free(path);
    if (st != LM_OK) {
        lm_smb_list_free(list, count);
        return st;
    }
    *out = list;
    *n = count;
    return LM_OK;
}
