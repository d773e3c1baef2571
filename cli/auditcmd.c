/* audit: lm_audit_host over many targets at once, on a small pool of threads (each runs the blocking
 * per-host audit under the global --timeout), then one record per (host, check), or a SARIF 2.1.0 log. */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "platform.h"

#define MAX_TARGETS  65536 /* a /16, or a hosts file of that many lines */
#define MAX_JOBS     1024
#define THREAD_STACK (512 * 1024) /* the per-host audit needs little; 64 threads then reserve 32 MiB */

struct target {
    char *label; /* as given: "fs1", "fs1:4445", "10.0.0.7" */
    char host[256];
    uint16_t port;
    lm_audit_finding *f;
    size_t nf;
};

struct audit {
    struct target *t;
    size_t n, cap;
    uint32_t mask;
    int fail_on; /* lm_audit_severity */
    int jobs;
    lm_smb_options opt;
    const lm_smb_credentials *creds;
    atomic_size_t next, done;
    pthread_mutex_t lock; /* the progress line */
    size_t failed;        /* findings that failed, so far (under lock) */
    bool progress;
};

static int add_target(struct audit *a, const char *label)
{
    struct target *t;

    if (a->n == MAX_TARGETS) {
        cli_error("more than %d targets; audit them in several runs", MAX_TARGETS);
        return EXIT_USAGE;
    }
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        struct target *nt = realloc(a->t, cap * sizeof *nt);
        if (nt == NULL) {
            cli_error("out of memory");
            return EXIT_FAILED;
        }
        a->t = nt;
        a->cap = cap;
    }
    t = &a->t[a->n];
    memset(t, 0, sizeof *t);
    if (lm_host_split_address(label, t->host, sizeof t->host, &t->port) != LM_OK) {
        char shown[300];
        out_escape(shown, sizeof shown, label);
        cli_error("'%s' is not HOST[:PORT] or an IPv4 range A.B.C.D/N", shown);
        return EXIT_USAGE;
    }
    if ((t->label = strdup(label)) == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    a->n++;
    return EXIT_OK_;
}

/* "A.B.C.D/N" (N 16..32): every address of the range, without the network and broadcast addresses of a
 * range that has them (N <= 30). Returns -1 when s is not a range, else an exit code. */
static int add_range(struct audit *a, const char *s)
{
    unsigned b[4], bits;
    char end, buf[32];
    uint32_t base, count;

    if (sscanf(s, "%3u.%3u.%3u.%3u/%2u%c", &b[0], &b[1], &b[2], &b[3], &bits, &end) != 5)
        return -1;
    if (b[0] > 255 || b[1] > 255 || b[2] > 255 || b[3] > 255 || bits < 16 || bits > 32) {
        cli_error("'%s' is not an IPv4 range from /16 to /32", s);
        return EXIT_USAGE;
    }
    count = bits == 32 ? 1 : 1u << (32 - bits);
    base = (b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]) & (bits == 32 ? 0xFFFFFFFFu : ~(count - 1));
    for (uint32_t i = 0; i < count; i++) {
        uint32_t ip = base + i;
        int rc;
        if (count >= 4 && (i == 0 || i == count - 1))
            continue;
        snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip >> 24, ip >> 16 & 255, ip >> 8 & 255, ip & 255);
        if ((rc = add_target(a, buf)) != EXIT_OK_)
            return rc;
    }
    return EXIT_OK_;
}

static int add_word(struct audit *a, const char *s)
{
    int rc = add_range(a, s);
    return rc >= 0 ? rc : add_target(a, s);
}

