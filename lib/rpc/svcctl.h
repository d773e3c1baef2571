/* MS-SCMR (svcctl, \PIPE\svcctl): services through the remote Service Control Manager.
 *
 * As in srvsvc.h: each call encodes its request stub, makes one lm__rpc_call, decodes the response stub and
 * translates the WERROR through lm__rpc_error(). Results go into the public lm_service. The handle calls
 * (open, query, control, close) are the building blocks; the lm__svcctl_service_* calls open the SCM and the
 * service, do one thing, and close both handles on every path, including when a call fails halfway. The
 * codecs are exposed for the unit tests; handles are struct lm__ndr_handle, and the responses that are a
 * handle and a WERROR, or a WERROR alone, decode with lm__ndr_handle_werr() and lm__ndr_werr(). */
#ifndef LM_RPC_SVCCTL_H
#define LM_RPC_SVCCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/service.h"
#include "core/model.h"
#include "rpc/dcerpc.h"
#include "rpc/ndr.h"

/* 367abb81-9844-35f1-ad32-98f038001003 v2.0 (MS-SCMR 1.9). */
extern const struct lm__rpc_iface lm__svcctl_iface;

/* Opnums (MS-SCMR 3.1.4). */
#define LM__SVCCTL_CLOSE          0
#define LM__SVCCTL_CONTROL        1
#define LM__SVCCTL_QUERY_STATUS   6
#define LM__SVCCTL_CHANGE_CONFIG  11
#define LM__SVCCTL_ENUM_DEPENDENT 13
#define LM__SVCCTL_ENUM_STATUS    14
#define LM__SVCCTL_OPEN_SCM       15
#define LM__SVCCTL_OPEN_SERVICE   16
#define LM__SVCCTL_QUERY_CONFIG   17
#define LM__SVCCTL_START          19
#define LM__SVCCTL_CHANGE_CONFIG2 37
#define LM__SVCCTL_QUERY_CONFIG2  39

/* Access rights (MS-SCMR 3.1.4). */
#define LM__SC_MANAGER_CONNECT          0x0001u
#define LM__SC_MANAGER_ENUMERATE        0x0004u
#define LM__SERVICE_QUERY_CONFIG        0x0001u
#define LM__SERVICE_CHANGE_CONFIG       0x0002u
#define LM__SERVICE_QUERY_STATUS        0x0004u
#define LM__SERVICE_ENUMERATE_DEPENDENT 0x0008u
#define LM__SERVICE_START               0x0010u
#define LM__SERVICE_STOP                0x0020u
#define LM__SERVICE_PAUSE_CONTINUE      0x0040u
#define LM__SERVICE_INTERROGATE         0x0080u

/* dwServiceType SERVICE_WIN32 (own and shared process), dwServiceState values (MS-SCMR 3.1.4.14). */
#define LM__SVC_TYPE_WIN32   0x30u
#define LM__SVC_STATE_ACTIVE 1u
#define LM__SVC_STATE_ALL    3u

/* RQueryServiceConfig2W levels (MS-SCMR 2.2.15.1). */
#define LM__SVC_CONFIG_DESCRIPTION        1u
#define LM__SVC_CONFIG_DELAYED_AUTO_START 3u

/* SERVICE_NO_CHANGE (MS-SCMR 3.1.4.11). */
#define LM__SVC_NO_CHANGE 0xFFFFFFFFu

/* The buffers the IDL allows: LPBOUNDED_DWORD_256K and _8K (MS-SCMR 2.2.7). */
#define LM__SVCCTL_ENUM_MAX   (256u * 1024u)
#define LM__SVCCTL_CONFIG_MAX (8u * 1024u)

/* Services in one enumeration at most, over all pages. */
#define LM__SVCCTL_MAX_SERVICES 100000u

/* Services and name lists are freed with lm__service_clear, lm_service_list_free and lm__names_free
 * (core/model.h). */

/* ---- handle calls ---- */

