/* MS-RRP: OpenLocalMachine, BaseRegOpenKey, BaseRegCreateKey, BaseRegEnumKey, BaseRegEnumValue,
 * BaseRegQueryValue, BaseRegQueryInfoKey, BaseRegSetValue, BaseRegDeleteValue, BaseRegCloseKey. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/utf.h"
#include "rpc/ndr.h"
#include "rpc/werror.h"
#include "rpc/winreg.h"

const struct lm__rpc_iface lm__winreg_iface = {
    "winreg",
    {{0x01, 0xD0, 0x8C, 0x33, 0x44, 0x22, 0xF1, 0x31, 0xAA, 0xAA, 0x90, 0x00, 0x38, 0x00, 0x10, 0x03}, 1, 0},
};

/* Requests carry a name and at most one value's data. */
#define WINREG_REQ_MAX (LM__WINREG_DATA_MAX + 0x20000u)
#define SIZE_RETRIES   3

void lm__winreg_value_resp_clear(struct lm__winreg_value_resp *v)
{
    free(v->name);
    free(v->data);
    memset(v, 0, sizeof *v);
}

/* ---- encoding ---- */

static void push_fail(struct lm__ndr_push *n, lm_status st)
{
    if (n->b->err == LM_OK)
        n->b->err = st;
}

/* An RRP_UNICODE_STRING holding s (MS-RRP 2.2.4): Length and MaximumLength count bytes and include the
 * terminating NUL, which is sent too ("" is one NUL unit, Length 2); then the Buffer pointer and, deferred
 * right after the structure, the conformant varying array of MaximumLength/2 units. NULL s: Length 0 and a
 * NULL Buffer (an absent class). */
static void put_ustr(struct lm__ndr_push *n, const char *s)
{
    struct lm__buf w;
    lm_status st;
    size_t units;

    if (s == NULL) {
        lm__ndr_put_u16(n, 0);
        lm__ndr_put_u16(n, 0);
        lm__ndr_put_ptr(n, false);
        return;
    }
    lm__buf_init(&w, 0x10000);
    if ((st = lm__utf8_to_utf16le(s, strlen(s), &w)) != LM_OK) {
        lm__buf_free(&w);
        push_fail(n, st == LM_EOVERFLOW ? LM_EINVAL : st);
        return;
    }
    units = w.len / 2 + 1;
    if (units * 2 > 0xFFFF) {
        lm__buf_free(&w);
        push_fail(n, LM_EINVAL);
        return;
    }
    lm__ndr_put_u16(n, (uint16_t)(units * 2)); /* Length */
    lm__ndr_put_u16(n, (uint16_t)(units * 2)); /* MaximumLength */
    lm__ndr_put_ptr(n, true);
    lm__ndr_put_u32(n, (uint32_t)units); /* max_count = MaximumLength / 2 */
    lm__ndr_put_u32(n, 0);               /* offset */
    lm__ndr_put_u32(n, (uint32_t)units); /* actual_count = Length / 2 */
    lm__buf_append(n->b, w.data, w.len);
    lm__buf_put_u16(n->b, 0);
    lm__buf_free(&w);
}

/* An empty RPC_UNICODE_STRING the server fills: Length 0, MaximumLength size bytes, an array of size/2
 * units of which none are sent. */
static void put_ustr_buf(struct lm__ndr_push *n, uint16_t size)
{
    lm__ndr_put_u16(n, 0);
    lm__ndr_put_u16(n, size);
    lm__ndr_put_ptr(n, true);
    lm__ndr_put_u32(n, size / 2u);
    lm__ndr_put_u32(n, 0);
    lm__ndr_put_u32(n, 0);
}

lm_status lm__winreg_open_hklm_req(struct lm__buf *b, uint32_t access)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    lm__ndr_put_ptr(&n, false); /* [in, unique] PREGISTRY_SERVER_NAME ServerName */
    lm__ndr_put_u32(&n, access);
    return lm__ndr_push_status(&n);
}

