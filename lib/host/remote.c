/* The remote backend: the host ops over SMB2 + DCE/RPC, on every OS: shares over srvsvc (MS-SRVS), services
 * over svcctl (MS-SCMR), the registry over winreg (MS-RRP), account names over lsarpc (MS-LSAT). One SMB2
 * session and one IPC$ tree per target; each interface is bound on first use, on its own pipe. Portable: no
 * OS headers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sddl.h"
#include "core/text.h"
#include "host/host.h"
#include "rpc/dcerpc.h"
#include "rpc/lsarpc.h"
#include "rpc/srvsvc.h"
#include "rpc/svcctl.h"
#include "rpc/winreg.h"
#include "rpc/wkssvc.h"

struct remote {
    lm_smb *smb;
    lm_smb_tree *ipc;
    struct lm__rpc *srvsvc, *svcctl, *winreg, *wkssvc, *lsarpc;
    char server[300]; /* "\\host", the ServerName the RPC calls carry */
};

static struct remote *R(struct lm_host *h)
{
    return h->impl;
}

static void remote_close(struct lm_host *h)
{
    struct remote *r = R(h);

    if (r == NULL)
        return;
    lm__rpc_close(r->srvsvc);
    lm__rpc_close(r->svcctl);
    lm__rpc_close(r->winreg);
    lm__rpc_close(r->wkssvc);
    lm__rpc_close(r->lsarpc);
    lm_smb_tree_disconnect(r->ipc);
    lm_smb_close(r->smb);
    free(r);
    h->impl = NULL;
}

/* An interface's binding, made on first use, on its own pipe of the session's IPC$ tree (connected with the
 * first binding). */
static lm_status bind(struct lm_host *h, struct lm__rpc **slot, const char *pipe,
                      const struct lm__rpc_iface *iface, struct lm__rpc **out)
{
    lm_status st;

    /* The first binding brings IPC$ with it: TREE_CONNECT, CREATE and the bind in one compound. */
    if (*slot == NULL) {
        st = R(h)->ipc == NULL ? lm__rpc_connect(R(h)->smb, pipe, iface, &R(h)->ipc, slot, &h->err)
                               : lm__rpc_open(R(h)->ipc, pipe, iface, slot, &h->err);
        if (st != LM_OK)
            return st;
    }
    *out = *slot;
    return LM_OK;
}

static lm_status srvsvc(struct lm_host *h, struct lm__rpc **out)
{
    return bind(h, &R(h)->srvsvc, "srvsvc", &lm__srvsvc_iface, out);
}

static lm_status svcctl(struct lm_host *h, struct lm__rpc **out)
{
    return bind(h, &R(h)->svcctl, "svcctl", &lm__svcctl_iface, out);
}

static lm_status winreg(struct lm_host *h, struct lm__rpc **out)
{
    return bind(h, &R(h)->winreg, "winreg", &lm__winreg_iface, out);
}

/* lm__srv_share (with raw security descriptor bytes) to the public lm_share (with SDDL). */
static lm_status to_public(struct lm_host *h, struct lm__srv_share *in, lm_share *out)
{
    lm_status st;

    *out = in->info;
    memset(&in->info, 0, sizeof in->info); /* ownership of the strings moves */
    out->sddl = NULL;
    if (in->sd == NULL || in->sd_len == 0 ||
        (st = lm__sd_to_sddl(in->sd, in->sd_len, &out->sddl, &h->err)) == LM_OK)
        return LM_OK;
    if (st == LM_ENOMEM)
        return lm_error_set(&h->err, st, LM_RAW_NONE, 0, "out of memory");
    return lm_error_set(&h->err, LM_EPROTO, LM_RAW_NONE, 0, "share %s: malformed security descriptor",
                        out->name != NULL ? out->name : "?");
}

/* NetrShareEnum's shares to the caller's callback as they are decoded, share by share. */
struct page_ctx {
    struct lm_host *h;
    lm__share_fn fn;
    void *ctx;
};

