/* Who to be and how to connect: credentials and SMB options from the global options, shared by every
 * command that reaches a server. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "platform.h"

static void trace_line(void *ctx, const char *line)
{
    (void)ctx;
    cli_error("trace: %s", line); /* a trace quotes what the server sent */
}

void cli_smb_options(const struct cli *g, uint16_t port, lm_smb_options *o)
{
    memset(o, 0, sizeof *o);
    o->port = port;
    o->timeout_ms = g->timeout_s > 0 ? g->timeout_s * 1000 : 0;
    o->netbios = g->netbios;
    o->min_dialect = g->min_dialect;
    o->max_dialect = g->max_dialect;
    o->require_signing = g->require_signing;
    o->require_encryption = g->require_encryption;
    o->allow_guest = g->allow_guest;
    if (g->verbose)
        o->trace = trace_line;
}

void cli_trace_round_trips(const struct cli *g, const lm_smb_info *info)
{
    if (g->verbose)
        cli_error("trace: round trips: %u", info->round_trips);
}

/* The password: --password-file, LANMAN_PASSWORD, or a prompt on a terminal. Never argv. */
static char *get_password(const struct cli *g, const char *user)
{
    const char *env = getenv("LANMAN_PASSWORD");
    char line[1024], prompt[300];

    if (g->password_file != NULL) {
        FILE *f = plat_fopen(g->password_file, "rb");
        char *nl, *p;
        int e;
        if (f == NULL) {
            e = errno;
            cli_error("cannot read the password file '%s': %s", g->password_file, strerror(e));
            return NULL;
        }
        line[0] = '\0';
        if (fgets(line, sizeof line, f) == NULL && ferror(f)) {
            e = errno;
            fclose(f);
            cli_error("cannot read the password file '%s': %s", g->password_file, strerror(e));
            return NULL;
        }
        fclose(f);
        if ((nl = strpbrk(line, "\r\n")) != NULL)
            *nl = '\0';
        if (line[0] == '\0') { /* an empty password is never what a file was written for */
            cli_error("cannot use the password file '%s': the password file is empty", g->password_file);
            return NULL;
        }
        p = strdup(line);
        plat_zero(line, sizeof line);
        return p;
    }
    if (env != NULL)
        return strdup(env);
    if (plat_isatty(stdin)) {
        snprintf(prompt, sizeof prompt, "Password for %s: ", user);
        return plat_read_password(prompt);
    }
    cli_error("no password for '%s': set LANMAN_PASSWORD, use --password-file FILE, or run on a terminal",
              user);
    return NULL;
}

int cli_check_auth_target(const struct cli *g, const char *host)
{
    if (g->auth == LM_SMB_AUTH_KERBEROS && g->spn == NULL && host != NULL && lm_smb_is_address(host)) {
        cli_error(
            "Kerberos (-k) needs the server's name, not the address %s: connect by its DNS name, or give "
            "--spn cifs/NAME",
            host);
        return EXIT_USAGE;
    }
    return EXIT_OK_;
}

int cli_credentials(const struct cli *g, struct cli_creds *cc)
{
    const char *user = g->anonymous ? NULL : g->user, *sep;

    memset(cc, 0, sizeof *cc);
    cc->creds.auth = g->anonymous ? LM_SMB_AUTH_NTLM : (lm_smb_auth)g->auth; /* -N: a null session, NTLM's */
    cc->creds.spn = g->spn;
    /* No user: a null session, unless Kerberos may use the ticket cache (-k, or the automatic choice). */
    cc->anonymous = user == NULL && cc->creds.auth == LM_SMB_AUTH_NTLM;
    if (user == NULL)
        return EXIT_OK_;
    if ((sep = strpbrk(user, "\\/")) != NULL) {
        size_t n = (size_t)(sep - user);
        if (n >= sizeof cc->domain) {
            cli_error("domain name too long in '%s'", user);
            return EXIT_USAGE;
        }
        memcpy(cc->domain, user, n);
        cc->domain[n] = '\0';
        user = sep + 1;
    }
    if ((cc->password = get_password(g, g->user)) == NULL)
        return EXIT_USAGE;
    cc->creds.domain = cc->domain;
    cc->creds.user = user;
    cc->creds.password = cc->password;
    return EXIT_OK_;
}

void cli_credentials_free(struct cli_creds *cc)
{
    if (cc->password != NULL) {
        plat_zero(cc->password, strlen(cc->password));
        free(cc->password);
    }
    memset(cc, 0, sizeof *cc);
}
