/* Sessions, open files, connections and the server's information, written once above the host ops: the
 * level fallbacks, the client name form, the path filter and the share-relative path of open files, the
 * transport address as text. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host.h"

lm_status lm__host_grow(struct lm_host *h, void **v, size_t *cap, size_t need, size_t size)
{
    size_t ncap = *cap == 0 ? 16 : *cap;
    void *grown;

    if (need <= *cap)
        return LM_OK;
    while (ncap < need)
        ncap *= 2;
    if (ncap > SIZE_MAX / size || (grown = realloc(*v, ncap * size)) == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    *v = grown;
    *cap = ncap;
    return LM_OK;
}

static lm_status no_op(struct lm_host *h, const char *what)
{
    return lm_error_set(&h->err, LM_ENOTSUP, LM_RAW_NONE, 0, "%s: not available through the %s backend", what,
                        h->ops->name);
}

static void session_clear(lm_session *s)
{
    free(s->client);
    free(s->user);
    free(s->client_type);
    free(s->transport);
    memset(s, 0, sizeof *s);
}

void lm_session_list_free(lm_session *list, size_t n)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        session_clear(&list[i]);
    free(list);
}

static void file_clear(lm_open_file *f)
{
    free(f->path);
    free(f->user);
    free(f->share);
    free(f->share_relative_path);
    memset(f, 0, sizeof *f);
}

void lm_file_list_free(lm_open_file *list, size_t n)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        file_clear(&list[i]);
    free(list);
}

/* MS-SRVS 3.1.4.5: a ClientName begins with "\\"; users type the bare name or address that lists show. */
static const char *client_form(const char *client, char *buf, size_t size)
{
    if (client == NULL || (client[0] == '\\' && client[1] == '\\'))
        return client;
    snprintf(buf, size, "\\\\%s", client);
    return buf;
}

/* Case-insensitive equality (ASCII; names from the server and the user alike). */
static bool iequal(const char *a, const char *b)
{
    for (; *a != '\0' && tolower((unsigned char)*a) == tolower((unsigned char)*b); a++, b++)
        ;
    return tolower((unsigned char)*a) == tolower((unsigned char)*b);
}

/* The filters again on what came back: Samba ignores ClientName and UserName in NetrSessionEnum. A user
 * given as DOMAIN\user also matches the bare user name, and a bare name any DOMAIN\name; two different
 * domains never match. */
static bool session_wanted(const lm_session *s, const char *client, const char *user)
{
    if (client != NULL) {
        const char *c = s->client != NULL ? s->client : "";
        if (!iequal(c + (c[0] == '\\' && c[1] == '\\' ? 2 : 0), client + 2))
            return false;
    }
    if (user != NULL) {
        const char *u = s->user != NULL ? s->user : "", *bu = strrchr(u, '\\'), *bw = strrchr(user, '\\');
        if (!iequal(u, user) &&
            ((bu != NULL && bw != NULL) || !iequal(bu != NULL ? bu + 1 : u, bw != NULL ? bw + 1 : user)))
            return false;
    }
    return true;
}

/* 502 has everything; Windows gives 1 and 10 where it refuses 502 to a non-administrator (10 has no open
 * count), and Samba has only 0 and 1. */
static const int session_levels[] = {502, 1, 10};