static lm_status deliver_page(void *ctx, struct lm__srv_share *list, size_t n)
{
    struct page_ctx *p = ctx;
    lm_status st = LM_OK;

    for (size_t i = 0; i < n && st == LM_OK; i++) {
        lm_share pub;

        if ((st = to_public(p->h, &list[i], &pub)) == LM_OK)
            st = p->fn(p->ctx, &pub, list[i].sd_len > 0 ? list[i].sd : NULL, list[i].sd_len);
        lm__share_clear(&pub);
    }
    return st;
}

/* Pages of about this many bytes: a server that honours PreferedMaximumLength sends a few hundred shares at
 * a time. */
#define SHARE_PAGE_BYTES (256u * 1024u)

static lm_status remote_share_enum(struct lm_host *h, int level, lm__share_fn fn, void *ctx)
{
    struct page_ctx p = {h, fn, ctx};
    struct lm__rpc *rpc;
    lm_status st;

    if ((st = srvsvc(h, &rpc)) != LM_OK)
        return st;
    return lm__srvsvc_share_pages(rpc, R(h)->server, level, SHARE_PAGE_BYTES, deliver_page, &p, &h->err);
}

static lm_status remote_share_get(struct lm_host *h, const char *name, int level, lm_share **out)
{
    struct lm__srv_share s;
    struct lm__rpc *rpc;
    lm_share *pub;
    lm_status st;

    memset(&s, 0, sizeof s);
    if ((st = srvsvc(h, &rpc)) != LM_OK ||
        (st = lm__srvsvc_share_get(rpc, R(h)->server, name, level, &s, &h->err)) != LM_OK)
        return st;
    if ((pub = calloc(1, sizeof *pub)) == NULL) {
        lm__srv_share_clear(&s);
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    }
    st = to_public(h, &s, pub);
    lm__srv_share_clear(&s);
    if (st != LM_OK) {
        lm_share_list_free(pub, 1);
        return st;
    }
    *out = pub;
    return LM_OK;
}

static lm_status remote_share_add(struct lm_host *h, const lm_share_spec *spec, const uint8_t *sd,
                                  size_t sdlen)
{
    struct lm__srv_share_spec s = {spec->name,     spec->path, spec->remark, LM_STYPE_DISKTREE,
                                   spec->max_uses, sd,         sdlen};
    struct lm__rpc *rpc;
    lm_status st;

    if ((st = srvsvc(h, &rpc)) != LM_OK)
        return st;
    /* 502 carries the security descriptor; without grants, 2 lets the server apply its default. */
    return lm__srvsvc_share_add(rpc, R(h)->server, sd != NULL ? 502 : 2, &s, &h->err);
}

static lm_status remote_share_del(struct lm_host *h, const char *name)
{
    struct lm__rpc *rpc;
    lm_status st;

    if ((st = srvsvc(h, &rpc)) != LM_OK)
        return st;
    return lm__srvsvc_share_del(rpc, R(h)->server, name, &h->err);
}

static lm_status remote_share_set(struct lm_host *h, const char *name, const char *remark,
                                  const uint32_t *max_uses)
{
    struct lm__rpc *rpc;
    lm_status st;

    if ((st = srvsvc(h, &rpc)) != LM_OK)
        return st;
    return lm__srvsvc_share_set(rpc, R(h)->server, name, remark, max_uses, &h->err);
}

static lm_status remote_share_get_sd(struct lm_host *h, const char *name, uint8_t **sd, size_t *sdlen)
{
    struct lm__srv_share cur;
    struct lm__rpc *rpc;
    lm_status st;

    if ((st = srvsvc(h, &rpc)) != LM_OK)
        return st;
    memset(&cur, 0, sizeof cur);
    if ((st = lm__srvsvc_share_get(rpc, R(h)->server, name, 502, &cur, &h->err)) != LM_OK)
        return st;
    *sd = cur.sd; /* ownership moves */
    *sdlen = cur.sd != NULL ? cur.sd_len : 0;
    cur.sd = NULL;
    lm__srv_share_clear(&cur);
    return LM_OK;
}

