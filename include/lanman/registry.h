/* Registry values under HKLM\SYSTEM\CurrentControlSet\Services, locally (Win32) or remotely (MS-RRP).
 * Keys are given relative to that root ("LanmanServer\Parameters"); a key that would leave it (".." parts,
 * absolute paths) is refused with LM_EPATH before anything is opened. */
#ifndef LANMAN_REGISTRY_H
#define LANMAN_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "lanman/error.h"
#include "lanman/export.h"
#include "lanman/host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LM_SERVICES_ROOT "SYSTEM\\CurrentControlSet\\Services"

/* Registry value types, with the Windows numbers. */
typedef enum lm_reg_type {
    LM_REG_NONE = 0,
    LM_REG_SZ = 1,
    LM_REG_EXPAND_SZ = 2,
    LM_REG_BINARY = 3,
    LM_REG_DWORD = 4,
    LM_REG_DWORD_BIG_ENDIAN = 5,
    LM_REG_LINK = 6,
    LM_REG_MULTI_SZ = 7,
    LM_REG_RESOURCE_LIST = 8,
    LM_REG_FULL_RESOURCE_DESCRIPTOR = 9,
    LM_REG_RESOURCE_REQUIREMENTS_LIST = 10,
    LM_REG_QWORD = 11,
} lm_reg_type;

/* The Windows name of a type: "REG_DWORD" for LM_REG_DWORD; NULL for a number Windows does not define. */
LM_API const char *lm_reg_type_name(lm_reg_type t);

/* A value as stored: data is the raw registry bytes (UTF-16LE for string types). */
typedef struct lm_reg_value {
    char *name; /* UTF-8; "" for the default value */
    lm_reg_type type;
    uint8_t *data;
    size_t len;
} lm_reg_value;

/* Every value of key: LM_OK with *out holding *n values (the caller frees them with lm_reg_list_free); or a
 * status (LM_ENOENT: no such key) on the host's error, with *out and *n untouched. */
LM_API lm_status lm_reg_list(lm_host *h, const char *key, lm_reg_value **out, size_t *n);

/* Frees n values from lm_reg_list or lm_reg_get and what they own. NULL is fine. */
LM_API void lm_reg_list_free(lm_reg_value *list, size_t n);

/* One value: LM_OK with *out (free with lm_reg_list_free(v, 1)); LM_ENOENT when the value or the key does
 * not exist; failures on the host's error. */
LM_API lm_status lm_reg_get(lm_host *h, const char *key, const char *name, lm_reg_value **out);

/* Creates or replaces a value (the key must exist); data is copied. LM_OK, or a status on the host's
 * error. */
LM_API lm_status lm_reg_set(lm_host *h, const char *key, const char *name, lm_reg_type type, const void *data,
                            size_t len);

/* Deletes a value. LM_OK; LM_ENOENT when it does not exist; failures on the host's error. */
LM_API lm_status lm_reg_delete(lm_host *h, const char *key, const char *name);

/* The names of key's subkeys: LM_OK with *out holding *n UTF-8 strings, freed with lm_reg_subkeys_free;
 * failures on the host's error. */
LM_API lm_status lm_reg_subkeys(lm_host *h, const char *key, char ***out, size_t *n);

/* Frees the names from lm_reg_subkeys. NULL is fine. */
LM_API void lm_reg_subkeys_free(char **names, size_t n);

#ifdef __cplusplus
}
#endif

#endif
