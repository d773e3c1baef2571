/* Windows entry point: UTF-16 arguments in, UTF-8 everywhere inside, UTF-8 on the console. */
#include <stdlib.h>
#include <windows.h>

#include "cli.h"

int wmain(int argc, wchar_t **wargv);

int wmain(int argc, wchar_t **wargv)
{
    char **argv = calloc((size_t)argc + 1, sizeof *argv);
    int rc;

    if (argv == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    for (int i = 0; i < argc; i++) {
        int n = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, wargv[i], -1, NULL, 0, NULL, NULL);
        argv[i] = n > 0 ? malloc((size_t)n) : NULL;
        if (argv[i] == NULL ||
            WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, wargv[i], -1, argv[i], n, NULL, NULL) != n) {
            cli_error("argument %d is not valid Unicode", i);
            return EXIT_USAGE;
        }
    }
    SetConsoleOutputCP(CP_UTF8);
    rc = lanman_main(argc, argv);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return rc;
}
