/* rpctool: srvsvc operations against the fixture, for shares.sh to compare with smbclient -L.
 *
 *   rpctool enum LEVEL PREFMAX OUT   NetrShareEnum; writes "Type|name|comment" lines (smbclient -g form)
 *   rpctool enum-nested LEVEL PREFMAX OUT   the same as the shares arrive (lm__srvsvc_share_pages), with a
 *                                    NetrShareGetInfo 1005 on the same binding for the first share of each
 *                                    delivery, while the rest of the answer is still coming; prints how many
 *   rpctool add SPEC [EXPECT]        NetrShareAdd 502 for each "name<TAB>remark" line of SPEC
 *   rpctool get SPEC                 NetrShareGetInfo 502 for each line: name, remark and path must match
 *   rpctool del SPEC [EXPECT]        NetrShareDel for each line
 *
 * EXPECT is the status every call must give (OK, EEXIST, ENOENT, ...; default OK). Names travel in files,
 * not argv, so that UTF-8 survives Wine's ANSI command line. The path of every added share is the fixture
 * share's directory as C:\... (Samba maps it back). Prints the round trips of the session on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static char path[1024];

static const char *type_name(uint32_t t)
{
    switch (t & 7) {
    case 0:
        return "Disk";
    case 1:
        return "Printer";
    case 2:
        return "Device";
    case 3:
        return "IPC";
    default:
        return "Unknown";
    }
}

/* enum-nested: each delivery's lines, and a call on the binding the answer is coming on. */
struct nested {
    struct rpcx *x;
    FILE *f;
    unsigned calls;
};

static lm_status nested_fn(void *ctx, struct lm__srv_share *list, size_t n)
{
    struct nested *w = ctx;
    uint32_t flags;
    lm_status st;

    if ((st = lm__srvsvc_share_get_flags(w->x->r, NULL, list[0].info.name, &flags, &w->x->err)) != LM_OK)
        return st;
    w->calls++;
    for (size_t i = 0; i < n; i++)
        fprintf(w->f, "%s|%s|%s\n", type_name(list[i].info.type), list[i].info.name,
                list[i].info.remark != NULL ? list[i].info.remark : "");
    return LM_OK;
}

static int do_enum_nested(struct rpcx *x, int level, uint32_t pref, const char *out)
{
    struct nested w = {x, NULL, 0};
    lm_status st;

    if ((w.f = fopen(out, "wb")) == NULL) {
        fprintf(stderr, "rpctool: cannot write %s\n", out);
        return 1;
    }
    st = lm__srvsvc_share_pages(x->r, NULL, level, pref, nested_fn, &w, &x->err);
    fclose(w.f);
    if (st != LM_OK) {
        fprintf(stderr, "rpctool: enum-nested: %s\n", x->err.message);
        return 1;
    }
    printf("enum-nested: %u calls on the binding while the shares came\n", w.calls);
    return 0;
}

static int do_enum(struct rpcx *x, int level, uint32_t pref, const char *out)
{
    struct lm__srv_share *v = NULL;
    size_t n = 0;
    unsigned before = rpcx_round_trips(x);
    lm_status st = lm__srvsvc_share_enum(x->r, NULL, level, pref, &v, &n, &x->err);
    FILE *f;

    if (st != LM_OK) {
        fprintf(stderr, "rpctool: enum: %s\n", x->err.message);
        return 1;
    }
    printf("enum: %zu shares, %u round trips for the enumeration, %u since TCP connect\n", n,
           rpcx_round_trips(x) - before, rpcx_round_trips(x));
    if ((f = fopen(out, "wb")) == NULL) {
        fprintf(stderr, "rpctool: cannot write %s\n", out);
        lm__srv_share_list_free(v, n);
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s|%s|%s\n", type_name(v[i].info.type), v[i].info.name,
                v[i].info.remark != NULL ? v[i].info.remark : "");
    fclose(f);
    lm__srv_share_list_free(v, n);
    return 0;
}

