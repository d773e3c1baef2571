/* MS-SCMR: ROpenSCManagerW, REnumServicesStatusW, ROpenServiceW, RQueryServiceStatus, RQueryServiceConfigW,
 * RQueryServiceConfig2W, RStartServiceW, RControlService, RChangeServiceConfigW/2W, REnumDependentServicesW,
 * RCloseServiceHandle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/utf.h"
#include "rpc/ndr.h"
#include "rpc/svcctl.h"
#include "rpc/werror.h"

const struct lm__rpc_iface lm__svcctl_iface = {
    "svcctl",
    {{0x81, 0xBB, 0x7A, 0x36, 0x44, 0x98, 0xF1, 0x35, 0xAD, 0x32, 0x98, 0xF0, 0x38, 0x00, 0x10, 0x03}, 2, 0},
};

/* Request stubs are a handle and a few names. */
#define SVCCTL_REQ_MAX (64u * 1024u)
/* An ENUM_SERVICE_STATUSW in the byte buffer: two offsets and a SERVICE_STATUS (MS-SCMR 2.2.11). */
#define ENUM_ENTRY 36u
/* Buffer retries after ERROR_MORE_DATA / ERROR_INSUFFICIENT_BUFFER: the second ask has what the server
 * said it needs; a third covers a service added in between. */
#define SIZE_RETRIES 3

/* ---- encoding ---- */

/* An SC_RPC_HANDLE: 20 bytes, 4-aligned (C706 appendix N: context handles). */
lm_status lm__svcctl_open_scm_req(struct lm__buf *b, const char *machine, uint32_t access)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    lm__ndr_put_ptr_wstr(&n, machine); /* [in, string, unique] SVCCTL_HANDLEW lpMachineName */
    lm__ndr_put_ptr(&n, false);        /* lpDatabaseName: NULL is SERVICES_ACTIVE_DATABASE */
    lm__ndr_put_u32(&n, access);
    return lm__ndr_push_status(&n);
}

lm_status lm__svcctl_open_service_req(struct lm__buf *b, const struct lm__ndr_handle *scm, const char *name,
                                      uint32_t access)
{
    struct lm__ndr_push n;

    if (name == NULL || *name == '\0')
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, scm);
    lm__ndr_put_wstr(&n, name); /* [in, string] wchar_t* lpServiceName: ref, no referent id */
    lm__ndr_put_u32(&n, access);
    return lm__ndr_push_status(&n);
}

/* A request that is the handle then DWORDs; a NULL unique pointer is a zero DWORD as well (C706 14.3.10). */
static lm_status handle_dwords(struct lm__buf *b, const struct lm__ndr_handle *h, const uint32_t *v, size_t n)
{
    struct lm__ndr_push p;

    lm__ndr_push_init(&p, b);
    lm__ndr_put_handle(&p, h);
    for (size_t i = 0; i < n; i++)
        lm__ndr_put_u32(&p, v[i]);
    return lm__ndr_push_status(&p);
}

lm_status lm__svcctl_handle_req(struct lm__buf *b, const struct lm__ndr_handle *h)
{
    return handle_dwords(b, h, NULL, 0);
}

lm_status lm__svcctl_control_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t code)
{
    const uint32_t v[] = {code};

    return handle_dwords(b, h, v, 1);
}

lm_status lm__svcctl_start_req(struct lm__buf *b, const struct lm__ndr_handle *h)
{
    const uint32_t v[] = {0 /* argc */, 0 /* [in, unique, size_is(argc)] LPSTRING_PTRSW argv */};

    return handle_dwords(b, h, v, 2);
}

lm_status lm__svcctl_config_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t bufsize)
{
    const uint32_t v[] = {bufsize}; /* cbBufSize */

    return bufsize > LM__SVCCTL_CONFIG_MAX ? LM_EINVAL : handle_dwords(b, h, v, 1);
}

lm_status lm__svcctl_config2_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t level,
                                 uint32_t bufsize)
{
    const uint32_t v[] = {level, bufsize};

    return bufsize > LM__SVCCTL_CONFIG_MAX ? LM_EINVAL : handle_dwords(b, h, v, 2);
}

lm_status lm__svcctl_change_start_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t start_type)
{
    const uint32_t v[] = {
        LM__SVC_NO_CHANGE, /* dwServiceType */
        start_type,        /* dwStartType */
        LM__SVC_NO_CHANGE, /* dwErrorControl */
        0,                 /* lpBinaryPathName */
        0,                 /* lpLoadOrderGroup */
        0,                 /* lpdwTagId */
        0,                 /* lpDependencies */
        0,                 /* dwDependSize */
        0,                 /* lpServiceStartName */
        0,                 /* lpPassword */
        0,                 /* dwPwSize */
        0,                 /* lpDisplayName */
    };

    return start_type > LM_START_DISABLED ? LM_EINVAL : handle_dwords(b, h, v, sizeof v / sizeof v[0]);
}

