/* Shared by the rpc interop suites and rpctool: a logged-on session to the fixture and srvsvc bound on it. */
#ifndef LANMAN_TEST_RPC_COMMON_H
#define LANMAN_TEST_RPC_COMMON_H

#include <stdio.h>

#include "fx.h"
#include "lanman/smb.h"
#include "rpc/srvsvc.h"

struct rpcx {
    lm_smb *s;
    lm_smb_tree *ipc;
    struct lm__rpc *r;
    lm_error err;
};

/* Connects, logs on, then connects IPC$ and binds srvsvc in one compound. LM_OK or the failing status
 * (message in x->err). */
static inline lm_status rpcx_open(struct rpcx *x)
{
    lm_smb_options o = {0};
    lm_smb_credentials c = {
        .domain = "", .user = fx("LANMAN_TEST_USER"), .password = fx("LANMAN_TEST_PASSWORD")};
    lm_status st;

    x->s = NULL;
    x->ipc = NULL;
    x->r = NULL;
    lm_error_clear(&x->err);
    o.port = fx_port();
    if ((st = lm_smb_connect(fx("LANMAN_TEST_HOST"), &o, &x->s, &x->err)) != LM_OK)
        return st;
    if ((st = lm_smb_login(x->s, &c)) != LM_OK) {
        x->err = *lm_smb_error(x->s);
        return st;
    }
    return lm__rpc_connect(x->s, "srvsvc", &lm__srvsvc_iface, &x->ipc, &x->r, &x->err);
}

static inline void rpcx_close(struct rpcx *x)
{
    lm__rpc_close(x->r);
    if (x->ipc != NULL)
        lm_smb_tree_disconnect(x->ipc);
    lm_smb_close(x->s);
}

static inline unsigned rpcx_round_trips(const struct rpcx *x)
{
    lm_smb_info i;

    lm_smb_get_info(x->s, &i);
    return i.round_trips;
}

#endif