lm_status lm__winreg_open_key_req(struct lm__buf *b, const struct lm__ndr_handle *parent, const char *path,
                                  uint32_t access)
{
    struct lm__ndr_push n;

    if (path == NULL)
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, parent);
    put_ustr(&n, path);     /* lpSubKey */
    lm__ndr_put_u32(&n, 0); /* dwOptions */
    lm__ndr_put_u32(&n, access);
    return lm__ndr_push_status(&n);
}

lm_status lm__winreg_create_key_req(struct lm__buf *b, const struct lm__ndr_handle *parent, const char *path,
                                    uint32_t access)
{
    struct lm__ndr_push n;

    if (path == NULL || *path == '\0')
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, parent);
    put_ustr(&n, path);     /* lpSubKey */
    put_ustr(&n, NULL);     /* lpClass: none */
    lm__ndr_put_u32(&n, 0); /* dwOptions: REG_OPTION_NON_VOLATILE */
    lm__ndr_put_u32(&n, access);
    lm__ndr_put_ptr(&n, false); /* lpSecurityAttributes */
    lm__ndr_put_ptr(&n, true);  /* [in, out, unique] lpdwDisposition */
    lm__ndr_put_u32(&n, 0);
    return lm__ndr_push_status(&n);
}

lm_status lm__winreg_handle_req(struct lm__buf *b, const struct lm__ndr_handle *h)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, h);
    return lm__ndr_push_status(&n);
}

lm_status lm__winreg_query_info_req(struct lm__buf *b, const struct lm__ndr_handle *h)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, h);
    put_ustr(&n, NULL); /* lpClassIn: no class wanted */
    return lm__ndr_push_status(&n);
}

lm_status lm__winreg_enum_key_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t index,
                                  uint16_t namebuf)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, h);
    lm__ndr_put_u32(&n, index);
    put_ustr_buf(&n, namebuf);  /* lpNameIn */
    lm__ndr_put_ptr(&n, true);  /* [in, unique] lpClassIn: Samba refuses NULL */
    put_ustr(&n, NULL);         /* an empty class buffer */
    lm__ndr_put_ptr(&n, false); /* lpftLastWriteTime */
    return lm__ndr_push_status(&n);
}

lm_status lm__winreg_enum_value_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t index,
                                    uint16_t namebuf, uint32_t bufsize)
{
    struct lm__ndr_push n;

    if (bufsize > LM__WINREG_DATA_MAX)
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, h);
    lm__ndr_put_u32(&n, index);
    put_ustr_buf(&n, namebuf); /* lpValueNameIn */
    lm__ndr_put_ptr(&n, true); /* lpType */
    lm__ndr_put_u32(&n, 0);
    lm__ndr_put_ptr(&n, true);    /* lpData: size_is(*lpcbData), length_is(*lpcbLen) */
    lm__ndr_put_u32(&n, bufsize); /* max_count */
    lm__ndr_put_u32(&n, 0);       /* offset */
    lm__ndr_put_u32(&n, 0);       /* actual_count */
    lm__ndr_put_ptr(&n, true);    /* lpcbData */
    lm__ndr_put_u32(&n, bufsize);
    lm__ndr_put_ptr(&n, true); /* lpcbLen */
    lm__ndr_put_u32(&n, 0);
    return lm__ndr_push_status(&n);
}

lm_status lm__winreg_query_value_req(struct lm__buf *b, const struct lm__ndr_handle *h, const char *name,
                                     uint32_t bufsize)
{
    struct lm__ndr_push n;

    if (name == NULL || bufsize > LM__WINREG_DATA_MAX)
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, h);
    put_ustr(&n, name);        /* lpValueName */
    lm__ndr_put_ptr(&n, true); /* lpType */
    lm__ndr_put_u32(&n, 0);
    lm__ndr_put_ptr(&n, true); /* lpData */
    lm__ndr_put_u32(&n, bufsize);
    lm__ndr_put_u32(&n, 0);
    lm__ndr_put_u32(&n, 0);
    lm__ndr_put_ptr(&n, true); /* lpcbData */
    lm__ndr_put_u32(&n, bufsize);
    lm__ndr_put_ptr(&n, true); /* lpcbLen */
    lm__ndr_put_u32(&n, 0);
    return lm__ndr_push_status(&n);
}

