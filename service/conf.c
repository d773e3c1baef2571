/* lanman-agent.conf: one `key = value` a line, `#` or `;` comment lines, parsed strictly. The format is
 * documented in service/README.md; every refusal names the file and the line. Portable: no OS headers. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"

#define LINE_MAX_ 4096

struct parse {
    struct agent_conf *c;
    const char *file;
    unsigned line;
    char *err;
    size_t errsize;
};

static bool fail(struct parse *p, const char *fmt, ...) LM_PRINTF(2, 3);

static bool fail(struct parse *p, const char *fmt, ...)
{
    va_list ap;
    int n = p->line > 0 ? snprintf(p->err, p->errsize, "%s:%u: ", p->file, p->line)
                        : snprintf(p->err, p->errsize, "%s: ", p->file);

    if (n < 0 || (size_t)n >= p->errsize)
        return false;
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->errsize - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

static bool dup_to(struct parse *p, char **dst, const char *v)
{
    free(*dst);
    if ((*dst = strdup(v)) == NULL)
        return fail(p, "out of memory");
    return true;
}

/* Relative paths are relative to the configuration file's directory: a service starts in system32 or /. */
static bool is_absolute(const char *s)
{
    bool drive = ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) && s[1] == ':' &&
                 (s[2] == '\\' || s[2] == '/');
    return s[0] == '/' || s[0] == '\\' || drive;
}

static bool set_path(struct parse *p, char **dst, const char *v)
{
    const char *slash = NULL;
    size_t dirlen;
    char *out;

    if (is_absolute(v))
        return dup_to(p, dst, v);
    for (const char *q = p->file; *q != '\0'; q++) {
        if (*q == '/' || *q == '\\')
            slash = q;
    }
    if (slash == NULL)
        return dup_to(p, dst, v);
    dirlen = (size_t)(slash - p->file) + 1;
    if ((out = malloc(dirlen + strlen(v) + 1)) == NULL)
        return fail(p, "out of memory");
    memcpy(out, p->file, dirlen);
    strcpy(out + dirlen, v);
    free(*dst);
    *dst = out;
    return true;
}

static bool parse_uint(const char *v, unsigned long max, unsigned long *out)
{
    unsigned long n = 0;

    if (*v == '\0')
        return false;
    for (; *v != '\0'; v++) {
        if (*v < '0' || *v > '9' || n > (max - (unsigned long)(*v - '0')) / 10)
            return false;
        n = n * 10 + (unsigned long)(*v - '0');
    }
    *out = n;
    return true;
}

static bool parse_bool(struct parse *p, const char *key, const char *v, bool *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"}, *const no[] = {"no", "false", "off", "0"};

    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcmp(v, yes[i]) == 0)
            return *out = true, true;
        if (strcmp(v, no[i]) == 0)
            return *out = false, true;
    }
    return fail(p, "%s must be yes or no, not '%s'", key, v);
}

static bool k_host(struct parse *p, const char *v)
{
    size_t colons = 0, n;

    if (strcmp(v, "local") == 0 || strcmp(v, ".") == 0) {
        free(p->c->server);
        p->c->server = NULL;
        return true;
    }
    while (v[0] == '\\' && v[1] == '\\')
        v += 2;
    for (const char *q = v; *q != '\0'; q++) {
        if (*q == ' ' || *q == '\t' || *q == '\\' || *q == '/')
            return fail(p, "host '%s' is not a server name or address", v);
        colons += *q == ':';
    }
    if (colons == 1)
        return fail(p, "host '%s': give the port as 'port = N'", v);
    n = strlen(v);
    if (v[0] == '[' && n > 2 && v[n - 1] == ']') {
        char inner[LINE_MAX_];
        memcpy(inner, v + 1, n - 2);
        inner[n - 2] = '\0';
        return dup_to(p, &p->c->server, inner);
    }
    if (n == 0)
        return fail(p, "host is empty");
    return dup_to(p, &p->c->server, v);
}

static bool k_port(struct parse *p, const char *v)
{
    unsigned long n;

    if (!parse_uint(v, 65535, &n) || n == 0)
        return fail(p, "port must be a number from 1 to 65535, not '%s'", v);
    p->c->port = (uint16_t)n;
    return true;
}

static bool k_user(struct parse *p, const char *v)
{
    const char *sep = strpbrk(v, "\\/");

    if (sep == NULL)
        return dup_to(p, &p->c->user, v);
    if (sep == v || sep[1] == '\0' || strpbrk(sep + 1, "\\/") != NULL)
        return fail(p, "user must be USER or DOMAIN\\USER, not '%s'", v);
    if (!dup_to(p, &p->c->user, sep + 1) || !dup_to(p, &p->c->domain, v))
        return false;
    p->c->domain[sep - v] = '\0';
    return true;
}

static bool k_password_file(struct parse *p, const char *v)
{
    return set_path(p, &p->c->password_file, v);
}

static bool k_keytab(struct parse *p, const char *v)
{
    return set_path(p, &p->c->keytab, v);
}

