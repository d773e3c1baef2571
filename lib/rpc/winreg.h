/* MS-RRP (winreg, \PIPE\winreg): the remote registry.
 *
 * As in srvsvc.h: each call encodes its request stub, makes one lm__rpc_call, decodes the response stub and
 * translates the WERROR through lm__rpc_error(). Values come back as the public lm_reg_value (UTF-8 name,
 * type, raw bytes). The key calls are the building blocks; the lm__winreg_key_* calls take a path below
 * HKEY_LOCAL_MACHINE, open it, do one thing and close every key they opened, on every path. The codecs are
 * exposed for the unit tests. */
#ifndef LM_RPC_WINREG_H
#define LM_RPC_WINREG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "lanman/registry.h"
#include "core/model.h"
#include "rpc/dcerpc.h"
#include "rpc/ndr.h"

/* 338cd001-2244-31f1-aaaa-900038001003 v1.0 (MS-RRP 1.9). */
extern const struct lm__rpc_iface lm__winreg_iface;

/* Opnums (MS-RRP 3.1.5). */
#define LM__WINREG_OPEN_HKLM    2
#define LM__WINREG_CLOSE_KEY    5
#define LM__WINREG_CREATE_KEY   6
#define LM__WINREG_DELETE_VALUE 8
#define LM__WINREG_ENUM_KEY     9
#define LM__WINREG_ENUM_VALUE   10
#define LM__WINREG_OPEN_KEY     15
#define LM__WINREG_QUERY_INFO   16
#define LM__WINREG_QUERY_VALUE  17
#define LM__WINREG_SET_VALUE    22

/* REGSAM bits (MS-RRP 2.2.3). */
#define LM__KEY_QUERY_VALUE        0x00000001u
#define LM__KEY_SET_VALUE          0x00000002u
#define LM__KEY_CREATE_SUB_KEY     0x00000004u
#define LM__KEY_ENUMERATE_SUB_KEYS 0x00000008u
#define LM__KEY_READ               0x00020019u
#define LM__KEY_MAXIMUM_ALLOWED    0x02000000u

/* BaseRegQueryValue/EnumValue data: range(0, 0x4000000) (MS-RRP 3.1.5.17). */
#define LM__WINREG_DATA_MAX 0x4000000u
/* Values or subkeys listed from one key at most. */
#define LM__WINREG_MAX_ITEMS 1000000u
/* The name buffer offered to BaseRegEnumValue/EnumKey, in bytes: 16,383 characters and the NUL, the longest
 * value name there is (MS-RRP 3.1.1.5). */
#define LM__WINREG_NAME_BUF 0x8000u

/* BaseRegQueryInfoKey (MS-RRP 3.1.5.16). */
struct lm__reg_keyinfo {
    uint32_t subkeys, max_subkey_len, max_class_len, values, max_value_name_len, max_value_len, sd_len;
    uint64_t last_write; /* FILETIME */
};

/* Values and name lists are freed with lm__reg_value_clear, lm_reg_list_free and lm__names_free
 * (core/model.h). */

/* ---- key calls ---- */

lm_status lm__winreg_open_hklm(struct lm__rpc *r, uint32_t access, struct lm__ndr_handle *out, lm_error *err);
/* BaseRegOpenKey of path ("A\B", relative to parent). A missing key is LM_ENOENT. */
lm_status lm__winreg_open_key(struct lm__rpc *r, const struct lm__ndr_handle *parent, const char *path,
                              uint32_t access, struct lm__ndr_handle *out, lm_error *err);
/* BaseRegCreateKey (opens it when it exists); disposition (may be NULL): 1 created, 2 opened. */
lm_status lm__winreg_create_key(struct lm__rpc *r, const struct lm__ndr_handle *parent, const char *path,
                                uint32_t access, struct lm__ndr_handle *out, uint32_t *disposition,
                                lm_error *err);
/* BaseRegCloseKey; a zero handle is a no-op. h is zeroed whatever the result. */
lm_status lm__winreg_close(struct lm__rpc *r, struct lm__ndr_handle *h, lm_error *err);
lm_status lm__winreg_query_info(struct lm__rpc *r, const struct lm__ndr_handle *h,
                                struct lm__reg_keyinfo *out, lm_error *err);
/* BaseRegEnumKey: the name of subkey index; *name NULL (and LM_OK) past the last one (ERROR_NO_MORE_ITEMS).
 */
lm_status lm__winreg_enum_key(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t index, char **name,
                              lm_error *err);
/* BaseRegEnumValue with a data buffer of bufsize bytes first and the size the server asks for after
 * ERROR_MORE_DATA. *done true (and out untouched) past the last value. */
