#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

static char keys[32][64], vals[32][512];
static int nvals = -1;
static char why[600];

const char *fx_load(void)
{
    const char *path = getenv("LANMAN_SMBD_ENV_FILE");
    char line[700];
    FILE *f;

    if (nvals >= 0)
        return NULL;
    if (path == NULL)
        return "LANMAN_SMBD_ENV_FILE is not set (run through ctest, with the smbd fixture)";
    if ((f = fopen(path, "r")) == NULL) {
        snprintf(why, sizeof why, "no fixture env file %s (smbd did not start?)", path);
        return why;
    }
    nvals = 0;
    while (nvals < 32 && fgets(line, sizeof line, f) != NULL) {
        char *eq = strchr(line, '='), *v, *end;
        if (eq == NULL || strncmp(line, "export", 6) == 0)
            continue;
        *eq = '\0';
        v = eq + 1;
        end = v + strcspn(v, "\r\n");
        *end = '\0';
        if (*v == '\'' && end > v + 1 && end[-1] == '\'') {
            v++;
            end[-1] = '\0';
        }
        if (strlen(line) >= sizeof keys[0] || strlen(v) >= sizeof vals[0])
            continue; /* not one of ours */
        strcpy(keys[nvals], line);
        strcpy(vals[nvals], v);
        nvals++;
    }
    fclose(f);
    return NULL;
}

const char *fx(const char *key)
{
    for (int i = 0; i < nvals; i++) {
        if (strcmp(keys[i], key) == 0)
            return vals[i];
    }
    return "";
}

unsigned short fx_port(void)
{
    return (unsigned short)atoi(fx("LANMAN_TEST_PORT"));
}
