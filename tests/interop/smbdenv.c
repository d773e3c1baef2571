#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smbdenv.h"

#define MAX_VARS 32

static struct {
    char key[64];
    char value[512];
} vars[MAX_VARS];
static int nvars;

const char *lmt_smbd_skip(void)
{
    const char *smbd = getenv("LANMAN_SMBD");
    FILE *f;

    if (getenv("LANMAN_SMBD_ENV_FILE") == NULL)
        return "no smbd fixture: LANMAN_SMBD_ENV_FILE is not set (run through ctest)";
    f = smbd != NULL ? fopen(smbd, "rb") : NULL;
    if (f == NULL)
        return "smbd is not installed (scripts/deps.sh)";
    fclose(f);
    return NULL;
}

/* KEY=value or KEY='value' (the fixture never writes quotes inside values); other lines are ignored. */
static void parse_line(char *line)
{
    char *eq = strchr(line, '=');
    char *v;
    size_t n;

    if (eq == NULL || nvars == MAX_VARS || (size_t)(eq - line) >= sizeof vars[0].key ||
        strncmp(line, "LANMAN_", 7) != 0)
        return;
    *eq = '\0';
    v = eq + 1;
    n = strcspn(v, "\r\n");
    v[n] = '\0';
    if (n >= 2 && v[0] == '\'' && v[n - 1] == '\'') {
        v[n - 1] = '\0';
        v++;
    }
    if (strlen(v) >= sizeof vars[0].value)
        return;
    strcpy(vars[nvars].key, line);
    strcpy(vars[nvars].value, v);
    nvars++;
}

int lmt_smbd_init(void)
{
    const char *path = getenv("LANMAN_SMBD_ENV_FILE");
    char line[1024];
    FILE *f;

    nvars = 0;
    f = path != NULL ? fopen(path, "r") : NULL;
    if (f == NULL) {
        fprintf(stderr, "cannot read the smbd fixture's env file '%s': did interop.smbd.start run?\n",
                path != NULL ? path : "(unset)");
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL)
        parse_line(line);
    fclose(f);
    if (lmt_smbd_get("LANMAN_TEST_PORT") == NULL) {
        fprintf(stderr, "%s has no LANMAN_TEST_PORT\n", path);
        return -1;
    }
    return 0;
}

const char *lmt_smbd_get(const char *key)
{
    for (int i = 0; i < nvars; i++) {
        if (strcmp(vars[i].key, key) == 0)
            return vars[i].value;
    }
    return NULL;
}
