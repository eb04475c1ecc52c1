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

/* One long option of a command: its name without "--" and whether it
 * takes a value. */
typedef struct cli_option {
    const char *name;
    int has_value;
} cli_option;

/* Parses argv with getopt_long (so --opt=value, --opt value, unambiguous
 * abbreviations such as --thr for --threshold, and "--" ending the options
 * all behave as usual), calling on_option(ctx, name, value) for each option
 * in order (value NULL for flags); --help/-h prints usage to stdout. Unknown
 * options, missing values and stray arguments print "botcopier COMMAND:
 * ..." and the usage to stderr. on_option returns 0, or an exit code to
 * stop. Returns 0 to go on, CLI_EXIT_USAGE (or on_option's code) to stop
 * with it, or -1 after --help (the command exits with CLI_EXIT_OK). */
/* The message for an option getopt_long refused (missing_value: it needs a
 * value; else unknown or ambiguous) with the usage; returns CLI_EXIT_USAGE. */
int cli_option_problem(const char *command, const char *arg, int missing_value, const char *usage);

int cli_parse_options(const char *command, int argc, char **argv, const cli_option *options,
                      const char *usage, int (*on_option)(void *ctx, const char *name,
                                                          const char *value),
                      void *ctx);

int cli_version(int argc, char **argv);
int cli_gemm_smoke(int argc, char **argv);
/* data and features */

/* cloning */
int cli_clone(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_replay(int argc, char **argv);
int cli_hwinfo(int argc, char **argv);
int cli_features(int argc, char **argv);
int cli_explain(int argc, char **argv);
/* bc_model_explain's JSON in *json (malloc'ed) by the two-call pattern;
 * returns its status. And the rules as text on stdout. (cmd_explain.c) */
int cli_explain_json(const bc_model *model, const bc_bars *const *bars, const bc_trades *trades,
                     const char *const *symbols, int n_series, int max_depth, int min_support,
                     char **json);
void cli_print_rules(const char *json);
/* Shared by the cloning commands (tools/cli_clone_common.c): progress lines
 * from the library log on stderr unless quiet; readers that write rejected
 * rows to reject_dir/invalid_rows.csv; time and number options. Each returns
 * 0 or the exit code after printing the problem. */
void cli_progress(int quiet);
/* The same for a named command, through tools/cli_observe.h's sinks
 * ($BOTCOPIER_LOG); returns 0 or the usage exit code for a bad value. */
int cli_progress_for(const char *command, int quiet);
int cli_read_bars(const char *command, const char *path, const char *reject_dir, bc_bars **out);
int cli_read_trades(const char *command, const char *path, const char *reject_dir,
                    bc_trades **out);
int cli_parse_time(const char *command, const char *option, const char *text, int64_t *out);
int cli_parse_number(const char *command, const char *option, const char *text, double lo,
                     double hi, double *out);
int cli_format_time(int64_t t, char *buf, int32_t capacity);

/* export */
int cli_export(int argc, char **argv);

/* portfolio and services */
int cli_risk(int argc, char **argv);
int cli_graph(int argc, char **argv);
int cli_serve(int argc, char **argv);

/* model health (tools/cmd_monitor.c: drift, data quality, change detectors) */
int cli_monitor(int argc, char **argv);
/* model lifecycle: the training daemon and its operator commands
 * (tools/cmd_daemon.c, cmd_train_job.c, cmd_lifecycle.c) */
int cli_daemon(int argc, char **argv);
int cli_train_job(int argc, char **argv);
int cli_status(int argc, char **argv);
int cli_metrics(int argc, char **argv);
int cli_models(int argc, char **argv);
int cli_retrain(int argc, char **argv);
/* reinforcement learning (tools/cmd_rl.c) */
int cli_rl_train(int argc, char **argv);
int cli_rl_eval(int argc, char **argv);

/* reports (tools/cmd_report.c: runs the Python package's botcopier.report) */
int cli_report(int argc, char **argv);


#endif