/* One target a line; blank lines and '#' comments are skipped. "-" reads stdin. */
static int read_hosts_file(struct audit *a, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : plat_fopen(path, "r");
    char line[1024];
    int rc = EXIT_OK_;

    if (f == NULL) {
        cli_error("cannot read the hosts file %s: %s", path, strerror(errno));
        return EXIT_NOTFOUND;
    }
    while (rc == EXIT_OK_ && fgets(line, sizeof line, f) != NULL) {
        char *p = line, *e;
        if ((e = strchr(p, '#')) != NULL)
            *e = '\0';
        while (isspace((unsigned char)*p))
            p++;
        e = p + strlen(p);
        while (e > p && isspace((unsigned char)e[-1]))
            *--e = '\0';
        if (*p != '\0')
            rc = add_word(a, p);
    }
    if (rc == EXIT_OK_ && ferror(f)) {
        cli_error("cannot read the hosts file %s", path);
        rc = EXIT_FAILED;
    }
    if (f != stdin)
        fclose(f);
    return rc;
}

/* "smb1,signing" or "all" into a mask. */
static int parse_checks(const char *list, uint32_t *mask)
{
    size_t nchecks;
    const lm_audit_check *all = lm_audit_checks(&nchecks);
    char buf[512], *save = NULL;

    if (strlen(list) >= sizeof buf) {
        cli_error("--checks is too long");
        return EXIT_USAGE;
    }
    snprintf(buf, sizeof buf, "%s", list);
    *mask = 0;
    for (char *w = strtok_r(buf, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save)) {
        int i = lm_audit_check_index(w);
        if (strcmp(w, "all") == 0) {
            *mask = (1u << nchecks) - 1;
        } else if (i >= 0) {
            *mask |= 1u << i;
        } else {
            char known[512] = "", shown[128];
            for (size_t k = 0; k < nchecks; k++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", k ? ", " : "",
                         all[k].id);
            out_escape(shown, sizeof shown, w);
            cli_error("unknown check '%s'; use all or some of: %s", shown, known);
            return EXIT_USAGE;
        }
    }
    if (*mask == 0) {
        cli_error("--checks names no check");
        return EXIT_USAGE;
    }
    return EXIT_OK_;
}

static int parse_severity(const char *s, int *out)
{
    static const char *const names[] = {"low", "medium", "high"};

    for (int i = 0; i < 3; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = LM_AUDIT_LOW + i;
            return EXIT_OK_;
        }
    }
    cli_error("--fail-on takes high, medium or low, not '%s'", s);
    return EXIT_USAGE;
}

