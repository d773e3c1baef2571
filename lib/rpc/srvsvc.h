/* MS-SRVS (srvsvc, \PIPE\srvsvc): shares and server information.
 *
 * Each call encodes its request stub, makes one lm__rpc_call, decodes the response stub and translates the
 * WERROR through lm__rpc_error() (the one translator for WERROR and faults). The codecs are exposed for the
 * unit tests. */
#ifndef LM_RPC_SRVSVC_H
#define LM_RPC_SRVSVC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/share.h"
#include "rpc/dcerpc.h"
#include "rpc/ndr.h"

/* 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0 (MS-SRVS 1.9). */
extern const struct lm__rpc_iface lm__srvsvc_iface;

/* Opnums (MS-SRVS 3.1.4). */
#define LM__SRVSVC_CONN_ENUM      8
#define LM__SRVSVC_FILE_ENUM      9
#define LM__SRVSVC_FILE_CLOSE     11
#define LM__SRVSVC_SESSION_ENUM   12
#define LM__SRVSVC_SESSION_DEL    13
#define LM__SRVSVC_SHARE_ADD      14
#define LM__SRVSVC_SHARE_ENUM     15
#define LM__SRVSVC_SHARE_GETINFO  16
#define LM__SRVSVC_SHARE_SETINFO  17
#define LM__SRVSVC_SHARE_DEL      18
#define LM__SRVSVC_SERVER_GETINFO 21
#define LM__SRVSVC_DISK_ENUM      23
#define LM__SRVSVC_TRANSPORT_ENUM 26

/* Shares in one enumeration at most, over all pages. */
#define LM__SRVSVC_MAX_SHARES 1000000u

/* A share as SHARE_INFO_0/1/2/502 has it. info.sddl stays NULL: the raw self-relative security
 * descriptor (level 502) is in sd/sd_len, for lm__sd_to_sddl(). */
struct lm__srv_share {
    lm_share info; /* level: the level decoded */
    uint32_t permissions;
    uint8_t *sd;
    size_t sd_len;
    unsigned ptrs;  /* decoding: which pointers of the fixed part were not NULL */
    uint32_t flags; /* encoding level 1005: shi1005_flags */
};

/* Frees what one share owns (not the struct itself). */
void lm__srv_share_clear(struct lm__srv_share *s);
void lm__srv_share_list_free(struct lm__srv_share *list, size_t n);

/* What NetrShareAdd takes (SHARE_INFO_2 / SHARE_INFO_502_I). */
struct lm__srv_share_spec {
    const char *name, *path, *remark; /* remark NULL: "" */
    uint32_t type, max_uses;
    const uint8_t *sd; /* level 502 only; NULL: none */
    size_t sd_len;
};

/* SERVER_INFO_101 / SERVER_INFO_102 (MS-SRVS 2.2.4.41-42). */
struct lm__srv_info {
    int level;
    uint32_t platform_id, version_major, version_minor, type;
    char *name, *comment;
    /* 102 only */
    uint32_t users, hidden, announce, anndelta, licenses;
    int32_t disc;
    char *userpath;
};
void lm__srv_info_clear(struct lm__srv_info *i);

/* ---- calls. server is the ServerName parameter ("\\host" or NULL). ---- */

/* NetrShareEnum at level 0, 1, 2 or 502, paging with the resume handle; pref_max is PreferedMaximumLength
 * (0xFFFFFFFF: all at once). *out (freed with lm__srv_share_list_free) and *n are set only on success. */
lm_status lm__srvsvc_share_enum(struct lm__rpc *r, const char *server, int level, uint32_t pref_max,
                                struct lm__srv_share **out, size_t *n, lm_error *err);

/* Shares of NetrShareEnum, a few at a time: fn may move what it wants out of the entries (leaving NULL
 * behind); they are freed when fn returns. A status other than LM_OK stops the enumeration with that status.
 * fn may call on the same binding: the rest of the response in flight is read first. */
typedef lm_status (*lm__srv_page_fn)(void *ctx, struct lm__srv_share *list, size_t n);

/* NetrShareEnum page by page (pref_max bytes each, as the server honours it), each page decoded as its RPC
 * fragments arrive (lm__srvsvc_enum_stream): fn gets the shares as they are completed, so memory stays at
 * a window of the response whatever the number of shares, even when the server answers them all at once. */
lm_status lm__srvsvc_share_pages(struct lm__rpc *r, const char *server, int level, uint32_t pref_max,
                                 lm__srv_page_fn fn, void *ctx, lm_error *err);