static bool k_baseline(struct parse *p, const char *v)
{
    return set_path(p, &p->c->baseline, v);
}

static bool k_drift_log(struct parse *p, const char *v)
{
    return set_path(p, &p->c->drift_log, v);
}

/* N, Ns, Nm or Nh; from 1 s to a day. */
static bool k_interval(struct parse *p, const char *v)
{
    char num[32];
    size_t n = strlen(v);
    unsigned long mult = 1, x;

    if (n > 0 && n < sizeof num && strchr("smh", v[n - 1]) != NULL) {
        mult = v[n - 1] == 's' ? 1 : v[n - 1] == 'm' ? 60 : 3600;
        n--;
    }
    if (n == 0 || n >= sizeof num)
        return fail(p, "interval must be seconds (or Nm, Nh) from 1 s to 24 h, not '%s'", v);
    memcpy(num, v, n);
    num[n] = '\0';
    if (!parse_uint(num, 86400, &x) || x == 0 || x * mult > 86400)
        return fail(p, "interval must be seconds (or Nm, Nh) from 1 s to 24 h, not '%s'", v);
    p->c->interval_s = (unsigned)(x * mult);
    return true;
}

static bool k_timeout(struct parse *p, const char *v)
{
    unsigned long n;

    if (!parse_uint(v, 3600, &n) || n == 0)
        return fail(p, "timeout must be seconds from 1 to 3600, not '%s'", v);
    p->c->timeout_s = (unsigned)n;
    return true;
}

static bool k_enforce(struct parse *p, const char *v)
{
    return parse_bool(p, "enforce", v, &p->c->enforce);
}

static bool k_prune(struct parse *p, const char *v)
{
    return parse_bool(p, "prune", v, &p->c->prune);
}

static bool k_require_signing(struct parse *p, const char *v)
{
    return parse_bool(p, "require_signing", v, &p->c->require_signing);
}

static bool k_require_encryption(struct parse *p, const char *v)
{
    return parse_bool(p, "require_encryption", v, &p->c->require_encryption);
}

/* A comma list of the parts a plan covers, as `lanman config apply --only`. */
static bool k_only(struct parse *p, const char *v)
{
    static const struct {
        const char *name;
        unsigned bit;
    } parts[] = {
        {"shares", LM_PLAN_SHARES}, {"parameters", LM_PLAN_PARAMETERS}, {"services", LM_PLAN_SERVICES}};
    unsigned bits = 0;

    for (const char *q = v;;) {
        size_t n = strcspn(q, ","), i;
        while (n > 0 && (*q == ' ' || *q == '\t'))
            q++, n--;
        while (n > 0 && (q[n - 1] == ' ' || q[n - 1] == '\t'))
            n--;
        for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
            if (strlen(parts[i].name) == n && strncmp(parts[i].name, q, n) == 0)
                break;
        }
        if (i == sizeof parts / sizeof parts[0])
            return fail(p, "only takes a comma list of shares, parameters, services; not '%.*s'", (int)n, q);
        bits |= parts[i].bit;
        q += strcspn(q, ",");
        if (*q == '\0')
            break;
        q++;
    }
    p->c->parts = bits;
    return true;
}

static bool k_log(struct parse *p, const char *v)
{
    if (strcmp(v, "stderr") == 0)
        p->c->log = AGENT_LOG_STDERR;
    else if (strcmp(v, "syslog") == 0)
        p->c->log = AGENT_LOG_SYSLOG;
    else if (strcmp(v, "both") == 0)
        p->c->log = AGENT_LOG_STDERR | AGENT_LOG_SYSLOG;
    else
        return fail(p, "log must be stderr, syslog or both, not '%s'", v);
    return true;
}

static const struct key {
    const char *name;
    bool (*set)(struct parse *p, const char *v);
} keys[] = {
    {"host", k_host},
    {"port", k_port},
    {"user", k_user},
    {"password_file", k_password_file},
    {"keytab", k_keytab},
    {"baseline", k_baseline},
    {"drift_log", k_drift_log},
    {"interval", k_interval},
    {"timeout", k_timeout},
    {"enforce", k_enforce},
    {"prune", k_prune},
    {"only", k_only},
    {"require_signing", k_require_signing},
    {"require_encryption", k_require_encryption},
    {"log", k_log},
};

enum { NKEYS = sizeof keys / sizeof keys[0] };

static size_t key_index(const char *name)
{
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(keys[i].name, name) == 0)
            return i;
    }
    return NKEYS;
}

