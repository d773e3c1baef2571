/* lanman audit, inside the library: what the check files (access.c, hardening.c) share with audit.c. */
#ifndef LM_AUDIT_INTERNAL_H
#define LM_AUDIT_INTERNAL_H

#include <stddef.h>

#include "lanman/audit.h"
#include "lanman/host.h"
#include "lanman/share.h"

/* The server being audited, as lm_audit_host was given it. creds is NULL without credentials. The checks
 * share two hosts, each one connection opened at most once: the null session's (null-enum, share-write and
 * spooler; lm_audit_host sets it up on the dialect sweep's connection, lm__audit_anon_host opens it where
 * that did not run), and with creds the credentials' (encryption, share-write, admin-shares, registry and
 * spooler; lm__audit_cred_host). lm__audit_anon_shares lists the shares over the null session once, and
 * lm__audit_target_close closes it all after the last check. */
struct lm__audit_target {
    const char *host;
    const lm_smb_options *opt;
    const lm_smb_credentials *creds;
    lm_host *anon, *cred;       /* NULL until opened */
    lm_status anon_st, cred_st; /* LM_ENOTCONN: not tried yet; else the open's status */
    lm_share *shares;           /* the shares as the null session listed them */
    size_t nshares;             /* (shares_st LM_OK) */
    lm_status shares_st;        /* LM_ENOTCONN: not listed yet; else the listing's (or the open's) status */
};

/* Starts t for host (NULL creds: none; shared state empty). */
void lm__audit_target_init(struct lm__audit_target *t, const char *host, const lm_smb_options *opt,
                           const lm_smb_credentials *creds);
/* The null session's host, opened on first use; its status every later time. */
lm_status lm__audit_anon_host(struct lm__audit_target *t, lm_host **h);
/* The credentials' host, opened on first use (LM_EINVAL without credentials); its status every later time.
 * It stays t's. */
lm_status lm__audit_cred_host(struct lm__audit_target *t, lm_host **h);
/* The shares listed over the null session (NetrShareEnum), once; *shares stays t's (freed by
 * lm__audit_target_close). */
lm_status lm__audit_anon_shares(struct lm__audit_target *t, const lm_share **shares, size_t *n);
/* Closes what t holds: both hosts and the share list. */
void lm__audit_target_close(struct lm__audit_target *t);

/* Fills f as a finding of check c with result r and a printf-formatted detail (truncated to fit); a pass
 * gets no remediation. */
void lm__audit_set(lm_audit_finding *f, const lm_audit_check *c, lm_audit_result r, const char *fmt, ...)
#if defined(__MINGW32__)
    __attribute__((format(gnu_printf, 4, 5)));
#elif defined(__GNUC__)
    __attribute__((format(printf, 4, 5)));
#endif

/* A list of names from the server for a detail: "a, b, c and 4 more", each name with its control characters
 * escaped as \xNN; names that do not fit in text are counted in more. Zero-initialise it ({0}). */
struct lm__audit_names {
    char text[120];
    char out[150]; /* text and " and N more" */
    size_t shown, more;
};
void lm__audit_names_add(struct lm__audit_names *l, const char *name);
/* The list as text (in l->out): "" for none. */
const char *lm__audit_names_text(struct lm__audit_names *l);

/* Opens t's host over the remote backend with creds (an empty user: a null session). As lm_host_open. */
lm_status lm__audit_open_host(const struct lm__audit_target *t, const lm_smb_credentials *creds, lm_host **h);

/* access.c */
/* The groups among Everyone, Anonymous, Guests and Authenticated Users (bits 0-3, in that order) that the
 * share permissions acl (n entries) let write: each group's allowed bits less its denied ones. */
unsigned lm__audit_broad_writers(const lm_share_access *acl, size_t n);
void lm__audit_share_write(struct lm__audit_target *t, const lm_audit_check *c, lm_audit_finding *f);
void lm__audit_admin_shares(struct lm__audit_target *t, const lm_audit_check *c, lm_audit_finding *f);

/* hardening.c: each check, and its decision on an open host (for the tests). */
void lm__audit_registry(struct lm__audit_target *t, const lm_audit_check *c, lm_audit_finding *f);
void lm__audit_registry_on(lm_host *h, const lm_audit_check *c, lm_audit_finding *f);
void lm__audit_spooler(struct lm__audit_target *t, const lm_audit_check *c, lm_audit_finding *f);
void lm__audit_spooler_on(lm_host *h, const lm_audit_check *c, lm_audit_finding *f);

#endif
