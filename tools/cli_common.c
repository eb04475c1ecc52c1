/* cli_common.c - error reporting shared by the botcopier subcommands. */
#include "tools/cli.h"

#include <getopt.h>
#include <stdlib.h>

#include <stdio.h>

int cli_fail(const char *command, const char *what, int32_t status)
{
    fprintf(stderr, "botcopier %s: %s: %s: %s\n", command, what,
            bc_status_string(status), bc_last_error());
    return CLI_EXIT_FAILURE;
}

int cli_parse_options(const char *command, int argc, char **argv, const cli_option *options,
                      const char *usage, int (*on_option)(void *ctx, const char *name,
                                                          const char *value),
                      void *ctx)
{
    int n = 0;
    while (options[n].name)
        n++;
    struct option *longs = calloc((size_t)n + 2, sizeof *longs);
    if (!longs) {
        fprintf(stderr, "botcopier %s: out of memory\n", command);
        return CLI_EXIT_FAILURE;
    }
    for (int i = 0; i < n; i++)
        longs[i] = (struct option){options[i].name,
                                   options[i].has_value ? required_argument : no_argument, NULL,
                                   256 + i};
    longs[n] = (struct option){"help", no_argument, NULL, 'h'};
    optind = 1;
    opterr = 0;
    int c, status = 0;
    while (status == 0 && (c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            status = -1;
        } else if (c >= 256 && c < 256 + n) {
            status = on_option(ctx, options[c - 256].name, options[c - 256].has_value ? optarg
                                                                                      : NULL);
        } else {
            status = cli_option_problem(command, argv[optind - 1],
                                        optopt >= 256 && optopt < 256 + n, usage);
        }
    }
    if (status == 0 && optind < argc) {
        fprintf(stderr, "botcopier %s: unexpected argument '%s'\n%s", command, argv[optind],
                usage);
        status = CLI_EXIT_USAGE;
    }
    free(longs);
    return status;
}

int cli_option_problem(const char *command, const char *arg, int missing_value, const char *usage)
{
    fprintf(stderr, "botcopier %s: %s '%s'\n%s", command,
            missing_value ? "missing value for option" : "unknown or ambiguous option", arg,
            usage);
    return CLI_EXIT_USAGE;
}