static lm_status remote_share_set_sd(struct lm_host *h, const char *name, const uint8_t *sd, size_t sdlen)
{
    struct lm__rpc *rpc;
    lm_status st;

    if ((st = srvsvc(h, &rpc)) != LM_OK)
        return st;
    return lm__srvsvc_share_set_sd(rpc, R(h)->server, name, sd, sdlen, &h->err);
}

/* ---- accounts: lsarpc (MS-LSAT), for share permissions ---- */

static lm_status lsarpc(struct lm_host *h, struct lm__rpc **out)
{
    return bind(h, &R(h)->lsarpc, "lsarpc", &lm__lsarpc_iface, out);
}

/* LsarLookupNames3 (or 2): a name the server does not know is LM_ENOENT, before anything changes. */
static lm_status remote_lookup_sid(struct lm_host *h, const char *account, uint8_t *sid, size_t *len)
{
    struct lm__lsa_xlat x;
    struct lm__rpc *rpc;
    struct lm__buf b;
    lm_status st;

    if ((st = lsarpc(h, &rpc)) != LM_OK ||
        (st = lm__lsa_names_to_sids(rpc, R(h)->server, &account, 1, &x, &h->err)) != LM_OK)
        return st;
    if (x.use == LM__SID_TYPE_UNKNOWN)
        return lm_error_set(&h->err, LM_ENOENT, LM_RAW_NTSTATUS, LM__STATUS_NONE_MAPPED,
                            "%s has no account named '%s'", R(h)->server + 2, account);
    lm__buf_init(&b, *len);
    lm__sid_put(&b, &x.sid);
    if (lm__buf_status(&b) != LM_OK) {
        lm__buf_free(&b);
        return lm_error_set(&h->err, LM_EPROTO, LM_RAW_NONE, 0, "the SID of '%s' does not fit", account);
    }
    memcpy(sid, b.data, b.len);
    *len = b.len;
    lm__buf_free(&b);
    return LM_OK;
}