/* ROpenSCManagerW on the ServicesActive database; machine may be NULL. */
lm_status lm__svcctl_open_scm(struct lm__rpc *r, const char *machine, uint32_t access,
                              struct lm__ndr_handle *out, lm_error *err);
/* ROpenServiceW. A missing service is LM_ENOENT (ERROR_SERVICE_DOES_NOT_EXIST). */
lm_status lm__svcctl_open_service(struct lm__rpc *r, const struct lm__ndr_handle *scm, const char *name,
                                  uint32_t access, struct lm__ndr_handle *out, lm_error *err);
/* RCloseServiceHandle; a zero handle is a no-op. h is zeroed whatever the result. */
lm_status lm__svcctl_close(struct lm__rpc *r, struct lm__ndr_handle *h, lm_error *err);

/* RQueryServiceStatus: the status fields of out (service_type, status, controls_accepted, exit codes,
 * checkpoint, wait hint; process_id 0: SERVICE_STATUS has none). */
lm_status lm__svcctl_query_status(struct lm__rpc *r, const struct lm__ndr_handle *h, lm_service *out,
                                  lm_error *err);
/* RQueryServiceConfigW, asking first with bufsize bytes (0: the 8 KiB maximum) and again with what the
 * server says it needs (ERROR_INSUFFICIENT_BUFFER). Sets out's service_type, start_type, binary_path,
 * start_name, display_name and depends_on (services only; load-order groups, '+'-prefixed, are dropped). */
lm_status lm__svcctl_query_config(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t bufsize,
                                  lm_service *out, lm_error *err);
/* RQueryServiceConfig2W SERVICE_CONFIG_DESCRIPTION with the same retry; *desc NULL when there is none. */
lm_status lm__svcctl_query_description(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t bufsize,
                                       char **desc, lm_error *err);
/* RQueryServiceConfig2W SERVICE_CONFIG_DELAYED_AUTO_START_INFO. */
lm_status lm__svcctl_query_delayed(struct lm__rpc *r, const struct lm__ndr_handle *h, bool *delayed,
                                   lm_error *err);
/* RStartServiceW without arguments. */
lm_status lm__svcctl_start(struct lm__rpc *r, const struct lm__ndr_handle *h, lm_error *err);
/* RControlService; status (may be NULL) gets the SERVICE_STATUS the server returns, only on success. */
lm_status lm__svcctl_control(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t code,
                             lm_service *status, lm_error *err);
/* RChangeServiceConfigW with only dwStartType changed; LM_START_AUTOMATIC_DELAYED also sets (and
 * LM_START_AUTOMATIC clears) the delayed flag through RChangeServiceConfig2W. */
lm_status lm__svcctl_set_start(struct lm__rpc *r, const struct lm__ndr_handle *h, lm_start_type type,
                               lm_error *err);
/* REnumServicesStatusW (type, state), following the resume index and growing the buffer to what the server
 * needs on ERROR_MORE_DATA; bufsize is the first buffer (0: 64 KiB). Fills name, display_name and the
 * status fields. *out and *n are set only on success (free with lm_service_list_free). */
lm_status lm__svcctl_enum(struct lm__rpc *r, const struct lm__ndr_handle *scm, uint32_t type, uint32_t state,
                          uint32_t bufsize, lm_service **out, size_t *n, lm_error *err);
/* REnumDependentServicesW (LM__SVC_STATE_ACTIVE or _ALL) with the same buffer retry. */
lm_status lm__svcctl_dependents(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t state,
                                uint32_t bufsize, lm_service **out, size_t *n, lm_error *err);

/* ---- by name: open the SCM and the service, one operation, close both (on every path) ---- */

/* Every Win32 service with its status. */
lm_status lm__svcctl_service_list(struct lm__rpc *r, lm_service **out, size_t *n, lm_error *err);
/* out is filled only on success (clear with lm__service_clear). name is the service name. */
lm_status lm__svcctl_service_status(struct lm__rpc *r, const char *name, lm_service *out, lm_error *err);
/* Status, configuration, description, delayed start (when the server knows it) and every dependent; sets
 * out->detailed. A server without a description or delayed-start level (WERR_INVALID_LEVEL, a fault) leaves
 * those unset rather than failing. */