lm_status lm__svcctl_change_delayed_req(struct lm__buf *b, const struct lm__ndr_handle *h, bool delayed)
{
    struct lm__ndr_push n;

    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, h);
    /* SC_RPC_CONFIG_INFOW (MS-SCMR 2.2.22): dwInfoLevel, the union's discriminant, its arm (a unique pointer
     * to SERVICE_DELAYED_AUTO_START_INFO), then the pointee. */
    lm__ndr_put_u32(&n, LM__SVC_CONFIG_DELAYED_AUTO_START);
    lm__ndr_put_u32(&n, LM__SVC_CONFIG_DELAYED_AUTO_START);
    lm__ndr_put_ptr(&n, true);
    lm__ndr_put_u32(&n, delayed ? 1 : 0); /* fDelayedAutostart */
    return lm__ndr_push_status(&n);
}

lm_status lm__svcctl_enum_req(struct lm__buf *b, const struct lm__ndr_handle *scm, uint32_t type,
                              uint32_t state, uint32_t bufsize, const uint32_t *resume)
{
    struct lm__ndr_push n;

    if (bufsize > LM__SVCCTL_ENUM_MAX)
        return LM_EINVAL;
    lm__ndr_push_init(&n, b);
    lm__ndr_put_handle(&n, scm);
    lm__ndr_put_u32(&n, type);
    lm__ndr_put_u32(&n, state);
    lm__ndr_put_u32(&n, bufsize);        /* cbBufSize */
    lm__ndr_put_ptr(&n, resume != NULL); /* [in, out, unique] LPBOUNDED_DWORD_256K lpResumeIndex */
    if (resume != NULL)
        lm__ndr_put_u32(&n, *resume);
    return lm__ndr_push_status(&n);
}

lm_status lm__svcctl_dependents_req(struct lm__buf *b, const struct lm__ndr_handle *h, uint32_t state,
                                    uint32_t bufsize)
{
    const uint32_t v[] = {state, bufsize};

    return bufsize > LM__SVCCTL_ENUM_MAX ? LM_EINVAL : handle_dwords(b, h, v, 2);
}

/* ---- decoding ---- */

/* SERVICE_STATUS (MS-SCMR 2.2.47): seven DWORDs. */
static void get_status(struct lm__ndr *d, lm_service *s)
{
    s->service_type = lm__ndr_u32(d);
    s->status = (lm_service_state)lm__ndr_u32(d);
    s->controls_accepted = lm__ndr_u32(d);
    s->win32_exit_code = lm__ndr_u32(d);
    s->service_exit_code = lm__ndr_u32(d);
    s->checkpoint = lm__ndr_u32(d);
    s->wait_hint_ms = lm__ndr_u32(d);
    s->process_id = 0; /* SERVICE_STATUS has none (only SERVICE_STATUS_PROCESS does) */
}

static void copy_status(lm_service *to, const lm_service *from)
{
    to->service_type = from->service_type;
    to->status = from->status;
    to->controls_accepted = from->controls_accepted;
    to->win32_exit_code = from->win32_exit_code;
    to->service_exit_code = from->service_exit_code;
    to->checkpoint = from->checkpoint;
    to->wait_hint_ms = from->wait_hint_ms;
    to->process_id = from->process_id;
}

lm_status lm__svcctl_status_resp(const uint8_t *p, size_t n, lm_service *out, uint32_t *werr)
{
    struct lm__ndr d;
    lm_service s;
    lm_status st;

    memset(&s, 0, sizeof s);
    lm__ndr_init(&d, p, n);
    get_status(&d, &s);
    *werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_end(&d)) != LM_OK)
        return st;
    copy_status(out, &s);
    return LM_OK;
}

lm_status lm__svcctl_change_resp(const uint8_t *p, size_t n, uint32_t *werr)
{
    struct lm__ndr d;

    lm__ndr_init(&d, p, n);
    if (lm__ndr_ptr(&d) != 0)
        (void)lm__ndr_u32(&d); /* dwTagId: we asked for no change */
    *werr = lm__ndr_u32(&d);
    return lm__ndr_end(&d);
}

/* Appends the names of a dependency list to l: names separated by NUL (MS-SCMR 2.2.15) or by '/' (the form
 * Windows gives them on the wire), load-order groups ('+' prefix, SC_GROUP_IDENTIFIERW) left out: depends_on
 * lists services. */
static lm_status split_depends(const uint8_t *u, size_t units, struct lm__strlist *l)
{
    size_t start = 0;

    for (size_t i = 0; i <= units; i++) {
        uint16_t c = i < units ? (uint16_t)(u[2 * i] | u[2 * i + 1] << 8) : 0;
        lm_status st;
        char *s;

        if (c != 0 && c != '/')
            continue;
        if (i > start && u[2 * start] != '+') {
            if ((st = lm__utf8_dup(u + 2 * start, (i - start) * 2, &s)) != LM_OK)
                return st;
            st = lm__strlist_push(l, s, strlen(s));
            free(s);
            if (st != LM_OK)
                return st;
        }
        start = i + 1;
    }
    return LM_OK;
}