/* NetrShareGetInfo at level 1, 2 or 502. out is filled only on success (clear it with
 * lm__srv_share_clear). */
lm_status lm__srvsvc_share_get(struct lm__rpc *r, const char *server, const char *name, int level,
                               struct lm__srv_share *out, lm_error *err);

/* NetrShareAdd at level 2 or 502. */
lm_status lm__srvsvc_share_add(struct lm__rpc *r, const char *server, int level,
                               const struct lm__srv_share_spec *spec, lm_error *err);

/* NetrShareDel. */
lm_status lm__srvsvc_share_del(struct lm__rpc *r, const char *server, const char *name, lm_error *err);

/* NetrShareSetInfo: only the remark: level 1004; with max_uses: NetrShareGetInfo 2 then SetInfo 2 with the
 * new values (the path and the rest unchanged). NULL: keep. */
lm_status lm__srvsvc_share_set(struct lm__rpc *r, const char *server, const char *name, const char *remark,
                               const uint32_t *max_uses, lm_error *err);

/* NetrShareSetInfo level 1501: the share's security descriptor (self-relative) and nothing else. */
lm_status lm__srvsvc_share_set_sd(struct lm__rpc *r, const char *server, const char *name, const uint8_t *sd,
                                  size_t sdlen, lm_error *err);

/* NetrServerGetInfo at level 101 or 102. */
lm_status lm__srvsvc_server_info(struct lm__rpc *r, const char *server, int level, struct lm__srv_info *out,
                                 lm_error *err);

/* ---- codecs ---- */

/* resume NULL: no resume handle pointer. */
lm_status lm__srvsvc_enum_req(struct lm__buf *b, const char *server, int level, uint32_t pref_max,
                              const uint32_t *resume);

struct lm__srvsvc_enum_page {
    struct lm__srv_share *list; /* owned by the caller after a successful decode */
    size_t n;
    uint32_t total;
    bool has_resume;
    uint32_t resume;
    uint32_t werr;
};

/* LM_OK when the stub is well formed (whatever werr says); LM_ETYPE when it is a well-formed answer at
 * another share level than level. On error nothing is left allocated. */
lm_status lm__srvsvc_enum_resp(const uint8_t *p, size_t n, int level, struct lm__srvsvc_enum_page *page);

/* ---- NetrShareEnum decoded as the response arrives (issue #19) ----
 *
 * The response is fed in pieces (the RPC fragments, cut anywhere). NDR puts the fixed parts of all entries
 * first, then each entry's strings in order (C706 14.3.12.3, MS-SRVS 2.2.4.22-26): the decoder keeps the
 * few integers of each fixed part, completes each entry once its strings are in, and hands the completed
 * entries to fn a few at a time (fn as for lm__srvsvc_share_pages). Only the bytes of the unit being decoded
 * are held (the head, one fixed part, one entry's strings, the tail), so memory is 24 bytes per entry plus
 * one entry, whatever the size of the response. The checks and the results are those of
 * lm__srvsvc_enum_resp, which is this decoder fed at once. */

/* What is kept of a fixed part until the entry's strings arrive. */
struct lm__srv_share_fixed {
    uint32_t type, permissions, max_uses, current_uses, sd_len, ptrs;
};

/* Completed entries handed to fn at once, at most. */
#define LM__SRVSVC_STREAM_BATCH 32

struct lm__srvsvc_enum_stream {
    int level;
    uint32_t limit; /* more entries than this in the response: LM_EOVERFLOW */
    lm__srv_page_fn fn;
    void *ctx;
    /* what is known once the response is done (LM_OK from the last feed) */
    uint32_t count; /* EntriesRead */
    struct lm__ndr_enum_tail tail;
    bool fn_failed; /* the status came from fn, which described it */
    bool in_fn, last;
    /* decoding */
    int phase;
    lm_status st;         /* the first failure; it sticks */
    struct lm__buf carry; /* received, not yet decoded; carry.data[0] is at a multiple of 8 of the stub */
    size_t pos;           /* where the next unit starts in carry */
    size_t need;          /* the unit at pos failed: try again once this many bytes follow pos */
    struct lm__srv_share_fixed *fixed;
    uint32_t nfixed, ndone, fixed_cap;
    struct lm__srv_share batch[LM__SRVSVC_STREAM_BATCH];
    size_t nbatch;
};

/* level 0, 1, 2 or 502; limit: entries allowed; fn gets the completed entries (fn may move what it wants
 * out of them, leaving NULL behind; they are freed when fn returns). */
