/* The Win32 backend's sessions and open files: netapi32 (NetSessionEnum, NetSessionDel, NetFileEnum,
 * NetFileClose), locally or against \\server. */
#include <windows.h>
#include <lm.h>

#include <stdlib.h>
#include <string.h>

#include "host/host_win32.h"

/* Pages of about this many bytes (prefmaxlen), each appended to the caller's array. */
#define PAGE_BYTES (64u * 1024u)

/* A NULL or wide string as UTF-8 (NULL stays NULL); false when out of memory. */
static bool narrow_opt(const wchar_t *w, char **out)
{
    *out = w != NULL ? lm__narrow(w) : NULL;
    return w == NULL || *out != NULL;
}

/* One SESSION_INFO_502/1/10 entry to an lm_session (502 begins with the fields of 1, which shares its
 * first two with 10 but not the rest). */
static bool session_from(int level, const BYTE *p, lm_session *s)
{
    bool ok;

    memset(s, 0, sizeof *s);
    s->level = level;
    if (level == 10) {
        const SESSION_INFO_10 *i = (const SESSION_INFO_10 *)p;

        s->seconds_exists = i->sesi10_time;
        s->seconds_idle = i->sesi10_idle_time;
        return narrow_opt(i->sesi10_cname, &s->client) && narrow_opt(i->sesi10_username, &s->user);
    }
    {
        const SESSION_INFO_1 *i = (const SESSION_INFO_1 *)p;

        s->num_opens = i->sesi1_num_opens;
        s->seconds_exists = i->sesi1_time;
        s->seconds_idle = i->sesi1_idle_time;
        s->user_flags = i->sesi1_user_flags;
        ok = narrow_opt(i->sesi1_cname, &s->client) && narrow_opt(i->sesi1_username, &s->user);
    }
    if (ok && level == 502) {
        const SESSION_INFO_502 *i = (const SESSION_INFO_502 *)p;

        ok = narrow_opt(i->sesi502_cltype_name, &s->client_type) &&
             narrow_opt(i->sesi502_transport, &s->transport);
    }
    return ok;
}

static size_t session_size(int level)
{
    return level == 502 ? sizeof(SESSION_INFO_502)
           : level == 1 ? sizeof(SESSION_INFO_1)
                        : sizeof(SESSION_INFO_10);
}

lm_status lm__w32_session_enum(struct lm_host *h, int level, const char *client, const char *user,
                               lm_session **out, size_t *n)
{
    wchar_t *wc = client != NULL ? lm__wide(client) : NULL, *wu = user != NULL ? lm__wide(user) : NULL;
    lm_session *v = NULL;
    size_t nv = 0, cap = 0;
    DWORD resume = 0;
    lm_status st = LM_OK;

    if ((client != NULL && wc == NULL) || (user != NULL && wu == NULL))
        st = lm__w32_no_memory(h);
    while (st == LM_OK) {
        BYTE *buf = NULL;
        DWORD read = 0, total = 0;
        NET_API_STATUS rc = NetSessionEnum(lm__w32(h)->server, wc, wu, (DWORD)level, &buf, PAGE_BYTES, &read,
                                           &total, &resume);

        if (rc != NERR_Success && rc != ERROR_MORE_DATA) {
            st = lm__w32_fail(h, rc, "NetSessionEnum level %d", level);
        } else if ((st = lm__host_grow(h, (void **)&v, &cap, nv + read, sizeof *v)) == LM_OK) {
            for (DWORD i = 0; i < read && st == LM_OK; i++) {
                if (!session_from(level, buf + i * session_size(level), &v[nv++]))
                    st = lm__w32_no_memory(h);
            }
        }
        if (buf != NULL)
            NetApiBufferFree(buf);
        if (rc != ERROR_MORE_DATA || read == 0)
            break;
    }
    free(wc);
    free(wu);
    if (st != LM_OK) {
        lm_session_list_free(v, nv);
        return st;
    }
    *out = v;
    *n = nv;
    return LM_OK;
}

lm_status lm__w32_session_del(struct lm_host *h, const char *client, const char *user)
{
    wchar_t *wc = client != NULL ? lm__wide(client) : NULL, *wu = user != NULL ? lm__wide(user) : NULL;
    NET_API_STATUS rc;

    if ((client != NULL && wc == NULL) || (user != NULL && wu == NULL)) {
        free(wc);
        free(wu);
        return lm__w32_no_memory(h);
    }
    rc = NetSessionDel(lm__w32(h)->server, wc, wu);
    free(wc);
    free(wu);
    return rc == NERR_Success ? LM_OK : lm__w32_fail(h, rc, "cannot close the session");
}

