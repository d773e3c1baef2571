/* The Win32 backend's shares and server information: netapi32 (NetShareEnum, NetShareGetInfo,
 * NetShareAdd, NetShareDel, NetShareSetInfo, NetServerGetInfo), locally or against \\server. */
#include <windows.h>
#include <lm.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_win32.h"
#include "core/sddl.h"

/* One SHARE_INFO_502/2/1 to an lm_share. The 502 security descriptor becomes SDDL through core/sddl.h, the
 * same converter the remote backend uses, so both print the same text. */
static lm_status share_from(struct lm_host *h, int level, const BYTE *p, lm_share *out)
{
    const wchar_t *name, *remark, *path = NULL;
    PSECURITY_DESCRIPTOR sd = NULL;
    lm_share s = {0};
    lm_status st = LM_OK;

    if (level == 1) {
        const SHARE_INFO_1 *i = (const SHARE_INFO_1 *)p;

        name = i->shi1_netname;
        remark = i->shi1_remark;
        s.type = i->shi1_type;
    } else {
        /* SHARE_INFO_502 begins with the SHARE_INFO_2 fields. */
        const SHARE_INFO_2 *i = (const SHARE_INFO_2 *)p;

        name = i->shi2_netname;
        remark = i->shi2_remark;
        path = i->shi2_path;
        s.type = i->shi2_type;
        s.max_uses = i->shi2_max_uses;
        s.current_uses = i->shi2_current_uses;
        if (level == 502)
            sd = ((const SHARE_INFO_502 *)p)->shi502_security_descriptor;
    }
    s.name = lm__narrow(name);
    s.remark = lm__narrow(remark != NULL ? remark : L"");
    s.path = path != NULL ? lm__narrow(path) : NULL;
    s.level = level;
    if (s.name == NULL || s.remark == NULL || (path != NULL && s.path == NULL))
        st = lm__w32_no_memory(h);
    if (st == LM_OK && sd != NULL && IsValidSecurityDescriptor(sd))
        st = lm__sd_to_sddl(sd, GetSecurityDescriptorLength(sd), &s.sddl, &h->err);
    if (st != LM_OK) {
        lm__share_clear(&s);
        return st;
    }
    *out = s;
    return LM_OK;
}

static size_t info_size(int level)
{
    return level == 502 ? sizeof(SHARE_INFO_502) : level == 2 ? sizeof(SHARE_INFO_2) : sizeof(SHARE_INFO_1);
}

/* Pages of about this many bytes (NetShareEnum's prefmaxlen), not MAX_PREFERRED_LENGTH: memory stays at one
 * page whatever the number of shares. */
#define SHARE_PAGE_BYTES (64u * 1024u)

lm_status lm__w32_share_enum(struct lm_host *h, int level, lm__share_fn fn, void *ctx)
{
    DWORD resume = 0;
    lm_status st = LM_OK;

    for (;;) {
        BYTE *buf = NULL;
        DWORD read = 0, total = 0;
        NET_API_STATUS rc =
            NetShareEnum(lm__w32(h)->server, (DWORD)level, &buf, SHARE_PAGE_BYTES, &read, &total, &resume);

        if (rc != NERR_Success && rc != ERROR_MORE_DATA) {
            if (buf != NULL)
                NetApiBufferFree(buf);
            st = lm__w32_fail(h, rc, "NetShareEnum level %d", level);
            break;
        }
        for (DWORD i = 0; st == LM_OK && i < read; i++) {
            const BYTE *p = buf + i * info_size(level);
            PSECURITY_DESCRIPTOR sd =
                level == 502 ? ((const SHARE_INFO_502 *)p)->shi502_security_descriptor : NULL;
            lm_share s;

            if (sd != NULL && !IsValidSecurityDescriptor(sd))
                sd = NULL;
            if ((st = share_from(h, level, p, &s)) == LM_OK) {
                st = fn(ctx, &s, sd, sd != NULL ? GetSecurityDescriptorLength(sd) : 0);
                lm__share_clear(&s);
            }
        }
        NetApiBufferFree(buf);
        if (st != LM_OK || rc == NERR_Success || read == 0)
            break;
    }
    return st;
}

/* NetServerGetInfo level 101: the name, and the platform and version the server reports. */
lm_status lm__w32_server_info(struct lm_host *h, struct lm__host_info *out)
{
    SERVER_INFO_101 *i = NULL;
    NET_API_STATUS rc = NetServerGetInfo(lm__w32(h)->server, 101, (BYTE **)&i);
    char *name;

    if (rc != NERR_Success) {
        if (i != NULL)
            NetApiBufferFree(i);
        return lm__w32_fail(h, rc, "NetServerGetInfo");
    }
    name = lm__narrow(i->sv101_name);
    snprintf(out->name, sizeof out->name, "%s", name != NULL ? name : "");
    free(name);
    out->unix_server = (i->sv101_type & SV_TYPE_SERVER_UNIX) != 0;
    if (out->unix_server)
        snprintf(out->os, sizeof out->os, "Unix (Samba)");
    else if (i->sv101_platform_id == PLATFORM_ID_NT)
        snprintf(out->os, sizeof out->os, "Windows NT");
    else
        snprintf(out->os, sizeof out->os, "platform %lu", (unsigned long)i->sv101_platform_id);
    snprintf(out->os_version, sizeof out->os_version, "%lu.%lu",
             (unsigned long)(i->sv101_version_major & MAJOR_VERSION_MASK),
             (unsigned long)i->sv101_version_minor);
    NetApiBufferFree(i);
    return LM_OK;
}

