/* MS-LSAT over \PIPE\lsarpc: account names to SIDs and back, for share permissions on a remote server.
 *
 * LsarOpenPolicy2 (MS-LSAD 3.1.4.4.1) opens the policy with POLICY_LOOKUP_NAMES; LsarLookupNames3 (MS-LSAT
 * 3.1.4.6), falling back to LsarLookupNames2 (3.1.4.7) on a server without it, turns names into SIDs;
 * LsarLookupSids2 (3.1.4.10) turns SIDs into "DOMAIN\name"; LsarClose closes the policy. Each lookup opens
 * and closes its own policy handle (lm__lsa_names_to_sids, lm__lsa_sids_to_names). The methods return
 * NTSTATUS (not WERROR): STATUS_SOME_NOT_MAPPED and STATUS_NONE_MAPPED still carry the translations, with
 * SidTypeUnknown for what was not found. The codecs are exposed for the unit tests and the fuzz target. */
#ifndef LM_RPC_LSARPC_H
#define LM_RPC_LSARPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/sddl.h"
#include "rpc/dcerpc.h"
#include "rpc/ndr.h"

/* 12345778-1234-abcd-ef00-0123456789ab v0.0 (MS-LSAT 1.9). */
extern const struct lm__rpc_iface lm__lsarpc_iface;

/* Opnums (MS-LSAT 3.1.4, MS-LSAD 3.1.4). */
#define LM__LSA_CLOSE         0
#define LM__LSA_OPEN_POLICY2  44
#define LM__LSA_LOOKUP_SIDS2  57
#define LM__LSA_LOOKUP_NAMES2 58
#define LM__LSA_LOOKUP_NAMES3 68

/* POLICY_LOOKUP_NAMES (MS-LSAD 2.2.1.1.2). */
#define LM__LSA_POLICY_LOOKUP_NAMES 0x00000800u

/* [range(0,1000)] on Count (MS-LSAT 3.1.4.6); also the most SIDs asked at once. */
#define LM__LSA_MAX_LOOKUP 1000u

/* NTSTATUS results of the lookups (MS-LSAT 3.1.4.6): some or none of the names were found. */
#define LM__STATUS_SOME_NOT_MAPPED 0x00000107u
#define LM__STATUS_NONE_MAPPED     0xC0000073u

/* SID_NAME_USE (MS-LSAT 2.2.13). */
#define LM__SID_TYPE_USER    1
#define LM__SID_TYPE_DOMAIN  3
#define LM__SID_TYPE_UNKNOWN 8

/* One translation: a name's SID (lookup names) or a SID's name (lookup SIDs). */
struct lm__lsa_xlat {
    uint16_t use;       /* SID_NAME_USE; LM__SID_TYPE_UNKNOWN: not found */
    struct lm__sid sid; /* lookup names: the account's SID */
    char *name;         /* lookup SIDs: "DOMAIN\name", or "name" when the domain is empty; NULL if unknown */
};

/* Frees the names of n translations and zeroes them. */
void lm__lsa_xlat_clear(struct lm__lsa_xlat *x, size_t n);

/* ---- calls ---- */

/* LsarOpenPolicy2 on server ("\\host"; NULL for none) with access. */
lm_status lm__lsa_open_policy(struct lm__rpc *r, const char *server, uint32_t access,
                              struct lm__ndr_handle *out, lm_error *err);
/* LsarClose; a zero handle is a no-op. h is zeroed whatever the result. */
lm_status lm__lsa_close(struct lm__rpc *r, struct lm__ndr_handle *h, lm_error *err);
/* LsarLookupNames3, or LsarLookupNames2 when the server refuses opnum 68 with a fault: n (1 to
 * LM__LSA_MAX_LOOKUP) names into out[0..n-1] (zeroed first). LM_OK also when some or none were found: each
 * entry's use says. */
lm_status lm__lsa_lookup_names(struct lm__rpc *r, const struct lm__ndr_handle *policy,
                               const char *const *names, size_t n, struct lm__lsa_xlat *out, lm_error *err);
/* LsarLookupSids2: n SIDs into out[0..n-1] (zeroed first; free the names with lm__lsa_xlat_clear). LM_OK
 * also when some or none were found. */
lm_status lm__lsa_lookup_sids(struct lm__rpc *r, const struct lm__ndr_handle *policy,
                              const struct lm__sid *sids, size_t n, struct lm__lsa_xlat *out, lm_error *err);

/* Open the policy on server, look up, close (on every path). */
lm_status lm__lsa_names_to_sids(struct lm__rpc *r, const char *server, const char *const *names, size_t n,
                                struct lm__lsa_xlat *out, lm_error *err);
lm_status lm__lsa_sids_to_names(struct lm__rpc *r, const char *server, const struct lm__sid *sids, size_t n,
                                struct lm__lsa_xlat *out, lm_error *err);

/* ---- codecs ---- */

/* The response of LsarOpenPolicy2 and LsarClose is a handle then the NTSTATUS: lm__ndr_handle_werr(). */
lm_status lm__lsa_open_policy_req(struct lm__buf *b, const char *server, uint32_t access);
/* level 3: LsarLookupNames3, 2: LsarLookupNames2 (LookupLevel LsapLookupWksta). */
lm_status lm__lsa_lookup_names_req(struct lm__buf *b, int level, const struct lm__ndr_handle *policy,
                                   const char *const *names, size_t n);
/* The response to a lookup of n names: out[0..n-1] filled (the SID is the domain's plus the RID at level 2)
 * and *status set, only when the stub is well formed; an entry count other than n, or a domain index out
 * of the domain list, is LM_EPROTO. With a status other than success, SOME_NOT_MAPPED and NONE_MAPPED the
 * translations are not read (a server may send none) and out is all unknown. */
lm_status lm__lsa_lookup_names_resp(const uint8_t *p, size_t len, int level, size_t n,
                                    struct lm__lsa_xlat *out, uint32_t *status);
lm_status lm__lsa_lookup_sids_req(struct lm__buf *b, const struct lm__ndr_handle *policy,
                                  const struct lm__sid *sids, size_t n);
/* As lm__lsa_lookup_names_resp, for LsarLookupSids2; nothing is left allocated on error. */
lm_status lm__lsa_lookup_sids_resp(const uint8_t *p, size_t len, size_t n, struct lm__lsa_xlat *out,
                                   uint32_t *status);

#endif
