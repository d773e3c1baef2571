# cmake -P build-msi.cmake: stages the files of the MSI under their installed names, builds it with wixl and
# adds what wixl cannot express. Run by the `msi` target (installer/CMakeLists.txt) with:
#   WIXL MSIBUILD    the msitools programs
#   GROFF            groff, to render the man page as plain text (only needed with MANPAGE)
#   WXS OUT STAGE    the configured WiX source, the .msi to write, a scratch folder
#   VERSION UPGRADE_CODE             the product's version and UpgradeCode, as in WXS
#   CLI_EXE LIB_DLL SCHEMA LICENSE   always installed
#   AGENT_EXE MANPAGE                installed when not empty (AGENT_CONF, the example configuration, with
#                                    AGENT_EXE)
cmake_minimum_required(VERSION 3.21)

foreach(v WIXL MSIBUILD WXS OUT STAGE VERSION UPGRADE_CODE CLI_EXE LIB_DLL SCHEMA LICENSE)
  if(NOT ${v})
    message(FATAL_ERROR "build-msi.cmake: ${v} is not set")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${STAGE} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    list(JOIN ARGN " " cmd)
    file(REMOVE ${OUT})
    message(FATAL_ERROR "build-msi.cmake: failed (${rc}): ${cmd}")
  endif()
endfunction()

# Text files for Windows: CRLF line ends, so that Notepad on any version shows them as lines.
function(write_crlf text dest)
  string(REPLACE "\r\n" "\n" text "${text}")
  string(REPLACE "\n" "\r\n" text "${text}")
  file(WRITE ${dest} "${text}")
endfunction()

file(REMOVE_RECURSE ${STAGE})
file(MAKE_DIRECTORY ${STAGE})
file(COPY_FILE ${CLI_EXE} ${STAGE}/lanman.exe)
file(COPY_FILE ${LIB_DLL} ${STAGE}/lanman.dll)
file(COPY_FILE ${SCHEMA} ${STAGE}/lanman-config.xsd)
file(READ ${LICENSE} _text)
write_crlf("${_text}" ${STAGE}/LICENSE.txt)

set(have_agent 0)
if(AGENT_EXE)
  file(COPY_FILE ${AGENT_EXE} ${STAGE}/lanman-agent.exe)
  file(READ ${AGENT_CONF} _text)
  write_crlf("${_text}" ${STAGE}/lanman-agent.conf.example)
  set(have_agent 1)
endif()

set(have_manual 0)
if(MANPAGE)
  if(NOT GROFF)
    message(FATAL_ERROR "build-msi.cmake: groff is needed to render ${MANPAGE} (Debian package groff-base)")
  endif()
  # -k: UTF-8 input through preconv; -Tascii -P-cbou: plain ASCII, no escapes, no overstriking; ascii.tmac
  # first, for the characters that have no ASCII glyph.
  execute_process(COMMAND ${GROFF} -k -man -Tascii -P-cbou ${CMAKE_CURRENT_LIST_DIR}/ascii.tmac ${MANPAGE}
    OUTPUT_VARIABLE _text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR _text STREQUAL "")
    message(FATAL_ERROR "build-msi.cmake: groff could not render ${MANPAGE}")
  endif()
  write_crlf("${_text}" ${STAGE}/lanman.txt)
  set(have_manual 1)
endif()

file(REMOVE ${OUT})
# wixl takes each Source relative to the folder it runs in (the stage).
run(${WIXL} --arch x64 -D HaveAgent=${have_agent} -D HaveManual=${have_manual}
    -o ${OUT} ${WXS})

# The system PATH: the Environment row WiX writes for <Environment Id="PATH" Name="PATH" Value="[INSTALLDIR]"
# Part="last" Action="set" System="yes" Permanent="no"/> in the component of lanman.exe ('=' set on install,
# '-' remove on uninstall, '*' system variable; "[~];" appends), imported as an .idt table, and the two
# standard actions at their standard places in InstallExecuteSequence.
file(WRITE ${STAGE}/Environment.idt
  "Environment\tName\tValue\tComponent_\n"
  "s72\tl255\tL255\ts72\n"
  "Environment\tEnvironment\n"
  "PATH\t=-*PATH\t[~];[INSTALLDIR]\tCmpCli\n")
run(${MSIBUILD} ${OUT} -i ${STAGE}/Environment.idt
  -q "INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('RemoveEnvironmentStrings', 3300)"
  -q "INSERT INTO `InstallExecuteSequence` (`Action`, `Sequence`) VALUES ('WriteEnvironmentStrings', 5200)")

# MajorUpgrade AllowSameVersionUpgrades="yes", which wixl lacks: the upgrade row includes its upper bound, the
# version being installed (Attributes 1 MigrateFeatures + 512 VersionMaxInclusive), so that another build of
# the same version (a new ProductCode) replaces the installed one instead of being registered beside it.
# Attributes is part of the table's key: the row is replaced, not updated.
run(${MSIBUILD} ${OUT}
  -q "DELETE FROM `Upgrade` WHERE `ActionProperty` = 'WIX_UPGRADE_DETECTED'"
  -q "INSERT INTO `Upgrade` (`UpgradeCode`, `VersionMax`, `Attributes`, `ActionProperty`) VALUES ('{${UPGRADE_CODE}}', '${VERSION}', 513, 'WIX_UPGRADE_DETECTED')")

# wixl writes Type="expandable" as a plain string: '#%' marks REG_EXPAND_SZ in the Registry table.
if(have_agent)
  run(${MSIBUILD} ${OUT}
    -q "UPDATE `Registry` SET `Value` = '#%[#FileAgent]' WHERE `Registry` = 'RegAgentEventFile'")
endif()

# The security of the agent's folder (the CreateFolder row of AGENTDATADIR, lanman.wxs.in): wixl has no
# Permission/PermissionEx element, so the MsiLockPermissionsEx row (Windows Installer 5.0) is imported as
# an .idt table. Its SDDL is AGENT_FOLDER_SDDL of service/agent_win32.h, which `lanman-agent install`
# applies: owner Administrators, full control for SYSTEM and Administrators (inherited by what is created in
# it), and a protected DACL, so nothing comes from %ProgramData%, where every user may create folders.
if(have_agent)
  file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/../service/agent_win32.h _sddl REGEX "define AGENT_FOLDER_SDDL")
  string(REGEX REPLACE ".*L\"([^\"]+)\".*" "\\1" _sddl "${_sddl}")
  string(REPLACE "\\;" ";" _sddl "${_sddl}") # file(STRINGS) escapes the list separator
  if(NOT _sddl MATCHES "^O:BAD:P")
    message(FATAL_ERROR "build-msi.cmake: no AGENT_FOLDER_SDDL in service/agent_win32.h")
  endif()
  file(WRITE ${STAGE}/MsiLockPermissionsEx.idt
    "MsiLockPermissionsEx\tLockObject\tTable\tSDDL\tCondition\n"
    "s72\ts72\ts32\ts0\tS255\n"
    "MsiLockPermissionsEx\tMsiLockPermissionsEx\n"
    "LockAgentData\tAGENTDATADIR\tCreateFolder\t${_sddl}\t\n")
  run(${MSIBUILD} ${OUT} -i ${STAGE}/MsiLockPermissionsEx.idt)
endif()
