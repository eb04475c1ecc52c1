/* cmd_explain.c - `botcopier explain`: the target bot's behaviour as
 * readable rules per decision, fitted by bc_model_explain to a clone's
 * decisions on bars; prints them with their support, precision and
 * coverage, and writes the JSON. Also the helper `botcopier clone` uses to
 * put the same rules into report.json. No computation lives here. */
#include "tools/cli.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: botcopier explain --model M [--bars [SYMBOL=]B.csv ...] [--trades T.csv]\n"
    "                         [--out rules.json] [--max-depth D] [--min-support N]\n"
    "\n"
    "Prints what the cloned bot does as readable rules per decision (open long, open\n"
    "short, close), e.g. \"opens long when flat and rsi(14) < 30 (support 31, precision\n"
    "1.00)\": the clone M (a model.bcm, or the output folder of `botcopier clone`) runs\n"
    "over the bars, and a shallow decision tree per position state (flat, long, short)\n"
    "and decision is fitted to what it decided, its thresholds rounded to the fewest\n"
    "significant digits that split the bars the same way. Reports how many of the\n"
    "clone's decisions the rules cover and the share they do not explain, and with the\n"
    "target's trade log how well each rule describes the bot's own decisions.\n"
    "\n"
    "options:\n"
    "  --model M        model.bcm, or a clone's output folder\n"
    "  --bars B.csv     bars to run the clone on; SYMBOL=B.csv once per symbol for a\n"
    "                   clone of several [as the folder's manifest.json records them]\n"
    "  --trades T.csv   the target bot's log, to measure the rules on its own decisions\n"
    "                   [the manifest's, when the bars come from it too; none otherwise]\n"
    "  --out FILE       write the rules as JSON (bc_model_explain's format)\n"
    "  --max-depth D    depth of each tree, 1..6 [3]\n"
    "  --min-support N  fewest bars in a rule, >= 1 [5]\n";

struct explain_args {
    const char *model, *out, *trades;
    const char *bars[64];
    int n_bars;
    int max_depth, min_support;
};

static int explain_option(void *ctx, const char *name, const char *value)
{
    struct explain_args *a = ctx;
    double v;
    if (strcmp(name, "model") == 0) {
        a->model = value;
    } else if (strcmp(name, "out") == 0) {
        a->out = value;
    } else if (strcmp(name, "trades") == 0) {
        a->trades = value;
    } else if (strcmp(name, "bars") == 0) {
        if (a->n_bars == 64) {
            fprintf(stderr, "botcopier explain: more than 64 --bars\n");
            return CLI_EXIT_USAGE;
        }
        a->bars[a->n_bars++] = value;
    } else if (strcmp(name, "max-depth") == 0) {
        if (cli_parse_number("explain", "--max-depth", value, 1, 6, &v) != 0 || v != (int)v) {
            if (v != (int)v)
                fprintf(stderr, "botcopier explain: --max-depth '%s' must be a whole number\n",
                        value);
            return CLI_EXIT_USAGE;
        }
        a->max_depth = (int)v;
    } else if (strcmp(name, "min-support") == 0) {
        if (cli_parse_number("explain", "--min-support", value, 1, 1e9, &v) != 0 ||
            v != (int)v) {
            if (v != (int)v)
                fprintf(stderr, "botcopier explain: --min-support '%s' must be a whole number\n",
                        value);
            return CLI_EXIT_USAGE;
        }
        a->min_support = (int)v;
    }
    return 0;
}

int cli_explain_json(const bc_model *model, const bc_bars *const *bars, const bc_trades *trades,
                     const char *const *symbols, int n_series, int max_depth, int min_support,
                     char **json)
{
    int32_t len = 0;
    *json = NULL;
    int32_t rc = bc_model_explain(model, bars, trades, symbols, n_series, max_depth, min_support,
                                  NULL, 0, &len);
    if (rc != BC_E_BUFFER_TOO_SMALL && rc != BC_OK)
        return rc;
    char *text = malloc((size_t)len + 1);
    if (!text)
        return BC_E_OUT_OF_MEMORY;
    rc = bc_model_explain(model, bars, trades, symbols, n_series, max_depth, min_support, text,
                          len + 1, &len);
    if (rc != BC_OK) {
        free(text);
        return rc;
    }
    *json = text;
    return BC_OK;
}

static double number(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : 0.0;
}

void cli_print_rules(const char *json)
{
    json_t *root = json_loads(json, 0, NULL);
    if (!root)
        return;
    printf("rules of the clone's decisions on %d bars (%d decided; trees of depth <= %d, "
           "rules of >= %d bars)\n",
           (int)number(root, "bars"), (int)number(root, "decided_bars"),
           (int)number(root, "max_depth"), (int)number(root, "min_support"));
    static const char *const keys[] = {"open_long", "open_short", "close"};
    static const char *const titles[] = {"open long", "open short", "close"};
    for (size_t k = 0; k < 3; k++) {
        json_t *d = json_object_get(root, keys[k]);
        if (number(d, "decisions") == 0)
            continue;
        printf("\n%s: %d decisions, %.1f%% inside a rule\n", titles[k], (int)number(d, "decisions"),
               100.0 * number(d, "coverage"));
        size_t i;
        json_t *rule;
        json_array_foreach(json_object_get(d, "rules"), i, rule)
        {
            printf("  %s\n", json_string_value(json_object_get(rule, "text")));
            json_t *tp = json_object_get(rule, "target_precision");
            if (json_object_get(rule, "target_support"))
                printf("    on the target's own bars: support %d, precision %s%.2f\n",
                       (int)number(rule, "target_support"), json_is_number(tp) ? "" : "-",
                       json_is_number(tp) ? json_number_value(tp) : 0.0);
        }
        if (json_array_size(json_object_get(d, "rules")) == 0)
            printf("  (no rule: no leaf of the tree is mostly this decision)\n");
    }
    json_t *precision = json_object_get(root, "rule_precision");
    printf("\ncoverage: %.1f%% of %d decisions inside a rule, %.1f%% not explained",
           100.0 * number(root, "coverage"), (int)number(root, "decisions"),
           100.0 * number(root, "unexplained_share"));
    if (json_is_number(precision))
        printf("; rules' precision %.3f", json_number_value(precision));
    printf("\n");
    json_t *target = json_object_get(root, "target");
    if (target)
        printf("the target's own decisions: %.1f%% of %d inside a rule, %.1f%% not explained\n",
               100.0 * number(target, "coverage"), (int)number(target, "decisions"),
               100.0 * number(target, "unexplained_share"));
    json_decref(root);
}