lm_status lm__winreg_set_value_req(struct lm__buf *b, const struct lm__ndr_handle *h, const char *name,
                                   uint32_t type, const void *data, size_t len)
{
    struct lm__ndr_push n;

    if (name == NULL || len > LM__WINREG_DATA_MAX || (len > 0 && data == NULL))
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, h);
    put_ustr(&n, name); /* lpValueName */
    lm__ndr_put_u32(&n, type);
    lm__ndr_put_conf_bytes(&n, data, (uint32_t)len); /* [in, size_is(cbData)] LPBYTE lpData: ref */
    lm__ndr_put_u32(&n, (uint32_t)len);              /* cbData */
    return lm__ndr_push_status(&n);
}

lm_status lm__winreg_delete_value_req(struct lm__buf *b, const struct lm__ndr_handle *h, const char *name)
{
    struct lm__ndr_push n;

    if (name == NULL)
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, h);
    put_ustr(&n, name);
    return lm__ndr_push_status(&n);
}

/* ---- decoding ---- */

/* An RPC_UNICODE_STRING from the server, structure and deferred buffer together (it is always the last
 * thing of its parameter). The counts must agree with Length and MaximumLength; one terminating NUL is
 * dropped (MS-RRP has servers count it), any other NUL is an error. *out NULL for a NULL Buffer. */
static void get_ustr(struct lm__ndr *d, char **out)
{
    uint16_t len = lm__ndr_u16(d), max = lm__ndr_u16(d);
    uint32_t ptr = lm__ndr_ptr(d);

    *out = NULL;
    if (ptr == 0 || lm__ndr_status(d) != LM_OK)
        return;
    lm__ndr_ustr_units(d, len, max, true, out);
}

lm_status lm__winreg_create_key_resp(const uint8_t *p, size_t n, struct lm__ndr_handle *h,
                                     uint32_t *disposition, uint32_t *werr)
{
    struct lm__ndr d;
    struct lm__ndr_handle got;
    uint32_t disp = 0;
    lm_status st;

    lm__ndr_init(&d, p, n);
    lm__ndr_handle(&d, &got);
    if (lm__ndr_ptr(&d) != 0)
        disp = lm__ndr_u32(&d);
    *werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_end(&d)) != LM_OK)
        return st;
    *h = got;
    *disposition = disp;
    return LM_OK;
}

lm_status lm__winreg_query_info_resp(const uint8_t *p, size_t n, struct lm__reg_keyinfo *out, uint32_t *werr)
{
    struct lm__ndr d;
    struct lm__reg_keyinfo k;
    char *cls = NULL;
    uint32_t lo, hi;
    lm_status st;

    lm__ndr_init(&d, p, n);
    get_ustr(&d, &cls); /* lpClassOut */
    free(cls);
    k.subkeys = lm__ndr_u32(&d);
    k.max_subkey_len = lm__ndr_u32(&d);
    k.max_class_len = lm__ndr_u32(&d);
    k.values = lm__ndr_u32(&d);
    k.max_value_name_len = lm__ndr_u32(&d);
    k.max_value_len = lm__ndr_u32(&d);
    k.sd_len = lm__ndr_u32(&d);
    lo = lm__ndr_u32(&d); /* FILETIME: two DWORDs, 4-aligned */
    hi = lm__ndr_u32(&d);
    k.last_write = (uint64_t)hi << 32 | lo;
    *werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_end(&d)) != LM_OK)
        return st;
    *out = k;
    return LM_OK;
}

lm_status lm__winreg_enum_key_resp(const uint8_t *p, size_t n, char **name, uint32_t *werr)
{
    struct lm__ndr d;
    char *got = NULL, *cls = NULL;
    lm_status st;

    lm__ndr_init(&d, p, n);
    get_ustr(&d, &got); /* lpNameOut */
    if (lm__ndr_ptr(&d) != 0 && lm__ndr_status(&d) == LM_OK) {
        get_ustr(&d, &cls); /* lplpClassOut */
        free(cls);
    }
    if (lm__ndr_ptr(&d) != 0) { /* lpftLastWriteTime */
        (void)lm__ndr_u32(&d);
        (void)lm__ndr_u32(&d);
    }
    *werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_end(&d)) != LM_OK) {
        free(got);
        return st;
    }
    *name = got;
    return LM_OK;
}