/* lpDependencies: conformant varying like a [string], but NUL is a separator inside it. */
static void get_depends(struct lm__ndr *d, struct lm__strlist *l)
{
    uint32_t max = lm__ndr_u32(d), off = lm__ndr_u32(d), actual = lm__ndr_u32(d);
    const uint8_t *u;
    lm_status st;

    if (lm__ndr_status(d) != LM_OK)
        return;
    if (off != 0 || actual > max || actual > LM__SVCCTL_CONFIG_MAX || actual > lm__ndr_remaining(d) / 2) {
        lm__ndr_fail(d, LM_EPROTO);
        return;
    }
    if ((u = lm__cur_take(&d->c, (size_t)actual * 2)) == NULL)
        return;
    if ((st = split_depends(u, actual, l)) != LM_OK)
        lm__ndr_fail(d, st);
}

lm_status lm__svcctl_config_resp(const uint8_t *p, size_t n, lm_service *out, uint32_t *needed,
                                 uint32_t *werr)
{
    struct lm__ndr d;
    struct lm__strlist deps = {0};
    char *bin = NULL, *group = NULL, *start = NULL, *disp = NULL;
    uint32_t type, start_type;
    bool p_bin, p_group, p_dep, p_start, p_disp;
    lm_status st;

    lm__ndr_init(&d, p, n);
    /* QUERY_SERVICE_CONFIGW (MS-SCMR 2.2.15): the fixed part, then the five strings in order. */
    type = lm__ndr_u32(&d);
    start_type = lm__ndr_u32(&d);
    (void)lm__ndr_u32(&d); /* dwErrorControl */
    p_bin = lm__ndr_ptr(&d) != 0;
    p_group = lm__ndr_ptr(&d) != 0;
    (void)lm__ndr_u32(&d); /* dwTagId */
    p_dep = lm__ndr_ptr(&d) != 0;
    p_start = lm__ndr_ptr(&d) != 0;
    p_disp = lm__ndr_ptr(&d) != 0;
    if (p_bin && lm__ndr_status(&d) == LM_OK)
        lm__ndr_wstr(&d, &bin);
    if (p_group && lm__ndr_status(&d) == LM_OK)
        lm__ndr_wstr(&d, &group);
    if (p_dep && lm__ndr_status(&d) == LM_OK)
        get_depends(&d, &deps);
    if (p_start && lm__ndr_status(&d) == LM_OK)
        lm__ndr_wstr(&d, &start);
    if (p_disp && lm__ndr_status(&d) == LM_OK)
        lm__ndr_wstr(&d, &disp);
    *needed = lm__ndr_u32(&d); /* pcbBytesNeeded */
    *werr = lm__ndr_u32(&d);
    free(group);
    if ((st = lm__ndr_end(&d)) != LM_OK) {
        free(bin);
        free(start);
        free(disp);
        lm__strlist_free(&deps);
        return st;
    }
    out->service_type = type;
    out->start_type = (lm_start_type)start_type;
    free(out->binary_path);
    out->binary_path = bin;
    free(out->start_name);
    out->start_name = start;
    if (disp != NULL) {
        free(out->display_name);
        out->display_name = disp;
    }
    lm__names_free(out->depends_on, out->ndepends_on);
    out->depends_on = deps.v;
    out->ndepends_on = deps.n;
    return LM_OK;
}

/* A NUL-terminated UTF-16LE string at byte offset off of a self-relative buffer, within it. */
static lm_status buf_wstr(const uint8_t *buf, size_t len, uint32_t off, char **out)
{
    size_t end;

    if (off >= len)
        return LM_EPROTO;
    for (end = off; end + 1 < len; end += 2) {
        if (buf[end] == 0 && buf[end + 1] == 0)
            return lm__utf8_dup(buf + off, end - off, out);
    }
    return LM_EPROTO;
}

/* The [out, size_is(cbBufSize)] LPBYTE of the config2 and enum calls: a conformant byte array. */
static const uint8_t *get_bytes(struct lm__ndr *d, uint32_t *len)
{
    *len = lm__ndr_count(d, 1, LM__SVCCTL_ENUM_MAX);
    if (lm__ndr_status(d) != LM_OK)
        return NULL;
    return lm__cur_take(&d->c, *len);
}

lm_status lm__svcctl_config2_resp(const uint8_t *p, size_t n, uint32_t level, char **desc, bool *delayed,
                                  uint32_t *needed, uint32_t *werr)
{
    struct lm__ndr d;
    const uint8_t *buf;
    uint32_t len;
    lm_status st;

    if (level != LM__SVC_CONFIG_DESCRIPTION && level != LM__SVC_CONFIG_DELAYED_AUTO_START)
        return LM_EINVAL;
    lm__ndr_init(&d, p, n);
    buf = get_bytes(&d, &len);
    *needed = lm__ndr_u32(&d);
    *werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_end(&d)) != LM_OK || *werr != 0)
        return st;
    if (len < 4)
        return LM_EPROTO;
    if (level == LM__SVC_CONFIG_DELAYED_AUTO_START) {
        /* SERVICE_DELAYED_AUTO_START_INFO (MS-SCMR 2.2.33): a BOOL. */
        *delayed = (buf[0] | buf[1] | buf[2] | buf[3]) != 0;
        return LM_OK;
    }
    /* SERVICE_DESCRIPTIONW as a self-relative buffer (MS-SCMR 2.2.35): the offset of the string, 0 when there
     * is none. */
    {
        uint32_t off =
            (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24;

        *desc = NULL;
        if (off == 0)
            return LM_OK;
        if (off < 4)
            return LM_EPROTO;
        return buf_wstr(buf, len, off, desc);
    }
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* count ENUM_SERVICE_STATUSW (MS-SCMR 2.2.11) from the buffer: offsets of the two strings from the buffer's
 * start, then SERVICE_STATUS. */
static lm_status parse_entries(const uint8_t *buf, uint32_t len, uint32_t count, lm_service *list)
{
    lm_status st;

    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *e = buf + (size_t)i * ENUM_ENTRY;
        lm_service *s = &list[i];

        if ((st = buf_wstr(buf, len, le32(e), &s->name)) != LM_OK ||
            (st = buf_wstr(buf, len, le32(e + 4), &s->display_name)) != LM_OK)
            return st;
        if (s->name[0] == '\0')
            return LM_EPROTO;
        s->service_type = le32(e + 8);
        s->status = (lm_service_state)le32(e + 12);
        s->controls_accepted = le32(e + 16);
        s->win32_exit_code = le32(e + 20);
        s->service_exit_code = le32(e + 24);
        s->checkpoint = le32(e + 28);
        s->wait_hint_ms = le32(e + 32);
    }
    return LM_OK;
}

