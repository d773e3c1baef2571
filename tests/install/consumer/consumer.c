/* A program outside the lanman tree, built against an installed liblanman: once with pkg-config, once
 * with find_package(lanman) (tests/install/linux.sh). It includes the whole public API and checks that the
 * library it runs with is the one its headers describe. */
#include <lanman/lanman.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    const char *version = lm_version_string();
    const char *message = lm_strerror(LM_EACCES);

    printf("consumer: liblanman %s, EACCES: %s (%s)\n", version, message, lm_err_name(LM_EACCES));
    if (lm_version() != LM_VERSION_HEX || strcmp(version, LM_VERSION_STRING) != 0) {
        fprintf(stderr, "consumer: headers say %s, library says %s\n", LM_VERSION_STRING, version);
        return 1;
    }
    if (strcmp(message, "access denied") != 0) {
        fprintf(stderr, "consumer: lm_strerror(LM_EACCES) = \"%s\"\n", message);
        return 1;
    }
    return 0;
}
