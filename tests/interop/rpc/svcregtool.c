/* svcregtool: svcctl and winreg operations against the fixture, for svcreg.sh to compare with what `net rpc
 * service list` and `net rpc registry enumerate` print.
 *
 *   svcregtool services OUT           every service as "name|display name"
 *   svcregtool values KEY OUT         every value of HKLM\KEY as "name|type|value": REG_SZ as its text,
 *                                     REG_DWORD in decimal, REG_BINARY as "N bytes", REG_MULTI_SZ empty
 *                                     (the forms net prints)
 *   svcregtool subkeys KEY OUT        every subkey name
 *   svcregtool create KEY             BaseRegCreateKey
 *   svcregtool set KEY NAME TYPE DATA TYPE sz|dword|multi|binary; DATA text, decimal, comma-separated
 *                                     strings, hex
 *   svcregtool delete KEY NAME [EXPECT]
 *
 * EXPECT is the status the call must give (OK, ENOENT, ...; default OK). ASCII names only: they travel in
 * argv. The password comes from the fixture's env file, never from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svcreg.h"

static int fail(struct svcreg *s, const char *what)
{
    fprintf(stderr, "svcregtool: %s: %s\n", what, s->x.err.message);
    return 1;
}

static void put_utf16(FILE *f, const uint8_t *p, size_t len)
{
    /* the text up to the first NUL; the fixture's values are ASCII */
    for (size_t i = 0; i + 1 < len && (p[i] != 0 || p[i + 1] != 0); i += 2)
        fputc(p[i + 1] == 0 ? p[i] : '?', f);
}

static int do_values(struct svcreg *s, const char *key, FILE *f)
{
    lm_reg_value *v = NULL;
    size_t n = 0;

    if (lm__winreg_key_values(s->r, key, &v, &n, &s->x.err) != LM_OK)
        return fail(s, "values");
    for (size_t i = 0; i < n; i++) {
        const char *type = lm_reg_type_name(v[i].type);

        fprintf(f, "%s|%s|", v[i].name, type != NULL ? type : "REG_OTHER");
        if (v[i].type == LM_REG_SZ)
            put_utf16(f, v[i].data, v[i].len);
        else if (v[i].type == LM_REG_DWORD && v[i].len == 4)
            fprintf(f, "%u",
                    (unsigned)(v[i].data[0] | v[i].data[1] << 8 | v[i].data[2] << 16 |
                               (uint32_t)v[i].data[3] << 24));
        else if (v[i].type == LM_REG_BINARY)
            fprintf(f, "%zu bytes", v[i].len);
        fputc('\n', f);
    }
    printf("values %s: %zu\n", key, n);
    lm_reg_list_free(v, n);
    return 0;
}

static int do_set(struct svcreg *s, const char *key, const char *name, const char *type, const char *text)
{
    uint8_t data[1024];
    size_t len = 0, tl = strlen(text);
    lm_reg_type t;

    if (tl > 200)
        return 2;
    if (strcmp(type, "dword") == 0) {
        unsigned long d = strtoul(text, NULL, 10);
        t = LM_REG_DWORD;
        for (int i = 0; i < 4; i++)
            data[len++] = (uint8_t)(d >> (8 * i));
    } else if (strcmp(type, "binary") == 0) {
        t = LM_REG_BINARY;
        for (size_t i = 0; i + 2 <= tl; i += 2) {
            unsigned b;
            if (sscanf(text + i, "%2x", &b) != 1)
                return 2;
            data[len++] = (uint8_t)b;
        }
    } else {
        t = strcmp(type, "multi") == 0 ? LM_REG_MULTI_SZ : LM_REG_SZ;
        for (size_t i = 0; i <= tl; i++) {
            data[len++] = (uint8_t)(t == LM_REG_MULTI_SZ && text[i] == ',' ? 0 : text[i]);
            data[len++] = 0;
        }
        if (t == LM_REG_MULTI_SZ) {
            data[len++] = 0;
            data[len++] = 0;
        }
    }
    if (lm__winreg_key_set(s->r, key, name, t, data, len, &s->x.err) != LM_OK)
        return fail(s, "set");
    printf("set %s\\%s (%s, %zu bytes)\n", key, name, type, len);
    return 0;
}

int main(int argc, char **argv)
{
    struct svcreg s;
    const char *why;
    FILE *out = NULL;
    bool svc;
    int rc = 2;

    if (argc < 2) {
        fprintf(stderr,
                "usage: svcregtool services OUT | values|subkeys KEY OUT | create KEY | set KEY NAME TYPE "
                "DATA | delete KEY NAME [EXPECT]\n");
        return 2;
    }
    if ((why = fx_load()) != NULL) {
        printf("SKIP: %s\n", why);
        return 77;
    }
    svc = strcmp(argv[1], "services") == 0;
    if (svc ? svcreg_open(&s, "svcctl", &lm__svcctl_iface) : svcreg_open(&s, "winreg", &lm__winreg_iface)) {
        fprintf(stderr, "svcregtool: %s\n", s.x.err.message);
        svcreg_close(&s);
        return 1;
    }
    if ((svc && argc == 3) ||
        ((strcmp(argv[1], "values") == 0 || strcmp(argv[1], "subkeys") == 0) && argc == 4)) {
        if ((out = fopen(argv[argc - 1], "wb")) == NULL) {
            fprintf(stderr, "svcregtool: cannot write %s\n", argv[argc - 1]);
            svcreg_close(&s);
            return 1;
        }
    }
    if (svc && out != NULL) {
        lm_service *v = NULL;
        size_t n = 0;

        rc = lm__svcctl_service_list(s.r, &v, &n, &s.x.err) != LM_OK ? fail(&s, "services") : 0;
        for (size_t i = 0; i < n; i++)
            fprintf(out, "%s|%s\n", v[i].name, v[i].display_name);
        printf("services: %zu\n", n);
        lm_service_list_free(v, n);
    } else if (strcmp(argv[1], "values") == 0 && out != NULL) {
        rc = do_values(&s, argv[2], out);
    } else if (strcmp(argv[1], "subkeys") == 0 && out != NULL) {
        char **k = NULL;
        size_t n = 0;

        rc = lm__winreg_key_subkeys(s.r, argv[2], &k, &n, &s.x.err) != LM_OK ? fail(&s, "subkeys") : 0;
        for (size_t i = 0; i < n; i++)
            fprintf(out, "%s\n", k[i]);
        lm__names_free(k, n);
    } else if (strcmp(argv[1], "create") == 0 && argc == 3) {
        rc = lm__winreg_key_create(s.r, argv[2], &s.x.err) != LM_OK ? fail(&s, "create") : 0;
    } else if (strcmp(argv[1], "set") == 0 && argc == 6) {
        rc = do_set(&s, argv[2], argv[3], argv[4], argv[5]);
    } else if (strcmp(argv[1], "delete") == 0 && (argc == 4 || argc == 5)) {
        lm_status st = lm__winreg_key_delete(s.r, argv[2], argv[3], &s.x.err);
        const char *want = argc == 5 ? argv[4] : "OK";

        rc = strcmp(lm_err_name(st), want) == 0 ? 0 : 1;
        printf("delete %s\\%s: %s%s%s\n", argv[2], argv[3], lm_err_name(st), st != LM_OK ? ": " : "",
               st != LM_OK ? s.x.err.message : "");
    }
    if (out != NULL)
        fclose(out);
    svcreg_close(&s);
    return rc;
}