static char *trim(char *s)
{
    size_t n;

    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static bool parse_line(struct parse *p, char *line, unsigned *seen)
{
    char *eq, *key, *val;
    size_t k;

    line = trim(line);
    if (*line == '\0' || *line == '#' || *line == ';')
        return true;
    if ((eq = strchr(line, '=')) == NULL)
        return fail(p, "expected 'key = value', not '%s'", line);
    *eq = '\0';
    key = trim(line);
    val = trim(eq + 1);
    if ((k = key_index(key)) == NKEYS)
        return fail(p, "unknown key '%s'", key);
    if (seen[k] != 0)
        return fail(p, "%s is set twice (first on line %u)", key, seen[k]);
    seen[k] = p->line;
    if (*val == '\0')
        return fail(p, "%s has no value", key);
    return keys[k].set(p, val);
}

/* The rules between keys, once the whole file is read. */
static bool check_whole(struct parse *p, const unsigned *seen)
{
    struct agent_conf *c = p->c;
    static const char *const remote_only[] = {
        "port", "user", "password_file", "keytab", "timeout", "require_signing", "require_encryption"};
    char why[AGENT_CONF_ERROR_MAX];
    char *pw;

    p->line = 0;
    if (c->baseline == NULL)
        return fail(p, "baseline is missing (the document from `lanman config export`)");
    if (c->drift_log == NULL)
        return fail(p, "drift_log is missing");
    if (c->server == NULL) {
        for (size_t i = 0; i < sizeof remote_only / sizeof remote_only[0]; i++) {
            unsigned line = seen[key_index(remote_only[i])];
            if (line != 0) {
                p->line = line;
                return fail(p, "%s is for a remote host; this configuration checks the local machine",
                            remote_only[i]);
            }
        }
    }
    if (c->keytab != NULL && c->password_file != NULL) {
        p->line = seen[key_index("keytab")];
        return fail(p, "keytab and password_file exclude each other: give one");
    }
    if (c->user != NULL && c->password_file == NULL && c->keytab == NULL) {
        p->line = seen[key_index("user")];
        return fail(p, "user needs password_file or keytab (the password is never in this file)");
    }
    if (c->password_file != NULL && c->user == NULL) {
        p->line = seen[key_index("password_file")];
        return fail(p, "password_file needs user");
    }
    /* Kerberos from the keytab: the principal is user, with its realm (USER@REALM or REALM\USER). */
    if (c->keytab != NULL && (c->user == NULL || (c->domain == NULL && strchr(c->user, '@') == NULL))) {
        p->line = seen[key_index("keytab")];
        return fail(p, "keytab needs user = USER@REALM (or REALM\\USER), the principal in the keytab");
    }
    if (c->password_file != NULL) {
        if ((pw = agent_read_password(c->password_file, why, sizeof why)) == NULL) {
            p->line = seen[key_index("password_file")];
            return fail(p, "%s", why);
        }
        agent_secret_free(pw);
    }
    return true;
}

bool agent_conf_load(const char *path, struct agent_conf *c, char *err, size_t errsize)
{
    struct parse p = {c, path, 0, err, errsize};
    unsigned seen[NKEYS] = {0};
    char line[LINE_MAX_ + 2];
    bool ok = true;
    FILE *f;

    memset(c, 0, sizeof *c);
    c->interval_s = 300;
    c->prune = true;
    c->parts = LM_PLAN_ALL;
    c->log = AGENT_LOG_STDERR;
    if ((c->path = strdup(path)) == NULL)
        return fail(&p, "out of memory");
    if ((f = agent_plat_fopen(path, "rb")) == NULL) {
        fail(&p, "cannot read the configuration file: %s", strerror(errno));
        agent_conf_free(c);
        return false;
    }
    while (ok && fgets(line, sizeof line, f) != NULL) {
        char *s = line;
        p.line++;
        if (strlen(line) > LINE_MAX_ && strchr(line, '\n') == NULL) {
            ok = fail(&p, "line longer than %d bytes", LINE_MAX_);
            break;
        }
        if (p.line == 1 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3; /* Notepad's UTF-8 BOM */
        ok = parse_line(&p, s, seen);
    }
    if (ok && ferror(f))
        ok = fail(&p, "read error");
    fclose(f);
    if (ok)
        ok = check_whole(&p, seen);
    if (!ok)
        agent_conf_free(c);
    return ok;
}

void agent_conf_free(struct agent_conf *c)
{
    free(c->path);
    free(c->server);
    free(c->domain);
    free(c->user);
    free(c->password_file);
    free(c->keytab);
    free(c->baseline);
    free(c->drift_log);
    memset(c, 0, sizeof *c);
}

char *agent_read_password(const char *path, char *err, size_t errsize)
{
    char line[1024], *out;
    FILE *f = agent_plat_fopen(path, "rb");
    size_t n;

    if (f == NULL) {
        snprintf(err, errsize, "cannot read password_file '%s': %s", path, strerror(errno));
        return NULL;
    }
    if (fgets(line, sizeof line, f) == NULL)
        line[0] = '\0';
    fclose(f);
    n = strcspn(line, "\r\n");
    line[n] = '\0';
    out = malloc(n + 1);
    if (out != NULL)
        memcpy(out, line, n + 1);
    else
        snprintf(err, errsize, "out of memory");
    agent_plat_zero(line, sizeof line);
    return out;
}

void agent_secret_free(char *s)
{
    if (s != NULL) {
        agent_plat_zero(s, strlen(s));
        free(s);
    }
}
