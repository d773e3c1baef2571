/* Shared by the Windows files of lanman-agent: service_win32.c (the service) and trust_win32.c (file
 * security). UTF-8 <-> UTF-16 is lib/os/wide.h's (lanman_wide). */
#ifndef LANMAN_AGENT_AGENT_WIN32_H
#define LANMAN_AGENT_AGENT_WIN32_H

#include <windows.h>

#include <stdbool.h>
#include <stddef.h>

/* The system's text for a Win32 error, one line, into buf ("... (Win32 error N)"). Returns buf. */
const char *agent_win32_text(DWORD code, char *buf, size_t size);

/* The security of the agent's folder (%ProgramData%\lanman), as `lanman-agent install` and the MSI
 * (installer/build-msi.cmake, the MsiLockPermissionsEx table) set it: owned by Administrators, full control
 * for SYSTEM and Administrators, inherited by what is created in it, and nothing from %ProgramData%. */
#define AGENT_FOLDER_SDDL L"O:BAD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"

/* Creates dir with AGENT_FOLDER_SDDL, or gives an existing folder that security when a trusted account
 * (SYSTEM, Administrators, TrustedInstaller, the caller) owns it. Refuses a folder someone else owns, or a
 * link, since what is in it may have been planted. Prints what it did on stdout, or why not on stderr. */
bool agent_secure_folder(const wchar_t *dir);

#endif
