/* config export: the whole configuration of the target as one XML document (lib/xml), to stdout or, with
 * -o FILE, into FILE atomically. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lanman/xml.h"
#include "output.h"

static lm_status stdout_write(void *ctx, const void *buf, size_t len)
{
    (void)ctx;
    return fwrite(buf, 1, len, stdout) == len ? LM_OK : LM_EIO;
}

int check_config_export(struct cli_call *c)
{
    /* The document is XML by its schema; no other format can say the same. */
    if (c->g->format >= 0 && c->g->format != OUT_XML) {
        cli_error("config export writes the XML document only (lanman-config.xsd): drop --format, or give "
                  "--format xml");
        return EXIT_USAGE;
    }
    if (cli_opt(c, "-o")->count + cli_opt(c, "--output")->count > 1) {
        cli_error("give -o FILE once; see 'lanman config export --help'");
        return EXIT_USAGE;
    }
    return EXIT_OK_;
}

int cmd_config_export(struct cli_call *c)
{
    const char *file = cli_value(c, "-o") != NULL ? cli_value(c, "-o") : cli_value(c, "--output");
    lm_error err;
    lm_status st;

    if (file != NULL && (file[0] == '\0' || strcmp(file, "-") == 0))
        file = NULL; /* -o - is stdout, as `get` has it */
    if (file != NULL) {
        st = lm_config_export_file(c->h, file);
    } else {
        st = lm_config_export(c->h, stdout_write, NULL);
    }
    err = *lm_host_error(c->h);
    if (file == NULL && st == LM_OK && fflush(stdout) != 0)
        st = lm_error_set(&err, LM_EIO, LM_RAW_NONE, 0, "cannot write the document to stdout");
    if (st != LM_OK)
        return cli_fail(file != NULL ? "config export" : NULL, &err);
    return EXIT_OK_;
}
