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

    if ((rc = cli_check_auth_target(g, host)) != EXIT_OK_ || (rc = cli_credentials(g, &cc)) != EXIT_OK_)
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

/* Parses arg into t and opens a session to its server. */
static int open_target(const struct cli *g, const char *arg, struct target *t, lm_smb **s)
{
    if (!parse_target(arg, t)) {
        cli_error("'%s' is not //HOST[:PORT]/SHARE[/PATH] or \\\\HOST\\SHARE\\PATH", arg);
        return EXIT_USAGE;
    }
    return open_session(g, t->host, t->port, s);
}

static int open_tree(const struct cli *g, const char *arg, struct target *t, lm_smb **s, lm_smb_tree **tree)
{
    int rc;

    if ((rc = open_target(g, arg, t, s)) != EXIT_OK_)
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
    cli_trace_round_trips(g, &info);
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

/* The names of the capability bits of NEGOTIATE, into names (7 at most); returns how many. */
static size_t capability_names(uint32_t bits, const char **names)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } known[] = {{0x01, "DFS"},
                 {0x02, "LEASING"},
                 {0x04, "LARGE_MTU"},
                 {0x08, "MULTI_CHANNEL"},
                 {0x10, "PERSISTENT_HANDLES"},
                 {0x20, "DIRECTORY_LEASING"},
                 {0x40, "ENCRYPTION"}};
    size_t n = 0;

    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (bits & known[i].bit)
            names[n++] = known[i].name;
    }
    return n;
}

