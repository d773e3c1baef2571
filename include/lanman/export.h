/* Symbol visibility for liblanman. The library is built with hidden visibility; only LM_API symbols are
 * exported. Define LM_STATIC when linking the static archive (the unit tests do). */
#ifndef LANMAN_EXPORT_H
#define LANMAN_EXPORT_H

#if defined(LM_STATIC)
#define LM_API
#elif defined(_WIN32)
#if defined(LM_BUILDING_LIBRARY)
#define LM_API __declspec(dllexport)
#else
#define LM_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define LM_API __attribute__((visibility("default")))
#else
#define LM_API
#endif

#if defined(__MINGW32__)
/* The build defines __USE_MINGW_ANSI_STDIO, so printf is C99's, not msvcrt's. */
#define LM_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#elif defined(__GNUC__)
#define LM_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define LM_PRINTF(fmt, args)
#endif

#endif