static lm_status remote_lookup_names(struct lm_host *h, const struct lm__sid *sids, size_t n, char **names)
{
    struct lm__lsa_xlat *x;
    struct lm__rpc *rpc;
    lm_status st;

    if ((st = lsarpc(h, &rpc)) != LM_OK)
        return st;
    if ((x = calloc(n, sizeof *x)) == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    if ((st = lm__lsa_sids_to_names(rpc, R(h)->server, sids, n, x, &h->err)) == LM_OK) {
        for (size_t i = 0; i < n; i++)
            names[i] = x[i].name; /* ownership moves; NULL when unknown */
    }
    free(x);
    return st;
}

/* SV_TYPE_SERVER_UNIX (MS-SRVS 2.2.2.7): "a server running Unix or Samba". */
#define SV_TYPE_SERVER_UNIX 0x00000800u
#define PLATFORM_ID_NT      500u

static lm_status remote_server_info(struct lm_host *h, struct lm__host_info *out)
{
    struct lm__srv_info i;
    struct lm__rpc *rpc;
    lm_status st;

    memset(&i, 0, sizeof i);
    if ((st = srvsvc(h, &rpc)) != LM_OK ||
        (st = lm__srvsvc_server_info(rpc, R(h)->server, 101, &i, &h->err)) != LM_OK)
        return st;
    snprintf(out->name, sizeof out->name, "%s", i.name != NULL ? i.name : "");
    out->unix_server = (i.type & SV_TYPE_SERVER_UNIX) != 0;
    if (out->unix_server)
        snprintf(out->os, sizeof out->os, "Unix (Samba)");
    else if (i.platform_id == PLATFORM_ID_NT)
        snprintf(out->os, sizeof out->os, "Windows NT");
    else
        snprintf(out->os, sizeof out->os, "platform %lu", (unsigned long)i.platform_id);
    snprintf(out->os_version, sizeof out->os_version, "%lu.%lu", (unsigned long)i.version_major,
             (unsigned long)i.version_minor);
    lm__srv_info_clear(&i);
    return LM_OK;
}

/* ---- sessions and open files: srvsvc ---- */

/* Pages of about this many bytes, as for shares. */
#define ITEM_PAGE_BYTES (256u * 1024u)

/* The pages of an enumeration appended to one array of public entries, whose strings move out of the
 * page. */
struct items_ctx {
    struct lm_host *h;
    int level;
    void *v; /* lm_session, lm_open_file, lm_connection, lm_server_transport or char * */
    size_t n, cap;
};

static lm_status session_page(void *ctx, void *list, size_t n)
{
    struct items_ctx *c = ctx;
    struct lm__srv_session *w = list;
    lm_status st = lm__host_grow(c->h, &c->v, &c->cap, c->n + n, sizeof(lm_session));

    for (size_t i = 0; i < n && st == LM_OK; i++) {
        lm_session *s = (lm_session *)c->v + c->n++;

        memset(s, 0, sizeof *s);
        s->client = w[i].client;
        s->user = w[i].user;
        s->client_type = w[i].client_type;
        s->transport = w[i].transport;
        s->num_opens = w[i].opens;
        s->seconds_exists = w[i].time;
        s->seconds_idle = w[i].idle;
        s->user_flags = w[i].user_flags;
        s->level = c->level;
        memset(&w[i], 0, sizeof w[i]); /* the strings moved */
    }
    return st;
}

static lm_status file_page(void *ctx, void *list, size_t n)
{
    struct items_ctx *c = ctx;
    struct lm__srv_file *w = list;
    lm_status st = lm__host_grow(c->h, &c->v, &c->cap, c->n + n, sizeof(lm_open_file));

    for (size_t i = 0; i < n && st == LM_OK; i++) {
        lm_open_file *f = (lm_open_file *)c->v + c->n++;

        memset(f, 0, sizeof *f);
        f->id = w[i].id;
        f->permissions = w[i].permissions;
        f->locks = w[i].locks;
        f->path = w[i].path;
        f->user = w[i].user;
        memset(&w[i], 0, sizeof w[i]);
    }
    return st;
}

/* One whole enumeration into c (c->v, c->n: the caller frees them on failure). */
static lm_status items_collect(struct lm_host *h, enum lm__srv_kind kind, const char *a, const char *b,
                               lm__srv_items_fn fn, struct items_ctx *c)
{
    struct lm__rpc *rpc;
    lm_status st = srvsvc(h, &rpc);

    if (st != LM_OK)
        return st;
    return lm__srvsvc_item_pages(rpc, R(h)->server, kind, c->level, a, b, ITEM_PAGE_BYTES, fn, c, &h->err);
}

/* One whole enumeration into *out and *n; on failure what was collected goes to release. */
static lm_status items_take(struct lm_host *h, enum lm__srv_kind kind, int level, const char *a,
                            const char *b, lm__srv_items_fn fn, void (*release)(void *, size_t), void **out,
                            size_t *n)
{
    struct items_ctx c = {h, level, NULL, 0, 0};
    lm_status st;

    if ((st = items_collect(h, kind, a, b, fn, &c)) != LM_OK) {
        release(c.v, c.n);
        return st;
    }
    *out = c.v;
    *n = c.n;
    return LM_OK;
}

static lm_status remote_session_enum(struct lm_host *h, int level, const char *client, const char *user,
                                     lm_session **out, size_t *n)
{
    struct items_ctx c = {h, level, NULL, 0, 0};

    lm_status st;

    if ((st = items_collect(h, LM__SRV_SESSIONS, client, user, session_page, &c)) != LM_OK) {
        lm_session_list_free(c.v, c.n);
        return st;
    }
    *out = c.v;
    *n = c.n;
    return LM_OK;
}

static lm_status remote_session_del(struct lm_host *h, const char *client, const char *user)
{
    struct lm__rpc *rpc;
    lm_status st = srvsvc(h, &rpc);

    return st != LM_OK ? st : lm__srvsvc_session_del(rpc, R(h)->server, client, user, &h->err);
}

static lm_status remote_file_enum(struct lm_host *h, const char *user, lm_open_file **out, size_t *n)
{
    struct items_ctx c = {h, 3, NULL, 0, 0};

    lm_status st;

    if ((st = items_collect(h, LM__SRV_FILES, NULL, user, file_page, &c)) != LM_OK) {
        lm_file_list_free(c.v, c.n);
        return st;
    }
    *out = c.v;
    *n = c.n;
    return LM_OK;
}

static lm_status remote_file_close(struct lm_host *h, uint32_t id)
{
    struct lm__rpc *rpc;
    lm_status st = srvsvc(h, &rpc);

    return st != LM_OK ? st : lm__srvsvc_file_close(rpc, R(h)->server, id, &h->err);
}

static lm_status conn_page(void *ctx, void *list, size_t n)
{
    struct items_ctx *c = ctx;
    struct lm__srv_conn *w = list;
    lm_status st = lm__host_grow(c->h, &c->v, &c->cap, c->n + n, sizeof(lm_connection));

    for (size_t i = 0; i < n && st == LM_OK; i++) {
        lm_connection *k = (lm_connection *)c->v + c->n++;

        k->id = w[i].id;
        k->type = w[i].type;
        k->num_opens = w[i].opens;
        k->num_users = w[i].users;
        k->seconds_connected = w[i].time;
        k->user = w[i].user;
        k->net_name = w[i].netname;
        memset(&w[i], 0, sizeof w[i]); /* the strings moved */
    }
    return st;
}

static void conns_release(void *v, size_t n)
{
    lm_connection_list_free(v, n);
}

static lm_status remote_conn_enum(struct lm_host *h, const char *share, lm_connection **out, size_t *n)
{
    void *v;
    lm_status st = items_take(h, LM__SRV_CONNECTIONS, 1, share, NULL, conn_page, conns_release, &v, n);

    if (st == LM_OK)
        *out = v;
    return st;
}

static lm_status transport_page(void *ctx, void *list, size_t n)
{
    struct items_ctx *c = ctx;
    struct lm__srv_transport *w = list;
    lm_status st = lm__host_grow(c->h, &c->v, &c->cap, c->n + n, sizeof(lm_server_transport));

    for (size_t i = 0; i < n && st == LM_OK; i++) {
        lm_server_transport *t = (lm_server_transport *)c->v + c->n++;

        memset(t, 0, sizeof *t);
        t->vcs = w[i].vcs;
        if ((t->address = lm__transport_address(w[i].address, w[i].address_len)) == NULL)
            st = lm_error_set(&c->h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
        t->name = w[i].name;
        t->net_address = w[i].net_address;
        t->domain = w[i].domain;
        w[i].name = w[i].net_address = w[i].domain = NULL; /* the strings moved */
    }
    return st;
}

static void transports_release(void *v, size_t n)
{
    lm__server_transports_free(v, n);
}

static lm_status remote_transport_enum(struct lm_host *h, int level, lm_server_transport **out, size_t *n)
{
    void *v;
    lm_status st =
        items_take(h, LM__SRV_TRANSPORTS, level, NULL, NULL, transport_page, transports_release, &v, n);

    if (st == LM_OK)
        *out = v;
    return st;
}

/* The disks of a page, without the empty name that ends the list on Samba and Windows (MS-SRVS 3.1.4.20). */
static lm_status disk_page(void *ctx, void *list, size_t n)
{
    struct items_ctx *c = ctx;
    char **w = list;
    lm_status st = lm__host_grow(c->h, &c->v, &c->cap, c->n + n, sizeof(char *));

    for (size_t i = 0; i < n && st == LM_OK; i++) {
        if (w[i][0] == '\0')
            continue;
        ((char **)c->v)[c->n++] = w[i];
        w[i] = NULL;
    }
    return st;
}

static lm_status remote_disk_enum(struct lm_host *h, char ***out, size_t *n)
{
    struct items_ctx c = {h, 0, NULL, 0, 0};
    struct lm__rpc *rpc;
    lm_status st = srvsvc(h, &rpc);

    if (st == LM_OK)
        st = lm__srvsvc_disk_pages(rpc, R(h)->server, ITEM_PAGE_BYTES, disk_page, &c, &h->err);
    if (st != LM_OK) {
        lm__srv_disks_free(c.v, c.n);
        return st;
    }
    *out = c.v;
    *n = c.n;
    return LM_OK;
}

static lm_status remote_server_get(struct lm_host *h, int level, lm_server_info *out)
{
    struct lm__srv_info i;
    struct lm__rpc *rpc;
    lm_status st;

    memset(&i, 0, sizeof i);
    if ((st = srvsvc(h, &rpc)) != LM_OK ||
        (st = lm__srvsvc_server_info(rpc, R(h)->server, level, &i, &h->err)) != LM_OK)
        return st;
    memset(out, 0, sizeof *out);
    out->name = i.name;
    out->comment = i.comment;
    out->user_path = i.userpath;
    out->platform_id = i.platform_id;
    out->version_major = i.version_major;
    out->version_minor = i.version_minor;
    out->type = i.type;
    out->users = i.users;
    out->disc = i.disc;
    out->hidden = i.hidden;
    out->announce = i.announce;
    out->anndelta = i.anndelta;
    out->licenses = i.licenses;
    out->level = level;
    return LM_OK; /* the strings moved */
}

/* ---- services: svcctl (MS-SCMR) ---- */

static lm_status remote_svc_enum(struct lm_host *h, lm_service **out, size_t *n)
{
    struct lm__rpc *rpc;
    lm_status st = svcctl(h, &rpc);
    return st != LM_OK ? st : lm__svcctl_service_list(rpc, out, n, &h->err);
}

/* The ops contract for svc_status is the status fields only (nothing to free); svcctl also names the
 * service, so only the status fields are copied out. */
static lm_status remote_svc_status(struct lm_host *h, const char *name, lm_service *out)
{
    struct lm__rpc *rpc;
    lm_service tmp;
    lm_status st = svcctl(h, &rpc);

    if (st != LM_OK)
        return st;
    memset(&tmp, 0, sizeof tmp);
    if ((st = lm__svcctl_service_status(rpc, name, &tmp, &h->err)) == LM_OK) {
        out->status = tmp.status;
        out->controls_accepted = tmp.controls_accepted;
        out->win32_exit_code = tmp.win32_exit_code;
        out->service_exit_code = tmp.service_exit_code;
        out->checkpoint = tmp.checkpoint;
        out->wait_hint_ms = tmp.wait_hint_ms;
        out->process_id = tmp.process_id;
        out->service_type = tmp.service_type;
    }
    lm__service_clear(&tmp);
    return st;
}

static lm_status remote_svc_config(struct lm_host *h, const char *name, lm_service *out)
{
    struct lm__rpc *rpc;
    lm_status st = svcctl(h, &rpc);
    return st != LM_OK ? st : lm__svcctl_service_config(rpc, name, out, &h->err);
}

static lm_status remote_svc_start(struct lm_host *h, const char *name)
{
    struct lm__rpc *rpc;
    lm_status st = svcctl(h, &rpc);
    return st != LM_OK ? st : lm__svcctl_service_start(rpc, name, &h->err);
}

static lm_status remote_svc_control(struct lm_host *h, const char *name, uint32_t code)
{
    struct lm__rpc *rpc;
    lm_status st = svcctl(h, &rpc);
    return st != LM_OK ? st : lm__svcctl_service_control(rpc, name, code, &h->err);
}

static lm_status remote_svc_active_dependents(struct lm_host *h, const char *name, char ***out, size_t *n)
{
    struct lm__rpc *rpc;
    lm_status st = svcctl(h, &rpc);
    return st != LM_OK ? st : lm__svcctl_service_dependents(rpc, name, true, out, n, &h->err);
}

static lm_status remote_svc_set_start_type(struct lm_host *h, const char *name, lm_start_type type)
{
    struct lm__rpc *rpc;
    lm_status st = svcctl(h, &rpc);
    return st != LM_OK ? st : lm__svcctl_service_set_start(rpc, name, type, &h->err);
}

/* ---- registry: winreg (MS-RRP), keys below HKLM\SYSTEM\CurrentControlSet\Services ---- */

static const char *full_key(const char *key, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s", LM_SERVICES_ROOT, key[0] != '\0' ? "\\" : "", key);
    return buf;
}

static lm_status remote_reg_list(struct lm_host *h, const char *key, lm_reg_value **out, size_t *n)
{
    struct lm__rpc *rpc;
    char path[600];
    lm_status st = winreg(h, &rpc);
    return st != LM_OK ? st : lm__winreg_key_values(rpc, full_key(key, path, sizeof path), out, n, &h->err);
}

/* One value of path (below HKLM), opened with KEY_READ only (lm__winreg_key_get). */
static lm_status reg_get_path(struct lm_host *h, const char *path, const char *name, lm_reg_value **out)
{
    struct lm__rpc *rpc;
    lm_reg_value *v;
    lm_status st = winreg(h, &rpc);

    if (st != LM_OK)
        return st;
    if ((v = calloc(1, sizeof *v)) == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    if ((st = lm__winreg_key_get(rpc, path, name, v, &h->err)) != LM_OK) {
        free(v);
        return st;
    }
    *out = v;
    return LM_OK;
}

static lm_status remote_reg_get(struct lm_host *h, const char *key, const char *name, lm_reg_value **out)
{
    char path[600];
    return reg_get_path(h, full_key(key, path, sizeof path), name, out);
}

static lm_status remote_reg_get_system(struct lm_host *h, const char *key, const char *name,
                                       lm_reg_value **out)
{
    char path[600];
    snprintf(path, sizeof path, "SYSTEM\\CurrentControlSet\\%s", key);
    return reg_get_path(h, path, name, out);
}

static lm_status remote_reg_set(struct lm_host *h, const char *key, const char *name, lm_reg_type type,
                                const void *data, size_t len)
{
    struct lm__rpc *rpc;
    char path[600];
    lm_status st = winreg(h, &rpc);
    return st != LM_OK ? st
                       : lm__winreg_key_set(rpc, full_key(key, path, sizeof path), name, (uint32_t)type, data,
                                            len, &h->err);
}

static lm_status remote_reg_delete(struct lm_host *h, const char *key, const char *name)
{
    struct lm__rpc *rpc;
    char path[600];
    lm_status st = winreg(h, &rpc);
    return st != LM_OK ? st : lm__winreg_key_delete(rpc, full_key(key, path, sizeof path), name, &h->err);
}

static lm_status remote_reg_subkeys(struct lm_host *h, const char *key, char ***out, size_t *n)
{
    struct lm__rpc *rpc;
    char path[600];
    lm_status st = winreg(h, &rpc);
    return st != LM_OK ? st : lm__winreg_key_subkeys(rpc, full_key(key, path, sizeof path), out, n, &h->err);
}

/* ---- share flags: srvsvc level 1005 ---- */

static lm_status remote_share_get_flags(struct lm_host *h, const char *name, uint32_t *flags)
{
    struct lm__rpc *rpc;
    lm_status st = srvsvc(h, &rpc);
    return st != LM_OK ? st : lm__srvsvc_share_get_flags(rpc, R(h)->server, name, flags, &h->err);
}

static lm_status remote_share_set_flags(struct lm_host *h, const char *name, uint32_t flags)
{
    struct lm__rpc *rpc;
    lm_status st = srvsvc(h, &rpc);
    return st != LM_OK ? st : lm__srvsvc_share_set_flags(rpc, R(h)->server, name, flags, &h->err);
}

/* ---- workstation: wkssvc (MS-WKST) ---- */

static lm_status wkssvc(struct lm_host *h, struct lm__rpc **out)
{
    return bind(h, &R(h)->wkssvc, "wkssvc", &lm__wkssvc_iface, out);
}

static lm_status remote_wksta_info(struct lm_host *h, int level, lm_workstation *out)
{
    struct lm__rpc *rpc;
    lm_status st = wkssvc(h, &rpc);
    return st != LM_OK ? st : lm__wkssvc_get_info(rpc, R(h)->server, level, out, &h->err);
}

/* Pages of about this many bytes: a few thousand users each. */
#define USER_PAGE_BYTES (64u * 1024u)

static lm_status remote_wksta_users(struct lm_host *h, lm_workstation_user **out, size_t *n)
{
    struct lm__rpc *rpc;
    lm_status st = wkssvc(h, &rpc);
    return st != LM_OK ? st : lm__wkssvc_user_enum(rpc, R(h)->server, USER_PAGE_BYTES, out, n, &h->err);
}

static const struct lm__host_ops remote_ops = {
    .name = "remote",
    .close = remote_close,
    .svc_enum = remote_svc_enum,
    .svc_status = remote_svc_status,
    .svc_config = remote_svc_config,
    .svc_start = remote_svc_start,
    .svc_control = remote_svc_control,
    .svc_active_dependents = remote_svc_active_dependents,
    .svc_set_start_type = remote_svc_set_start_type,
    .reg_list = remote_reg_list,
    .reg_get = remote_reg_get,
    .reg_set = remote_reg_set,
    .reg_delete = remote_reg_delete,
    .reg_subkeys = remote_reg_subkeys,
    .reg_get_system = remote_reg_get_system,
    .share_enum = remote_share_enum,
    .share_get = remote_share_get,
    .share_add = remote_share_add,
    .share_del = remote_share_del,
    .share_set = remote_share_set,
    .share_get_sd = remote_share_get_sd,
    .share_set_sd = remote_share_set_sd,
    .lookup_sid = remote_lookup_sid,
    .lookup_names = remote_lookup_names,
    .server_info = remote_server_info,
    .share_get_flags = remote_share_get_flags,
    .share_set_flags = remote_share_set_flags,
    .wksta_info = remote_wksta_info,
    .wksta_users = remote_wksta_users,
    .session_enum = remote_session_enum,
    .session_del = remote_session_del,
    .file_enum = remote_file_enum,
    .file_close = remote_file_close,
    .server_get = remote_server_get,
    .conn_enum = remote_conn_enum,
    .transport_enum = remote_transport_enum,
    .disk_enum = remote_disk_enum,
};

lm_status lm_host_smb_info(const lm_host *h, lm_smb_info *info)
{
    if (h == NULL || h->ops != &remote_ops || h->impl == NULL)
        return LM_ENOTSUP;
    lm_smb_get_info(((const struct remote *)h->impl)->smb, info);
    return LM_OK;
}

/* h becomes a host of this backend over r (its ServerName "\\\\server"). */
static void attach(struct lm_host *h, struct remote *r, const char *server)
{
    snprintf(r->server, sizeof r->server, "\\\\%s", server);
    h->impl = r;
    h->ops = &remote_ops;
}

lm_status lm__host_remote_adopt(const char *server, lm_smb *smb, lm_host **out)
{
    struct lm_host *h = calloc(1, sizeof *h);
    struct remote *r = calloc(1, sizeof *r);

    if (h == NULL || r == NULL) {
        free(h);
        free(r);
        return LM_ENOMEM;
    }
    lm_error_clear(&h->err);
    snprintf(h->server, sizeof h->server, "%s", server);
    attach(h, r, server);
    r->smb = smb;
    *out = h;
    return LM_OK;
}

lm_smb *lm__host_remote_smb(lm_host *h)
{
    return h != NULL && h->ops == &remote_ops && h->impl != NULL ? R(h)->smb : NULL;
}

lm_status lm__host_remote_open(struct lm_host *h, const lm_host_options *opt)
{
    struct remote *r = calloc(1, sizeof *r);
    lm_status st;

    if (r == NULL)
        return lm_error_set(&h->err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    attach(h, r, opt->server);
    if ((st = lm_smb_connect(opt->server, opt->smb, &r->smb, &h->err)) != LM_OK)
        goto fail;
    if ((st = lm_smb_login(r->smb, opt->creds)) != LM_OK) {
        h->err = *lm_smb_error(r->smb);
        goto fail;
    }
    return LM_OK;
fail:
    remote_close(h);
    h->ops = NULL;
    return st;
}
