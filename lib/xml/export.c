/* Export of a host's whole Lanman configuration as one document (schema/lanman-config.xsd), written with
 * libxml2's xmlTextWriter into an xmlOutputBuffer whose write callback is the caller's lm_write_fn. Nothing
 * is collected: the shares go from the server's page to the writer one by one (lm__share_each), and the
 * writer hands out its buffer every few KiB. Portable: no OS headers (the file is lanman/file.h's,
 * lib/net/file_posix.c or file_win32.c).
 *
 * A part the host cannot provide (no such service, no Parameters key, shares unreadable) is written as
 * present="false" and the export goes on; a lost connection, a failed write or running out of memory ends
 * it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/catalog.h"
#include "core/regval.h"
#include "core/sddl.h"
#include "core/shareconf.h"
#include "host/host.h"
#include "lanman/service.h"
#include "lanman/version.h"
#include "lanman/file.h"
#include "xml/model.h"
#include "xml/xml.h"

struct ex {
    lm_host *h;
    xmlTextWriterPtr w;
    lm_write_fn write;
    void *ctx;
    lm_status st; /* sticky: the first failure; every write after it is skipped */
    lm_error err; /* its message, for h->err at the end (the host calls after it would overwrite it there) */
    unsigned parts_read;     /* parts that could be read (absent counts as read) */
    lm_status first_missing; /* the first part that could not be read, for "nothing could be read" */
    lm_error missing_err;
    /* the <shares> / <configured-shares> element being streamed */
    const char *list_name;
    bool list_open;
    size_t delivered;
};

/* ---- failures ---- */

static lm_status fail(struct ex *x, lm_status st, const char *fmt, ...) LM_PRINTF(3, 4);
static lm_status fail(struct ex *x, lm_status st, const char *fmt, ...)
{
    char msg[LM_ERROR_MESSAGE_MAX];
    va_list ap;

    if (x->st != LM_OK)
        return x->st;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->st = st;
    return lm_error_set(&x->err, st, LM_RAW_NONE, 0, "%s", msg);
}

/* The host's error ends the export with the host's message and raw code. */
static lm_status fail_host(struct ex *x, const char *what)
{
    const lm_error *e = lm_host_error(x->h);

    if (x->st != LM_OK)
        return x->st;
    x->st = e->status != LM_OK ? e->status : LM_EIO;
    return lm_error_set(&x->err, x->st, e->raw_kind, e->raw, "cannot export %s: %s", what,
                        e->message[0] != '\0' ? e->message : lm_strerror(x->st));
}

/* Failures after which nothing more can be read: the connection is gone, or memory is. Anything else
 * (ENOENT, EACCES, ENOTSUP, a malformed answer) costs one part, marked present="false". */
static bool fatal(lm_status st)
{
    switch (st) {
    case LM_ENOMEM:
    case LM_ECONNRESET:
    case LM_ENOTCONN:
    case LM_ETIMEDOUT:
    case LM_ECONNREFUSED:
    case LM_EHOSTUNREACH:
    case LM_ESIGNATURE:
    case LM_EIO:
    case LM_ECANCELED:
        return true;
    default:
        return false;
    }
}

/* A part could not be read: remembered for the message when nothing at all could be. */
static void missing(struct ex *x)
{
    if (x->first_missing == LM_OK) {
        x->first_missing = lm_host_error(x->h)->status != LM_OK ? lm_host_error(x->h)->status : LM_EIO;
        x->missing_err = *lm_host_error(x->h);
    }
}

/* ---- the writer ---- */

/* After a failure the rest is discarded here rather than refused: libxml2 would print an I/O error of its
 * own, and the failure is already recorded (every writer call after it is skipped). */
static int out_write(void *ctx, const char *buf, int len)
{
    struct ex *x = ctx;
    lm_status st;

    if (x->st == LM_OK && len > 0 && (st = x->write(x->ctx, buf, (size_t)len)) != LM_OK)
        fail(x, st, "cannot write the document: %s", lm_strerror(st));
    return len;
}

static int out_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Every writer call goes through here: a negative result is the first failure unless one is known. */
static void check(struct ex *x, int rc)
{
    if (rc < 0 && x->st == LM_OK)
        fail(x, LM_ENOMEM, "cannot write the document: libxml2 writer failed");
}

