/* Shared by the CLI's output tests. */
#ifndef LANMAN_TEST_CLI_RENDER_H
#define LANMAN_TEST_CLI_RENDER_H

#include "output.h"

/* Prints o through a temporary file and returns the text (malloc'd); out_print() must return 0. */
char *test_render(struct out *o, const char *const *columns);

#endif
