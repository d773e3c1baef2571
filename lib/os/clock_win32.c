/* The clock on Windows (clock.h): GetTickCount64() and Sleep(). */
#include <windows.h>

#include "os/clock.h"

int64_t lm__clock_now_ms(void)
{
    return (int64_t)GetTickCount64();
}

void lm__clock_sleep_ms(unsigned ms)
{
    Sleep(ms);
}
