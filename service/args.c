/* The command line, the same on every platform; each platform file says what it accepts. */
#include <stdio.h>
#include <string.h>

#include "agent.h"

int agent_args_parse(int argc, char **argv, struct agent_args *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--config") == 0 || strcmp(s, "-c") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, AGENT_NAME ": %s needs a file name\n", s);
                return AGENT_EXIT_USAGE;
            }
            out->config = argv[++i];
        } else if (strncmp(s, "--config=", 9) == 0) {
            out->config = s + 9;
        } else if (strcmp(s, "--console") == 0) {
            out->console = true;
        } else if (strcmp(s, "--foreground") == 0) {
            out->foreground = true;
        } else if (strcmp(s, "--check-config") == 0) {
            out->check_config = true;
        } else if (strcmp(s, "--version") == 0) {
            out->version = true;
        } else if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            out->help = true;
        } else if (s[0] == '-' || out->command != NULL) {
            fprintf(stderr, AGENT_NAME ": unknown argument '%s' (see --help)\n", s);
            return AGENT_EXIT_USAGE;
        } else {
            out->command = s;
        }
    }
    return AGENT_EXIT_OK;
}

int agent_args_front(int argc, char **argv, const char *usage, struct agent_args *out)
{
    int rc = agent_args_parse(argc, argv, out);

    if (rc != AGENT_EXIT_OK)
        return rc;
    if (out->help) {
        fputs(usage, stdout);
        return AGENT_EXIT_OK;
    }
    if (out->version) {
        printf(AGENT_NAME " %s\n", lm_version_string());
        return AGENT_EXIT_OK;
    }
    return -1;
}
