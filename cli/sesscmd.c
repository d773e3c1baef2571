/* session, file and server: who is connected to the Server service and what they hold open
 * (Get-SmbSession, Close-SmbSession, Get-SmbOpenFile, Close-SmbOpenFile), and what it says about itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

/* Servers answer these calls only to administrators: say so, and where. */
static int admin_fail(const struct cli_call *c)
{
    char advice[300];

    if (lm_host_error(c->h)->status != LM_EACCES)
        return cli_host_fail(c);
    snprintf(advice, sizeof advice, "this needs administrator rights on %s",
             c->g->host != NULL ? c->g->host : "this machine");
    return cli_fail_advice(NULL, lm_host_error(c->h), advice);
}

int cmd_session_list(struct cli_call *c)
{
    lm_session *list;
    size_t n;

    if (lm_session_list(c->h, cli_value(c, "--client"), cli_value(c, "--client-user"), &list, &n) != LM_OK)
        return admin_fail(c);
    for (size_t i = 0; i < n; i++)
        cli_session_record(c->out, &list[i]);
    lm_session_list_free(list, n);
    return EXIT_OK_;
}

int check_session_close(struct cli_call *c)
{
    if (!cli_flag(c, "--client-user") && !cli_flag(c, "--client")) {
        cli_error("session close needs --client-user USER or --client CLIENT (or both)");
        return EXIT_USAGE;
    }
    return EXIT_OK_;
}

int cmd_session_close(struct cli_call *c)
{
    return lm_session_close(c->h, cli_value(c, "--client"), cli_value(c, "--client-user")) == LM_OK
               ? EXIT_OK_
               : admin_fail(c);
}

int cmd_file_list(struct cli_call *c)
{
    lm_open_file *list;
    size_t n;

    if (lm_file_list(c->h, cli_value(c, "--path"), cli_value(c, "--client-user"), &list, &n) != LM_OK)
        return admin_fail(c);
    for (size_t i = 0; i < n; i++)
        cli_open_file_record(c->out, &list[i]);
    lm_file_list_free(list, n);
    return EXIT_OK_;
}

/* ID: the FileId 'file list' prints, a 32-bit number (MS-SRVS has no 64-bit file id). */
static int parse_file_id(const char *s, uint32_t *out)
{
    char *e;
    unsigned long long v;

    v = strtoull(s, &e, 10);
    if (*s < '0' || *s > '9' || *e != '\0' || v > 0xFFFFFFFFull) {
        cli_error("'%s' is not a FileId; use a number 'file list' shows (0 to 4294967295)", s);
        return EXIT_USAGE;
    }
    *out = (uint32_t)v;
    return EXIT_OK_;
}

int check_file_close(struct cli_call *c)
{
    uint32_t id;

    if ((c->npos == 1) == cli_flag(c, "--path")) {
        cli_error("file close needs an ID or --path PATH (not both)");
        return EXIT_USAGE;
    }
    return c->npos == 1 ? parse_file_id(c->pos[0], &id) : EXIT_OK_;
}

int cmd_file_close(struct cli_call *c)
{
    const char *path = cli_value(c, "--path");
    uint32_t id = 0;
    size_t closed;

    if (path != NULL)
        return lm_file_close_path(c->h, path, &closed) == LM_OK ? EXIT_OK_ : admin_fail(c);
    parse_file_id(c->pos[0], &id); /* checked */
    return lm_file_close(c->h, id) == LM_OK ? EXIT_OK_ : admin_fail(c);
}

int cmd_server_show(struct cli_call *c)
{
    lm_server_info *i;

    if (lm_server_show(c->h, &i) != LM_OK)
        return cli_host_fail(c);
    cli_server_record(c->out, i);
    lm_server_info_free(i);
    return EXIT_OK_;
}

int cmd_share_connections(struct cli_call *c)
{
    lm_connection *list;
    size_t n;

    if (lm_share_connections(c->h, c->pos[0], &list, &n) != LM_OK)
        return admin_fail(c);
    for (size_t i = 0; i < n; i++)
        cli_connection_record(c->out, &list[i]);
    lm_connection_list_free(list, n);
    return EXIT_OK_;
}
