/* MS-WKST (wkssvc, \PIPE\wkssvc): the workstation's identity and the users logged on to it.
 *
 * Same shape as srvsvc.h: each call encodes its request stub, makes one lm__rpc_call, decodes the response
 * stub and translates the WERROR through lm__rpc_error(). The codecs are exposed for the unit tests and the
 * fuzz target. */
#ifndef LM_RPC_WKSSVC_H
#define LM_RPC_WKSSVC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/workstation.h"
#include "rpc/dcerpc.h"
#include "rpc/ndr.h"

/* 6bffd098-a112-3610-9833-46c3f87e345a v1.0 (MS-WKST 1.9). */
extern const struct lm__rpc_iface lm__wkssvc_iface;

/* Opnums (MS-WKST 3.2.4). */
#define LM__WKSSVC_WKSTA_GETINFO 0
#define LM__WKSSVC_USER_ENUM     2

/* Users in one enumeration at most, over all pages. */
#define LM__WKSSVC_MAX_USERS 100000u

/* lm__wksta_clear and lm__wksta_user_clear (core/model.h) free what the decoders fill. */

/* ---- calls. server is the ServerName parameter ("\\host" or NULL). ---- */

/* NetrWkstaGetInfo at level 100, 101 or 102; out is filled only on success (clear it with
 * lm__wksta_clear). */
lm_status lm__wkssvc_get_info(struct lm__rpc *r, const char *server, int level, lm_workstation *out,
                              lm_error *err);

/* NetrWkstaUserEnum at level 1, every page (paging with the resume handle). *out (freed with
 * lm_workstation_user_list_free) and *n are set only on success. */
lm_status lm__wkssvc_user_enum(struct lm__rpc *r, const char *server, uint32_t pref_max,
                               lm_workstation_user **out, size_t *n, lm_error *err);

/* ---- codecs ---- */

lm_status lm__wkssvc_getinfo_req(struct lm__buf *b, const char *server, int level);
/* LM_OK when the stub is well formed (whatever werr says); out is filled only on LM_OK with werr 0. */
lm_status lm__wkssvc_getinfo_resp(const uint8_t *p, size_t n, int level, lm_workstation *out, uint32_t *werr);

/* Level 0 or 1; resume NULL: no resume handle pointer. */
lm_status lm__wkssvc_user_enum_req(struct lm__buf *b, const char *server, int level, uint32_t pref_max,
                                   const uint32_t *resume);

struct lm__wkssvc_user_page {
    lm_workstation_user *list; /* owned by the caller after a successful decode (level 0: user_name only) */
    size_t n;
    struct lm__ndr_enum_tail tail; /* TotalEntries, ResumeHandle, WERROR */
};

/* LM_OK when the stub is well formed (whatever werr says). On error nothing is left allocated. */
lm_status lm__wkssvc_user_enum_resp(const uint8_t *p, size_t n, int level, struct lm__wkssvc_user_page *page);

#endif
