/* probe, ls and get: the SMB2 core from the command line. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "output.h"
#include "platform.h"

/* Connects, negotiates and logs on as the global options say. */
static int open_session(const struct cli *g, const char *host, uint16_t port, lm_smb **out)
{
    struct cli_creds cc;
    lm_smb_options o;
    lm_error err;
    lm_smb *s;
    lm_status st;
    int rc;

    if ((rc = cli_credentials(g, &cc)) != EXIT_OK_)
        return rc;
    cli_smb_options(g, port, &o);
    st = lm_smb_connect(host, &o, &s, &err);
    if (st != LM_OK) {
        cli_credentials_free(&cc);
        return cli_fail("cannot connect", &err);
    }
    st = lm_smb_login(s, cc.anonymous ? NULL : &cc.creds);
    cli_credentials_free(&cc);
    if (st != LM_OK) {
        rc = cli_fail("cannot log on", lm_smb_error(s));
        lm_smb_close(s);
        return rc;
    }
    *out = s;
    return EXIT_OK_;
}

/* //HOST[:PORT]/SHARE[/PATH] or \\HOST\SHARE\PATH into its parts (path uses '\'). */
struct target {
    char host[256];
    uint16_t port;
    char share[256];
    char path[4096];
};

static bool parse_target(const char *in, struct target *t)
{
    char hostport[300];
    const char *p = in, *end;
    size_t n;

    memset(t, 0, sizeof *t);
    if (!((p[0] == '/' && p[1] == '/') || (p[0] == '\\' && p[1] == '\\')))
        return false;
    p += 2;
    end = strpbrk(p, "/\\");
    n = end != NULL ? (size_t)(end - p) : strlen(p);
    if (n == 0 || n >= sizeof hostport)
        return false;
    memcpy(hostport, p, n);
    hostport[n] = '\0';
    if (lm_host_split_address(hostport, t->host, sizeof t->host, &t->port) != LM_OK)
        return false;
    if (end == NULL)
        return false;
    p = end + 1;
    end = strpbrk(p, "/\\");
    n = end != NULL ? (size_t)(end - p) : strlen(p);
    if (n == 0 || n >= sizeof t->share)
        return false;
    memcpy(t->share, p, n);
    t->share[n] = '\0';
    t->path[0] = '\0';
    if (end != NULL) {
        size_t k = 0;
        for (p = end + 1; *p != '\0' && k + 1 < sizeof t->path; p++)
            t->path[k++] = *p == '/' ? '\\' : *p;
        if (*p != '\0')
            return false;
        while (k > 0 && t->path[k - 1] == '\\')
            k--;
        t->path[k] = '\0';
    }
    return true;
}

static int open_tree(const struct cli *g, const char *arg, struct target *t, lm_smb **s, lm_smb_tree **tree)
{
    int rc;

    if (!parse_target(arg, t)) {
        cli_error("'%s' is not //HOST[:PORT]/SHARE[/PATH] or \\\\HOST\\SHARE\\PATH", arg);
        return EXIT_USAGE;
    }
    if ((rc = open_session(g, t->host, t->port, s)) != EXIT_OK_)
        return rc;
    if (lm_smb_tree_connect(*s, t->share, tree) != LM_OK) {
        rc = cli_fail("cannot open the share", lm_smb_error(*s));
        lm_smb_close(*s);
        return rc;
    }
    return EXIT_OK_;
}

static void finish(const struct cli *g, lm_smb *s, lm_smb_tree *t)
{
    lm_smb_info info;

    lm_smb_get_info(s, &info);
    if (g->verbose)
        cli_error("trace: round trips: %u", info.round_trips);
    lm_smb_tree_disconnect(t);
    lm_smb_close(s);
}