/* Wine's netapi32 answers NetShareGetInfo with NERR_NetNameNotFound for every name while it cannot
 * enumerate shares at all (ERROR_NOT_SUPPORTED): from a server that cannot list its shares, "not found"
 * means it cannot say, and the caller falls back to the configured shares, as share list does. */
static NET_API_STATUS not_found_or_unsupported(struct lm_host *h, NET_API_STATUS rc)
{
    BYTE *buf = NULL;
    DWORD nread = 0, total = 0;
    NET_API_STATUS e;

    if (rc != NERR_NetNameNotFound)
        return rc;
    e = NetShareEnum(lm__w32(h)->server, 0, &buf, 256, &nread, &total, NULL);
    if (buf != NULL)
        NetApiBufferFree(buf);
    return e == ERROR_NOT_SUPPORTED ? ERROR_NOT_SUPPORTED : rc;
}

lm_status lm__w32_share_get(struct lm_host *h, const char *name, int level, lm_share **out)
{
    wchar_t *wn = lm__wide(name);
    lm_share *s = calloc(1, sizeof *s);
    BYTE *buf = NULL;
    NET_API_STATUS rc;
    lm_status st;

    if (wn == NULL || s == NULL) {
        free(wn);
        free(s);
        return lm__w32_no_memory(h);
    }
    rc = NetShareGetInfo(lm__w32(h)->server, wn, (DWORD)level, &buf);
    free(wn);
    if (rc != NERR_Success) {
        if (buf != NULL)
            NetApiBufferFree(buf);
        free(s);
        rc = not_found_or_unsupported(h, rc);
        return lm__w32_record(h, rc, NULL); /* the caller names the share */
    }
    st = share_from(h, level, buf, s);
    NetApiBufferFree(buf);
    if (st != LM_OK) {
        free(s);
        return st;
    }
    *out = s;
    return LM_OK;
}

lm_status lm__w32_share_add(struct lm_host *h, const lm_share_spec *spec, const uint8_t *sd, size_t sdlen)
{
    SHARE_INFO_502 i = {0};
    wchar_t *name = lm__wide(spec->name), *path = lm__wide(spec->path), *remark = lm__wide(spec->remark);
    DWORD parm_err = 0;
    NET_API_STATUS rc = ERROR_NOT_ENOUGH_MEMORY;

    (void)sdlen;
    if (name != NULL && path != NULL && remark != NULL) {
        i.shi502_netname = name;
        i.shi502_type = STYPE_DISKTREE;
        i.shi502_remark = remark;
        i.shi502_max_uses = spec->max_uses;
        i.shi502_path = path;
        i.shi502_security_descriptor = (PSECURITY_DESCRIPTOR)sd;
        rc = NetShareAdd(lm__w32(h)->server, 502, (BYTE *)&i, &parm_err);
    }
    free(name);
    free(path);
    free(remark);
    if (rc != NERR_Success)
        return lm__w32_fail(h, rc, "NetShareAdd");
    return LM_OK;
}

/* Before a change: the share must be there, read through the same server. Wine's netapi32 answers
 * NetShareDel with success and changes nothing, while it cannot list shares: a server that cannot read its
 * shares is not trusted to change them (ERROR_NOT_SUPPORTED), and a missing share is "not found". */
static NET_API_STATUS share_present(struct lm_host *h, wchar_t *wn)
{
    BYTE *buf = NULL;
    NET_API_STATUS rc = NetShareGetInfo(lm__w32(h)->server, wn, 1, &buf);

    if (buf != NULL)
        NetApiBufferFree(buf);
    return not_found_or_unsupported(h, rc);
}

lm_status lm__w32_share_del(struct lm_host *h, const char *name)
{
    wchar_t *wn = lm__wide(name);
    NET_API_STATUS rc;

    if (wn == NULL)
        return lm__w32_no_memory(h);
    if ((rc = share_present(h, wn)) != NERR_Success) {
        free(wn);
        return lm__w32_record(h, rc, NULL);
    }
    rc = NetShareDel(lm__w32(h)->server, wn, 0);
    free(wn);
    if (rc != NERR_Success)
        return lm__w32_fail(h, rc, "NetShareDel");
    return LM_OK;
}