lm_status lm__w32_file_enum(struct lm_host *h, const char *user, lm_open_file **out, size_t *n)
{
    wchar_t *wu = user != NULL ? lm__wide(user) : NULL;
    lm_open_file *v = NULL;
    size_t nv = 0, cap = 0;
    DWORD_PTR resume = 0;
    lm_status st = user != NULL && wu == NULL ? lm__w32_no_memory(h) : LM_OK;

    while (st == LM_OK) {
        FILE_INFO_3 *buf = NULL;
        DWORD read = 0, total = 0;
        NET_API_STATUS rc =
            NetFileEnum(lm__w32(h)->server, NULL, wu, 3, (BYTE **)&buf, PAGE_BYTES, &read, &total, &resume);

        if (rc != NERR_Success && rc != ERROR_MORE_DATA) {
            st = lm__w32_fail(h, rc, "NetFileEnum");
        } else if ((st = lm__host_grow(h, (void **)&v, &cap, nv + read, sizeof *v)) == LM_OK) {
            for (DWORD i = 0; i < read && st == LM_OK; i++) {
                lm_open_file *f = &v[nv++];

                memset(f, 0, sizeof *f);
                f->id = buf[i].fi3_id;
                f->permissions = buf[i].fi3_permissions;
                f->locks = buf[i].fi3_num_locks;
                if (!narrow_opt(buf[i].fi3_pathname, &f->path) || !narrow_opt(buf[i].fi3_username, &f->user))
                    st = lm__w32_no_memory(h);
            }
        }
        if (buf != NULL)
            NetApiBufferFree(buf);
        if (rc != ERROR_MORE_DATA || read == 0)
            break;
    }
    free(wu);
    if (st != LM_OK) {
        lm_file_list_free(v, nv);
        return st;
    }
    *out = v;
    *n = nv;
    return LM_OK;
}

lm_status lm__w32_file_close(struct lm_host *h, uint32_t id)
{
    NET_API_STATUS rc = NetFileClose(lm__w32(h)->server, id);

    return rc == NERR_Success ? LM_OK : lm__w32_fail(h, rc, "cannot close open file %lu", (unsigned long)id);
}

lm_status lm__w32_server_get(struct lm_host *h, int level, lm_server_info *out)
{
    BYTE *buf = NULL;
    NET_API_STATUS rc = NetServerGetInfo(lm__w32(h)->server, (DWORD)level, &buf);
    const SERVER_INFO_101 *i = (const SERVER_INFO_101 *)buf;
    bool ok;

    if (rc != NERR_Success) {
        if (buf != NULL)
            NetApiBufferFree(buf);
        return lm__w32_fail(h, rc, "NetServerGetInfo level %d", level);
    }
    memset(out, 0, sizeof *out);
    out->level = level;
    out->platform_id = i->sv101_platform_id;
    out->version_major = i->sv101_version_major;
    out->version_minor = i->sv101_version_minor;
    out->type = i->sv101_type;
    ok = narrow_opt(i->sv101_name, &out->name) && narrow_opt(i->sv101_comment, &out->comment);
    if (ok && level == 102) {
        /* SERVER_INFO_102 begins with the fields of 101 */
        const SERVER_INFO_102 *j = (const SERVER_INFO_102 *)buf;

        out->users = j->sv102_users;
        out->disc = j->sv102_disc;
        out->hidden = (uint32_t)j->sv102_hidden;
        out->announce = j->sv102_announce;
        out->anndelta = j->sv102_anndelta;
        out->licenses = j->sv102_licenses;
        ok = narrow_opt(j->sv102_userpath, &out->user_path);
    }
    NetApiBufferFree(buf);
    if (!ok) {
        free(out->name);
        free(out->comment);
        free(out->user_path);
        memset(out, 0, sizeof *out);
        return lm__w32_no_memory(h);
    }
    return LM_OK;
}

/* Wine 8's netapi32 has NetConnectionEnum and NetServerTransportEnum only as spec stubs, which end the
 * process when called. Under Wine (its ntdll exports wine_get_version) they are not called: the answer is
 * ERROR_NOT_SUPPORTED, as for the netapi32 parts that Wine reports missing itself. */
static bool wine_lacks(struct lm_host *h, const char *fn, lm_status *st)
{
    HMODULE nt = GetModuleHandleW(L"ntdll.dll");

    if (nt == NULL || GetProcAddress(nt, "wine_get_version") == NULL)
        return false;
    *st = lm__w32_fail(h, ERROR_NOT_SUPPORTED, "%s (Wine's netapi32 does not implement it)", fn);
    return true;
}