lm_status lm__svcctl_enum_resp(const uint8_t *p, size_t n, bool with_resume,
                               struct lm__svcctl_enum_page *page)
{
    struct lm__ndr d;
    const uint8_t *buf;
    uint32_t len, count;
    lm_service *list = NULL;
    lm_status st;

    memset(page, 0, sizeof *page);
    lm__ndr_init(&d, p, n);
    buf = get_bytes(&d, &len);
    page->needed = lm__ndr_u32(&d);
    count = lm__ndr_u32(&d); /* lpServicesReturned */
    if (with_resume) {
        page->has_resume = lm__ndr_ptr(&d) != 0;
        if (page->has_resume)
            page->resume = lm__ndr_u32(&d);
    }
    page->werr = lm__ndr_u32(&d);
    if ((st = lm__ndr_end(&d)) != LM_OK) {
        memset(page, 0, sizeof *page);
        return st;
    }
    if (count > len / ENUM_ENTRY || count > LM__SVCCTL_MAX_SERVICES) {
        memset(page, 0, sizeof *page);
        return LM_EPROTO;
    }
    if (count > 0 && (list = calloc(count, sizeof *list)) == NULL) {
        memset(page, 0, sizeof *page);
        return LM_ENOMEM;
    }
    if ((st = parse_entries(buf, len, count, list)) != LM_OK) {
        lm_service_list_free(list, count);
        memset(page, 0, sizeof *page);
        return st;
    }
    page->list = list;
    page->n = count;
    return LM_OK;
}

/* ---- calls ---- */

lm_status lm__svcctl_open_scm(struct lm__rpc *r, const char *machine, uint32_t access,
                              struct lm__ndr_handle *out, lm_error *err)
{
    struct lm__buf req;
    lm_status st;

