/* The model of a configuration document (lm_baseline) that load.c builds and plan.c compares with a host.
 * Only what a plan can use is typed; host facts are kept as text and never applied. */
#ifndef LM_XML_MODEL_H
#define LM_XML_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanman/registry.h"
#include "lanman/service.h"
#include "lanman/share.h"
#include "lanman/xml.h"

/* Elements below the root a valid document can have is 5 (service/parameters/multi-sz/string); anything
 * deeper is refused while parsing, before it is built. */
#define LM__BASELINE_MAX_DEPTH 16

struct lm__doc_value {
    lm_reg_value v; /* name, type and the registry bytes the document's text encodes */
    long line;
};

/* A value the document says the host does not have: <default name="SMB1" absent="true"/>. */
struct lm__doc_absent {
    char *name;
    long line;
};

struct lm__doc_service {
    char *name; /* "LanmanServer", "LanmanWorkstation" */
    bool present;
    bool has_start_type;
    lm_start_type start_type;
    bool has_parameters; /* a <parameters> element that is not present="false" */
    struct lm__doc_value *values;
    size_t nvalues;
    struct lm__doc_absent *absent; /* applied by removing the value where the host has it */
    size_t nabsent;
    long line;
};

struct lm__doc_grant {
    char *sid;     /* "S-1-1-0" */
    char *account; /* NULL when the document names none */
    bool deny;
    uint32_t mask;
};

struct lm__doc_share {
    char *name;
    char *path;   /* NULL when the document has no <path> */
    char *remark; /* "" when the document has no <description> */
    uint32_t type_flags;
    bool special;
    bool has_max_uses;
    uint32_t max_uses;   /* LM_SHARE_UNLIMITED for "unlimited" */
    bool has_flags;      /* a <flags> element (version 2): the properties it names are applied */
    uint32_t flags_mask; /* the LM_SHI1005_* bits the document states */
    uint32_t flags;      /* their values */
    bool has_security;
    char *sddl;
    struct lm__doc_grant *grants;
    size_t ngrants;
    long line;
};

struct lm__doc_shares {
    bool present; /* the element is there and not present="false" */
    struct lm__doc_share *v;
    size_t n;
};

struct lm_baseline {
    char *name; /* the document's label for messages */
    struct {
        char *name, *backend, *os, *os_version, *exported, *tool_version;
    } host; /* recorded, never applied */
    struct lm__doc_service services[2];
    size_t nservices;
    struct lm__doc_shares shares;     /* <shares>: the live shares */
    struct lm__doc_shares configured; /* <configured-shares>: LanmanServer\Shares */
};

/* What applying a step needs; everything owned. The public lm_plan_step has only the texts for people: a
 * plan's details are in struct lm__plan, beside its steps. */
struct lm__step_detail {
    char *service;            /* LM_STEP_START_TYPE, LM_STEP_PARAMETER_SET, LM_STEP_PARAMETER_REMOVE */
    lm_start_type start_type; /* LM_STEP_START_TYPE */
    lm_reg_value value;       /* LM_STEP_PARAMETER_SET: a copy of the document's value; _REMOVE: its name */
    char *share;              /* the share steps */
    char *path;               /* ADD, RECREATE: the path after --map-path */
    char *remark;             /* ADD: the description; CHANGE: the new one, NULL to keep it */
    bool has_max_uses;        /* ADD: false is unlimited; CHANGE: false keeps it */
    uint32_t max_uses;
    lm_share_grant *grants; /* ADD, RECREATE: accounts owned here; none: the server's default permissions;
                             * CHANGE: the new permissions, none: keep them */
    size_t ngrants;
    uint32_t flags_mask; /* ADD, RECREATE, CHANGE: the level 1005 flags to set (0: none), through */
    uint32_t flags;      /* lm_share_set_flags with its read-back */
};

/* Frees a detail and what it owns (NULL is fine); lm_plan_free uses it for every step. */
void lm__step_detail_free(struct lm__step_detail *d);

/* A plan as lm_plan_compute makes it: the public part first (an lm_plan * from lm_plan_compute points at
 * pub), and detail[i], what applying pub.steps[i] needs, in a parallel array the caller never sees. */
struct lm__plan {
    lm_plan pub;
    struct lm__step_detail **detail;
};

/* The private plan of a public one; p must come from lm_plan_compute. */
static inline const struct lm__plan *lm__plan_of(const lm_plan *p)
{
    return (const struct lm__plan *)(const void *)p;
}

/* True for shares the server makes itself and a plan never touches: the special flag, IPC shares, IPC$,
 * ADMIN$, print$ and drive shares (C$). */
bool lm__share_is_special(const char *name, uint32_t type);

/* A share property of the <flags> element (Get-SmbShare's names, level 1005's bits): caching-mode,
 * folder-enumeration-mode, then the booleans. dfs and dfs-root are the server's (NetShareSetInfo cannot set
 * them): recorded, never applied, and not in this table. Defined in flags.c. */
struct lm__share_prop {
    const char *attr; /* "caching-mode", "encrypt-data", ... */
    uint32_t bits;    /* the LM_SHI1005_* bits it stands for */
};
extern const struct lm__share_prop lm__share_props[];
extern const size_t lm__nshare_props;
/* The property's value in flags as the document writes it: "Documents", "AccessBased", "true", ... */
const char *lm__share_prop_text(const struct lm__share_prop *p, uint32_t flags);
/* The document's text of the property (already schema-valid) as its bits: LM_OK or LM_EINVAL. */
lm_status lm__share_prop_parse(const struct lm__share_prop *p, const char *text, uint32_t *bits);

#endif
