/* cmd_run.c - `botcopier run`: runs a clone as a bot over bars and writes
 * its own trade log (trades_raw.csv schema); optionally logs decisions and
 * compares its entries with a target's log. */
#include "tools/cli.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: botcopier run --model M.bcm --bars B.csv --out trades.csv [options]\n"
    "\n"
    "Runs the clone as a bot over the bars, starting flat at --from, and writes its\n"
    "trade log in the trades_raw.csv schema (';', OPEN/CLOSE rows, order_type 0/1,\n"
    "decision_id, YYYY.MM.DD HH:MM:SS), so clone and target compare line by line.\n"
    "\n"
    "options:\n"
    "  --from TIME, --to TIME   trade only between these times (any format the\n"
    "                           readers accept, e.g. 2017.06.01 or 2017-06-01 09:00)\n"
    "  --compare TARGET.csv     print how the clone's entries match the target's\n"
    "  --decisions F.csv        log every decision (decisions.csv)\n"
    "  --uncertain F.csv        log uncertain decisions (uncertain_decisions.csv)\n"
    "  --threshold T            override the model's threshold (0..1)\n"
    "  --margin M               uncertainty margin (0..0.5) [0.05]\n"
    "  --symbol S               symbol written in the trade log [the model's]\n"
    "  --quiet                  no progress lines\n";

struct run_args {
    const char *model_path, *bars_path, *out_path, *compare, *decisions, *uncertain;
    const char *threshold, *margin, *symbol;
    int64_t from, to;
    int quiet;
};

static int run_option(void *ctx, const char *name, const char *value)
{
    struct run_args *a = ctx;
    const struct {
        const char *name;
        const char **slot;
    } texts[] = {{"model", &a->model_path}, {"bars", &a->bars_path}, {"out", &a->out_path},
                 {"compare", &a->compare},  {"decisions", &a->decisions},
                 {"uncertain", &a->uncertain}, {"threshold", &a->threshold},
                 {"margin", &a->margin},    {"symbol", &a->symbol}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (strcmp(name, texts[i].name) == 0) {
            *texts[i].slot = value;
            return 0;
        }
    if (strcmp(name, "from") == 0)
        return cli_parse_time("run", "--from", value, &a->from);
    if (strcmp(name, "to") == 0)
        return cli_parse_time("run", "--to", value, &a->to);
    a->quiet = 1; /* quiet */
    return 0;
}

int cli_run(int argc, char **argv)
{
    static const cli_option run_options[] = {
        {"model", 1},     {"bars", 1},      {"out", 1},    {"compare", 1}, {"decisions", 1},
        {"uncertain", 1}, {"threshold", 1}, {"margin", 1}, {"symbol", 1},  {"from", 1},
        {"to", 1},        {"quiet", 0},     {NULL, 0}};
    struct run_args a = {.from = INT64_MIN, .to = INT64_MAX};
    int status = cli_parse_options("run", argc, argv, run_options, usage_text, run_option, &a);
    if (status != 0)
        return status < 0 ? CLI_EXIT_OK : status;
    const char *model_path = a.model_path, *bars_path = a.bars_path, *out_path = a.out_path;
    const char *compare = a.compare, *decisions = a.decisions, *uncertain = a.uncertain;
    const char *threshold = a.threshold, *margin = a.margin, *symbol = a.symbol;
    int64_t from = a.from, to = a.to;
    int quiet = a.quiet;
    if (!model_path || !bars_path || !out_path) {
        fprintf(stderr, "botcopier run: --model, --bars and --out are required\n%s", usage_text);
        return CLI_EXIT_USAGE;
    }
    cli_progress(quiet);
    /* model_version in the logs: the model file's name, as long as fits. */
    char version[32];
    const char *base = strrchr(model_path, '/');
    snprintf(version, sizeof version, "%s", base ? base + 1 : model_path);
    bc_model *model = NULL;
    bc_bars *bars = NULL;
    bc_predictor *p = NULL;
    bc_trades *trades = NULL, *target = NULL;
    int32_t rc = bc_model_load(model_path, &model);
    if (rc != BC_OK)
        return cli_fail("run", model_path, rc);
    status = cli_read_bars("run", bars_path, NULL, &bars);
    if (status == 0 && (rc = bc_predictor_create(model, &p)) != BC_OK)
        status = cli_fail("run", model_path, rc);
    const struct {
        const char *key, *value;
    } options[] = {{"threshold", threshold}, {"uncertainty_margin", margin},
                   {"decision_log", decisions}, {"uncertain_log", uncertain},
                   {"model_version", version}, {"symbol", symbol}};
    for (size_t k = 0; status == 0 && k < sizeof options / sizeof options[0]; k++)
        if (options[k].value && (rc = bc_predictor_set(p, options[k].key, options[k].value)) != BC_OK)
            status = cli_fail("run", options[k].key, rc);
    if (status == 0 && (rc = bc_clone_run_predictor(p, bars, from, to, &trades)) != BC_OK)
        status = cli_fail("run", bars_path, rc);
    bc_predictor_free(p); /* flushes the decision logs */
    if (status == 0 && (rc = bc_trades_write_csv(trades, out_path)) != BC_OK)
        status = cli_fail("run", out_path, rc);
    if (status == 0) {
        int32_t n = bc_trades_count(trades), opens = 0;
        for (int32_t i = 0; i < n; i++) {
            bc_trade_event e;
            e.struct_size = sizeof e;
            if (bc_trades_get(trades, i, &e) == BC_OK && e.action == BC_ACTION_OPEN)
                opens++;
        }
        printf("clone run: %d events (%d entries) written to %s\n", n, opens, out_path);
    }
    if (status == 0 && compare) {
        status = cli_read_trades("run", compare, NULL, &target);
        bc_fidelity f;
        f.struct_size = sizeof f;
        if (status == 0 && (rc = bc_clone_compare(target, trades, bars, from, to, 1, &f)) != BC_OK)
            status = cli_fail("run", compare, rc);
        if (status == 0) {
            printf("\n  clone vs target trades over the run (entries within +-1 bar, same direction)\n");
            printf("  %9s %9s %9s %9s %9s %9s\n", "target", "clone", "matched", "precision", "recall",
                   "F1");
            printf("  %9d %9d %9d %9.3f %9.3f %9.3f\n", f.target_entries, f.clone_entries, f.matched,
                   f.precision, f.recall, f.f1);
        }
    }
    bc_trades_free(target);
    bc_trades_free(trades);
    bc_bars_free(bars);
    bc_model_free(model);
    return status;
}