/* FILETIME (100 ns since 1601) -> "2026-11-21T22:50:01Z"; "" for 0. */
static void filetime_iso(uint64_t ft, char *buf, size_t size)
{
    time_t t;
    struct tm tm;

    buf[0] = '\0';
    if (ft < 116444736000000000ull)
        return;
    t = (time_t)((ft - 116444736000000000ull) / 10000000ull);
#ifdef _WIN32
    if (gmtime_s(&tm, &t) != 0)
        return;
#else
    if (gmtime_r(&t, &tm) == NULL)
        return;
#endif
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cmd_probe(struct cli *g, int argc, char **argv)
{
    static const uint16_t dialects[] = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
    char host[256], list[64] = "", guid[40], when[32], caps[160] = "";
    lm_smb_info best;
    lm_smb_options o;
    lm_error err;
    uint16_t port;
    bool any = false, smb1 = false;
    struct out out;
    const char *pos[1];
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, NULL, 0, pos, 1, &npos, NULL)) >= 0)
        return rc;
    if (npos != 1) {
        return cli_usage(g);
    }
    if (lm_host_split_address(pos[0], host, sizeof host, &port) != LM_OK) {
        cli_error("'%s' is not HOST[:PORT]", pos[0]);
        return EXIT_USAGE;
    }
    cli_smb_options(g, port, &o);
    memset(&best, 0, sizeof best);
    /* Each dialect on its own connection: the server's answer to exactly that offer. */
    for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++) {
        lm_smb *s;
        lm_status st;

        o.min_dialect = o.max_dialect = dialects[i];
        st = lm_smb_connect(host, &o, &s, &err);
        if (st == LM_OK) {
            lm_smb_get_info(s, &best);
            lm_smb_close(s);
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", any ? " " : "",
                     lm_smb_dialect_name(dialects[i]));
            any = true;
        } else if (cli_exit_code(st) == EXIT_CONNECT) {
            return cli_fail("cannot probe", &err);
        }
    }
    o.min_dialect = o.max_dialect = 0;
    if (lm_smb_probe_smb1(host, &o, &smb1, &err) != LM_OK)
        return cli_fail("cannot probe SMB1", &err);
    if (!any && !smb1) {
        cli_error("%s speaks no SMB dialect lanman knows", pos[0]);
        return EXIT_PROTOCOL;
    }

    snprintf(guid, sizeof guid, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             best.server_guid[3], best.server_guid[2], best.server_guid[1], best.server_guid[0],
             best.server_guid[5], best.server_guid[4], best.server_guid[7], best.server_guid[6],
             best.server_guid[8], best.server_guid[9], best.server_guid[10], best.server_guid[11],
             best.server_guid[12], best.server_guid[13], best.server_guid[14], best.server_guid[15]);
    {
        static const struct {
            uint32_t bit;
            const char *name;
        } cap_names[] = {{0x01, "DFS"},
                         {0x02, "LEASING"},
                         {0x04, "LARGE_MTU"},
                         {0x08, "MULTI_CHANNEL"},
                         {0x10, "PERSISTENT_HANDLES"},
                         {0x20, "DIRECTORY_LEASING"},
                         {0x40, "ENCRYPTION"}};
        for (size_t i = 0; i < sizeof cap_names / sizeof cap_names[0]; i++) {
            if (best.capabilities & cap_names[i].bit)
                snprintf(caps + strlen(caps), sizeof caps - strlen(caps), "%s%s", caps[0] ? " " : "",
                         cap_names[i].name);
        }
    }
    cli_out_init(g, &out, OUT_LIST);
    out_rec(&out);
    out_str(&out, "Host", host);
    out_num(&out, "Port", port != 0 ? port : (g->netbios ? 139 : 445));
    out_str(&out, "Dialects", any ? list : "none");
    out_str(&out, "SMB1", smb1 ? "accepted" : "not accepted");
    if (any) {
        out_str(&out, "PreferredDialect", lm_smb_dialect_name(best.dialect));
        out_bool(&out, "SigningEnabled", best.signing_enabled);
        out_bool(&out, "SigningRequired", best.signing_required);
        out_str(&out, "Encryption",
                best.cipher == 2   ? "AES-128-GCM"
                : best.cipher == 1 ? "AES-128-CCM"
                                   : "not supported");
        out_str(&out, "ServerGuid", guid);
        filetime_iso(best.server_time, when, sizeof when);
        out_str(&out, "ServerTime", when[0] ? when : NULL);
        filetime_iso(best.boot_time, when, sizeof when);
        out_str(&out, "BootTime", when[0] ? when : NULL);
        out_str(&out, "Capabilities", caps);
        out_num(&out, "MaxReadSize", best.max_read);
        out_num(&out, "MaxWriteSize", best.max_write);
        out_num(&out, "MaxTransactSize", best.max_transact);
    }
    return cli_out_finish(g, &out, NULL);
}

