/* What the CLI needs from the OS, in posix.c and platform_win32.c; paths are UTF-8 on both. */
#ifndef LANMAN_CLI_PLATFORM_H
#define LANMAN_CLI_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum plat_kind { PLAT_MISSING, PLAT_REGULAR, PLAT_DIR, PLAT_OTHER };

/* POSIX: SIGINT, SIGTERM and SIGHUP remove the temporary files of a download or an export, then end the
 * process as the signal would (posix.c); main() installs this first. */
void plat_catch_signals(void);

bool plat_isatty(FILE *f);
int plat_term_width(void); /* columns of the terminal on stdout, 0 when not a terminal */

/* Makes ANSI colour sequences work on stdout (Windows: virtual terminal processing); false when they
 * cannot. */
bool plat_enable_color(void);

/* Reads a line from the terminal without echo, after printing prompt on stderr. malloc'd; NULL when there is
 * no terminal. */
char *plat_read_password(const char *prompt);

enum plat_kind plat_file_kind(const char *path);
FILE *plat_fopen(const char *path, const char *mode);

/* Monotonic seconds, for progress rates. */
double plat_now(void);

/* Overwrites a secret in a way the compiler keeps. */
void plat_zero(void *p, size_t n);

#endif