    lm__buf_init(&req, SVCCTL_REQ_MAX);
    st = lm__rpc_handle_call(r, LM__SVCCTL_OPEN_SCM, "cannot open the service control manager",
                             lm__svcctl_open_scm_req(&req, machine, access), &req, false, out, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__svcctl_open_service(struct lm__rpc *r, const struct lm__ndr_handle *scm, const char *name,
                                  uint32_t access, struct lm__ndr_handle *out, lm_error *err)
{
    struct lm__buf req;
    char what[300];
    lm_status st;

    snprintf(what, sizeof what, "cannot open service '%.200s'", name != NULL ? name : "");
    lm__buf_init(&req, SVCCTL_REQ_MAX);
    st = lm__rpc_handle_call(r, LM__SVCCTL_OPEN_SERVICE, what,
                             lm__svcctl_open_service_req(&req, scm, name, access), &req, false, out, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__svcctl_close(struct lm__rpc *r, struct lm__ndr_handle *h, lm_error *err)
{
    return lm__rpc_close_handle(r, LM__SVCCTL_CLOSE, "cannot close a service handle", h, err);
}

/* A call on a handle whose response is a SERVICE_STATUS (query status, control). */
static lm_status status_call(struct lm__rpc *r, uint16_t opnum, const char *what, lm_status enc,
                             struct lm__buf *req, lm_service *out, lm_error *err)
{
    struct lm__buf resp;
    lm_service s;
    uint32_t werr = 0;
    lm_status st;

    memset(&s, 0, sizeof s);
    lm__buf_init(&resp, 4096);
    st = lm__rpc_transact(r, opnum, what, enc, req, &resp, err);
    if (st == LM_OK && (st = lm__svcctl_status_resp(resp.data, resp.len, &s, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, what);
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, what);
    lm__buf_free(&resp);
    if (st == LM_OK && out != NULL)
        copy_status(out, &s);
    return st;
}

lm_status lm__svcctl_query_status(struct lm__rpc *r, const struct lm__ndr_handle *h, lm_service *out,
                                  lm_error *err)
{
    struct lm__buf req;
    lm_status st;

    lm__buf_init(&req, 64);
    st = status_call(r, LM__SVCCTL_QUERY_STATUS, "cannot query the service status",
                     lm__svcctl_handle_req(&req, h), &req, out, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__svcctl_control(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t code,
                             lm_service *status, lm_error *err)
{
    struct lm__buf req;
    char what[64];
    lm_status st;

    snprintf(what, sizeof what, "cannot send control %u to the service", (unsigned)code);
    lm__buf_init(&req, 64);
    st = status_call(r, LM__SVCCTL_CONTROL, what, lm__svcctl_control_req(&req, h, code), &req, status, err);
    lm__buf_free(&req);
    return st;
}

/* RChangeServiceConfigW: its response is lpdwTagId, then the WERROR. */
static lm_status change_call(struct lm__rpc *r, const char *what, lm_status enc, struct lm__buf *req,
                             lm_error *err)
{
    struct lm__buf resp;
    uint32_t werr = 0;
    lm_status st;

    lm__buf_init(&resp, 64);
    st = lm__rpc_transact(r, LM__SVCCTL_CHANGE_CONFIG, what, enc, req, &resp, err);
    if (st == LM_OK && (st = lm__svcctl_change_resp(resp.data, resp.len, &werr)) != LM_OK)
        lm__rpc_malformed(err, st, what);
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, what);
    lm__buf_free(&resp);
    return st;
}

lm_status lm__svcctl_start(struct lm__rpc *r, const struct lm__ndr_handle *h, lm_error *err)
{
    struct lm__buf req;
    lm_status st;

    lm__buf_init(&req, 64);
    st = lm__rpc_werr_call(r, LM__SVCCTL_START, "cannot start the service", lm__svcctl_start_req(&req, h),
                           &req, err);
    lm__buf_free(&req);
    return st;
}

lm_status lm__svcctl_set_start(struct lm__rpc *r, const struct lm__ndr_handle *h, lm_start_type type,
                               lm_error *err)
{
    struct lm__buf req;
    uint32_t base = type == LM_START_AUTOMATIC_DELAYED ? LM_START_AUTOMATIC : (uint32_t)type;
    lm_status st;

    lm__buf_init(&req, 256);
    st =
        change_call(r, "cannot change the start type", lm__svcctl_change_start_req(&req, h, base), &req, err);
    if (st == LM_OK && (type == LM_START_AUTOMATIC || type == LM_START_AUTOMATIC_DELAYED)) {
        lm_error e2;
        lm_status st2;

        lm__buf_reset(&req);
        st2 = lm__rpc_werr_call(r, LM__SVCCTL_CHANGE_CONFIG2, "cannot change the delayed automatic start",
                                lm__svcctl_change_delayed_req(&req, h, type == LM_START_AUTOMATIC_DELAYED),
                                &req, type == LM_START_AUTOMATIC_DELAYED ? err : &e2);
        /* Clearing the flag on a server that has no such flag is not a failure; setting it is. */
        if (type == LM_START_AUTOMATIC_DELAYED)
            st = st2;
    }
    lm__buf_free(&req);
    return st;
}

lm_status lm__svcctl_query_config(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t bufsize,
                                  lm_service *out, lm_error *err)
{
    static const char what[] = "cannot read the service configuration";
    struct lm__buf req, resp;
    lm_service s;
    uint32_t needed = 0, werr = 0;
    lm_status st = LM_OK;

    if (bufsize == 0 || bufsize > LM__SVCCTL_CONFIG_MAX)
        bufsize = LM__SVCCTL_CONFIG_MAX;
    lm__buf_init(&req, 64);
    lm__buf_init(&resp, 64u * 1024u);
    memset(&s, 0, sizeof s);
    for (int i = 0; i < SIZE_RETRIES; i++) {
        lm__buf_reset(&req);
        st = lm__rpc_transact(r, LM__SVCCTL_QUERY_CONFIG, what, lm__svcctl_config_req(&req, h, bufsize), &req,
                              &resp, err);
        if (st == LM_OK && (st = lm__svcctl_config_resp(resp.data, resp.len, &s, &needed, &werr)) != LM_OK)
            lm__rpc_malformed(err, st, what);
        if (st != LM_OK || werr != LM__WERR_INSUFFICIENT_BUFFER)
            break;
        /* MS-SCMR 3.1.4.17: pcbBytesNeeded is what it takes; ask again with that, if it is more. */
        if (needed <= bufsize || needed > LM__SVCCTL_CONFIG_MAX)
            break;
        lm__service_clear(&s);
        bufsize = needed;
    }
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, what);
    lm__buf_free(&req);
    lm__buf_free(&resp);
    if (st != LM_OK) {
        lm__service_clear(&s);
        return st;
    }
    out->service_type = s.service_type;
    out->start_type = s.start_type;
    free(out->binary_path);
    out->binary_path = s.binary_path;
    free(out->start_name);
    out->start_name = s.start_name;
    if (s.display_name != NULL) {
        free(out->display_name);
        out->display_name = s.display_name;
    }
    lm__names_free(out->depends_on, out->ndepends_on);
    out->depends_on = s.depends_on;
    out->ndepends_on = s.ndepends_on;
    return LM_OK;
}

static lm_status config2(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t level, uint32_t bufsize,
                         char **desc, bool *delayed, lm_error *err)
{
    const char *what = level == LM__SVC_CONFIG_DESCRIPTION ? "cannot read the service description"
                                                           : "cannot read the delayed automatic start";
    struct lm__buf req, resp;
    uint32_t needed = 0, werr = 0;
    lm_status st = LM_OK;

    if (bufsize == 0 || bufsize > LM__SVCCTL_CONFIG_MAX)
        bufsize = level == LM__SVC_CONFIG_DESCRIPTION ? 1024 : 4;
    lm__buf_init(&req, 64);
    lm__buf_init(&resp, 64u * 1024u);
    for (int i = 0; i < SIZE_RETRIES; i++) {
        lm__buf_reset(&req);
        st = lm__rpc_transact(r, LM__SVCCTL_QUERY_CONFIG2, what,
                              lm__svcctl_config2_req(&req, h, level, bufsize), &req, &resp, err);
        if (st == LM_OK && (st = lm__svcctl_config2_resp(resp.data, resp.len, level, desc, delayed, &needed,
                                                         &werr)) != LM_OK)
            lm__rpc_malformed(err, st, what);
        if (st != LM_OK || werr != LM__WERR_INSUFFICIENT_BUFFER || needed <= bufsize ||
            needed > LM__SVCCTL_CONFIG_MAX)
            break;
        bufsize = needed;
    }
    if (st == LM_OK && werr != 0)
        st = lm__rpc_error(err, LM_RAW_WERROR, werr, what);
    lm__buf_free(&req);
    lm__buf_free(&resp);
    return st;
}

lm_status lm__svcctl_query_description(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t bufsize,
                                       char **desc, lm_error *err)
{
    char *d = NULL;
    bool unused;
    lm_status st = config2(r, h, LM__SVC_CONFIG_DESCRIPTION, bufsize, &d, &unused, err);

    if (st == LM_OK)
        *desc = d;
    return st;
}

lm_status lm__svcctl_query_delayed(struct lm__rpc *r, const struct lm__ndr_handle *h, bool *delayed,
                                   lm_error *err)
{
    char *unused = NULL;
    bool d = false;
    lm_status st = config2(r, h, LM__SVC_CONFIG_DELAYED_AUTO_START, 4, &unused, &d, err);

    if (st == LM_OK)
        *delayed = d;
    return st;
}

/* Appends a page's entries to *all (which grows); the page's list is consumed either way. */
static lm_status take_page(lm_service **all, size_t *nall, size_t *cap, struct lm__svcctl_enum_page *page,
                           lm_error *err)
{
    if (page->n > LM__SVCCTL_MAX_SERVICES - *nall) {
        lm_service_list_free(page->list, page->n);
        return lm__fail(err, LM_EOVERFLOW, "more than %u services", LM__SVCCTL_MAX_SERVICES);
    }
    if (*nall + page->n > *cap) {
        size_t ncap = *cap == 0 ? page->n : *cap * 2;
        lm_service *grown;

        if (ncap < *nall + page->n)
            ncap = *nall + page->n;
        if ((grown = realloc(*all, ncap * sizeof **all)) == NULL) {
            lm_service_list_free(page->list, page->n);
            return lm__fail(err, LM_ENOMEM, "out of memory");
        }
        *all = grown;
        *cap = ncap;
    }
    if (page->n > 0)
        memcpy(*all + *nall, page->list, page->n * sizeof **all);
    *nall += page->n;
    free(page->list);
    page->list = NULL;
    return LM_OK;
}

/* The enumeration loop of both enum calls. ERROR_MORE_DATA either comes with entries and a resume index that
 * moved (go on from it), or with no entries and the size needed (ask again with that once, up to 256 KiB);
 * anything else is no progress, an error rather than a loop. */
static lm_status enum_loop(struct lm__rpc *r, const struct lm__ndr_handle *h, bool services, uint32_t type,
                           uint32_t state, uint32_t bufsize, lm_service **out, size_t *n, lm_error *err)
{
    const char *what = services ? "cannot enumerate services" : "cannot enumerate dependent services";
    lm_service *all = NULL;
    size_t nall = 0, cap = 0;
    uint32_t resume = 0;
    int grown = 0;
    struct lm__buf req, resp;
    lm_status st = LM_OK;

    if (bufsize == 0 || bufsize > LM__SVCCTL_ENUM_MAX)
        bufsize = 64u * 1024u;
    lm__buf_init(&req, 256);
    lm__buf_init(&resp, LM__RPC_MAX_STUB);
    for (;;) {
        struct lm__svcctl_enum_page page;
        uint32_t before = resume;

        lm__buf_reset(&req);
        st = lm__rpc_transact(r, services ? LM__SVCCTL_ENUM_STATUS : LM__SVCCTL_ENUM_DEPENDENT, what,
                              services ? lm__svcctl_enum_req(&req, h, type, state, bufsize, &resume)
                                       : lm__svcctl_dependents_req(&req, h, state, bufsize),
                              &req, &resp, err);
        if (st != LM_OK)
            break;
        if ((st = lm__svcctl_enum_resp(resp.data, resp.len, services, &page)) != LM_OK) {
            lm__rpc_malformed(err, st, what);
            break;
        }
        if (page.werr != 0 && page.werr != LM__WERR_MORE_DATA) {
            lm_service_list_free(page.list, page.n);
            st = lm__rpc_error(err, LM_RAW_WERROR, page.werr, what);
            break;
        }
        if ((st = take_page(&all, &nall, &cap, &page, err)) != LM_OK)
            break;
        if (page.werr == 0)
            break;
        if (page.n > 0 && services && page.has_resume && page.resume != before) {
            resume = page.resume;
            continue;
        }
        if (page.n == 0 && page.needed > bufsize && page.needed <= LM__SVCCTL_ENUM_MAX &&
            grown++ < SIZE_RETRIES) {
            bufsize = page.needed;
            continue;
        }
        st = lm__fail(err, LM_EPROTO, "%s: ERROR_MORE_DATA without progress (needs %u bytes)", what,
                      (unsigned)page.needed);
        break;
    }
    lm__buf_free(&req);
    lm__buf_free(&resp);
    if (st != LM_OK) {
        lm_service_list_free(all, nall);
        return st;
    }
    *out = all;
    *n = nall;
    return LM_OK;
}

lm_status lm__svcctl_enum(struct lm__rpc *r, const struct lm__ndr_handle *scm, uint32_t type, uint32_t state,
                          uint32_t bufsize, lm_service **out, size_t *n, lm_error *err)
{
    return enum_loop(r, scm, true, type, state, bufsize, out, n, err);
}

lm_status lm__svcctl_dependents(struct lm__rpc *r, const struct lm__ndr_handle *h, uint32_t state,
                                uint32_t bufsize, lm_service **out, size_t *n, lm_error *err)
{
    return enum_loop(r, h, false, 0, state, bufsize, out, n, err);
}

/* ---- by name ---- */

/* Opens the SCM and, when name is not NULL, the service. On failure nothing stays open. */
static lm_status open_both(struct lm__rpc *r, const char *name, uint32_t access, struct lm__ndr_handle *scm,
                           struct lm__ndr_handle *svc, lm_error *err)
{
    lm_status st;

    memset(scm, 0, sizeof *scm);
    memset(svc, 0, sizeof *svc);
    if ((st = lm__svcctl_open_scm(r, NULL, LM__SC_MANAGER_CONNECT | LM__SC_MANAGER_ENUMERATE, scm, err)) !=
        LM_OK)
        return st;
    if (name != NULL && (st = lm__svcctl_open_service(r, scm, name, access, svc, err)) != LM_OK)
        (void)lm__svcctl_close(r, scm, NULL);
    return st;
}

static lm_status close_both(struct lm__rpc *r, struct lm__ndr_handle *scm, struct lm__ndr_handle *svc,
                            lm_status st, lm_error *err)
{
    return lm__rpc_close_pair(r, lm__svcctl_close, svc, scm, st, err);
}

lm_status lm__svcctl_service_list(struct lm__rpc *r, lm_service **out, size_t *n, lm_error *err)
{
    struct lm__ndr_handle scm, none;
    lm_service *v = NULL;
    size_t nv = 0;
    lm_status st;

    if ((st = open_both(r, NULL, 0, &scm, &none, err)) != LM_OK)
        return st;
    st = lm__svcctl_enum(r, &scm, LM__SVC_TYPE_WIN32, LM__SVC_STATE_ALL, 0, &v, &nv, err);
    if ((st = close_both(r, &scm, &none, st, err)) != LM_OK) {
        lm_service_list_free(v, nv);
        return st;
    }
    *out = v;
    *n = nv;
    return LM_OK;
}

static lm_status set_name(lm_service *s, const char *name, lm_error *err)
{
    if ((s->name = malloc(strlen(name) + 1)) == NULL)
        return lm__fail(err, LM_ENOMEM, "out of memory");
    strcpy(s->name, name);
    return LM_OK;
}

lm_status lm__svcctl_service_status(struct lm__rpc *r, const char *name, lm_service *out, lm_error *err)
{
    struct lm__ndr_handle scm, svc;
    lm_service s;
    lm_status st;

    memset(&s, 0, sizeof s);
    if ((st = open_both(r, name, LM__SERVICE_QUERY_STATUS, &scm, &svc, err)) != LM_OK)
        return st;
    st = lm__svcctl_query_status(r, &svc, &s, err);
    if (st == LM_OK)
        st = set_name(&s, name, err);
    if ((st = close_both(r, &scm, &svc, st, err)) != LM_OK) {
        lm__service_clear(&s);
        return st;
    }
    *out = s;
    return LM_OK;
}

/* The names of a list of services; the list is freed. */
static lm_status names_of(lm_service *v, size_t n, char ***out, lm_error *err)
{
    char **names = NULL;

    if (n > 0 && (names = calloc(n, sizeof *names)) == NULL) {
        lm_service_list_free(v, n);
        return lm__fail(err, LM_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        names[i] = v[i].name;
        v[i].name = NULL;
    }
    lm_service_list_free(v, n);
    *out = names;
    return LM_OK;
}

/* A level the server does not have is no description / not delayed, not a failure. */
static bool level_unknown(lm_status st, const lm_error *e)
{
    return st != LM_OK && ((e->raw_kind == LM_RAW_WERROR && e->raw == LM__WERR_INVALID_LEVEL) ||
                           e->raw_kind == LM_RAW_RPC_FAULT);
}

lm_status lm__svcctl_service_config(struct lm__rpc *r, const char *name, lm_service *out, lm_error *err)
{
    struct lm__ndr_handle scm, svc;
    lm_service s, *deps = NULL;
    size_t ndeps = 0;
    lm_error e2;
    bool delayed = false;
    lm_status st;

    memset(&s, 0, sizeof s);
    if ((st = open_both(r, name,
                        LM__SERVICE_QUERY_STATUS | LM__SERVICE_QUERY_CONFIG | LM__SERVICE_ENUMERATE_DEPENDENT,
                        &scm, &svc, err)) != LM_OK)
        return st;
    st = lm__svcctl_query_status(r, &svc, &s, err);
    if (st == LM_OK)
        st = lm__svcctl_query_config(r, &svc, 0, &s, err);
    if (st == LM_OK) {
        lm_error_clear(&e2);
        st = lm__svcctl_query_description(r, &svc, 0, &s.description, &e2);
        if (level_unknown(st, &e2))
            st = LM_OK;
        else if (st != LM_OK && err != NULL)
            *err = e2;
    }
    if (st == LM_OK) {
        lm_error_clear(&e2);
        st = lm__svcctl_query_delayed(r, &svc, &delayed, &e2);
        if (level_unknown(st, &e2))
            st = LM_OK;
        else if (st != LM_OK && err != NULL)
            *err = e2;
        if (st == LM_OK && delayed && s.start_type == LM_START_AUTOMATIC)
            s.start_type = LM_START_AUTOMATIC_DELAYED;
    }
    if (st == LM_OK)
        st = lm__svcctl_dependents(r, &svc, LM__SVC_STATE_ALL, 0, &deps, &ndeps, err);
    if (st == LM_OK) {
        s.ndependents = ndeps;
        st = names_of(deps, ndeps, &s.dependents, err);
    }
    if (st == LM_OK)
        st = set_name(&s, name, err);
    if ((st = close_both(r, &scm, &svc, st, err)) != LM_OK) {
        lm__service_clear(&s);
        return st;
    }
    s.detailed = true;
    *out = s;
    return LM_OK;
}

lm_status lm__svcctl_service_start(struct lm__rpc *r, const char *name, lm_error *err)
{
    struct lm__ndr_handle scm, svc;
    lm_status st;

    if ((st = open_both(r, name, LM__SERVICE_START, &scm, &svc, err)) != LM_OK)
        return st;
    return close_both(r, &scm, &svc, lm__svcctl_start(r, &svc, err), err);
}

lm_status lm__svcctl_service_control(struct lm__rpc *r, const char *name, uint32_t code, lm_error *err)
{
    struct lm__ndr_handle scm, svc;
    /* MS-SCMR 3.1.4.2 wants SERVICE_INTERROGATE for interrogate; Samba checks SERVICE_QUERY_STATUS: ask both.
     */
    uint32_t access = LM__SERVICE_QUERY_STATUS | (code == 1   ? LM__SERVICE_STOP
                                                  : code == 4 ? LM__SERVICE_INTERROGATE
                                                              : LM__SERVICE_PAUSE_CONTINUE);
    lm_status st;

    if ((st = open_both(r, name, access, &scm, &svc, err)) != LM_OK)
        return st;
    return close_both(r, &scm, &svc, lm__svcctl_control(r, &svc, code, NULL, err), err);
}

lm_status lm__svcctl_service_set_start(struct lm__rpc *r, const char *name, lm_start_type type, lm_error *err)
{
    struct lm__ndr_handle scm, svc;
    lm_status st;

    if (type != LM_START_AUTOMATIC_DELAYED && (type < LM_START_BOOT || type > LM_START_DISABLED))
        return lm__fail(err, LM_EINVAL, "start type %d", (int)type);
    if ((st = open_both(r, name, LM__SERVICE_CHANGE_CONFIG, &scm, &svc, err)) != LM_OK)
        return st;
    return close_both(r, &scm, &svc, lm__svcctl_set_start(r, &svc, type, err), err);
}

lm_status lm__svcctl_service_dependents(struct lm__rpc *r, const char *name, bool active_only, char ***out,
                                        size_t *n, lm_error *err)
{
    struct lm__ndr_handle scm, svc;
    lm_service *v = NULL;
    size_t nv = 0;
    char **names = NULL;
    lm_status st;

    if ((st = open_both(r, name, LM__SERVICE_ENUMERATE_DEPENDENT, &scm, &svc, err)) != LM_OK)
        return st;
    st = lm__svcctl_dependents(r, &svc, active_only ? LM__SVC_STATE_ACTIVE : LM__SVC_STATE_ALL, 0, &v, &nv,
                               err);
    if (st == LM_OK)
        st = names_of(v, nv, &names, err);
    if ((st = close_both(r, &scm, &svc, st, err)) != LM_OK) {
        lm__names_free(names, nv);
        return st;
    }
    *out = names;
    *n = nv;
    return LM_OK;
}