/* The manifest.json of a clone folder: its inputs.bars entries. */
static int bars_from_manifest(const char *dir, char ***paths, int *n, char **trades)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) {
        fprintf(stderr, "botcopier explain: no --bars, and %s cannot be read (%s): name the bars "
                "with --bars\n", path, err.text);
        return CLI_EXIT_USAGE;
    }
    json_t *bars = json_object_get(json_object_get(root, "inputs"), "bars");
    size_t count = json_array_size(bars);
    if (count == 0 || count > 64) {
        fprintf(stderr, "botcopier explain: %s records %zu bars files under inputs.bars: name "
                "the bars with --bars\n", path, count);
        json_decref(root);
        return CLI_EXIT_USAGE;
    }
    *paths = calloc(count, sizeof **paths);
    for (size_t i = 0; *paths && i < count; i++) {
        const char *s = json_string_value(json_array_get(bars, i));
        (*paths)[i] = strdup(s ? s : "");
    }
    *n = (int)count;
    const char *t = json_string_value(json_object_get(json_object_get(root, "inputs"), "trades"));
    *trades = t ? strdup(t) : NULL;
    json_decref(root);
    return *paths ? 0 : CLI_EXIT_FAILURE;
}

int cli_explain(int argc, char **argv)
{
    static const cli_option options[] = {{"model", 1},     {"bars", 1},        {"out", 1},
                                         {"max-depth", 1}, {"min-support", 1}, {"trades", 1},
                                         {NULL, 0}};
    struct explain_args a = {0};
    int status = cli_parse_options("explain", argc, argv, options, usage_text, explain_option, &a);
    if (status < 0)
        return CLI_EXIT_OK;
    if (status != 0)
        return status;
    if (!a.model) {
        fprintf(stderr, "botcopier explain: --model is required\n%s", usage_text);
        return CLI_EXIT_USAGE;
    }
    /* A folder: its model.bcm, and its manifest for the bars. */
    char model_path[4200], dir[4200];
    struct stat st;
    int is_dir = stat(a.model, &st) == 0 && S_ISDIR(st.st_mode);
    snprintf(dir, sizeof dir, "%s", a.model);
    if (is_dir) {
        snprintf(model_path, sizeof model_path, "%s/model.bcm", a.model);
    } else {
        snprintf(model_path, sizeof model_path, "%s", a.model);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        else
            snprintf(dir, sizeof dir, ".");
    }
    char **owned = NULL, *manifest_trades = NULL;
    int n_series = a.n_bars;
    const char *const *args = a.bars;
    if (n_series == 0) {
        status = bars_from_manifest(dir, &owned, &n_series, &manifest_trades);
        if (status != 0)
            return status;
        args = (const char *const *)owned;
    }
    const char *trades_path = a.trades ? a.trades : manifest_trades;
    bc_trades *trades = NULL;
    bc_model *model = NULL;
    bc_bars *bars[64] = {NULL};
    char symbols[64][64];
    const char *symbol_of[64];
    int32_t rc = bc_model_load(model_path, &model);
    if (rc != BC_OK)
        status = cli_fail("explain", model_path, rc);
    for (int k = 0; status == 0 && k < n_series; k++) {
        /* SYMBOL=FILE when the part before '=' is a name, not a path. */
        const char *arg = args[k], *eq = strchr(arg, '='), *file = arg;
        symbol_of[k] = NULL;
        if (eq && eq > arg && !memchr(arg, '/', (size_t)(eq - arg)) && access(arg, R_OK) != 0 &&
            (size_t)(eq - arg) < sizeof symbols[k]) {
            snprintf(symbols[k], sizeof symbols[k], "%.*s", (int)(eq - arg), arg);
            symbol_of[k] = symbols[k];
            file = eq + 1;
        }
        status = cli_read_bars("explain", file, NULL, &bars[k]);
    }
    if (status == 0 && trades_path)
        status = cli_read_trades("explain", trades_path, NULL, &trades);
    char *json = NULL;
    if (status == 0) {
        rc = cli_explain_json(model, (const bc_bars *const *)bars, trades, symbol_of, n_series,
                              a.max_depth, a.min_support, &json);
        if (rc != BC_OK)
            status = cli_fail("explain", model_path, rc);
    }
    if (status == 0) {
        cli_print_rules(json);
        if (a.out) {
            rc = bc_write_file_atomic(a.out, json, (int64_t)strlen(json));
            if (rc != BC_OK)
                status = cli_fail("explain", a.out, rc);
            else
                printf("wrote %s\n", a.out);
        }
    }
    free(json);
    for (int k = 0; k < 64; k++)
        bc_bars_free(bars[k]);
    for (int k = 0; owned && k < n_series; k++)
        free(owned[k]);
    free(owned);
    free(manifest_trades);
    bc_trades_free(trades);
    bc_model_free(model);
    return status;
}
