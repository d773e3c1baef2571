/* POSIX side of the CLI: entry point and platform.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "platform.h"

/* SIGINT, SIGTERM and SIGHUP end lanman as they always would, but first remove the temporary files of a
 * download or export in progress, so that the target stays as it was. Only async-signal-safe calls: the
 * library's list of temporary files is lock-free (lanman/file.h). The signal is then raised again with its
 * default action, so that the process ends killed by it: a shell reports 128+N (130, 143, 129), and a
 * script's loop stops as it does for any command killed by Ctrl-C. */
static void on_signal(int sig)
{
    struct sigaction dfl;

    lm_atomic_file_remove_pending();
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig); /* delivered at once: the handler runs with SA_NODEFER */
    _exit(128 + sig);
}

void plat_catch_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};

    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa, old;

        /* A signal the caller ignores (nohup, a background job of a script) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_NODEFER;
        sigaction(sigs[i], &sa, NULL);
    }
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