lm_status lm_session_list(lm_host *h, const char *client, const char *user, lm_session **out, size_t *n)
{
    char cbuf[300];
    lm_error denied;
    lm_status st = LM_EINVAL;

    lm_error_clear(&h->err);
    lm_error_clear(&denied);
    if (h->ops->session_enum == NULL)
        return no_op(h, "cannot list sessions");
    client = client_form(client, cbuf, sizeof cbuf);
    /* Fall back to the next level when one is refused or unknown; each entry says which level filled it.
     * When every level fails, an access denied on the way is the answer that says what to do. */
    for (size_t i = 0; i < sizeof session_levels / sizeof session_levels[0]; i++) {
        lm_session *v = NULL;
        size_t nv = 0;

        st = h->ops->session_enum(h, session_levels[i], client, user, &v, &nv);
        if (st == LM_OK) {
            size_t k = 0;

            for (size_t j = 0; j < nv; j++) {
                if (session_wanted(&v[j], client, user))
                    v[k++] = v[j];
                else
                    session_clear(&v[j]);
            }
            nv = k;
            if (v == NULL && (v = calloc(1, sizeof *v)) == NULL)
                return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
            *out = v;
            *n = nv;
            return LM_OK;
        }
        if (st == LM_EACCES && denied.status == LM_OK)
            denied = h->err;
        else if (st != LM_ENOTSUP && st != LM_EACCES)
            break;
    }
    if (denied.status != LM_OK && (st == LM_ENOTSUP || st == LM_EACCES))
        h->err = denied;
    return lm__host_context(h, "cannot list sessions");
}

lm_status lm_session_close(lm_host *h, const char *client, const char *user)
{
    lm_session *v;
    size_t n;
    char cbuf[300];

    lm_error_clear(&h->err);
    if (client != NULL && client[0] == '\0')
        client = NULL;
    if (user != NULL && user[0] == '\0')
        user = NULL;
    if (client == NULL && user == NULL)
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "a client or a user is needed");
    if (h->ops->session_del == NULL)
        return no_op(h, "cannot close sessions");
    /* Samba answers access denied when nothing matches; look first, so that "none" is said as such. */
    if (lm_session_list(h, client, user, &v, &n) != LM_OK)
        return h->err.status;
    lm_session_list_free(v, n);
    if (n == 0)
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_NONE, 0, "no session%s%s%s%s on the server",
                            user != NULL ? " of " : "", user != NULL ? user : "",
                            client != NULL ? " from " : "", client != NULL ? client : "");
    if (h->ops->session_del(h, client_form(client, cbuf, sizeof cbuf), user) != LM_OK)
        return h->err.status;
    return LM_OK;
}

static bool is_sep(char c)
{
    return c == '\\' || c == '/';
}

/* True when path is dir or lies below it: case-insensitive, '\' and '/' alike (a trailing separator of dir
 * is allowed). *rest, when given, gets what follows dir and its separator. */
static bool path_under(const char *path, const char *dir, const char **rest)
{
    size_t i = 0;

    if (path == NULL || dir == NULL || dir[0] == '\0')
        return false;
    for (; dir[i] != '\0'; i++) {
        char a = path[i], b = dir[i];
        if (a == '\0' || (is_sep(a) ? !is_sep(b) : tolower((unsigned char)a) != tolower((unsigned char)b)))
            return false;
    }
    if (path[i] != '\0' && !is_sep(path[i]) && !is_sep(dir[i - 1]))
        return false;
    while (is_sep(path[i]))
        i++;
    if (rest != NULL)
        *rest = path + i;
    return true;
}

/* The disk share with the longest path that holds each open file (hidden shares too: C$ holds everything
 * under C:\, but a named share is more specific, so the longest path wins). */
struct share_match {
    lm_open_file *files;
    size_t n;
    size_t *best; /* the length of the matched share path per file */
};

static char *dup_rel(const char *rest)
{
    char *r = strdup(rest);

    for (char *p = r; p != NULL && *p != '\0'; p++) {
        if (*p == '/')
            *p = '\\'; /* PowerShell's ShareRelativePath uses '\' */
    }
    return r;
}

