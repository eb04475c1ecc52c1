/* cmd_features.c - `botcopier features --bars F --spec S --out OUT.csv`:
 * the feature engine over a bar file, one column per output named exactly
 * as the spec names it, time first, empty cells while an indicator is in
 * its lookback. */
#include "tools/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: botcopier features --bars BARS.csv --spec SPEC --out OUT.csv [--quiet]\n"
    "\n"
    "Computes the features of SPEC (e.g. \"sma(20),rsi(14),macd(12,26,9),cross(sma(10),sma(30))\"\n"
    "or a JSON array of such strings) over the bars and writes OUT.csv: time first\n"
    "(YYYY-MM-DD HH:MM:SS), then one column per output, empty while in lookback.\n"
    "Rows the bar reader rejects are listed in invalid_rows.csv next to OUT.csv.\n";

struct features_args {
    const char *bars_path, *spec, *out_path;
};

static int features_option(void *ctx, const char *name, const char *value)
{
    struct features_args *a = ctx;
    if (strcmp(name, "bars") == 0)
        a->bars_path = value;
    else if (strcmp(name, "spec") == 0)
        a->spec = value;
    else if (strcmp(name, "out") == 0)
        a->out_path = value;
    return 0; /* --quiet: nothing to say anyway */
}

int cli_features(int argc, char **argv)
{
    static const cli_option features_options[] = {
        {"bars", 1}, {"spec", 1}, {"out", 1}, {"quiet", 0}, {NULL, 0}};
    struct features_args a = {0};
    int status = cli_parse_options("features", argc, argv, features_options, usage_text,
                                   features_option, &a);
    if (status != 0)
        return status < 0 ? CLI_EXIT_OK : status;
    const char *bars_path = a.bars_path, *spec = a.spec, *out_path = a.out_path;
    if (!bars_path || !spec || !out_path) {
        fprintf(stderr, "botcopier features: --bars, --spec and --out are required\n%s", usage_text);
        return CLI_EXIT_USAGE;
    }
    bc_features *f = NULL;
    int32_t rc = bc_features_create(spec, &f);
    if (rc != BC_OK)
        return cli_fail("features", "--spec", rc);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", out_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        dir[0] = '\0';
    bc_bars *bars = NULL;
    status = cli_read_bars("features", bars_path, dir, &bars);
    if (status != 0) {
        bc_features_free(f);
        return status;
    }
    int32_t n = bc_bars_length(bars), k = bc_features_count(f);
    if ((rc = bc_features_write_csv(f, bars, out_path)) != BC_OK)
        status = cli_fail("features", out_path, rc);
    if (status == 0)
        printf("features: %d bars x %d columns written to %s\n", n, k, out_path);
    bc_bars_free(bars);
    bc_features_free(f);
    return status;
}
