/* The public SMB2 client (include/lanman/smb.h): the flows that string the commands together. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "smb/conn.h"

const lm_error *lm_smb_error(const lm_smb *s)
{
    return &s->err;
}

lm_status lm_smb_connect(const char *host, const lm_smb_options *opt, lm_smb **out, lm_error *err)
{
    return lm__smb_connect_ex(host, opt, 0, out, err);
}

lm_status lm__smb_connect_ex(const char *host, const lm_smb_options *opt, unsigned flags, lm_smb **out,
                             lm_error *err)
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
    s->timeout_ms = s->opt.timeout_ms > 0 ? s->opt.timeout_ms : LM__NET_DEFAULT_TIMEOUT_MS;
    s->skip_verify_mid = UINT64_MAX - 2;
    s->offer_compression = (flags & LM__SMB_COMPRESSION) != 0;
    s->credits = 1; /* MS-SMB2 3.2.4.1.2: one credit before any is granted */
    snprintf(s->host, sizeof s->host, "%s", host);
    lm__buf_init(&s->rx, SMB_FRAME_MAX);
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
    i->mech = s->mech;
}

const char *lm_smb_logon_name(const lm_smb_info *i)
{
    if (i->mech == LM_SMB_AUTH_AUTO)
        return "none";
    if (i->anonymous)
        return "anonymous";
    if (i->guest)
        return "guest";
    return i->mech == LM_SMB_AUTH_KERBEROS ? "Kerberos" : "NTLM";
}

static void forget_keys(struct lm_smb *s)
{
    lm__memzero(s->session_key, sizeof s->session_key);
    lm__memzero(s->signing_key, sizeof s->signing_key);
    lm__memzero(s->enc_key, sizeof s->enc_key);
    lm__memzero(s->dec_key, sizeof s->dec_key);
}

void lm_smb_close(lm_smb *s)
{
    if (s == NULL)
        return;
    if (s->sock != NULL && s->session_id != 0)
        lm__smb_forget(s, SMB2_LOGOFF, 0, NULL);
    lm__net_close(s->sock);
    forget_keys(s);
    lm__buf_free(&s->rx);
    free(s->neg_token);
    free(s);
}

lm_status lm__smb_logoff(struct lm_smb *s)
{
    lm_status st = LM_OK;

    if (s->sock == NULL)
        return LM_ENOTCONN;
    if (s->session_id != 0) {
        struct smb_resp r;

        /* Whatever it answers (a session that failed half-way is gone already), the session is over. */
        st = lm__smb_exchange_empty(s, SMB2_LOGOFF, &r);
    }
    s->session_id = 0;
    s->session_flags = 0;
    s->mech = LM_SMB_AUTH_AUTO;
    s->anonymous = s->signing_on = s->encrypt_on = s->keys_ready = false;
    forget_keys(s);
    memcpy(s->preauth, s->conn_preauth, sizeof s->preauth);
    return st;
}

lm_status lm__smb_tree_accept(struct lm_smb *s, const struct smb_resp *r, const char *share,
                              lm_smb_tree **out)
{
    struct smb2_tree_resp tr;
    struct lm__cursor m = r->msg;
    struct lm_smb_tree *t;

    if (r->h.status != NT_STATUS_SUCCESS) {
        char what[400];
        snprintf(what, sizeof what, "cannot connect to \\\\%s\\%s", s->host, share);
        return lm__smb_status_error(s, r, what);
    }
    if (lm__smb2_tree_connect_resp(&m, &tr) != LM_OK)
        return lm_error_set(&s->err, LM_EPROTO, LM_RAW_NONE, 0, "malformed TREE_CONNECT response");
    if ((tr.share_flags & SMB2_SHAREFLAG_ENCRYPT_DATA) && !s->encrypt_on) {
        /* MS-SMB2 3.2.5.5: the share requires encryption; from here on the whole session is encrypted. */
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
    t->maximal_access = tr.maximal_access;
    *out = t;
    return LM_OK;
}

uint64_t lm__smb_add_tree_connect(struct lm_smb *s, struct smb_chain *c, const char *share, lm_status *built)
{
    uint64_t mid = lm__smb_add(s, c, SMB2_TREE_CONNECT, 0, false, 0);
    char unc[600];

    if (*built != LM_OK)
        return mid;
    if (snprintf(unc, sizeof unc, "\\\\%s\\%s", s->host, share) >= (int)sizeof unc)
        *built = LM_ENAME;
    else
        *built = lm__smb2_tree_connect_req(&c->b, unc);
    return mid;
}

lm_status lm__smb_take_tree(struct lm_smb *s, uint64_t mid, const char *share, const uint64_t *rel, int nrel,
                            lm_smb_tree **out)
{
    struct smb_resp r;
    lm_status st = lm__smb_recv(s, mid, &r);

    if (st != LM_OK) /* a reply that did not verify: lm__smb_recv drops the compound's others already */
        return st;
    /* The requests on the tree fail with it: their replies are dropped when they come. */
    if ((st = lm__smb_tree_accept(s, &r, share, out)) != LM_OK) {
        for (int i = 0; i < nrel; i++)
            lm__smb_ignore(s, rel[i]);
    }
    return st;
}

lm_status lm_smb_tree_connect(lm_smb *s, const char *share, lm_smb_tree **out)
{
    struct smb_chain c;
    lm_status st = LM_OK;
    lm_smb_tree *t;
    uint64_t mid;

    lm__smb_chain_init(&c);
    mid = lm__smb_add_tree_connect(s, &c, share, &st);
    if ((st = lm__smb_send_built(s, &c, st, "share name", share)) != LM_OK ||
        (st = lm__smb_take_tree(s, mid, share, NULL, 0, &t)) != LM_OK)
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