lm_status lm__svcctl_service_config(struct lm__rpc *r, const char *name, lm_service *out, lm_error *err);
lm_status lm__svcctl_service_start(struct lm__rpc *r, const char *name, lm_error *err);
lm_status lm__svcctl_service_control(struct lm__rpc *r, const char *name, uint32_t code, lm_error *err);
lm_status lm__svcctl_service_set_start(struct lm__rpc *r, const char *name, lm_start_type type,
                                       lm_error *err);
/* The names of the dependents: active_only (running ones, in stop order) or all. */
lm_status lm__svcctl_service_dependents(struct lm__rpc *r, const char *name, bool active_only, char ***out,
                                        size_t *n, lm_error *err);

/* ---- codecs ---- */

lm_status lm__svcctl_open_scm_req(struct lm__buf *b, const char *machine, uint32_t access);
lm_status lm__svcctl_open_service_req(struct lm__buf *b, const struct lm__ndr_handle *scm, const char *name,
                                      uint32_t access);
/* A request that is only the handle (RCloseServiceHandle, RQueryServiceStatus). */
lm_status lm__svcctl_handle_req(struct lm__buf *b, const struct lm__ndr_handle *h);
/* A response that is a SERVICE_STATUS then the WERROR (RQueryServiceStatus, RControlService). */
lm_status lm__svcctl_status_resp(const uint8_t *p, size_t n, lm_service *out, uint32_t *werr);
lm_status lm__svcctl_control_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t code);
lm_status lm__svcctl_start_req(struct lm__buf *b, const struct lm__ndr_handle *h);
lm_status lm__svcctl_config_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t bufsize);
/* QUERY_SERVICE_CONFIGW, pcbBytesNeeded, WERROR. out gets the fields listed at lm__svcctl_query_config,
 * only when the stub is well formed (whatever werr says); on error out is untouched. */
lm_status lm__svcctl_config_resp(const uint8_t *p, size_t n, lm_service *out, uint32_t *needed,
                                 uint32_t *werr);
lm_status lm__svcctl_config2_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t level,
                                 uint32_t bufsize);
/* The self-relative buffer of level 1 (desc) or 3 (delayed), pcbBytesNeeded, WERROR. The buffer is only
 * parsed when werr is 0. */
lm_status lm__svcctl_config2_resp(const uint8_t *p, size_t n, uint32_t level, char **desc, bool *delayed,
                                  uint32_t *needed, uint32_t *werr);
lm_status lm__svcctl_change_start_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t start_type);
/* lpdwTagId, WERROR. */
lm_status lm__svcctl_change_resp(const uint8_t *p, size_t n, uint32_t *werr);
lm_status lm__svcctl_change_delayed_req(struct lm__buf *b, const struct lm__ndr_handle *h, bool delayed);
/* resume NULL: no lpResumeIndex. */
lm_status lm__svcctl_enum_req(struct lm__buf *b, const struct lm__ndr_handle *scm, uint32_t type,
                              uint32_t state, uint32_t bufsize, const uint32_t *resume);
lm_status lm__svcctl_dependents_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t state,
                                    uint32_t bufsize);

struct lm__svcctl_enum_page {
    lm_service *list; /* owned by the caller after a successful decode */
    size_t n;
    uint32_t needed;
    bool has_resume;
    uint32_t resume;
    uint32_t werr;
};

/* REnumServicesStatusW (with_resume) or REnumDependentServicesW responses: the byte buffer of
 * ENUM_SERVICE_STATUSW entries (MS-SCMR 2.2.11: offsets from the buffer start), pcbBytesNeeded,
 * lpServicesReturned, [lpResumeIndex], WERROR. LM_OK when well formed; nothing left allocated on error. */
lm_status lm__svcctl_enum_resp(const uint8_t *p, size_t n, bool with_resume,
                               struct lm__svcctl_enum_page *page);

#endif