/* The GUID as text, its first three fields little-endian. */
static void guid_text(const uint8_t *g, char *buf, size_t size)
{
    snprintf(buf, size, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", g[3], g[2],
             g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

/* What a probe found. */
struct probe {
    char host[256];
    uint16_t port;
    bool smb1;
    lm_smb_sweep sweep; /* the SMB2/3 dialects accepted, and the answer to the highest */
};

/* Each dialect on its own connection (lm_smb_sweep_dialects), then one SMB1 NEGOTIATE. */
static int probe_dialects(const struct cli *g, struct probe *p)
{
    lm_smb_options o;
    lm_error err;

    cli_smb_options(g, p->port, &o);
    if (lm_smb_sweep_dialects(p->host, &o, &p->sweep, &err) != LM_OK)
        return cli_fail("cannot probe", &err);
    o.min_dialect = o.max_dialect = 0;
    if (lm_smb_probe_smb1(p->host, &o, &p->smb1, &err) != LM_OK)
        return cli_fail("cannot probe SMB1", &err);
    return EXIT_OK_;
}

static void probe_record(const struct cli *g, const struct probe *p, struct out *out)
{
    const lm_smb_info *best = &p->sweep.best;
    const char *caps[8], *dialects[8];
    char guid[40], when[32];

    out_rec(out);
    out_str(out, "Host", p->host);
    out_num(out, "Port", p->port != 0 ? p->port : (g->netbios ? 139 : 445));
    /* Lists are arrays and yes/no is a boolean in JSON and XML; table and list join them, True/False. */
    for (size_t i = 0; i < p->sweep.n && i < sizeof dialects / sizeof dialects[0]; i++)
        dialects[i] = lm_smb_dialect_name(p->sweep.accepted[i]);
    out_strv(out, "Dialects", (char *const *)dialects, p->sweep.n);
    out_bool(out, "SMB1", p->smb1);
    if (p->sweep.n == 0)
        return;
    out_str(out, "PreferredDialect", lm_smb_dialect_name(best->dialect));
    out_bool(out, "SigningEnabled", best->signing_enabled);
    out_bool(out, "SigningRequired", best->signing_required);
    out_str(out, "Encryption",
            best->cipher == 2   ? "AES-128-GCM"
            : best->cipher == 1 ? "AES-128-CCM"
                                : "not supported");
    guid_text(best->server_guid, guid, sizeof guid);
    out_str(out, "ServerGuid", guid);
    filetime_iso(best->server_time, when, sizeof when);
    out_str(out, "ServerTime", when[0] ? when : NULL);
    filetime_iso(best->boot_time, when, sizeof when);
    out_str(out, "BootTime", when[0] ? when : NULL);
    out_strv(out, "Capabilities", (char *const *)caps, capability_names(best->capabilities, caps));
    out_num(out, "MaxReadSize", best->max_read);
    out_num(out, "MaxWriteSize", best->max_write);
    out_num(out, "MaxTransactSize", best->max_transact);
}

int cmd_probe(struct cli_call *c)
{
    struct probe p;
    int rc;

    memset(&p, 0, sizeof p);
    if (lm_host_split_address(c->pos[0], p.host, sizeof p.host, &p.port) != LM_OK) {
        cli_error("'%s' is not HOST[:PORT]", c->pos[0]);
        return EXIT_USAGE;
    }
    if ((rc = probe_dialects(c->g, &p)) != EXIT_OK_)
        return rc;
    if (p.sweep.n == 0 && !p.smb1) {
        cli_error("%s speaks no SMB dialect lanman knows", c->pos[0]);
        return EXIT_PROTOCOL;
    }
    probe_record(c->g, &p, c->out);
    return EXIT_OK_;
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

/* What ls keeps open until its records are printed. */
struct ls_session {
    lm_smb *s;
    lm_smb_tree *tree;
};

static void dirent_record(struct out *out, const lm_smb_dirent *e)
{
    char mode[7], when[32];

    mode_string(e->st.attributes, mode);
    filetime_iso(e->st.written, when, sizeof when);
    out_rec(out);
    out_str(out, "Mode", mode);
    out_str(out, "LastWriteTime", when);
    out_num(out, "Length", (e->st.attributes & 0x10) ? 0 : e->st.size);
    out_str(out, "Name", e->name);
    out_num(out, "Attributes", e->st.attributes);
    filetime_iso(e->st.created, when, sizeof when);
    out_str(out, "CreationTime", when);
}

int cmd_ls(struct cli_call *c)
{
    struct ls_session ls;
    struct target t;
    lm_smb_dirent *list;
    size_t n;
    int rc;

    if ((rc = open_tree(c->g, c->pos[0], &t, &ls.s, &ls.tree)) != EXIT_OK_)
        return rc;
    if ((c->state = malloc(sizeof ls)) == NULL) {
        finish(c->g, ls.s, ls.tree);
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    *(struct ls_session *)c->state = ls;
    if (lm_smb_list(ls.tree, t.path, NULL, &list, &n) != LM_OK)
        return cli_fail("cannot list", lm_smb_error(ls.s));
    qsort(list, n, sizeof *list, dirent_cmp);
    for (size_t i = 0; i < n; i++)
        dirent_record(c->out, &list[i]);
    lm_smb_list_free(list, n);
    return EXIT_OK_;
}

void release_ls(struct cli_call *c)
{
    struct ls_session *ls = c->state;

    if (ls != NULL)
        finish(c->g, ls->s, ls->tree);
    free(ls);
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

/* The progress line on stderr, at most every 0.2 s; the last one (final) ends with a newline, and after a
 * complete download a summary line follows. */
static void show_progress(struct dl *d, bool final, bool complete)
{
    double now = plat_now();
    char line[1024];

    if (!final && now - d->last < 0.2)
        return;
    d->last = now;
    out_progress_line(line, sizeof line, d->name, d->done, d->total, now - d->start, cli_term_width());
    fprintf(stderr, "\r%s", line);
    if (final) {
        fputc('\n', stderr);
        if (complete) {
            out_progress_summary(line, sizeof line, d->name, d->done, now - d->start);
            fprintf(stderr, "%s\n", line);
        }
    }
    fflush(stderr);
}

static lm_status dl_write(void *ctx, const void *p, size_t n)
{
    struct dl *d = ctx;

    if (d->af != NULL ? lm_atomic_file_write(d->af, p, n, &d->ferr) != LM_OK : fwrite(p, 1, n, d->f) != n)
        return d->write_err = LM_EIO;
    d->done += n;
    if (d->progress)
        show_progress(d, false, false);
    return LM_OK;
}

static void dl_stat(void *ctx, const lm_smb_stat *st)
{
    ((struct dl *)ctx)->total = st->size;
}

/* Where the download goes: stdout, a device as it is, or a regular file through a temporary name and a
 * rename (d->af). LOCAL a directory: the file's name in it. Returns EXIT_OK_ or an exit code. */
static int open_destination(struct dl *d, const char *dest, const char *base, char **local)
{
    enum plat_kind kind;

    if (dest != NULL && strcmp(dest, "-") == 0) {
        d->f = stdout;
        return EXIT_OK_;
    }
    if (dest == NULL)
        dest = base;
    if (plat_file_kind(dest) == PLAT_DIR) {
        size_t n = strlen(dest) + strlen(base) + 2;
        if ((*local = malloc(n)) != NULL)
            snprintf(*local, n, "%s/%s", dest, base);
    } else {
        *local = strdup(dest);
    }
    if (*local == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    kind = plat_file_kind(*local);
    if (kind == PLAT_DIR) {
        cli_error("'%s' is a directory", *local);
        return EXIT_FAILED;
    }
    if (kind == PLAT_OTHER) {
        if ((d->f = plat_fopen(*local, "wb")) != NULL)
            return EXIT_OK_;
        cli_error("cannot write '%s'", *local);
        return EXIT_FAILED;
    }
    if (lm_atomic_file_open(*local, &d->af, &d->ferr) != LM_OK)
        return cli_fail("cannot write the download", &d->ferr);
    return EXIT_OK_;
}

/* Downloads t's file into d. The share is connected in the download's first compound (lm_smb_get_share). */
static int download(const struct cli *g, const char *arg, struct dl *d, const char *local)
{
    struct target t;
    lm_smb *s;
    lm_status st;
    int rc;

    if ((rc = open_target(g, arg, &t, &s)) != EXIT_OK_)
        return rc;
    /* On a terminal, also when the file goes to a pipe; not when it goes to that terminal itself. */
    d->progress = plat_isatty(stderr) && !g->verbose && !(d->f == stdout && plat_isatty(stdout));
    d->start = d->last = plat_now();
    st = lm_smb_get_share(s, t.share, t.path, dl_write, d, dl_stat);
    if (st == LM_OK && d->f != NULL && fflush(d->f) != 0)
        st = d->write_err = LM_EIO;
    if (d->progress)
        show_progress(d, true, st == LM_OK);
    if (st != LM_OK && d->write_err != LM_OK && d->af != NULL) {
        rc = cli_fail("cannot write the download", &d->ferr);
    } else if (st != LM_OK && d->write_err != LM_OK) {
        cli_error("cannot write '%s'", local != NULL ? local : "stdout");
        rc = EXIT_FAILED;
    } else if (st != LM_OK) {
        rc = cli_fail("cannot download", lm_smb_error(s));
    }
    finish(g, s, NULL);
    return rc;
}

/* Closes the destination: LOCAL is replaced only when everything arrived (flushed to disk and renamed);
 * else it stays as it was. Returns rc, or the exit code of a failure to finish the file. */
static int close_destination(struct dl *d, const char *local, int rc)
{
    if (d->f != stdout && d->f != NULL && fclose(d->f) != 0 && rc == EXIT_OK_) {
        cli_error("cannot write '%s'", local);
        rc = EXIT_FAILED;
    }
    if (d->af != NULL) {
        if (rc != EXIT_OK_)
            lm_atomic_file_abort(d->af);
        else if (lm_atomic_file_commit(d->af, &d->ferr) != LM_OK)
            rc = cli_fail("cannot write the download", &d->ferr);
    }
    return rc;
}

int cmd_get(struct cli_call *c)
{
    struct target t;
    struct dl d;
    char *local = NULL;
    const char *base;
    int rc;

    if (!parse_target(c->pos[0], &t) || t.path[0] == '\0') {
        cli_error("'%s' is not //HOST[:PORT]/SHARE/PATH", c->pos[0]);
        return EXIT_USAGE;
    }
    base = strrchr(t.path, '\\') != NULL ? strrchr(t.path, '\\') + 1 : t.path;
    memset(&d, 0, sizeof d);
    d.name = base;
    lm_error_clear(&d.ferr);
    rc = open_destination(&d, c->npos > 1 ? c->pos[1] : NULL, base, &local);
    if (rc == EXIT_OK_)
        rc = download(c->g, c->pos[0], &d, local);
    rc = close_destination(&d, local, rc);
    free(local);
    return rc;
}
