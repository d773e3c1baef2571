/* Registry values as both backends see them: a type and the raw bytes (what RegQueryValueExW returns and
 * what MS-RRP BaseRegQueryValue carries), with conversions to and from the text the CLI and the XML layer
 * use. Strings in the registry are UTF-16LE; here they are UTF-8.
 *
 * Text forms, per type:
 *   REG_SZ, REG_EXPAND_SZ   the string. Stored with its NUL terminator, as RegSetValueExW callers do; read
 *                           up to the first NUL (a missing terminator is tolerated, as RegGetValueW does).
 *   REG_MULTI_SZ            the elements joined by '\n' ("a\nb"); "" is the empty list. An element cannot be
 *                           empty (an empty string ends the list on disk) nor contain '\n' in this form.
 *   REG_DWORD, REG_DWORD_BIG_ENDIAN, REG_QWORD
 *                           unsigned decimal when formatted; parsed as strict decimal or 0x hex.
 *   anything else           (REG_BINARY, REG_NONE, REG_LINK, resource lists, unknown types) lowercase hex
 *                           without separators ("0a1b"); parsing accepts hex digit pairs and ignores
 *                           spaces, ',' and ':' between bytes. */
#ifndef LM_CORE_REGVAL_H
#define LM_CORE_REGVAL_H

#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/registry.h"
#include "core/text.h"

/* Registry value types: the public lm_reg_type (lanman/registry.h), with the numbers Windows uses (winnt.h,
 * MS-RRP 2.2.7). */

/* lm_reg_type_name() (lanman/registry.h) for a type number as the wire carries it. */
const char *lm__regtype_name(uint32_t type);

/* The type named by name, case-insensitively ("REG_DWORD", "reg_dword"; also REG_DWORD_LITTLE_ENDIAN and
 * REG_QWORD_LITTLE_ENDIAN). LM_EINVAL for an unknown name; *type is set only on success. */
lm_status lm__regtype_parse(const char *name, uint32_t *type);

struct lm__regval {
    uint32_t type;
    uint8_t *data; /* owned (free()), may be NULL when len == 0 */
    size_t len;
};

void lm__regval_free(struct lm__regval *v);

/* Encodes text (see the forms above) as a value of the given type. On failure *out is untouched and err
 * (may be NULL) says what was wrong with the text. */
lm_status lm__regval_from_text(uint32_t type, const char *text, struct lm__regval *out, lm_error *err);

/* A REG_MULTI_SZ from separate elements (the form a repeated CLI argument gives); elements may contain '\n'
 * but may not be empty. */
lm_status lm__regval_from_list(const char *const *items, size_t n, struct lm__regval *out, lm_error *err);

/* Formats v as NUL-terminated UTF-8 text (free()). Malformed data (a DWORD that is not 4 bytes, invalid
 * UTF-16) is LM_EPROTO or LM_EILSEQ; *text is set only on success. */
lm_status lm__regval_to_text(const struct lm__regval *v, char **text, lm_error *err);

/* The REG_MULTI_SZ wire form (UTF-16LE strings, each NUL-terminated, the list ended by an empty string)
 * to a list of UTF-8 strings. A missing final terminator (or both) is tolerated; data after the empty
 * string that ends the list is ignored. An odd byte count is LM_EPROTO, invalid UTF-16 (a lone surrogate)
 * LM_EILSEQ. *out is filled only on success. */
lm_status lm__multisz_parse(const uint8_t *p, size_t n, struct lm__strlist *out);

/* The wire form of a list: each element then NUL, then a final NUL. The empty list is a single NUL (two
 * bytes). Empty elements are LM_EINVAL (they would end the list). The result is freed with free(). */
lm_status lm__multisz_format(const char *const *items, size_t n, uint8_t **out, size_t *len);

#endif
