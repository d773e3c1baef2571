/* workstation show | users: the Workstation service's identity (NetWkstaGetInfo, as `net config
 * workstation` shows it) and the users logged on (NetWkstaUserEnum), with their records. */
#include <stdio.h>

#include "cli.h"
#include "output.h"

/* MS-WKST 2.2.5.1 wki100_platform_id (the PLATFORM_ID values of MS-SRVS 2.2.2.5). */
static const char *platform_name(uint32_t id)
{
    switch (id) {
    case 300:
        return "DOS";
    case 400:
        return "OS2";
    case 500:
        return "NT";
    case 600:
        return "OSF";
    case 700:
        return "VMS";
    default:
        return NULL;
    }
}

void cli_workstation_record(struct out *o, const lm_workstation *w)
{
    const char *platform = platform_name(w->platform_id);
    char version[32];

    snprintf(version, sizeof version, "%u.%u", (unsigned)w->version_major, (unsigned)w->version_minor);
    out_rec(o);
    out_str(o, "ComputerName", w->computer_name);
    out_str(o, "Domain", w->lan_group);
    if (platform != NULL)
        out_str(o, "Platform", platform);
    else
        out_num(o, "Platform", w->platform_id);
    out_str(o, "Version", version);
    if (w->level >= 101)
        out_str(o, "LanRoot", w->lan_root);
    if (w->level >= 102)
        out_num(o, "LoggedOnUsers", w->logged_on_users);
    out_num(o, "InfoLevel", (uint64_t)w->level);
}

void cli_workstation_user_record(struct out *o, const lm_workstation_user *u)
{
    out_rec(o);
    out_str(o, "UserName", u->user_name);
    out_str(o, "LogonDomain", u->logon_domain);
    out_str(o, "LogonServer", u->logon_server);
    out_str(o, "OtherDomains", u->other_domains);
}

/* Access denied: what it takes, on which machine (the contract: exit 5). */
static int fail(const struct cli_call *c)
{
    const lm_error *e = lm_host_error(c->h);
    char advice[300];

    if (e->status != LM_EACCES)
        return cli_host_fail(c);
    snprintf(advice, sizeof advice, "needs administrator rights on %s",
             c->g->host != NULL ? c->g->host : "this computer");
    return cli_fail_advice(NULL, e, advice);
}

int cmd_workstation_show(struct cli_call *c)
{
    lm_workstation *w;

    if (lm_workstation_get(c->h, &w) != LM_OK)
        return fail(c);
    cli_workstation_record(c->out, w);
    lm_workstation_free(w);
    return EXIT_OK_;
}

int cmd_workstation_users(struct cli_call *c)
{
    lm_workstation_user *list;
    size_t n;

    if (lm_workstation_users(c->h, &list, &n) != LM_OK)
        return fail(c);
    for (size_t i = 0; i < n; i++)
        cli_workstation_user_record(c->out, &list[i]);
    lm_workstation_user_list_free(list, n);
    return EXIT_OK_;
}
