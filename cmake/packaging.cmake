# Packaging, included once from the top-level CMakeLists.txt after the product directories.
#   Windows (MinGW): the MSI, installer/ (target msi).
#   Linux: relocatable installs (`cmake --install --prefix DIR` anywhere) and a .deb with CPack
#     (`cpack -G DEB` in the build directory), whose Depends dpkg-shlibdeps computes.
if(WIN32)
  add_subdirectory(${PROJECT_SOURCE_DIR}/installer ${PROJECT_BINARY_DIR}/installer)
  return()
endif()

# The installed programs find liblanman beside them, in ../lib, wherever the prefix is; the library and the
# build tree are unchanged. Set once every directory has been read, so that it covers lanman-agent too
# whatever the order of the add_subdirectory lines.
function(_lanman_install_rpath)
  foreach(t lanman_cli lanman_agent)
    if(TARGET ${t})
      set_property(TARGET ${t} PROPERTY INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")
    endif()
  endforeach()
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL _lanman_install_rpath)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME lanman)
set(CPACK_PACKAGE_VENDOR "The lanman developers")
set(CPACK_PACKAGE_CONTACT "The lanman developers <lanman@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION "liblanman controls LanmanServer and LanmanWorkstation (services, registry \
configuration, shares) through the Service Control Manager on Windows and over SMB2 + DCE/RPC anywhere. \
lanman is its command-line tool, lanman-agent watches the configuration for drift.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libxml2 is loaded with dlopen (lib/xml/xmlapi.h), which dpkg-shlibdeps cannot see: named here, and the
# computed dependencies are added after it. So are MIT Kerberos' GSS-API and krb5 (lib/smb/krb5api.h), at
# the versions lib/smb found.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libxml2 (>= ${LIBXML2_VERSION_STRING})")
if(LANMAN_GSSAPI_krb5-gssapi_VERSION)
  string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libgssapi-krb5-2 (>= ${LANMAN_GSSAPI_krb5-gssapi_VERSION})"
         ", libkrb5-3 (>= ${LANMAN_GSSAPI_krb5_VERSION})")
endif()
# liblanman.so.N is in the package itself: a shlibs file for it, and the ldconfig trigger that goes with it.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
include(CPack)