static lm_status match_share(void *ctx, const lm_share *s, const uint8_t *sd, size_t sd_len)
{
    struct share_match *m = ctx;

    (void)sd, (void)sd_len;
    if ((s->type & LM_STYPE_MASK) != LM_STYPE_DISKTREE || s->path == NULL || s->path[0] == '\0')
        return LM_OK;
    for (size_t i = 0; i < m->n; i++) {
        const char *rest;
        size_t len = strlen(s->path);
        char *name, *rel;

        if (len <= m->best[i] || !path_under(m->files[i].path, s->path, &rest))
            continue;
        name = strdup(s->name);
        rel = dup_rel(rest);
        if (name == NULL || rel == NULL) {
            free(name);
            free(rel);
            return LM_ENOMEM;
        }
        free(m->files[i].share);
        free(m->files[i].share_relative_path);
        m->files[i].share = name;
        m->files[i].share_relative_path = rel;
        m->best[i] = len;
    }
    return LM_OK;
}

/* Fills share and share_relative_path. The share list needs the rights that listing open files needed
 * already; if it still fails, the files stay without a share (their path is still right) rather than the
 * whole listing failing. */
static void find_shares(struct lm_host *h, lm_open_file *files, size_t n)
{
    struct share_match m = {files, n, NULL};
    lm_error keep = h->err;

    if (n == 0 || (m.best = calloc(n, sizeof *m.best)) == NULL)
        return;
    lm__share_each(h, match_share, &m);
    free(m.best);
    h->err = keep;
}

static bool file_wanted(const lm_open_file *f, const char *path)
{
    return path == NULL || path_under(f->path, path, NULL) ||
           (f->share_relative_path != NULL && path_under(f->share_relative_path, path, NULL));
}

lm_status lm_file_list(lm_host *h, const char *path, const char *user, lm_open_file **out, size_t *n)
{
    lm_open_file *v = NULL;
    size_t nv = 0, k = 0;

    lm_error_clear(&h->err);
    if (h->ops->file_enum == NULL)
        return no_op(h, "cannot list open files");
    if (h->ops->file_enum(h, user, &v, &nv) != LM_OK)
        return lm__host_context(h, "cannot list open files");
    find_shares(h, v, nv);
    for (size_t i = 0; i < nv; i++) {
        if (file_wanted(&v[i], path))
            v[k++] = v[i];
        else
            file_clear(&v[i]);
    }
    if (v == NULL && (v = calloc(1, sizeof *v)) == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    *out = v;
    *n = k;
    return LM_OK;
}

/* Closes id, which the caller saw open; a file its client closed meanwhile is closed, as asked. */
static lm_status close_open(lm_host *h, uint32_t id)
{
    if (h->ops->file_close(h, id) == LM_OK || h->err.status == LM_ENOENT)
        return LM_OK;
    return h->err.status;
}

lm_status lm_file_close(lm_host *h, uint32_t id)
{
    lm_open_file *v;
    size_t n;
    bool found = false;

    lm_error_clear(&h->err);
    if (h->ops->file_close == NULL || h->ops->file_enum == NULL)
        return no_op(h, "cannot close open files");
    /* Look first: "no such file" is then said the same way by every server, and a server that cannot list
     * open files (Wine's netapi32) is not asked to close one. */
    if (h->ops->file_enum(h, NULL, &v, &n) != LM_OK)
        return lm__host_context(h, "cannot close open file %lu", (unsigned long)id);
    for (size_t i = 0; i < n && !found; i++)
        found = v[i].id == id;
    lm_file_list_free(v, n);
    if (!found)
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_NONE, 0, "no open file has FileId %lu on the server",
                            (unsigned long)id);
    if (h->ops->file_close(h, id) != LM_OK)
        return h->err.status;
    return LM_OK;
}

lm_status lm_file_close_path(lm_host *h, const char *path, size_t *closed)
{
    lm_open_file *v;
    size_t n, done = 0;
    lm_status st = LM_OK;

    if (path == NULL || path[0] == '\0')
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "no path");
    if (h->ops->file_close == NULL)
        return no_op(h, "cannot close open files");
    if (lm_file_list(h, path, NULL, &v, &n) != LM_OK)
        return h->err.status;
    if (n == 0)
        st = lm_error_set(&h->err, LM_ENOENT, LM_RAW_NONE, 0, "no open file is at or under '%s'", path);
    for (size_t i = 0; i < n && st == LM_OK; i++) {
        if ((st = close_open(h, v[i].id)) == LM_OK)
            done++;
    }
    lm_file_list_free(v, n);
    if (st == LM_OK)
        *closed = done;
    return st;
}

