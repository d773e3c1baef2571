/* config export: the whole configuration of the target as one XML document (lib/xml), to stdout or, with
 * -o FILE, into FILE atomically. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "lanman/xml.h"

static lm_status stdout_write(void *ctx, const void *buf, size_t len)
{
    (void)ctx;
    return fwrite(buf, 1, len, stdout) == len ? LM_OK : LM_EIO;
}

int cmd_config_export(struct cli *g, int argc, char **argv)
{
    struct opt opts[] = {{"-o", true, 0, {0}}, {"--output", true, 0, {0}}};
    const char *pos[1], *file = NULL;
    lm_host *h;
    lm_error err;
    lm_status st;
    int npos, rc;

    if ((rc = cli_parse_opts(argc, argv, opts, 2, pos, 0, &npos, NULL)) >= 0)
        return rc;
    if (opts[0].count + opts[1].count > 1) {
        cli_error("give -o FILE once; see 'lanman config export --help'");
        return EXIT_USAGE;
    }
    file = opts[0].count > 0 ? opts[0].values[0] : opts[1].count > 0 ? opts[1].values[0] : NULL;
    if (file != NULL && (file[0] == '\0' || strcmp(file, "-") == 0))
        file = NULL; /* -o - is stdout, as `get` has it */
    if ((rc = cli_open_host(g, &h)) != EXIT_OK_)
        return rc;
    if (file != NULL) {
        st = lm_config_export_file(h, file);
    } else {
        st = lm_config_export(h, stdout_write, NULL);
    }
    err = *lm_host_error(h);
    if (file == NULL && st == LM_OK && fflush(stdout) != 0)
        st = lm_error_set(&err, LM_EIO, LM_RAW_NONE, 0, "cannot write the document to stdout");
    lm_host_close(h);
    if (st != LM_OK)
        return cli_fail(file != NULL ? "config export" : NULL, &err);
    return EXIT_OK_;
}
