/* cli_common.c - error reporting shared by the botcopier subcommands. */
#include "tools/cli.h"

#include <stdio.h>

int cli_fail(const char *command, const char *what, int32_t status)
{
    fprintf(stderr, "botcopier %s: %s: %s: %s\n", command, what,
            bc_status_string(status), bc_last_error());
    return CLI_EXIT_FAILURE;
}