char *lm__transport_address(const uint8_t *p, size_t n)
{
    bool text = true;
    char *s;

    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\0'))
        n--;
    for (size_t i = 0; i < n; i++)
        text = text && p[i] >= 0x20 && p[i] < 0x7F;
    if ((s = malloc(text ? n + 1 : 2 * n + 1)) == NULL)
        return NULL;
    if (text) {
        if (n > 0)
            memcpy(s, p, n);
        s[n] = '\0';
    } else {
        for (size_t i = 0; i < n; i++)
            snprintf(s + 2 * i, 3, "%02x", p[i]);
        s[2 * n] = '\0';
    }
    return s;
}

void lm__server_transports_free(lm_server_transport *v, size_t n)
{
    if (v == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].address);
        free(v[i].net_address);
        free(v[i].domain);
    }
    free(v);
}

void lm_server_info_free(lm_server_info *i)
{
    if (i == NULL)
        return;
    free(i->name);
    free(i->comment);
    free(i->user_path);
    lm__server_transports_free(i->transports, i->ntransports);
    for (size_t k = 0; k < i->ndisks; k++)
        free(i->disks[k]);
    free(i->disks);
    free(i);
}

/* The transports (level 1, else 0) and the disks into i; their failures stay in i, and h->err is left
 * as the server information's success left it. */
static void server_lists(lm_host *h, lm_server_info *i)
{
    static const int levels[] = {1, 0};

    i->transports_status = i->disks_status = LM_ENOTSUP;
    for (size_t k = 0; h->ops->transport_enum != NULL && k < sizeof levels / sizeof levels[0]; k++) {
        i->transports_status = h->ops->transport_enum(h, levels[k], &i->transports, &i->ntransports);
        /* only an unknown level is worth the other one (124: WERR_INVALID_LEVEL, ERROR_INVALID_LEVEL) */
        if (i->transports_status != LM_ENOTSUP || h->err.raw != 124)
            break;
    }
    if (h->ops->disk_enum != NULL)
        i->disks_status = h->ops->disk_enum(h, &i->disks, &i->ndisks);
    lm_error_clear(&h->err);
}

lm_status lm_server_show(lm_host *h, lm_server_info **out)
{
    static const int levels[] = {102, 101};
    lm_server_info *i;
    lm_status st = LM_EINVAL;

    lm_error_clear(&h->err);
    if (h->ops->server_get == NULL)
        return no_op(h, "cannot read the server information");
    if ((i = calloc(1, sizeof *i)) == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    for (size_t k = 0; k < sizeof levels / sizeof levels[0]; k++) {
        if ((st = h->ops->server_get(h, levels[k], i)) == LM_OK) {
            server_lists(h, i);
            *out = i;
            return LM_OK;
        }
        if (st != LM_EACCES && st != LM_ENOTSUP)
            break;
    }
    free(i);
    return st;
}

void lm_connection_list_free(lm_connection *list, size_t n)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        free(list[i].user);
        free(list[i].net_name);
    }
    free(list);
}

lm_status lm_share_connections(lm_host *h, const char *share, lm_connection **out, size_t *n)
{
    lm_status st;

    lm_error_clear(&h->err);
    if (share == NULL || share[0] == '\0')
        return lm_error_set(&h->err, LM_EINVAL, LM_RAW_NONE, 0, "no share name");
    if (h->ops->conn_enum == NULL)
        return no_op(h, "cannot list the connections to a share");
    if ((st = h->ops->conn_enum(h, share, out, n)) != LM_OK)
        return lm__host_context(h, "cannot list the connections to share '%s'", share);
    return LM_OK;
}