lm_status lm__winreg_value_resp(const uint8_t *p, size_t n, bool with_name, struct lm__winreg_value_resp *out)
{
    struct lm__ndr d;
    struct lm__winreg_value_resp v;
    bool has_data, has_len;
    uint32_t actual = 0, datalen = 0;
    const uint8_t *bytes = NULL;
    lm_status st;

    memset(&v, 0, sizeof v);
    memset(out, 0, sizeof *out);
    lm__ndr_init(&d, p, n);
    if (with_name)
        get_ustr(&d, &v.name);
    if (lm__ndr_ptr(&d) != 0) /* lpType */
        v.type = lm__ndr_u32(&d);
    has_data = lm__ndr_ptr(&d) != 0;
    if (has_data && lm__ndr_status(&d) == LM_OK) {
        /* [size_is(*lpcbData), length_is(*lpcbLen), range(0, 0x4000000)] LPBYTE lpData */
        uint32_t cmax = lm__ndr_u32(&d), off = lm__ndr_u32(&d);

        actual = lm__ndr_u32(&d);
        if (lm__ndr_status(&d) == LM_OK &&
            (off != 0 || actual > cmax || cmax > LM__WINREG_DATA_MAX || actual > lm__ndr_remaining(&d)))
            lm__ndr_fail(&d, LM_EPROTO);
        if (lm__ndr_status(&d) == LM_OK)
            bytes = lm__cur_take(&d.c, actual);
    }
    v.has_size = lm__ndr_ptr(&d) != 0; /* lpcbData */
    if (v.has_size)
        v.size = lm__ndr_u32(&d);
    has_len = lm__ndr_ptr(&d) != 0; /* lpcbLen */
    if (has_len)
        datalen = lm__ndr_u32(&d);
    v.werr = lm__ndr_u32(&d);
    st = lm__ndr_end(&d);
    /* With success, the data sent is the value: lpcbLen, when there, must say so. */
    if (st == LM_OK && v.werr == 0 && has_len && datalen != actual)
        st = LM_EPROTO;
    if (st == LM_OK && v.werr == 0 && actual > 0) {
        if ((v.data = malloc(actual)) == NULL)
            st = LM_ENOMEM;
        else
            memcpy(v.data, bytes, actual);
        v.len = actual;
    }
    if (st != LM_OK) {
        lm__winreg_value_resp_clear(&v);
        return st;
    }
    *out = v;
    return LM_OK;
}

/* ---- calls ---- */

/* BaseRegCreateKey: the handle, the disposition, the WERROR. */
static lm_status create_call(struct lm__rpc *r, const char *what, lm_status enc, struct lm__buf *req,
                             struct lm__ndr_handle *out, uint32_t *disposition, lm_error *err)
{
    struct lm__buf resp;
    struct lm__ndr_handle h;
    uint32_t werr = 0, disp = 0;
    lm_status st;