static lm_status parse_expect(const char *s)
{
    static const lm_status all[] = {LM_OK, LM_EEXIST, LM_ENOENT, LM_EACCES, LM_ENAME, LM_EINVAL, LM_EPATH};

    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (strcmp(s, lm_err_name(all[i])) == 0)
            return all[i];
    }
    fprintf(stderr, "rpctool: unknown status name %s\n", s);
    exit(2);
}

static int each_line(struct rpcx *x, const char *cmd, const char *spec, lm_status expect)
{
    char line[1024];
    int bad = 0;
    FILE *f = fopen(spec, "rb");

    if (f == NULL) {
        fprintf(stderr, "rpctool: cannot read %s\n", spec);
        return 1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *name = line, *remark, *nl;
        lm_status st;

        if ((nl = strchr(line, '\n')) != NULL)
            *nl = '\0';
        if (*line == '\0')
            continue;
        remark = strchr(line, '\t');
        if (remark != NULL)
            *remark++ = '\0';
        else
            remark = "";
        if (strcmp(cmd, "add") == 0) {
            struct lm__srv_share_spec s = {0};
            s.name = name;
            s.path = path;
            s.remark = remark;
            s.max_uses = LM_SHARE_UNLIMITED;
            st = lm__srvsvc_share_add(x->r, NULL, 502, &s, &x->err);
        } else if (strcmp(cmd, "del") == 0) {
            st = lm__srvsvc_share_del(x->r, NULL, name, &x->err);
        } else {
            struct lm__srv_share sh;
            memset(&sh, 0, sizeof sh);
            st = lm__srvsvc_share_get(x->r, NULL, name, 502, &sh, &x->err);
            if (st == LM_OK && (strcmp(sh.info.name, name) != 0 || strcmp(sh.info.remark, remark) != 0 ||
                                strcmp(sh.info.path, path) != 0)) {
                fprintf(stderr, "rpctool: get '%s' gave name '%s' remark '%s' path '%s'\n", name,
                        sh.info.name, sh.info.remark, sh.info.path);
                bad = 1;
            }
            lm__srv_share_clear(&sh);
        }
        if (st != expect) {
            fprintf(stderr, "rpctool: %s '%s': %s, expected %s (%s)\n", cmd, name, lm_err_name(st),
                    lm_err_name(expect), st != LM_OK ? x->err.message : "");
            bad = 1;
        } else {
            printf("%s '%s': %s%s%s\n", cmd, name, lm_err_name(st), st != LM_OK ? ": " : "",
                   st != LM_OK ? x->err.message : "");
        }
    }
    fclose(f);
    return bad;
}

int main(int argc, char **argv)
{
    struct rpcx x;
    const char *why;
    int rc;

    if (argc < 3) {
        fprintf(stderr, "usage: rpctool enum|enum-nested LEVEL PREFMAX OUT | add|get|del SPEC [EXPECT]\n");
        return 2;
    }
    if ((why = fx_load()) != NULL) {
        printf("SKIP: %s\n", why);
        return 77;
    }
    snprintf(path, sizeof path, "C:%s", fx("LANMAN_TEST_SHARE_PATH"));
    for (char *p = path; *p != '\0'; p++) {
        if (*p == '/')
            *p = '\\';
    }
    if (rpcx_open(&x) != LM_OK) {
        fprintf(stderr, "rpctool: %s\n", x.err.message);
        rpcx_close(&x);
        return 1;
    }
    if (strcmp(argv[1], "enum") == 0 && argc == 5)
        rc = do_enum(&x, atoi(argv[2]), (uint32_t)strtoul(argv[3], NULL, 0), argv[4]);
    else if (strcmp(argv[1], "enum-nested") == 0 && argc == 5)
        rc = do_enum_nested(&x, atoi(argv[2]), (uint32_t)strtoul(argv[3], NULL, 0), argv[4]);
    else if (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "get") == 0 || strcmp(argv[1], "del") == 0)
        rc = each_line(&x, argv[1], argv[2], argc > 3 ? parse_expect(argv[3]) : LM_OK);
    else
        rc = 2;
    rpcx_close(&x);
    return rc;
}
