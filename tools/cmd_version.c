/* cmd_version.c - `botcopier version [--json]`. */
#include "tools/cli.h"

#include <stdio.h>
#include <string.h>

int cli_version(int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--help") == 0) {
            printf("usage: botcopier version [--json]\n"
                   "Prints the library version; --json prints the build info object.\n");
            return CLI_EXIT_OK;
        } else {
            fprintf(stderr, "botcopier version: unknown option '%s'\n", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    if (json)
        printf("%s\n", bc_build_info());
    else
        printf("botcopier %s (ABI %u)\n%s\n", bc_version_string(),
               (unsigned)bc_abi_version(), bc_build_info());
    return CLI_EXIT_OK;
}
