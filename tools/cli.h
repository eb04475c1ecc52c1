/*
 * cli.h - what the botcopier subcommands share: the command table entry,
 * error reporting in one format, and the entry point of each subcommand.
 */
#ifndef BC_TOOLS_CLI_H
#define BC_TOOLS_CLI_H

#include "botcopier.h"

#include <stdint.h>

struct cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

/* Prints "botcopier <command>: <what>: <status name>: <last error>" to
 * stderr and returns the process exit code for a library failure (1). */
int cli_fail(const char *command, const char *what, int32_t status);

/* Exit codes shared by every subcommand. */
enum { CLI_EXIT_OK = 0, CLI_EXIT_FAILURE = 1, CLI_EXIT_USAGE = 2 };

int cli_version(int argc, char **argv);
int cli_gemm_smoke(int argc, char **argv);
/* data and features */

/* cloning */

/* export */
int cli_export(int argc, char **argv);


#endif