static void start(struct ex *x, const char *name)
{
    if (x->st == LM_OK)
        check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void end(struct ex *x)
{
    if (x->st == LM_OK)
        check(x, xmlTextWriterEndElement(x->w));
}

/* XML 1.0 cannot carry C0 controls other than tab, LF and CR, nor U+FFFE and U+FFFF, even escaped. */
static bool xml_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    for (; *p != '\0'; p++) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return false;
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            return false;
    }
    return true;
}

/* s with what XML cannot carry replaced by U+FFFD (for names and texts that have no lossless form here;
 * registry values do: they fall back to hex). NULL when s is fine as it is (or on ENOMEM). */
static char *xml_clean(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    char *out, *q;

    if (xml_ok(s) || (out = malloc(strlen(s) * 3 + 1)) == NULL)
        return NULL;
    for (q = out; *p != '\0'; p++) {
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
            (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))) {
            memcpy(q, "\xEF\xBF\xBD", 3);
            q += 3;
            if (*p == 0xEF)
                p += 2;
        } else {
            *q++ = (char)*p;
        }
    }
    *q = '\0';
    return out;
}

static void attr(struct ex *x, const char *name, const char *value)
{
    char *clean;

    if (x->st != LM_OK || value == NULL)
        return;
    clean = xml_clean(value);
    check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST(clean != NULL ? clean : value)));
    free(clean);
}

static void attr_bool(struct ex *x, const char *name, bool v)
{
    attr(x, name, v ? "true" : "false");
}

static void attr_u32(struct ex *x, const char *name, uint32_t v)
{
    char buf[16];

    snprintf(buf, sizeof buf, "%lu", (unsigned long)v);
    attr(x, name, buf);
}

/* xs:hexBinary of a 32-bit value, 8 digits. */
static void attr_hex32(struct ex *x, const char *name, uint32_t v)
{
    char buf[16];

    snprintf(buf, sizeof buf, "%08lX", (unsigned long)v);
    attr(x, name, buf);
}

static void text(struct ex *x, const char *s)
{
    char *clean;

    if (x->st != LM_OK)
        return;
    clean = xml_clean(s);
    check(x, xmlTextWriterWriteString(x->w, BAD_CAST(clean != NULL ? clean : s)));
    free(clean);
}

static void elem_text(struct ex *x, const char *name, const char *s)
{
    if (s == NULL)
        return;
    start(x, name);
    text(x, s);
    end(x);
}

/* ---- host ---- */

/* Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse): time() and plain
 * arithmetic, so there is no gmtime() and its shared buffer. */
