/* cli_clone_common.c - what the cloning subcommands share: progress lines
 * from the library's log on stderr (silenced by --quiet), reading inputs
 * with their rejected rows written to invalid_rows.csv, parsing times. */
#include "tools/cli.h"
#include "tools/cli_observe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_progress_for(const char *command, int quiet)
{
    /* $BOTCOPIER_LOG (journal, jsonl:PATH, auto) wins over stderr; quiet
     * keeps errors only. */
    return cli_log_open(command, NULL, NULL, quiet ? BC_LOG_ERROR : BC_LOG_INFO);
}

void cli_progress(int quiet)
{
    if (quiet)
        bc_log_set(NULL, NULL, BC_LOG_ERROR);
    else
        cli_progress_for("botcopier", 0);
}

/* invalid_rows.csv goes next to `beside` (a file path), or in the current
 * directory when beside is NULL or has no directory part. */
static int write_rejects(const char *command, const char *input, bc_rejects *rejects,
                         const char *dir)
{
    if (!rejects || bc_rejects_count(rejects) == 0)
        return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s%sinvalid_rows.csv", dir ? dir : "", dir && *dir ? "/" : "");
    int32_t rc = bc_rejects_write_csv(rejects, path);
    if (rc != BC_OK)
        return cli_fail(command, path, rc);
    fprintf(stderr, "botcopier %s: %s: %lld rows rejected, listed in %s\n", command, input,
            (long long)bc_rejects_total(rejects), path);
    return 0;
}

int cli_read_bars(const char *command, const char *path, const char *reject_dir, bc_bars **out)
{
    bc_rejects *rejects = NULL;
    int32_t rc = bc_bars_read_csv(path, out, &rejects);
    int status = rc == BC_OK ? write_rejects(command, path, rejects, reject_dir)
                             : cli_fail(command, path, rc);
    bc_rejects_free(rejects);
    return status;
}

int cli_read_trades(const char *command, const char *path, const char *reject_dir, bc_trades **out)
{
    bc_rejects *rejects = NULL;
    int32_t rc = bc_trades_read_csv(path, out, &rejects);
    int status = rc == BC_OK ? write_rejects(command, path, rejects, reject_dir)
                             : cli_fail(command, path, rc);
    bc_rejects_free(rejects);
    return status;
}

int cli_parse_time(const char *command, const char *option, const char *text, int64_t *out)
{
    int32_t rc = bc_time_parse(text, out);
    if (rc != BC_OK) {
        fprintf(stderr, "botcopier %s: %s '%s': %s\n", command, option, text, bc_last_error());
        return CLI_EXIT_USAGE;
    }
    return 0;
}

int cli_parse_number(const char *command, const char *option, const char *text, double lo,
                     double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || errno == ERANGE || !(v >= lo && v <= hi)) {
        fprintf(stderr, "botcopier %s: %s '%s' must be a number in [%g, %g]\n", command, option,
                text, lo, hi);
        return CLI_EXIT_USAGE;
    }
    *out = v;
    return 0;
}

int cli_format_time(int64_t t, char *buf, int32_t capacity)
{
    int32_t len = 0;
    if (bc_time_format(t, BC_TIME_MT4, buf, capacity, &len) != BC_OK)
        snprintf(buf, (size_t)capacity, "%lld", (long long)t);
    return 0;
}