/* The remark through level 1004 and the user limit through level 1006, each alone, so that nothing else
 * of the share is rewritten. */
lm_status lm__w32_share_set(struct lm_host *h, const char *name, const char *remark, const uint32_t *max_uses)
{
    wchar_t *wn = lm__wide(name);
    NET_API_STATUS rc = NERR_Success;
    DWORD parm_err = 0;

    if (wn == NULL)
        return lm__w32_no_memory(h);
    if ((rc = share_present(h, wn)) != NERR_Success) {
        free(wn);
        return lm__w32_record(h, rc, NULL);
    }
    if (remark != NULL) {
        SHARE_INFO_1004 i = {lm__wide(remark)};

        rc = i.shi1004_remark != NULL ? NetShareSetInfo(lm__w32(h)->server, wn, 1004, (BYTE *)&i, &parm_err)
                                      : ERROR_NOT_ENOUGH_MEMORY;
        free(i.shi1004_remark);
    }
    if (rc == NERR_Success && max_uses != NULL) {
        SHARE_INFO_1006 i = {*max_uses};

        rc = NetShareSetInfo(lm__w32(h)->server, wn, 1006, (BYTE *)&i, &parm_err);
    }
    free(wn);
    if (rc != NERR_Success)
        return lm__w32_fail(h, rc, "NetShareSetInfo");
    return LM_OK;
}

lm_status lm__w32_share_get_sd(struct lm_host *h, const char *name, uint8_t **sd, size_t *sdlen)
{
    wchar_t *wn = lm__wide(name);
    SHARE_INFO_502 *i = NULL;
    NET_API_STATUS rc;
    DWORD len;

    if (wn == NULL)
        return lm__w32_no_memory(h);
    rc = NetShareGetInfo(lm__w32(h)->server, wn, 502, (BYTE **)&i);
    free(wn);
    if (rc != NERR_Success) {
        if (i != NULL)
            NetApiBufferFree(i);
        return lm__w32_fail(h, rc, "share %s", name);
    }
    *sd = NULL;
    *sdlen = 0;
    if (i->shi502_security_descriptor != NULL && IsValidSecurityDescriptor(i->shi502_security_descriptor)) {
        len = GetSecurityDescriptorLength(i->shi502_security_descriptor);
        if ((*sd = malloc(len)) == NULL) {
            NetApiBufferFree(i);
            return lm__w32_no_memory(h);
        }
        memcpy(*sd, i->shi502_security_descriptor, len);
        *sdlen = len;
    }
    NetApiBufferFree(i);
    return LM_OK;
}

/* Level 1501: the descriptor alone, so that nothing else of the share is rewritten. */
lm_status lm__w32_share_set_sd(struct lm_host *h, const char *name, const uint8_t *sd, size_t sdlen)
{
    wchar_t *wn = lm__wide(name);
    SHARE_INFO_1501 i = {0};
    DWORD parm_err = 0;
    NET_API_STATUS rc;

    (void)sdlen;
    if (wn == NULL)
        return lm__w32_no_memory(h);
    i.shi1501_security_descriptor = (PSECURITY_DESCRIPTOR)sd;
    rc = NetShareSetInfo(lm__w32(h)->server, wn, 1501, (BYTE *)&i, &parm_err);
    free(wn);
    if (rc != NERR_Success)
        return lm__w32_fail(h, rc, "NetShareSetInfo");
    return LM_OK;
}

/* ---- share flags: NetShareGetInfo / NetShareSetInfo level 1005 ---- */

lm_status lm__w32_share_get_flags(struct lm_host *h, const char *name, uint32_t *flags)
{
    wchar_t *wn = lm__wide(name);
    SHARE_INFO_1005 *i = NULL;
    NET_API_STATUS rc;

    if (wn == NULL)
        return lm__w32_no_memory(h);
    rc = NetShareGetInfo(lm__w32(h)->server, wn, 1005, (BYTE **)&i);
    free(wn);
    if (rc != NERR_Success) {
        if (i != NULL)
            NetApiBufferFree(i);
        return lm__w32_fail(h, rc, "NetShareGetInfo level 1005 of '%s'", name);
    }
    *flags = i->shi1005_flags;
    NetApiBufferFree(i);
    return LM_OK;
}

lm_status lm__w32_share_set_flags(struct lm_host *h, const char *name, uint32_t flags)
{
    wchar_t *wn = lm__wide(name);
    SHARE_INFO_1005 i = {flags};
    DWORD parm_err = 0;
    NET_API_STATUS rc;

    if (wn == NULL)
        return lm__w32_no_memory(h);
    rc = NetShareSetInfo(lm__w32(h)->server, wn, 1005, (BYTE *)&i, &parm_err);
    free(wn);
    if (rc != NERR_Success)
        return lm__w32_fail(h, rc, "NetShareSetInfo level 1005 of '%s'", name);
    return LM_OK;
}