void lm__srvsvc_enum_stream_init(struct lm__srvsvc_enum_stream *s, int level, uint32_t limit,
                                 lm__srv_page_fn fn, void *ctx);

/* The next n bytes of the response stub; last: they end it. Returns LM_OK while the bytes so far can start
 * a well-formed response (and, after the last, when it was one: count and tail are set), else the first
 * failure, which sticks: LM_EPROTO or LM_EILSEQ for a malformed response, LM_ETYPE for a well-formed answer
 * at another level, LM_EOVERFLOW beyond limit, LM_ENOMEM, or fn's status (fn_failed). Entries completed
 * before a failure have been delivered. */
lm_status lm__srvsvc_enum_stream_feed(struct lm__srvsvc_enum_stream *s, const uint8_t *p, size_t n,
                                      bool last);

/* Frees what the decoder holds (not s). */
void lm__srvsvc_enum_stream_free(struct lm__srvsvc_enum_stream *s);

lm_status lm__srvsvc_getinfo_req(struct lm__buf *b, const char *server, const char *name, int level);
lm_status lm__srvsvc_getinfo_resp(const uint8_t *p, size_t n, int level, struct lm__srv_share *out,
                                  uint32_t *werr);

lm_status lm__srvsvc_add_req(struct lm__buf *b, const char *server, int level,
                             const struct lm__srv_share_spec *spec);
/* The response of NetrShareAdd and NetrShareSetInfo: ParmErr, WERROR. */
lm_status lm__srvsvc_parmerr_resp(const uint8_t *p, size_t n, uint32_t *parm_err, uint32_t *werr);

lm_status lm__srvsvc_del_req(struct lm__buf *b, const char *server, const char *name);
/* A response that is only the WERROR (NetrShareDel). */
lm_status lm__srvsvc_werr_resp(const uint8_t *p, size_t n, uint32_t *werr);

/* level 1004 (remark in info->info.remark), 1005 (info->flags), 1501 (info->sd only) or 2 / 502
 * (info->info fields; 502 with info->sd). */
lm_status lm__srvsvc_setinfo_req(struct lm__buf *b, const char *server, const char *name, int level,
                                 const struct lm__srv_share *info);

lm_status lm__srvsvc_srvinfo_req(struct lm__buf *b, const char *server, int level);
lm_status lm__srvsvc_srvinfo_resp(const uint8_t *p, size_t n, int level, struct lm__srv_info *out,
                                  uint32_t *werr);

/* ---- level 1005: the share's flags (SHARE_INFO_1005, MS-SRVS 2.2.4.29) ---- */

/* NetrShareGetInfo level 1005: *flags is set only on success. */
lm_status lm__srvsvc_share_get_flags(struct lm__rpc *r, const char *server, const char *name, uint32_t *flags,
                                     lm_error *err);
/* NetrShareSetInfo level 1005: the flags, and nothing else of the share. */
lm_status lm__srvsvc_share_set_flags(struct lm__rpc *r, const char *server, const char *name, uint32_t flags,
                                     lm_error *err);
/* The response of NetrShareGetInfo level 1005. LM_OK when well formed (whatever werr says); *flags is set
 * only with werr 0. */
lm_status lm__srvsvc_flags_resp(const uint8_t *p, size_t n, uint32_t *flags, uint32_t *werr);
/* ---- sessions, open files and connections (NetrSessionEnum, NetrFileEnum, NetrConnectionEnum; MS-SRVS
 * 3.1.4.5, 3.1.4.16, 3.1.4.1) ---- */

/* Entries in one enumeration at most, over all pages. */
#define LM__SRVSVC_MAX_ITEMS 1000000u

/* SESSION_INFO_10 / SESSION_INFO_1 / SESSION_INFO_502 (MS-SRVS 2.2.4.15, 2.2.4.16, 2.2.4.19): level 10
 * leaves opens and user_flags zero; levels 10 and 1 leave client_type and transport NULL. */
struct lm__srv_session {
    char *client, *user;
    uint32_t opens, time, idle, user_flags;
    char *client_type, *transport;
};

/* FILE_INFO_3 (MS-SRVS 2.2.4.8). */
struct lm__srv_file {
    uint32_t id, permissions, locks;
    char *path, *user;
};

/* CONNECTION_INFO_1 (MS-SRVS 2.2.4.2). */
struct lm__srv_conn {
    uint32_t id, type, opens, users, time;
    char *user, *netname;
};

