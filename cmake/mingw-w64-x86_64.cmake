# Cross-compiling for 64-bit Windows with Debian's MinGW-w64; tests run under Wine.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(_lm_host x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${_lm_host}-gcc)
set(CMAKE_RC_COMPILER ${_lm_host}-windres)

# ctest runs every .exe test through Wine.
find_program(LANMAN_WINE wine)
if(LANMAN_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${LANMAN_WINE})
endif()

# libxml2 and CUnit come from cmake/mingw-deps.sh, which builds them into a cached prefix and points
# mingw-current at it. LANMAN_MINGW_DEPS (cache or environment) overrides.
if(NOT LANMAN_MINGW_DEPS)
  if(DEFINED ENV{LANMAN_MINGW_DEPS})
    set(LANMAN_MINGW_DEPS $ENV{LANMAN_MINGW_DEPS})
  elseif(DEFINED ENV{XDG_CACHE_HOME})
    set(LANMAN_MINGW_DEPS $ENV{XDG_CACHE_HOME}/lanman/mingw-current)
  else()
    set(LANMAN_MINGW_DEPS $ENV{HOME}/.cache/lanman/mingw-current)
  endif()
endif()
set(LANMAN_MINGW_DEPS ${LANMAN_MINGW_DEPS} CACHE PATH "Prefix with the MinGW builds of libxml2 and CUnit")

set(CMAKE_FIND_ROOT_PATH /usr/${_lm_host} ${LANMAN_MINGW_DEPS})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
