/* The clock: a monotonic time in milliseconds and a sleep, for deadlines and for portable code that polls
 * (the socket calls here, lib/smb's deadlines that span several calls, the service state waits in
 * lib/host/service.c). POSIX in clock_posix.c, Windows in clock_win32.c; CMake picks the file. */
#ifndef LM_OS_CLOCK_H
#define LM_OS_CLOCK_H

#include <stdint.h>

/* Milliseconds on a monotonic clock (CLOCK_MONOTONIC, GetTickCount64); only differences mean anything. */
int64_t lm__clock_now_ms(void);

/* Sleeps ms milliseconds (a signal does not cut it short). */
void lm__clock_sleep_ms(unsigned ms);

#endif
