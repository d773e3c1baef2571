/* share access, grant, revoke, block, unblock: a share's permissions entry by entry, as
 * Get-/Grant-/Revoke-/Block-/Unblock-SmbShareAccess. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "output.h"

int cmd_share_access(struct cli_call *c)
{
    lm_share_access *list;
    size_t n;

    if (lm_share_access_list(c->h, c->pos[0], &list, &n) != LM_OK)
        return cli_host_fail(c);
    for (size_t i = 0; i < n; i++)
        cli_share_access_record(c->out, &list[i]);
    lm_share_access_list_free(list, n);
    return EXIT_OK_;
}

static const struct share_right {
    const char *name;
    lm_share_right r;
} share_rights[] = {{"full", LM_SHARE_FULL}, {"change", LM_SHARE_CHANGE}, {"read", LM_SHARE_READ}};

int check_share_grant(struct cli_call *c)
{
    const char *right = cli_value(c, "--right");

    for (size_t i = 0; i < sizeof share_rights / sizeof share_rights[0]; i++) {
        if (strcmp(right, share_rights[i].name) == 0) {
            c->state = (void *)&share_rights[i];
            return EXIT_OK_;
        }
    }
    cli_error("unknown share right '%s'; use full, change or read", right);
    return EXIT_USAGE;
}

static int change(struct cli_call *c, lm_share_access_op op, lm_share_right right)
{
    const lm_error *e;
    char advice[300];

    if (lm_share_access_change(c->h, c->pos[0], op, cli_value(c, "--account"), right) == LM_OK)
        return EXIT_OK_;
    e = lm_host_error(c->h);
    if (e->status != LM_EACCES)
        return cli_host_fail(c);
    snprintf(advice, sizeof advice, "changing share permissions needs administrator rights on %s",
             c->g->host != NULL ? c->g->host : "this machine");
    return cli_fail_advice(NULL, e, advice);
}

int cmd_share_grant(struct cli_call *c)
{
    const struct share_right *r = c->state;

    return change(c, LM_SHARE_ACCESS_GRANT, r->r);
}

int cmd_share_revoke(struct cli_call *c)
{
    return change(c, LM_SHARE_ACCESS_REVOKE, LM_SHARE_READ);
}

int cmd_share_block(struct cli_call *c)
{
    return change(c, LM_SHARE_ACCESS_BLOCK, LM_SHARE_FULL);
}

int cmd_share_unblock(struct cli_call *c)
{
    return change(c, LM_SHARE_ACCESS_UNBLOCK, LM_SHARE_FULL);
}
