/* POSIX side of the CLI: entry point and platform.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "platform.h"

int main(int argc, char **argv)
{
    return lanman_main(argc, argv);
}

bool plat_isatty(FILE *f)
{
    return isatty(fileno(f)) == 1;
}

int plat_term_width(void)
{
    struct winsize ws;

    if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0)
        return 0;
    return ws.ws_col;
}

bool plat_enable_color(void)
{
    const char *term = getenv("TERM");

    return term == NULL || strcmp(term, "dumb") != 0; /* any terminal but a dumb one takes ANSI colours */
}

char *plat_read_password(const char *prompt)
{
    struct termios old, quiet;
    char line[1024], *nl, *out;
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    FILE *tty;

    if (fd < 0)
        return NULL;
    tty = fdopen(fd, "r+");
    if (tty == NULL) {
        close(fd);
        return NULL;
    }
    if (tcgetattr(fd, &old) != 0) {
        fclose(tty);
        return NULL;
    }
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    quiet.c_lflag |= ICANON;
    fputs(prompt, stderr);
    fflush(stderr);
    tcsetattr(fd, TCSAFLUSH, &quiet);
    out = fgets(line, sizeof line, tty);
    tcsetattr(fd, TCSAFLUSH, &old);
    fputc('\n', stderr);
    fclose(tty);
    if (out == NULL) {
        plat_zero(line, sizeof line);
        return NULL;
    }
    if ((nl = strpbrk(line, "\r\n")) != NULL)
        *nl = '\0';
    out = strdup(line);
    plat_zero(line, sizeof line);
    return out;
}

enum plat_kind plat_file_kind(const char *path)
{
    struct stat st;

    if (stat(path, &st) != 0)
        return PLAT_MISSING;
    if (S_ISREG(st.st_mode))
        return PLAT_REGULAR;
    if (S_ISDIR(st.st_mode))
        return PLAT_DIR;
    return PLAT_OTHER;
}

FILE *plat_fopen(const char *path, const char *mode)
{
    return fopen(path, mode);
}

FILE *plat_temp_beside(const char *target, char **tmp)
{
    size_t n = strlen(target);
    char *path = malloc(n + sizeof ".lanman-XXXXXX");
    int fd;
    FILE *f;

    if (path == NULL)
        return NULL;
    memcpy(path, target, n);
    memcpy(path + n, ".lanman-XXXXXX", sizeof ".lanman-XXXXXX");
    fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    f = fdopen(fd, "wb");
    if (f == NULL) {
        close(fd);
        unlink(path);
        free(path);
        return NULL;
    }
    *tmp = path;
    return f;
}

int plat_rename_replace(const char *from, const char *to)
{
    return rename(from, to);
}

int plat_remove(const char *path)
{
    return unlink(path);
}

double plat_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void plat_zero(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n-- > 0)
        *v++ = 0;
}