/* SERVER_TRANSPORT_INFO_0 / SERVER_TRANSPORT_INFO_1 (MS-SRVS 2.2.4.96, 2.2.4.97): level 0 leaves domain
 * NULL. address is the raw svti*_transportaddress (address_len bytes; NULL when 0). */
struct lm__srv_transport {
    uint32_t vcs;
    char *name;
    uint8_t *address;
    uint32_t address_len;
    char *net_address, *domain;
};

/* What is enumerated, and at which level: LM__SRV_SESSIONS at 10, 1 or 502, LM__SRV_FILES at 3,
 * LM__SRV_CONNECTIONS at 1, LM__SRV_TRANSPORTS at 0 or 1. The list of a page is an array of the struct
 * above for the kind. */
enum lm__srv_kind { LM__SRV_SESSIONS, LM__SRV_FILES, LM__SRV_CONNECTIONS, LM__SRV_TRANSPORTS };

/* Frees n entries of a kind's array (and the array). NULL is fine. */
void lm__srv_items_free(enum lm__srv_kind kind, void *list, size_t n);

/* The request of NetrSessionEnum (a: ClientName, b: UserName), NetrFileEnum (a: BasePath, b: UserName),
 * NetrConnectionEnum (a: Qualifier, b must be NULL) or NetrServerTransportEnum (a and b must be NULL). NULL
 * strings are NULL pointers; resume NULL: none. */
lm_status lm__srvsvc_items_req(struct lm__buf *b, const char *server, enum lm__srv_kind kind, int level,
                               const char *a, const char *bstr, uint32_t pref_max, const uint32_t *resume);

struct lm__srvsvc_items_page {
    void *list; /* owned by the caller after a successful decode */
    size_t n;
    uint32_t total;
    bool has_resume;
    uint32_t resume;
    uint32_t werr;
};

/* LM_OK when the stub is well formed (whatever werr says). On error nothing is left allocated. */
lm_status lm__srvsvc_items_resp(const uint8_t *p, size_t n, enum lm__srv_kind kind, int level,
                                struct lm__srvsvc_items_page *page);

/* One page of entries: fn may move what it wants out of them (leaving NULL behind); the page is freed when
 * fn returns. A status other than LM_OK stops the enumeration with that status. */
typedef lm_status (*lm__srv_items_fn)(void *ctx, void *list, size_t n);

/* The enumeration page by page with the resume handle, as lm__srvsvc_share_pages does for shares. */
lm_status lm__srvsvc_item_pages(struct lm__rpc *r, const char *server, enum lm__srv_kind kind, int level,
                                const char *a, const char *bstr, uint32_t pref_max, lm__srv_items_fn fn,
                                void *ctx, lm_error *err);

/* NetrSessionDel: the sessions of client (a computer name or address; NULL: any) and user (NULL: any), at
 * least one of them given. */
lm_status lm__srvsvc_session_del_req(struct lm__buf *b, const char *server, const char *client,
                                     const char *user);
lm_status lm__srvsvc_session_del(struct lm__rpc *r, const char *server, const char *client, const char *user,
                                 lm_error *err);

/* NetrFileClose. */
lm_status lm__srvsvc_file_close_req(struct lm__buf *b, const char *server, uint32_t id);
lm_status lm__srvsvc_file_close(struct lm__rpc *r, const char *server, uint32_t id, lm_error *err);

/* ---- disks (NetrServerDiskEnum, MS-SRVS 3.1.4.20; level 0 only) ---- */

/* The request: Level 0, an empty DISK_ENUM_CONTAINER, pref_max, the resume handle (NULL: none). */
lm_status lm__srvsvc_disk_req(struct lm__buf *b, const char *server, uint32_t pref_max,
                              const uint32_t *resume);

/* The response into page (list: a char *[n], each "C:" or "" as the server sent it). LM_OK when the stub
 * is well formed (whatever werr says); on error nothing is left allocated. */
lm_status lm__srvsvc_disk_resp(const uint8_t *p, size_t n, struct lm__srvsvc_items_page *page);

/* Frees a list lm__srvsvc_disk_resp made. */
void lm__srv_disks_free(void *list, size_t n);

/* Every disk the server names, page by page as lm__srvsvc_item_pages does (fn gets char *[n] pages). */
lm_status lm__srvsvc_disk_pages(struct lm__rpc *r, const char *server, uint32_t pref_max, lm__srv_items_fn fn,
                                void *ctx, lm_error *err);

#endif