int check_audit(struct cli_call *c)
{
    const struct cli_values *files = cli_opt(c, "--hosts-file");
    const char *jobs = cli_value(c, "--jobs"), *checks = cli_value(c, "--checks");
    const char *fail_on = cli_value(c, "--fail-on");
    struct audit *a = calloc(1, sizeof *a);
    int rc = EXIT_OK_;

    if (a == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    c->state = a;
    a->mask = lm_audit_default_mask();
    a->fail_on = LM_AUDIT_HIGH;
    a->jobs = 64;
    if (c->g->host != NULL) {
        cli_error("audit takes its targets as arguments or from --hosts-file, not from -H");
        return EXIT_USAGE;
    }
    if (jobs != NULL) {
        char *e;
        long n = strtol(jobs, &e, 10);
        if (*jobs == '\0' || *e != '\0' || n < 1 || n > MAX_JOBS) {
            cli_error("--jobs takes a number from 1 to %d", MAX_JOBS);
            return EXIT_USAGE;
        }
        a->jobs = (int)n;
    }
    if (checks != NULL && (rc = parse_checks(checks, &a->mask)) != EXIT_OK_)
        return rc;
    if (fail_on != NULL && (rc = parse_severity(fail_on, &a->fail_on)) != EXIT_OK_)
        return rc;
    for (int i = 0; i < c->npos && rc == EXIT_OK_; i++)
        rc = add_word(a, c->pos[i]);
    for (int i = 0; i < files->count && rc == EXIT_OK_; i++)
        rc = read_hosts_file(a, files->v[i]);
    if (rc == EXIT_OK_ && a->n == 0) {
        cli_error("no target: give HOST[:PORT] arguments, A.B.C.D/N ranges or --hosts-file FILE");
        rc = EXIT_USAGE;
    }
    return rc;
}

static void progress(struct audit *a, const struct target *t)
{
    size_t done = atomic_fetch_add(&a->done, 1) + 1;

    pthread_mutex_lock(&a->lock);
    for (size_t i = 0; i < t->nf; i++)
        a->failed += t->f[i].result == LM_AUDIT_FAIL;
    if (a->progress) {
        fprintf(stderr, "\raudit: %zu/%zu targets, %zu failed findings", done, a->n, a->failed);
        if (done == a->n)
            fputs("\n", stderr);
        fflush(stderr);
    }
    pthread_mutex_unlock(&a->lock);
}

static void *worker(void *arg)
{
    struct audit *a = arg;
    size_t i;

    while ((i = atomic_fetch_add(&a->next, 1)) < a->n) {
        struct target *t = &a->t[i];
        lm_smb_options o = a->opt;

        o.port = t->port;
        if (lm_audit_host(t->host, &o, a->creds, a->mask, &t->f, &t->nf) != LM_OK)
            t->f = NULL, t->nf = 0;
        progress(a, t);
    }
    return NULL;
}

/* Runs min(jobs, targets) threads; the calling thread waits. */
static int run_pool(struct audit *a)
{
    size_t nthreads = (size_t)a->jobs < a->n ? (size_t)a->jobs : a->n, started = 0;
    pthread_t *th = calloc(nthreads, sizeof *th);
    pthread_attr_t attr;

    if (th == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, THREAD_STACK);
    for (; started < nthreads; started++) {
        if (pthread_create(&th[started], &attr, worker, a) != 0)
            break;
    }
    pthread_attr_destroy(&attr);
    if (started == 0)
        worker(a); /* no thread at all: audit in this one */
    for (size_t i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    return EXIT_OK_;
}

static const char *sarif_level(const lm_audit_finding *f)
{
    if (f->result != LM_AUDIT_FAIL)
        return "none";
    return f->severity == LM_AUDIT_HIGH ? "error" : f->severity == LM_AUDIT_MEDIUM ? "warning" : "note";
}

static void sarif_uri(FILE *f, const struct target *t)
{
    char uri[300];

    if (strchr(t->host, ':') != NULL) /* IPv6 */
        snprintf(uri, sizeof uri, "smb://[%s]:%u/", t->host, t->port ? t->port : 445);
    else
        snprintf(uri, sizeof uri, "smb://%s:%u/", t->host, t->port ? t->port : 445);
    out_json_string(f, uri);
}

/* SARIF 2.1.0 (OASIS): one run, one rule per check id (plus "unreachable"), one result per finding; a pass
 * is kind "pass", an unknown is kind "open", both with level "none" (SARIF 3.27.9, 3.27.10). */
static void print_sarif(const struct audit *a, FILE *f)
{
    size_t nchecks;
    const lm_audit_check *all = lm_audit_checks(&nchecks);
    bool first = true;

    fprintf(
        f,
        "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
        "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"lanman\", \"version\": \"%s\", "
        "\"informationUri\": \"https://github.com/lanman/lanman\",\n      \"rules\": [",
        lm_version_string());
    for (size_t i = 0; i <= nchecks; i++) {
        const char *id = i < nchecks ? all[i].id : LM_AUDIT_UNREACHABLE;
        const char *title = i < nchecks ? all[i].title : "the target could not be reached";
        fputs(i ? ",\n        {\"id\": " : "\n        {\"id\": ", f);
        out_json_string(f, id);
        fputs(", \"shortDescription\": {\"text\": ", f);
        out_json_string(f, title);
        fputs("}", f);
        if (i < nchecks) {
            fputs(", \"help\": {\"text\": ", f);
            out_json_string(f, all[i].remediation);
            fprintf(f, "}, \"properties\": {\"severity\": \"%s\"}", lm_audit_severity_name(all[i].severity));
        }
        fputs("}", f);
    }
    fputs("]}},\n    \"results\": [", f);
    for (size_t i = 0; i < a->n; i++) {
        const struct target *t = &a->t[i];
        for (size_t k = 0; k < t->nf; k++) {
            const lm_audit_finding *x = &t->f[k];
            int idx = lm_audit_check_index(x->check);
            fputs(first ? "\n      {\"ruleId\": " : ",\n      {\"ruleId\": ", f);
            first = false;
            out_json_string(f, x->check);
            fprintf(f, ", \"ruleIndex\": %d, \"kind\": \"%s\", \"level\": \"%s\", \"message\": {\"text\": ",
                    idx >= 0 ? idx : (int)nchecks,
                    x->result == LM_AUDIT_FAIL   ? "fail"
                    : x->result == LM_AUDIT_PASS ? "pass"
                                                 : "open",
                    sarif_level(x));
            out_json_string(f, x->detail);
            fputs("},\n       \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", f);
            sarif_uri(f, t);
            fputs("}}}],\n       \"properties\": {\"host\": ", f);
            out_json_string(f, t->label);
            fprintf(f, ", \"severity\": \"%s\", \"result\": \"%s\"}}", lm_audit_severity_name(x->severity),
                    lm_audit_result_name(x->result));
        }
    }
    fputs("\n    ]\n  }]\n}\n", f);
}

static int print_records(struct cli_call *c, const struct audit *a)
{
    static const char *const columns[] = {"Host", "Check", "Severity", "Result", "Detail", NULL};
    struct out o;

    cli_out_init(c->g, &o, OUT_TABLE);
    for (size_t i = 0; i < a->n; i++) {
        const struct target *t = &a->t[i];
        for (size_t k = 0; k < t->nf; k++) {
            out_rec(&o);
            out_str(&o, "Host", t->label);
            out_str(&o, "Check", t->f[k].check);
            out_str(&o, "Severity", lm_audit_severity_name(t->f[k].severity));
            out_str(&o, "Result", lm_audit_result_name(t->f[k].result));
            out_str(&o, "Detail", t->f[k].detail);
            out_str(&o, "Remediation", t->f[k].remediation);
        }
    }
    return cli_out_finish(c->g, &o, columns);
}

int cmd_audit(struct cli_call *c)
{
    struct audit *a = c->state;
    struct cli_creds cc;
    size_t unreachable = 0;
    bool failed = false;
    int rc;

    memset(&cc, 0, sizeof cc);
    if (c->g->user != NULL) {
        if ((rc = cli_credentials(c->g, &cc)) != EXIT_OK_)
            return rc;
        a->creds = &cc.creds;
    }
    cli_smb_options(c->g, 0, &a->opt);
    a->progress = a->n > 1 && plat_isatty(stderr);
    pthread_mutex_init(&a->lock, NULL);
    rc = run_pool(a);
    pthread_mutex_destroy(&a->lock);
    if (c->g->user != NULL)
        cli_credentials_free(&cc);
    a->creds = NULL;
    if (rc != EXIT_OK_)
        return rc;
    for (size_t i = 0; i < a->n; i++) {
        const struct target *t = &a->t[i];
        if (t->f == NULL) {
            cli_error("out of memory");
            return EXIT_FAILED;
        }
        unreachable += t->nf == 1 && strcmp(t->f[0].check, LM_AUDIT_UNREACHABLE) == 0;
        for (size_t k = 0; k < t->nf; k++)
            failed |= t->f[k].result == LM_AUDIT_FAIL && (int)t->f[k].severity >= a->fail_on;
    }
    if (c->g->format == OUT_SARIF) {
        print_sarif(a, stdout);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_error("cannot write the output");
            return EXIT_FAILED;
        }
    } else if ((rc = print_records(c, a)) != EXIT_OK_) {
        return rc;
    }
    if (unreachable == a->n)
        return EXIT_CONNECT;
    return failed ? EXIT_FAILED : EXIT_OK_;
}

void release_audit(struct cli_call *c)
{
    struct audit *a = c->state;

    if (a == NULL)
        return;
    for (size_t i = 0; i < a->n; i++) {
        free(a->t[i].label);
        lm_audit_findings_free(a->t[i].f);
    }
    free(a->t);
    free(a);
    c->state = NULL;
}
