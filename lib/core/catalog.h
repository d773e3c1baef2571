/* The catalogue of known Lanman settings: data, not code. For each value under
 * HKLM\SYSTEM\CurrentControlSet\Services\<service>\<subkey> it records the registry type, the default
 * when the value is absent (when one is documented), the DWORD range, a one-line meaning, the value
 * security guidance recommends and why, and the property name PowerShell's Get-SmbServerConfiguration /
 * Get-SmbClientConfiguration shows for it.
 *
 * `config list` annotates values from it, `config set` validates with lm__catalog_check() before anything
 * is written, and the XML layer names settings with it. Names compare case-insensitively, as the registry
 * does. */
#ifndef LM_CORE_CATALOG_H
#define LM_CORE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"
#include "core/regval.h"
#include "lanman/config.h"

#define LM__SVC_SERVER      "LanmanServer"
#define LM__SVC_WORKSTATION "LanmanWorkstation"

/* The whole table; *n receives its length. */
const lm_setting *lm__catalog_all(size_t *n);

/* The entry for (service, name), case-insensitively, or NULL. */
const lm_setting *lm__catalog_find(const char *service, const char *name);

/* The entry whose PowerShell property is ps_name (case-insensitively), or NULL. service may be NULL to
 * search both services (LanmanServer first: RequireSecuritySignature exists in both). */
const lm_setting *lm__catalog_find_ps(const char *service, const char *ps_name);

/* Iterates a service's settings: pass NULL first, then the previous entry; NULL at the end. Values that
 * load code are not settings and are left out (lm__catalog_find finds them). */
const lm_setting *lm__catalog_next(const char *service, const lm_setting *prev);

/* THE rule for values that name code to load (catalog.c says which): true when name is one of them,
 * case-insensitively, whatever the service or key. The name alone decides, so that no document, service or
 * key puts such a value within reach of lanman's writes. */
bool lm__catalog_loads_code(const char *name);

/* The refusal of a write or delete of such a value: LM_EINVAL, with one line in err (may be NULL). */
lm_status lm__catalog_refuse_code(const char *service, const char *name, lm_error *err);

/* Validates text as the new value of s with the given type (pass s->type when the user gave none): the
 * type must be the catalogue's (LM_ETYPE), the text must parse (LM_EINVAL, e.g. SMB1=banana), and a DWORD
 * must be in range (LM_ERANGE, e.g. SMB1=2). err (may be NULL) gets one line naming the setting and what is
 * allowed. On success, and when out is not NULL, *out holds the encoded value to write. */
lm_status lm__catalog_check(const lm_setting *s, uint32_t type, const char *text, struct lm__regval *out,
                            lm_error *err);

/* What `config set SERVICE NAME VALUE [--type T]` needs in one call: type_name is the --type argument or
 * NULL. A known setting is checked with lm__catalog_check() (its own type when type_name is NULL); an
 * unknown one needs a type and is then checked by the value model alone. LM_EINVAL for an unknown type
 * name, LM_ETYPE for an unknown setting without a type. *out is set only on success. */
lm_status lm__catalog_prepare(const char *service, const char *name, const char *type_name, const char *text,
                              struct lm__regval *out, lm_error *err);

/* 1 when v is the recommended value of s, 0 when it is not, LM_ENOENT when s has no recommendation or v
 * cannot be compared (another type, malformed data). */
int lm__catalog_is_recommended(const lm_setting *s, const struct lm__regval *v);

/* The same against the default (s->def): 1 when v is what an absent value means, 0 when it is not,
 * LM_ENOENT when s has no single default or v cannot be compared. */
int lm__catalog_is_default(const lm_setting *s, const struct lm__regval *v);

#endif