    lm__buf_init(&resp, 4096);
    st = lm__rpc_transact(r, LM__WINREG_CREATE_KEY, what, enc, req, &resp, err);
    if (st == LM_OK && (st = lm__winreg_create_key_resp(resp.data, resp.len, &h, &disp, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, what);
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, what);
    if (st == LM_OK && lm__ndr_handle_is_null(&h))
        st = lm__fail(err, LM_EPROTO, "%s: success with a null handle", what);
    lm__buf_free(&resp);
    if (st == LM_OK) {
        *out = h;
        if (disposition != NULL)
            *disposition = disp;
    }
    return st;
}

lm_status lm__winreg_open_hklm(struct lm__rpc *r, uint32_t access, struct lm__ndr_handle *out, lm_error *err)
{
    struct lm__buf req;
    lm_status st;

    lm__buf_init(&req, 64);
    st = lm__rpc_handle_call(r, LM__WINREG_OPEN_HKLM, "cannot open HKEY_LOCAL_MACHINE",
                             lm__winreg_open_hklm_req(&req, access), &req, false, out, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__winreg_open_key(struct lm__rpc *r, const struct lm__ndr_handle *parent, const char *path,
                              uint32_t access, struct lm__ndr_handle *out, lm_error *err)
{
    struct lm__buf req;
    char what[400];
    lm_status st;

    snprintf(what, sizeof what, "cannot open key '%.300s'", path != NULL ? path : "");
    lm__buf_init(&req, WINREG_REQ_MAX);
    st = lm__rpc_handle_call(r, LM__WINREG_OPEN_KEY, what,
                             lm__winreg_open_key_req(&req, parent, path, access), &req, false, out, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__winreg_create_key(struct lm__rpc *r, const struct lm__ndr_handle *parent, const char *path,
                                uint32_t access, struct lm__ndr_handle *out, uint32_t *disposition,
                                lm_error *err)
{
    struct lm__buf req;
    char what[400];
    lm_status st;

    snprintf(what, sizeof what, "cannot create key '%.300s'", path != NULL ? path : "");
    lm__buf_init(&req, WINREG_REQ_MAX);
    st = create_call(r, what, lm__winreg_create_key_req(&req, parent, path, access), &req, out, disposition,
                     err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__winreg_close(struct lm__rpc *r, struct lm__ndr_handle *h, lm_error *err)
{
    return lm__rpc_close_handle(r, LM__WINREG_CLOSE_KEY, "cannot close a registry key", h, err);
}

lm_status lm__winreg_query_info(struct lm__rpc *r, const struct lm__ndr_handle *h,
                                struct lm__reg_keyinfo *out, lm_error *err)
{
    static const char what[] = "cannot query the registry key";
    struct lm__buf req, resp;
    uint32_t werr = 0;
    lm_status st;

    lm__buf_init(&req, 64);
    lm__buf_init(&resp, 1u << 20);
    st = lm__rpc_transact(r, LM__WINREG_QUERY_INFO, what, lm__winreg_query_info_req(&req, h), &req, &resp,
                          err);
    if (st == LM_OK && (st = lm__winreg_query_info_resp(resp.data, resp.len, out, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, what);
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, what);
    lm__buf_free(&req);
    lm__buf_free(&resp);
    return st;
}

lm_status lm__winreg_enum_key(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t index, char **name,
                              lm_error *err)
{
    static const char what[] = "cannot enumerate subkeys";
    struct lm__buf req, resp;
    uint32_t werr = 0;
    char *got = NULL;
    lm_status st;

    lm__buf_init(&req, 256);
    lm__buf_init(&resp, 1u << 20);
    st = lm__rpc_transact(r, LM__WINREG_ENUM_KEY, what,
                          lm__winreg_enum_key_req(&req, h, index, LM__WINREG_NAME_BUF), &req, &resp, err);
    if (st == LM_OK && (st = lm__winreg_enum_key_resp(resp.data, resp.len, &got, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, what);
    lm__buf_free(&req);
    lm__buf_free(&resp);
    if (st == LM_OK && werr == LM__WERR_NO_MORE_ITEMS) {
        free(got);
        *name = NULL;
        return LM_OK;
    }
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, what);
    if (st == LM_OK && got == NULL)
        st = lm__fail(err, LM_EPROTO, "%s: success without a name", what);
    if (st != LM_OK) {
        free(got);
        return st;
    }
    *name = got;
    return LM_OK;
}

/* BaseRegEnumValue or BaseRegQueryValue with the buffer retry. *done: ERROR_NO_MORE_ITEMS (enum) . */
static lm_status value_call(struct lm__rpc *r, const struct lm__ndr_handle *h, bool enumerate, uint32_t index,
                            const char *name, uint32_t bufsize, struct lm__winreg_value_resp *out, bool *done,
                            const char *what, lm_error *err)
{
    struct lm__buf req, resp;
    struct lm__winreg_value_resp v;
    lm_status st = LM_OK;

    memset(&v, 0, sizeof v);
    *done = false;
    if (bufsize > LM__WINREG_DATA_MAX)
        bufsize = LM__WINREG_DATA_MAX;
    lm__buf_init(&req, WINREG_REQ_MAX);
    lm__buf_init(&resp, LM__RPC_MAX_STUB);
    for (int i = 0; i < SIZE_RETRIES; i++) {
        lm__buf_reset(&req);
        st = lm__rpc_transact(r, enumerate ? LM__WINREG_ENUM_VALUE : LM__WINREG_QUERY_VALUE, what,
                              enumerate
                                  ? lm__winreg_enum_value_req(&req, h, index, LM__WINREG_NAME_BUF, bufsize)
                                  : lm__winreg_query_value_req(&req, h, name, bufsize),
                              &req, &resp, err);
        if (st == LM_OK && (st = lm__winreg_value_resp(resp.data, resp.len, enumerate, &v)) != LM_OK)
            lm__rpc_malformed(err, st, what);
        if (st != LM_OK || v.werr != LM__WERR_MORE_DATA)
            break;
        /* MS-RRP 3.1.5.17: lpcbData says how much is needed; ask again with that, if it is more. Samba's
         * BaseRegEnumValue gives back the size offered instead: then grow sixteen-fold. */
        if (v.has_size && v.size > bufsize)
            bufsize = v.size;
        else if (bufsize < LM__WINREG_DATA_MAX / 16)
            bufsize = bufsize < 256 ? 4096 : bufsize * 16;
        else
            break;
        if (bufsize > LM__WINREG_DATA_MAX)
            break;
        lm__winreg_value_resp_clear(&v);
    }
    lm__buf_free(&req);
    lm__buf_free(&resp);
    if (st == LM_OK && enumerate && v.werr == LM__WERR_NO_MORE_ITEMS) {
        lm__winreg_value_resp_clear(&v);
        *done = true;
        return LM_OK;
    }
    if (st == LM_OK && v.werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, v.werr, what);
    if (st != LM_OK) {
        lm__winreg_value_resp_clear(&v);
        return st;
    }
    *out = v;
    return LM_OK;
}

/* An owned copy of s (NULL s: ""). */
static char *dup_str(const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;
    char *d = malloc(n + 1);

    if (d != NULL) {
        memcpy(d, s != NULL ? s : "", n);
        d[n] = '\0';
    }
    return d;
}

static void to_value(struct lm__winreg_value_resp *v, char *name, lm_reg_value *out)
{
    out->name = name;
    out->type = (lm_reg_type)v->type;
    out->data = v->data;
    out->len = v->len;
    v->data = NULL;
    v->len = 0;
}

lm_status lm__winreg_enum_value(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t index,
                                uint32_t bufsize, lm_reg_value *out, bool *done, lm_error *err)
{
    struct lm__winreg_value_resp v;
    char *name;
    lm_status st;

    st = value_call(r, h, true, index, NULL, bufsize, &v, done, "cannot enumerate values", err);
    if (st != LM_OK || *done)
        return st;
    if ((name = dup_str(v.name)) == NULL) {
        lm__winreg_value_resp_clear(&v);
        return lm__fail(err, LM_ENOMEM, "out of memory");
    }
    to_value(&v, name, out);
    lm__winreg_value_resp_clear(&v);
    return LM_OK;
}

lm_status lm__winreg_query_value(struct lm__rpc *r, const struct lm__ndr_handle *h, const char *name,
                                 uint32_t bufsize, lm_reg_value *out, lm_error *err)
{
    struct lm__winreg_value_resp v;
    char what[400], *copy;
    bool done;
    lm_status st;

    snprintf(what, sizeof what, "cannot read value '%.300s'", name != NULL ? name : "");
    st = value_call(r, h, false, 0, name, bufsize == 0 ? 4096 : bufsize, &v, &done, what, err);
    if (st != LM_OK)
        return st;
    if ((copy = dup_str(name)) == NULL) {
        lm__winreg_value_resp_clear(&v);
        return lm__fail(err, LM_ENOMEM, "out of memory");
    }
    to_value(&v, copy, out);
    lm__winreg_value_resp_clear(&v);
    return LM_OK;
}

lm_status lm__winreg_set_value(struct lm__rpc *r, const struct lm__ndr_handle *h, const char *name,
                               uint32_t type, const void *data, size_t len, lm_error *err)
{
    struct lm__buf req;
    char what[400];
    lm_status st;

    snprintf(what, sizeof what, "cannot set value '%.300s'", name != NULL ? name : "");
    lm__buf_init(&req, WINREG_REQ_MAX);
    st = lm__rpc_werr_call(r, LM__WINREG_SET_VALUE, what,
                           lm__winreg_set_value_req(&req, h, name, type, data, len), &req, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__winreg_delete_value(struct lm__rpc *r, const struct lm__ndr_handle *h, const char *name,
                                  lm_error *err)
{
    struct lm__buf req;
    char what[400];
    lm_status st;

    snprintf(what, sizeof what, "cannot delete value '%.300s'", name != NULL ? name : "");
    lm__buf_init(&req, WINREG_REQ_MAX);
    st = lm__rpc_werr_call(r, LM__WINREG_DELETE_VALUE, what, lm__winreg_delete_value_req(&req, h, name), &req,
                           err);
    lm__buf_free(&req);
    return st;
}

/* ---- by path ---- */

/* Opens HKLM and path below it (create: BaseRegCreateKey). On failure nothing stays open. */
static lm_status open_path(struct lm__rpc *r, const char *path, uint32_t access, bool create,
                           struct lm__ndr_handle *hklm, struct lm__ndr_handle *key, lm_error *err)
{
    lm_status st;

    memset(hklm, 0, sizeof *hklm);
    memset(key, 0, sizeof *key);
    if ((st = lm__winreg_open_hklm(r, LM__KEY_MAXIMUM_ALLOWED, hklm, err)) != LM_OK)
        return st;
    st = create ? lm__winreg_create_key(r, hklm, path, access, key, NULL, err)
                : lm__winreg_open_key(r, hklm, path, access, key, err);
    if (st != LM_OK)
        (void)lm__winreg_close(r, hklm, NULL);
    return st;
}

static lm_status close_path(struct lm__rpc *r, struct lm__ndr_handle *hklm, struct lm__ndr_handle *key,
                            lm_status st, lm_error *err)
{
    return lm__rpc_close_pair(r, lm__winreg_close, key, hklm, st, err);
}

static lm_status list_values(struct lm__rpc *r, const struct lm__ndr_handle *key, lm_reg_value **out,
                             size_t *n, lm_error *err)
{
    struct lm__reg_keyinfo ki;
    lm_reg_value *all = NULL;
    size_t nall = 0, cap = 0;
    lm_status st;

    if ((st = lm__winreg_query_info(r, key, &ki, err)) != LM_OK)
        return st;
    for (uint32_t i = 0;; i++) {
        lm_reg_value v;
        bool done = false;

        if (i == LM__WINREG_MAX_ITEMS) {
            st = lm__fail(err, LM_EOVERFLOW, "more than %u values", LM__WINREG_MAX_ITEMS);
            break;
        }
        memset(&v, 0, sizeof v);
        /* The largest value the key reported is the first buffer: one call per value, usually. */
        if ((st = lm__winreg_enum_value(r, key, i, ki.max_value_len, &v, &done, err)) != LM_OK || done)
            break;
        if (nall == cap) {
            size_t ncap = cap == 0 ? 16 : cap * 2;
            lm_reg_value *grown = realloc(all, ncap * sizeof *all);

            if (grown == NULL) {
                lm__reg_value_clear(&v);
                st = lm__fail(err, LM_ENOMEM, "out of memory");
                break;
            }
            all = grown;
            cap = ncap;
        }
        all[nall++] = v;
    }
    if (st != LM_OK) {
        lm_reg_list_free(all, nall);
        return st;
    }
    *out = all;
    *n = nall;
    return LM_OK;
}

lm_status lm__winreg_key_values(struct lm__rpc *r, const char *path, lm_reg_value **out, size_t *n,
                                lm_error *err)
{
    struct lm__ndr_handle hklm, key;
    lm_reg_value *v = NULL;
    size_t nv = 0;
    lm_status st;

    if ((st = open_path(r, path, LM__KEY_READ, false, &hklm, &key, err)) != LM_OK)
        return st;
    st = list_values(r, &key, &v, &nv, err);
    if ((st = close_path(r, &hklm, &key, st, err)) != LM_OK) {
        lm_reg_list_free(v, nv);
        return st;
    }
    *out = v;
    *n = nv;
    return LM_OK;
}

lm_status lm__winreg_key_get(struct lm__rpc *r, const char *path, const char *name, lm_reg_value *out,
                             lm_error *err)
{
    struct lm__ndr_handle hklm, key;
    lm_reg_value v;
    lm_status st;

    memset(&v, 0, sizeof v);
    if ((st = open_path(r, path, LM__KEY_READ, false, &hklm, &key, err)) != LM_OK)
        return st;
    st = lm__winreg_query_value(r, &key, name, 0, &v, err);
    if ((st = close_path(r, &hklm, &key, st, err)) != LM_OK) {
        lm__reg_value_clear(&v);
        return st;
    }
    *out = v;
    return LM_OK;
}

lm_status lm__winreg_key_set(struct lm__rpc *r, const char *path, const char *name, uint32_t type,
                             const void *data, size_t len, lm_error *err)
{
    struct lm__ndr_handle hklm, key;
    lm_status st;

    if ((st = open_path(r, path, LM__KEY_READ | LM__KEY_SET_VALUE, false, &hklm, &key, err)) != LM_OK)
        return st;
    return close_path(r, &hklm, &key, lm__winreg_set_value(r, &key, name, type, data, len, err), err);
}

lm_status lm__winreg_key_delete(struct lm__rpc *r, const char *path, const char *name, lm_error *err)
{
    struct lm__ndr_handle hklm, key;
    lm_status st;

    if ((st = open_path(r, path, LM__KEY_READ | LM__KEY_SET_VALUE, false, &hklm, &key, err)) != LM_OK)
        return st;
    return close_path(r, &hklm, &key, lm__winreg_delete_value(r, &key, name, err), err);
}

lm_status lm__winreg_key_create(struct lm__rpc *r, const char *path, lm_error *err)
{
    struct lm__ndr_handle hklm, key;
    lm_status st;

    if ((st = open_path(r, path, LM__KEY_READ | LM__KEY_SET_VALUE | LM__KEY_CREATE_SUB_KEY, true, &hklm, &key,
                        err)) != LM_OK)
        return st;
    return close_path(r, &hklm, &key, LM_OK, err);
}

lm_status lm__winreg_key_subkeys(struct lm__rpc *r, const char *path, char ***out, size_t *n, lm_error *err)
{
    struct lm__ndr_handle hklm, key;
    char **names = NULL;
    size_t nn = 0, cap = 0;
    lm_status st;

    if ((st = open_path(r, path, LM__KEY_READ, false, &hklm, &key, err)) != LM_OK)
        return st;
    for (uint32_t i = 0;; i++) {
        char *name = NULL;

        if (i == LM__WINREG_MAX_ITEMS) {
            st = lm__fail(err, LM_EOVERFLOW, "more than %u subkeys", LM__WINREG_MAX_ITEMS);
            break;
        }
        if ((st = lm__winreg_enum_key(r, &key, i, &name, err)) != LM_OK || name == NULL)
            break;
        if (nn == cap) {
            size_t ncap = cap == 0 ? 16 : cap * 2;
            char **grown = realloc(names, ncap * sizeof *names);

            if (grown == NULL) {
                free(name);
                st = lm__fail(err, LM_ENOMEM, "out of memory");
                break;
            }
            names = grown;
            cap = ncap;
        }
        names[nn++] = name;
    }
    if ((st = close_path(r, &hklm, &key, st, err)) != LM_OK) {
        lm__names_free(names, nn);
        return st;
    }
    *out = names;
    *n = nn;
    return LM_OK;
}