lm_status lm__w32_conn_enum(struct lm_host *h, const char *share, lm_connection **out, size_t *n)
{
    wchar_t *ws;
    lm_connection *v = NULL;
    size_t nv = 0, cap = 0;
    DWORD resume = 0;
    lm_status st;

    if (wine_lacks(h, "NetConnectionEnum", &st))
        return st;
    st = (ws = lm__wide(share)) == NULL ? lm__w32_no_memory(h) : LM_OK;

    while (st == LM_OK) {
        CONNECTION_INFO_1 *buf = NULL;
        DWORD read = 0, total = 0;
        NET_API_STATUS rc =
            NetConnectionEnum(lm__w32(h)->server, ws, 1, (BYTE **)&buf, PAGE_BYTES, &read, &total, &resume);

        if (rc != NERR_Success && rc != ERROR_MORE_DATA) {
            st = lm__w32_fail(h, rc, "NetConnectionEnum");
        } else if ((st = lm__host_grow(h, (void **)&v, &cap, nv + read, sizeof *v)) == LM_OK) {
            for (DWORD i = 0; i < read && st == LM_OK; i++) {
                lm_connection *k = &v[nv++];

                memset(k, 0, sizeof *k);
                k->id = buf[i].coni1_id;
                k->type = buf[i].coni1_type;
                k->num_opens = buf[i].coni1_num_opens;
                k->num_users = buf[i].coni1_num_users;
                k->seconds_connected = buf[i].coni1_time;
                if (!narrow_opt(buf[i].coni1_username, &k->user) ||
                    !narrow_opt(buf[i].coni1_netname, &k->net_name))
                    st = lm__w32_no_memory(h);
            }
        }
        if (buf != NULL)
            NetApiBufferFree(buf);
        if (rc != ERROR_MORE_DATA || read == 0)
            break;
    }
    free(ws);
    if (st != LM_OK) {
        lm_connection_list_free(v, nv);
        return st;
    }
    *out = v;
    *n = nv;
    return LM_OK;
}

lm_status lm__w32_transport_enum(struct lm_host *h, int level, lm_server_transport **out, size_t *n)
{
    BYTE *buf = NULL;
    DWORD read = 0, total = 0, resume = 0;
    size_t size = level == 1 ? sizeof(SERVER_TRANSPORT_INFO_1) : sizeof(SERVER_TRANSPORT_INFO_0);
    NET_API_STATUS rc;
    lm_server_transport *v = NULL;
    lm_status st = LM_OK;

    if (wine_lacks(h, "NetServerTransportEnum", &st))
        return st;
    rc = NetServerTransportEnum(lm__w32(h)->server, (DWORD)level, &buf, MAX_PREFERRED_LENGTH, &read, &total,
                                &resume);
    if (rc != NERR_Success) {
        if (buf != NULL)
            NetApiBufferFree(buf);
        return lm__w32_fail(h, rc, "NetServerTransportEnum level %d", level);
    }
    if (read > 0 && (v = calloc(read, sizeof *v)) == NULL)
        st = lm__w32_no_memory(h);
    for (DWORD i = 0; i < read && st == LM_OK; i++) {
        /* SERVER_TRANSPORT_INFO_1 begins with the fields of 0 */
        const SERVER_TRANSPORT_INFO_0 *t = (const SERVER_TRANSPORT_INFO_0 *)(buf + i * size);

        v[i].vcs = t->svti0_numberofvcs;
        v[i].address = lm__transport_address(t->svti0_transportaddress, t->svti0_transportaddresslength);
        if (v[i].address == NULL || !narrow_opt(t->svti0_transportname, &v[i].name) ||
            !narrow_opt(t->svti0_networkaddress, &v[i].net_address) ||
            (level == 1 && !narrow_opt(((const SERVER_TRANSPORT_INFO_1 *)t)->svti1_domain, &v[i].domain)))
            st = lm__w32_no_memory(h);
    }
    NetApiBufferFree(buf);
    if (st != LM_OK) {
        lm__server_transports_free(v, read);
        return st;
    }
    *out = v;
    *n = read;
    return LM_OK;
}

lm_status lm__w32_disk_enum(struct lm_host *h, char ***out, size_t *n)
{
    BYTE *buf = NULL;
    DWORD read = 0, total = 0, resume = 0;
    NET_API_STATUS rc =
        NetServerDiskEnum(lm__w32(h)->server, 0, &buf, MAX_PREFERRED_LENGTH, &read, &total, &resume);
    const wchar_t *w = (const wchar_t *)buf;
    char **v = NULL;
    size_t nv = 0;
    lm_status st = LM_OK;

    if (rc != NERR_Success) {
        if (buf != NULL)
            NetApiBufferFree(buf);
        return lm__w32_fail(h, rc, "NetServerDiskEnum");
    }
    /* an array of WCHAR[3] ("C:" and its NUL), the empty name that may end it dropped */
    if (read > 0 && (v = calloc(read, sizeof *v)) == NULL)
        st = lm__w32_no_memory(h);
    for (DWORD i = 0; i < read && st == LM_OK; i++) {
        wchar_t d[3] = {w[3 * i], w[3 * i + 1], L'\0'};

        if (d[0] != L'\0' && (v[nv++] = lm__narrow(d)) == NULL)
            st = lm__w32_no_memory(h);
    }
    NetApiBufferFree(buf);
    if (st != LM_OK) {
        for (size_t i = 0; i < nv; i++)
            free(v[i]);
        free(v);
        return st;
    }
    *out = v;
    *n = nv;
    return LM_OK;
}