static int dirent_cmp(const void *a, const void *b)
{
    const lm_smb_dirent *x = a, *y = b;
    bool dx = (x->st.attributes & 0x10) != 0, dy = (y->st.attributes & 0x10) != 0;
    const unsigned char *p = (const unsigned char *)x->name, *q = (const unsigned char *)y->name;

    if (dx != dy)
        return dx ? -1 : 1;
    for (;; p++, q++) {
        int cp = *p >= 'A' && *p <= 'Z' ? *p + 32 : *p, cq = *q >= 'A' && *q <= 'Z' ? *q + 32 : *q;
        if (cp != cq || cp == 0)
            return cp - cq;
    }
}

/* PowerShell's Mode column: d a r h s l. */
static void mode_string(uint32_t a, char m[7])
{
    m[0] = (a & 0x10) ? 'd' : '-';
    m[1] = (a & 0x20) ? 'a' : '-';
    m[2] = (a & 0x01) ? 'r' : '-';
    m[3] = (a & 0x02) ? 'h' : '-';
    m[4] = (a & 0x04) ? 's' : '-';
    m[5] = (a & 0x400) ? 'l' : '-';
    m[6] = '\0';
}

int cmd_ls(struct cli *g, int argc, char **argv)
{
    static const char *const columns[] = {"Mode", "LastWriteTime", "Length", "Name", NULL};
    struct target t;
    lm_smb *s;
    lm_smb_tree *tree;
    lm_smb_dirent *list;
    size_t n;
    struct out out;
    const char *pos[1];
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, NULL, 0, pos, 1, &npos, NULL)) >= 0)
        return rc;
    if (npos != 1) {
        return cli_usage(g);
    }
    if ((rc = open_tree(g, pos[0], &t, &s, &tree)) != EXIT_OK_)
        return rc;
    if (lm_smb_list(tree, t.path, NULL, &list, &n) != LM_OK) {
        rc = cli_fail("cannot list", lm_smb_error(s));
        finish(g, s, tree);
        return rc;
    }
    qsort(list, n, sizeof *list, dirent_cmp);
    cli_out_init(g, &out, OUT_TABLE);
    for (size_t i = 0; i < n; i++) {
        char mode[7], when[32];
        mode_string(list[i].st.attributes, mode);
        filetime_iso(list[i].st.written, when, sizeof when);
        out_rec(&out);
        out_str(&out, "Mode", mode);
        out_str(&out, "LastWriteTime", when);
        out_num(&out, "Length", (list[i].st.attributes & 0x10) ? 0 : list[i].st.size);
        out_str(&out, "Name", list[i].name);
        out_num(&out, "Attributes", list[i].st.attributes);
        filetime_iso(list[i].st.created, when, sizeof when);
        out_str(&out, "CreationTime", when);
    }
    rc = cli_out_finish(g, &out, columns);
    lm_smb_list_free(list, n);
    finish(g, s, tree);
    return rc;
}

/* The download's destination and progress: stdout or a device through f, a regular file through the
 * library's atomic file (lanman/file.h), the one config export -o uses. */
struct dl {
    FILE *f;
    lm_atomic_file *af;
    lm_error ferr; /* af's last error */
    const char *name;
    uint64_t total, done;
    bool progress;
    double start, last;
    lm_status write_err;
};

static void show_progress(struct dl *d, bool final)
{
    double now = plat_now(), secs = now - d->start;
    double rate = secs > 0 ? (double)d->done / secs : 0;
    int pct = d->total > 0 ? (int)(d->done * 100 / d->total) : 100;

    if (!final && now - d->last < 0.2)
        return;
    d->last = now;
    fprintf(stderr, "\r%3d%%  %10llu / %llu bytes  %7.1f MB/s", pct, (unsigned long long)d->done,
            (unsigned long long)d->total, rate / 1e6);
    if (d->total > d->done && rate > 0)
        fprintf(stderr, "  ETA %4.0fs", (double)(d->total - d->done) / rate);
    else
        fputs("           ", stderr);
    if (final)
        fputc('\n', stderr);
}

