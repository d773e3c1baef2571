/* The entry point of lanman on POSIX systems (on Windows: wmain in platform_win32.c, which converts argv to
 * UTF-8). */
#include "cli.h"
#include "platform.h"

int main(int argc, char **argv)
{
    plat_catch_signals();
    return lanman_main(argc, argv);
}
