/* cmd_version.c - `botcopier version [--json]`. */
#include "tools/cli.h"

#include <stdio.h>
#include <string.h>

static int version_option(void *ctx, const char *name, const char *value)
{
    (void)name, (void)value;
    *(int *)ctx = 1; /* --json */
    return 0;
}

int cli_version(int argc, char **argv)
{
    static const cli_option version_options[] = {{"json", 0}, {NULL, 0}};
    int json = 0;
    int status = cli_parse_options("version", argc, argv, version_options,
                                   "usage: botcopier version [--json]\n"
                                   "Prints the library version; --json prints the build info "
                                   "object.\n",
                                   version_option, &json);
    if (status != 0)
        return status < 0 ? CLI_EXIT_OK : status;
    if (json)
        printf("%s\n", bc_build_info());
    else
        printf("botcopier %s (ABI %u)\n%s\n", bc_version_string(),
               (unsigned)bc_abi_version(), bc_build_info());
    return CLI_EXIT_OK;
}
