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

int cli_run(int argc, char **argv)
{
    const char *model_path = NULL, *bars_path = NULL, *out_path = NULL, *compare = NULL;
    const char *decisions = NULL, *uncertain = NULL, *threshold = NULL, *margin = NULL;
    const char *symbol = NULL;
    int64_t from = INT64_MIN, to = INT64_MAX;
    int quiet = 0, status = 0;
    for (int i = 1; i < argc && status == 0; i++) {
        const char *a = argv[i];
        int v = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--model") == 0 && v) {
            model_path = argv[++i];
        } else if (strcmp(a, "--bars") == 0 && v) {
            bars_path = argv[++i];
        } else if (strcmp(a, "--out") == 0 && v) {
            out_path = argv[++i];
        } else if (strcmp(a, "--compare") == 0 && v) {
            compare = argv[++i];
        } else if (strcmp(a, "--decisions") == 0 && v) {
            decisions = argv[++i];
        } else if (strcmp(a, "--uncertain") == 0 && v) {
            uncertain = argv[++i];
        } else if (strcmp(a, "--threshold") == 0 && v) {
            threshold = argv[++i];
        } else if (strcmp(a, "--margin") == 0 && v) {
            margin = argv[++i];
        } else if (strcmp(a, "--symbol") == 0 && v) {
            symbol = argv[++i];
        } else if (strcmp(a, "--from") == 0 && v) {
            status = cli_parse_time("run", a, argv[++i], &from);
        } else if (strcmp(a, "--to") == 0 && v) {
            status = cli_parse_time("run", a, argv[++i], &to);
        } else {
            fprintf(stderr, "botcopier run: unknown option or missing value '%s'\n%s", a, usage_text);
            status = CLI_EXIT_USAGE;
        }
    }
    if (status != 0)
        return status;
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
