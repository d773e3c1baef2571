/* Windows side of the CLI: UTF-16 arguments in, UTF-8 everywhere inside (lib/os/wide.h converts), and
 * platform.h with W APIs. The POSIX side is posix.c. */
#include <fcntl.h>
#include <io.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "cli.h"
#include "platform.h"
#include "wide.h"

int wmain(int argc, wchar_t **wargv);

/* Ctrl-C, Ctrl-Break and the console closing end lanman as they always would, but first remove the
 * temporary files of a download or export in progress (lanman/file.h), so that the target stays as it was.
 * The exit code is the POSIX build's: 130 for Ctrl-C and Ctrl-Break (SIGINT), 143 for a console that closes,
 * a logoff or a shutdown (SIGTERM). The handler runs on a thread of its own while the transfer goes on. */
static BOOL WINAPI on_console(DWORD event)
{
    lm_atomic_file_remove_pending();
    ExitProcess(event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT ? 130 : 143);
    return TRUE;
}

int wmain(int argc, wchar_t **wargv)
{
    char **argv = calloc((size_t)argc + 1, sizeof *argv);
    int rc;

    if (argv == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    for (int i = 0; i < argc; i++) {
        if ((argv[i] = lm__narrow(wargv[i])) == NULL) {
            cli_error("argument %d is not valid Unicode", i);
            return EXIT_USAGE;
        }
    }
    SetConsoleCtrlHandler(on_console, TRUE);
    SetConsoleOutputCP(CP_UTF8);
    /* Bytes out are exactly what lanman writes (CSV's CRLF, JSON's LF), never translated. */
    _setmode(_fileno(stdout), _O_BINARY);
    rc = lanman_main(argc, argv);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return rc;
}

bool plat_isatty(FILE *f)
{
    return _isatty(_fileno(f)) != 0;
}

int plat_term_width(void)
{
    CONSOLE_SCREEN_BUFFER_INFO info;

    if (!_isatty(_fileno(stdout)) || !GetConsoleScreenBufferInfo(GetStdHandle(STD_OUTPUT_HANDLE), &info))
        return 0;
    return info.srWindow.Right - info.srWindow.Left + 1;
}

#ifndef ENABLE_VIRTUAL_TERMINAL_PROCESSING
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#endif

bool plat_enable_color(void)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode;

    /* Windows 10 and later understand ANSI sequences once asked; older consoles would print them raw. */
    if (out == INVALID_HANDLE_VALUE || !GetConsoleMode(out, &mode))
        return false;
    return (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0 ||
           SetConsoleMode(out, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

char *plat_read_password(const char *prompt)
{
    HANDLE in = CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                            OPEN_EXISTING, 0, NULL);
    wchar_t line[512];
    DWORD mode, got = 0;
    char *out = NULL;

    if (in == INVALID_HANDLE_VALUE)
        return NULL;
    if (!GetConsoleMode(in, &mode)) {
        CloseHandle(in);
        return NULL;
    }
    fputs(prompt, stderr);
    fflush(stderr);
    SetConsoleMode(in, (mode & ~(DWORD)ENABLE_ECHO_INPUT) | ENABLE_LINE_INPUT);
    if (ReadConsoleW(in, line, (DWORD)(sizeof line / sizeof line[0]) - 1, &got, NULL)) {
        line[got] = L'\0';
        for (DWORD i = 0; i < got; i++) {
            if (line[i] == L'\r' || line[i] == L'\n') {
                line[i] = L'\0';
                break;
            }
        }
        out = lm__narrow(line);
    }
    SetConsoleMode(in, mode);
    CloseHandle(in);
    fputc('\n', stderr);
    plat_zero(line, sizeof line);
    return out;
}

enum plat_kind plat_file_kind(const char *path)
{
    wchar_t *w = lm__wide(path);
    DWORD attr;
    HANDLE h;
    DWORD type;

    if (w == NULL)
        return PLAT_MISSING;
    /* NUL, CON and friends are devices: no attributes worth trusting, but CreateFile says FILE_TYPE_CHAR. */
    h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        free(w);
        return PLAT_MISSING;
    }
    type = GetFileType(h);
    CloseHandle(h);
    attr = GetFileAttributesW(w);
    free(w);
    if (type == FILE_TYPE_CHAR || type == FILE_TYPE_PIPE)
        return PLAT_OTHER;
    if (attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY))
        return PLAT_DIR;
    return PLAT_REGULAR;
}

FILE *plat_fopen(const char *path, const char *mode)
{
    return lm__fopen(path, mode);
}

double plat_now(void)
{
    return (double)GetTickCount64() / 1000.0;
}

void plat_zero(void *p, size_t n)
{
    SecureZeroMemory(p, n);
}