static void utc_now(char buf[64])
{
    long long t = (long long)time(NULL), days = t / 86400, secs = t % 86400, z, era, doe, yoe, y, doy, mp, d,
              m;

    if (secs < 0) {
        secs += 86400;
        days--;
    }
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(buf, 64, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m, (int)d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
}

static void write_host(struct ex *x)
{
    struct lm__host_info info;
    char now[64];
    lm_status st = LM_ENOTSUP;

    memset(&info, 0, sizeof info);
    if (x->h->ops->server_info != NULL)
        st = x->h->ops->server_info(x->h, &info);
    if (st != LM_OK) {
        if (fatal(st)) {
            fail_host(x, "the server information");
            return;
        }
        missing(x);
        memset(&info, 0, sizeof info);
    } else {
        x->parts_read++;
    }
    if (info.name[0] == '\0')
        snprintf(info.name, sizeof info.name, "%s", x->h->server[0] != '\0' ? x->h->server : "localhost");
    utc_now(now);
    start(x, "host");
    attr(x, "name", info.name);
    attr(x, "backend", lm_host_backend(x->h));
    attr(x, "os", info.os[0] != '\0' ? info.os : NULL);
    attr(x, "os-version", info.os_version[0] != '\0' ? info.os_version : NULL);
    attr(x, "exported", now);
    attr(x, "tool-version", lm_version_string());
    end(x);
}

/* ---- services and their parameters ---- */

/* hex of raw bytes, for REG_BINARY and for what has no typed form. */
static void write_hex_value(struct ex *x, const lm_reg_value *v, const char *element, bool with_type)
{
    struct lm__regval rv = {LM_REG_BINARY, v->data, v->len};
    char *hex = NULL;

    if (lm__regval_to_text(&rv, &hex, NULL) != LM_OK) {
        fail(x, LM_ENOMEM, "out of memory");
        return;
    }
    start(x, element);
    attr(x, "name", v->name);
    if (with_type)
        attr_u32(x, "type", (uint32_t)v->type);
    text(x, hex);
    end(x);
    free(hex);
}

/* One value under Parameters, as the element of its type. What cannot be written typed without loss (a
 * malformed DWORD, a string XML cannot carry) is written as <other> with its type number and raw bytes. */
static void write_value(struct ex *x, const char *service, const lm_reg_value *v)
{
    const lm_setting *s = lm__catalog_find(service, v->name);
    struct lm__regval rv = {(uint32_t)v->type, v->data, v->len};
    struct lm__strlist list = {0};
    const char *element = NULL;
    char *value = NULL;
    int def = s != NULL ? lm__catalog_is_default(s, &rv) : LM_ENOENT;

    switch (v->type) {
    case LM_REG_DWORD:
    case LM_REG_QWORD:
    case LM_REG_SZ:
    case LM_REG_EXPAND_SZ:
        if (lm__regval_to_text(&rv, &value, NULL) == LM_OK && xml_ok(value))
            element = v->type == LM_REG_DWORD   ? "dword"
                      : v->type == LM_REG_QWORD ? "qword"
                      : v->type == LM_REG_SZ    ? "sz"
                                                : "expand-sz";
        break;
    case LM_REG_MULTI_SZ:
        if (lm__multisz_parse(v->data, v->len, &list) == LM_OK) {
            element = "multi-sz";
            for (size_t i = 0; i < list.n && element != NULL; i++)
                element = xml_ok(list.v[i]) ? element : NULL;
        }
        break;
    case LM_REG_BINARY:
        element = "binary";
        break;
    default:
        break;
    }
    if (element == NULL || v->type == LM_REG_BINARY) {
        write_hex_value(x, v, element != NULL ? element : "other", element == NULL);
    } else {
        start(x, element);
        attr(x, "name", v->name);
        if (s != NULL)
            attr_bool(x, "at-default", def == 1);
        if (v->type == LM_REG_MULTI_SZ) {
            for (size_t i = 0; i < list.n; i++)
                elem_text(x, "string", list.v[i]);
        } else {
            text(x, value);
        }
        end(x);
    }
    free(value);
    lm__strlist_free(&list);
}

static void write_parameters(struct ex *x, const char *service)
{
    lm_reg_value *vals = NULL;
    size_t n = 0;
    char key[64];
    lm_status st;

    snprintf(key, sizeof key, "%s\\Parameters", service);
    st = lm_reg_list(x->h, key, &vals, &n);
    if (st != LM_OK) {
        if (fatal(st)) {
            fail_host(x, key);
            return;
        }
        if (st == LM_ENOENT)
            x->parts_read++; /* read: there is no such key (Samba) */
        else
            missing(x);
        start(x, "parameters");
        attr(x, "present", "false");
        end(x);
        return;
    }
    x->parts_read++;
    start(x, "parameters");
    for (size_t i = 0; i < n && x->st == LM_OK; i++)
        write_value(x, service, &vals[i]);
    /* The catalogue's settings that are absent, and so at their default. */
    for (const lm_setting *s = lm__catalog_next(service, NULL); s != NULL && x->st == LM_OK;
         s = lm__catalog_next(service, s)) {
        bool present = false;

        for (size_t i = 0; i < n && !present; i++)
            present = lm__catalog_find(service, vals[i].name) == s;
        if (present)
            continue;
        /* absent="true": applying the document removes the value where the target has it (the schema's
         * notes on <default>). */
        start(x, "default");
        attr(x, "name", s->name);
        attr(x, "value", s->def);
        attr(x, "absent", "true");
        end(x);
    }
    end(x);
    lm_reg_list_free(vals, n);
}

static const char *known_name(const char *name)
{
    return strcmp(name, "Unknown") != 0 ? name : NULL;
}

static void write_service(struct ex *x, const char *name)
{
    const char *patterns[1] = {name};
    const lm_service *s = NULL;
    lm_service *list = NULL;
    size_t n = 0;
    lm_status st = lm_service_list(x->h, patterns, 1, true, &list, &n);

    if (st != LM_OK && fatal(st)) {
        fail_host(x, name);
        return;
    }
    for (size_t i = 0; st == LM_OK && i < n && s == NULL; i++)
        s = lm__ascii_casecmp(list[i].name, name) == 0 ? &list[i] : NULL;
    if (st == LM_OK || st == LM_ENOENT)
        x->parts_read++;
    else
        missing(x);
    start(x, "service");
    attr(x, "name", name);
    if (s == NULL) {
        /* Not on this host (Samba's svcctl lists neither), or the service list could not be read. */
        attr(x, "present", "false");
    } else {
        attr(x, "display-name", s->display_name);
        attr(x, "status", known_name(lm_service_state_name(s->status)));
        if (s->detailed)
            attr(x, "start-type", known_name(lm_start_type_name(s->start_type)));
        for (size_t i = 0; i < s->ndepends_on; i++) {
            start(x, "depends-on");
            attr(x, "name", s->depends_on[i]);
            end(x);
        }
        write_parameters(x, name);
    }
    end(x);
    lm_service_list_free(list, n);
}

/* ---- shares ---- */

static void write_grants(struct ex *x, const uint8_t *sd, size_t sd_len)
{
    struct lm__share_grant *g = NULL;
    size_t n = 0;

    struct lm__sid *sids;
    char **names;

    /* A DACL with entries other than allow/deny (rare on shares) keeps its SDDL and spells out nothing. */
    if (sd == NULL || lm__sd_grants(sd, sd_len, &g, &n, NULL) != LM_OK)
        return;
    /* Accounts by name where the target can name them (so that a document applies by name elsewhere); a
     * lookup that fails leaves the names out and the SIDs in: the export goes on. */
    sids = calloc(n + 1, sizeof *sids);
    names = calloc(n + 1, sizeof *names);
    if (sids != NULL && names != NULL) {
        for (size_t i = 0; i < n; i++)
            sids[i] = g[i].sid;
        if (lm__sid_names(x->h, sids, n, names) != LM_OK)
            lm_error_clear(&x->h->err);
    }
    for (size_t i = 0; i < n; i++) {
        char sid[LM__SID_STRING_MAX], right[24];

        lm__share_right_text(g[i].mask, right);
        start(x, "grant");
        attr(x, "sid", lm__sid_to_string(&g[i].sid, sid));
        attr(x, "account", names != NULL ? names[i] : NULL);
        attr(x, "access", g[i].deny ? "deny" : "allow");
        attr(x, "right", strncmp(right, "Custom", 6) == 0 ? "Custom" : right);
        attr_hex32(x, "mask", g[i].mask);
        end(x);
    }
    for (size_t i = 0; names != NULL && i < n; i++)
        free(names[i]);
    free(names);
    free(sids);
    free(g);
}

/* <flags>: the live share's level 1005 properties (version 2). A server that does not give them (access
 * denied, the level not supported, the share gone since the enumeration: anything but a lost connection)
 * leaves the element out: a share without it keeps its flags when the document is applied. */
static void write_flags(struct ex *x, const char *name)
{
    uint32_t flags = 0;
    lm_status st = lm_share_get_flags(x->h, name, &flags);

    if (st != LM_OK && !fatal(st)) {
        lm_error_clear(&x->h->err);
        return;
    }
    if (st != LM_OK) {
        fail_host(x, "the share flags");
        return;
    }
    start(x, "flags");
    attr_hex32(x, "value", flags);
    for (size_t i = 0; i < lm__nshare_props; i++)
        attr(x, lm__share_props[i].attr, lm__share_prop_text(&lm__share_props[i], flags));
    attr_bool(x, "dfs", (flags & LM_SHI1005_DFS) != 0);
    attr_bool(x, "dfs-root", (flags & LM_SHI1005_DFS_ROOT) != 0);
    end(x);
}

static void open_list(struct ex *x)
{
    if (!x->list_open) {
        start(x, x->list_name);
        x->list_open = true;
    }
}

static lm_status write_share(void *ctx, const lm_share *s, const uint8_t *sd, size_t sd_len)
{
    struct ex *x = ctx;
    struct lm__sharetype t = lm__sharetype_decode(s->type);

    open_list(x);
    start(x, "share");
    attr(x, "name", s->name);
    attr(x, "type", t.name);
    attr_hex32(x, "type-flags", s->type);
    attr_bool(x, "special", t.special);
    attr_bool(x, "temporary", t.temporary);
    if (s->configured || s->level >= 2) {
        if (s->max_uses == LM_SHARE_UNLIMITED)
            attr(x, "max-uses", "unlimited");
        else
            attr_u32(x, "max-uses", s->max_uses);
    }
    if (!s->configured && s->level >= 2)
        attr_u32(x, "current-uses", s->current_uses);
    attr_u32(x, "level", s->configured ? 0u : (uint32_t)s->level);
    elem_text(x, "path", s->path);
    elem_text(x, "description", s->remark);
    if (!s->configured)
        write_flags(x, s->name);
    if (s->sddl != NULL) {
        start(x, "security");
        attr(x, "sddl", s->sddl);
        write_grants(x, sd, sd_len);
        end(x);
    }
    end(x);
    x->delivered++;
    return x->st;
}

/* <shares> or <configured-shares>, opened with the first share, so that a list that cannot be read at all
 * is still an empty present="false" element. A failure after some shares were written ends the export:
 * the document would claim a list it does not have. */
static void write_shares(struct ex *x, const char *element, bool configured)
{
    lm_status st;

    x->list_name = element;
    x->list_open = false;
    x->delivered = 0;
    st = configured ? lm__share_each_configured(x->h, write_share, x) : lm__share_each(x->h, write_share, x);
    if (x->st != LM_OK)
        return;
    if (st != LM_OK && (fatal(st) || x->delivered > 0)) {
        fail_host(x, configured ? "the configured shares" : "the shares");
        return;
    }
    if (st != LM_OK)
        missing(x);
    else
        x->parts_read++;
    open_list(x);
    if (st != LM_OK)
        attr(x, "present", "false");
    end(x);
}

/* ---- the document ---- */

lm_status lm_config_export(lm_host *h, lm_write_fn write, void *ctx)
{
    lm_error *err;
    struct ex x;
    xmlOutputBufferPtr out;

    if (h == NULL)
        return LM_EINVAL;
    err = &h->err;
    lm_error_clear(err);
    if (write == NULL)
        return lm_error_set(err, LM_EINVAL, LM_RAW_NONE, 0, "lm_config_export: no writer");
    if (lm__xml_load(err) != LM_OK)
        return err->status;
    memset(&x, 0, sizeof x);
    x.h = h;
    x.write = write;
    x.ctx = ctx;
    out = xmlOutputBufferCreateIO(out_write, out_close, &x, NULL);
    if (out == NULL || (x.w = xmlNewTextWriter(out)) == NULL) {
        if (out != NULL)
            xmlOutputBufferClose(out);
        return lm_error_set(err, LM_ENOMEM, LM_RAW_NONE, 0, "out of memory");
    }
    check(&x, xmlTextWriterSetIndent(x.w, 1));
    check(&x, xmlTextWriterSetIndentString(x.w, BAD_CAST "  "));
    if (x.st == LM_OK)
        check(&x, xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL));
    if (x.st == LM_OK)
        check(&x,
              xmlTextWriterStartElementNS(x.w, NULL, BAD_CAST "lanman-config", BAD_CAST LM_CONFIG_NAMESPACE));
    attr_u32(&x, "version", LM_CONFIG_VERSION);
    write_host(&x);
    write_service(&x, LM__SVC_SERVER);
    write_service(&x, LM__SVC_WORKSTATION);
    write_shares(&x, "shares", false);
    write_shares(&x, "configured-shares", true);
    if (x.st == LM_OK)
        check(&x, xmlTextWriterEndDocument(x.w));
    if (x.st == LM_OK)
        check(&x, xmlTextWriterFlush(x.w));
    xmlFreeTextWriter(x.w); /* closes out */
    if (x.st != LM_OK) {
        *err = x.err;
        return x.st;
    }
    if (x.parts_read == 0) {
        lm_status st = x.first_missing != LM_OK ? x.first_missing : LM_EIO;
        return lm_error_set(err, st, x.missing_err.raw_kind, x.missing_err.raw,
                            "cannot export the configuration: nothing could be read: %s",
                            x.missing_err.message[0] != '\0' ? x.missing_err.message : lm_strerror(st));
    }
    lm_error_clear(err); /* the parts that could not be read are in the document, not errors */
    return LM_OK;
}

/* ---- into a file, atomically ---- */

struct file_sink {
    lm_atomic_file *f;
    lm_error err;
};

static lm_status file_write(void *ctx, const void *buf, size_t len)
{
    struct file_sink *fs = ctx;

    return lm_atomic_file_write(fs->f, buf, len, &fs->err);
}

lm_status lm_config_export_file(lm_host *h, const char *path)
{
    struct file_sink fs;
    lm_status st;

    if (h == NULL)
        return LM_EINVAL;
    lm_error_clear(&h->err);
    memset(&fs, 0, sizeof fs);
    lm_error_clear(&fs.err);
    if ((st = lm_atomic_file_open(path, &fs.f, &h->err)) != LM_OK)
        return st;
    st = lm_config_export(h, file_write, &fs);
    if (st != LM_OK) {
        if (fs.err.status != LM_OK)
            h->err = fs.err; /* the file's own message (disk full, ...) */
        lm_atomic_file_abort(fs.f);
        return st;
    }
    return lm_atomic_file_commit(fs.f, &h->err);
}
