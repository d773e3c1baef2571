/* Shared by the svcctl and winreg interop suites and svcregtool: a session to the fixture (common.h) with one
 * more pipe bound, and the service names the fixture's smb.conf lists in "svcctl list". */
#ifndef LANMAN_TEST_RPC_SVCREG_H
#define LANMAN_TEST_RPC_SVCREG_H

#include <stdio.h>
#include <string.h>

#include "common.h"
#include "rpc/svcctl.h"
#include "rpc/winreg.h"

struct svcreg {
    struct rpcx x;
    struct lm__rpc *r; /* the svcctl or winreg pipe */
};

/* Logs on and binds iface on its pipe ("svcctl", "winreg"). LM_OK or the failing status (x.err). */
static inline lm_status svcreg_open(struct svcreg *s, const char *pipe, const struct lm__rpc_iface *iface)
{
    lm_status st;

    s->r = NULL;
    if ((st = rpcx_open(&s->x)) != LM_OK)
        return st;
    return lm__rpc_open(s->x.ipc, pipe, iface, &s->r, &s->x.err);
}

static inline void svcreg_close(struct svcreg *s)
{
    lm__rpc_close(s->r);
    rpcx_close(&s->x);
}

/* The first name of "svcctl list = ..." in the fixture's smb.conf into out ("" when there is none). */
static inline void svcreg_svcctl_name(char *out, size_t n)
{
    char line[512];
    FILE *f = fopen(fx("LANMAN_TEST_CONF"), "r");

    *out = '\0';
    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL) {
        char *p = strstr(line, "svcctl list =");

        if (p != NULL && sscanf(p + strlen("svcctl list ="), "%127s", line) == 1 && strlen(line) < n) {
            strcpy(out, line);
            break;
        }
    }
    fclose(f);
}

#endif
