/* The drift log: one JSON object a line (JSON Lines), appended. Portable: no OS headers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent.h"

struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
};

static void put(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->oom = true;
            return;
        }
        b->p = p, b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void puts_(struct sbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* A JSON string (RFC 8259): quote, backslash and every control character escaped. The library's strings
 * are UTF-8 already (converted from UTF-16 at the Win32 and wire boundaries), so other bytes pass. */
static void put_json(struct sbuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const char *run = s;

    put(b, "\"", 1);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        put(b, run, (size_t)(s - run));
        run = s + 1;
        if (c == '"' || c == '\\') {
            esc[1] = (char)c, esc[2] = 0;
        } else if (c == '\n' || c == '\t' || c == '\r') {
            esc[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
            esc[2] = 0;
        }
        puts_(b, esc);
    }
    put(b, run, (size_t)(s - run));
    put(b, "\"", 1);
}

static void field(struct sbuf *b, const char *name, const char *value)
{
    put(b, ",\"", 2);
    puts_(b, name);
    put(b, "\":", 2);
    if (value == NULL)
        puts_(b, "null");
    else
        put_json(b, value);
}

char *agent_drift_line(const struct agent_drift_rec *r, int64_t t)
{
    struct sbuf b = {0};
    time_t tt = (time_t)t;
    struct tm *tm = gmtime(&tt); /* the agent is one thread; the platforms' gmtime is safe enough */
    char when[40];

    if (tm == NULL || strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", tm) == 0)
        strcpy(when, "1970-01-01T00:00:00Z");
    puts_(&b, "{\"time\":\"");
    puts_(&b, when);
    put(&b, "\"", 1);
    field(&b, "event", r->event);
    field(&b, "host", r->host);
    field(&b, "kind", r->kind);
    field(&b, "object", r->object);
    field(&b, "expected", r->expected);
    field(&b, "actual", r->actual);
    if (r->error != NULL)
        field(&b, "error", r->error);
    put(&b, "}\n", 2);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

bool agent_drift_append(const char *path, const struct agent_drift_rec *r, char *err, size_t errsize)
{
    char *line = agent_drift_line(r, (int64_t)time(NULL));
    size_t n;
    FILE *f;
    bool ok;

    if (line == NULL) {
        snprintf(err, errsize, "out of memory");
        return false;
    }
    n = strlen(line);
    if ((f = agent_plat_fopen(path, "ab")) == NULL) {
        snprintf(err, errsize, "cannot open the drift log '%s': %s", path, strerror(errno));
        free(line);
        return false;
    }
    /* One write of the whole line, so that readers (and O_APPEND) never see half a record. */
    setvbuf(f, NULL, _IOFBF, n + 1);
    ok = fwrite(line, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        snprintf(err, errsize, "cannot write the drift log '%s': %s", path, strerror(errno));
    free(line);
    return ok;
}