static lm_status dl_write(void *ctx, const void *p, size_t n)
{
    struct dl *d = ctx;

    if (d->af != NULL ? lm_atomic_file_write(d->af, p, n, &d->ferr) != LM_OK : fwrite(p, 1, n, d->f) != n)
        return d->write_err = LM_EIO;
    d->done += n;
    if (d->progress)
        show_progress(d, false);
    return LM_OK;
}

static void dl_stat(void *ctx, const lm_smb_stat *st)
{
    ((struct dl *)ctx)->total = st->size;
}

int cmd_get(struct cli *g, int argc, char **argv)
{
    const char *pos[2];
    struct target t;
    struct dl d;
    lm_smb *s;
    lm_smb_tree *tree;
    char *local = NULL;
    const char *base;
    enum plat_kind kind;
    lm_status st;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, NULL, 0, pos, 2, &npos, NULL)) >= 0)
        return rc;
    if (npos < 1) {
        return cli_usage(g);
    }
    if (!parse_target(pos[0], &t) || t.path[0] == '\0') {
        cli_error("'%s' is not //HOST[:PORT]/SHARE/PATH", pos[0]);
        return EXIT_USAGE;
    }
    base = strrchr(t.path, '\\') != NULL ? strrchr(t.path, '\\') + 1 : t.path;
    memset(&d, 0, sizeof d);
    lm_error_clear(&d.ferr);
    /* Where to: stdout, a device as it is, or a regular file through a temporary name and a rename. */
    if (npos > 1 && strcmp(pos[1], "-") == 0) {
        d.f = stdout;
    } else {
        const char *dest = npos > 1 ? pos[1] : base;
        kind = plat_file_kind(dest);
        if (kind == PLAT_DIR) {
            size_t n = strlen(dest) + strlen(base) + 2;
            local = malloc(n);
            if (local != NULL)
                snprintf(local, n, "%s/%s", dest, base);
        } else {
            local = strdup(dest);
        }
        if (local == NULL) {
            cli_error("out of memory");
            return EXIT_FAILED;
        }
        kind = plat_file_kind(local);
        if (kind == PLAT_DIR) {
            cli_error("'%s' is a directory", local);
            free(local);
            return EXIT_FAILED;
        }
        if (kind == PLAT_OTHER) {
            if ((d.f = plat_fopen(local, "wb")) == NULL) {
                cli_error("cannot write '%s'", local);
                free(local);
                return EXIT_FAILED;
            }
        } else if (lm_atomic_file_open(local, &d.af, &d.ferr) != LM_OK) {
            rc = cli_fail("cannot write the download", &d.ferr);
            free(local);
            return rc;
        }
    }
    if ((rc = open_tree(g, pos[0], &t, &s, &tree)) != EXIT_OK_)
        goto out;
    d.progress = plat_isatty(stderr) && !g->verbose && d.f != stdout;
    d.start = d.last = plat_now();
    st = lm_smb_get(tree, t.path, dl_write, &d, dl_stat);
    if (st == LM_OK && d.f != NULL && fflush(d.f) != 0)
        st = d.write_err = LM_EIO;
    if (d.progress)
        show_progress(&d, true);
    if (st != LM_OK) {
        if (d.write_err != LM_OK && d.af != NULL) {
            rc = cli_fail("cannot write the download", &d.ferr);
        } else if (d.write_err != LM_OK) {
            cli_error("cannot write '%s'", local != NULL ? local : "stdout");
            rc = EXIT_FAILED;
        } else {
            rc = cli_fail("cannot download", lm_smb_error(s));
        }
    }
    finish(g, s, tree);
out:
    if (d.f != stdout && d.f != NULL && fclose(d.f) != 0 && rc == EXIT_OK_) {
        cli_error("cannot write '%s'", local);
        rc = EXIT_FAILED;
    }
    if (d.af != NULL) {
        /* Flushed to disk and renamed over LOCAL only when everything arrived; else LOCAL stays as it was. */
        if (rc != EXIT_OK_)
            lm_atomic_file_abort(d.af);
        else if (lm_atomic_file_commit(d.af, &d.ferr) != LM_OK)
            rc = cli_fail("cannot write the download", &d.ferr);
    }
    free(local);
    return rc;
}