lm_status lm__winreg_enum_value(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t index,
                                uint32_t bufsize, lm_reg_value *out, bool *done, lm_error *err);
/* BaseRegQueryValue with the same retry; bufsize 0: 4 KiB first. A missing value is LM_ENOENT. out->name
 * is a copy of name. */
lm_status lm__winreg_query_value(struct lm__rpc *r, const struct lm__ndr_handle *h, const char *name,
                                 uint32_t bufsize, lm_reg_value *out, lm_error *err);
lm_status lm__winreg_set_value(struct lm__rpc *r, const struct lm__ndr_handle *h, const char *name,
                               uint32_t type, const void *data, size_t len, lm_error *err);
lm_status lm__winreg_delete_value(struct lm__rpc *r, const struct lm__ndr_handle *h, const char *name,
                                  lm_error *err);

/* ---- by path below HKLM: every key opened is closed, on every path ---- */

/* Every value of the key, in the server's order. *out and *n are set only on success. */
lm_status lm__winreg_key_values(struct lm__rpc *r, const char *path, lm_reg_value **out, size_t *n,
                                lm_error *err);
/* One value; out filled only on success (clear with lm__reg_value_clear). */
lm_status lm__winreg_key_get(struct lm__rpc *r, const char *path, const char *name, lm_reg_value *out,
                             lm_error *err);
lm_status lm__winreg_key_set(struct lm__rpc *r, const char *path, const char *name, uint32_t type,
                             const void *data, size_t len, lm_error *err);
lm_status lm__winreg_key_delete(struct lm__rpc *r, const char *path, const char *name, lm_error *err);
/* The names of the key's subkeys. */
lm_status lm__winreg_key_subkeys(struct lm__rpc *r, const char *path, char ***out, size_t *n, lm_error *err);
/* Creates the key (and opens and closes it); existing is fine. */
lm_status lm__winreg_key_create(struct lm__rpc *r, const char *path, lm_error *err);

/* ---- codecs ---- */

/* ServerName NULL. */
lm_status lm__winreg_open_hklm_req(struct lm__buf *b, uint32_t access);
lm_status lm__winreg_open_key_req(struct lm__buf *b, const struct lm__ndr_handle *parent, const char *path,
                                  uint32_t access);
lm_status lm__winreg_create_key_req(struct lm__buf *b, const struct lm__ndr_handle *parent, const char *path,
                                    uint32_t access);
/* A request that is only the handle (BaseRegCloseKey). */
lm_status lm__winreg_handle_req(struct lm__buf *b, const struct lm__ndr_handle *h);
lm_status lm__winreg_query_info_req(struct lm__buf *b, const struct lm__ndr_handle *h);
lm_status lm__winreg_enum_key_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t index,
                                  uint16_t namebuf);
lm_status lm__winreg_enum_value_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t index,
                                    uint16_t namebuf, uint32_t bufsize);
lm_status lm__winreg_query_value_req(struct lm__buf *b, const struct lm__ndr_handle *h, const char *name,
                                     uint32_t bufsize);
lm_status lm__winreg_set_value_req(struct lm__buf *b, const struct lm__ndr_handle *h, const char *name,
                                   uint32_t type, const void *data, size_t len);
lm_status lm__winreg_delete_value_req(struct lm__buf *b, const struct lm__ndr_handle *h, const char *name);

/* BaseRegCreateKey: the handle, the disposition, the WERROR (open, close: lm__ndr_handle_werr(); set,
 * delete: lm__ndr_werr()). */
lm_status lm__winreg_create_key_resp(const uint8_t *p, size_t n, struct lm__ndr_handle *h,
                                     uint32_t *disposition, uint32_t *werr);
lm_status lm__winreg_query_info_resp(const uint8_t *p, size_t n, struct lm__reg_keyinfo *out, uint32_t *werr);
/* *name (NULL when the server sent none) set only on LM_OK. */
lm_status lm__winreg_enum_key_resp(const uint8_t *p, size_t n, char **name, uint32_t *werr);

/* What BaseRegEnumValue and BaseRegQueryValue return. name (EnumValue only) and data are owned by the
 * caller after a successful decode. */
struct lm__winreg_value_resp {
    char *name;
    uint32_t type;
    uint8_t *data;
    size_t len;
    bool has_size;
    uint32_t size; /* lpcbData: with ERROR_MORE_DATA, what is needed */
    uint32_t werr;
};
void lm__winreg_value_resp_clear(struct lm__winreg_value_resp *v);
/* with_name: a BaseRegEnumValue response (the name first). LM_OK when well formed; nothing allocated on
 * error. */
lm_status lm__winreg_value_resp(const uint8_t *p, size_t n, bool with_name,
                                struct lm__winreg_value_resp *out);

#endif
