/* cmd_replay.c - `botcopier replay`: past decisions through a (new) model;
 * writes the divergences that retraining weighs (DESIGN.md §5). */
#include "tools/cli.h"

#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: botcopier replay --decisions decisions.csv --model M.bcm --out divergences.csv\n"
    "                        [--weight W] [--trades T.csv] [--quiet]\n"
    "\n"
    "Replays logged decisions (with their features) through the model and writes each\n"
    "divergence, (old_prob >= old threshold) != (new_prob >= model threshold), as\n"
    "decision_id,old_prob,new_prob,profit,weight. --weight sets the weight column [1];\n"
    "--trades gives the profit of the trade each decision led to [0].\n";

int cli_replay(int argc, char **argv)
{
    const char *decisions_path = NULL, *model_path = NULL, *out_path = NULL, *trades_path = NULL;
    double weight = 1.0;
    int quiet = 0, status = 0;
    for (int i = 1; i < argc && status == 0; i++) {
        const char *a = argv[i];
        int v = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            return CLI_EXIT_OK;
        } else if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--decisions") == 0 && v) {
            decisions_path = argv[++i];
        } else if (strcmp(a, "--model") == 0 && v) {
            model_path = argv[++i];
        } else if (strcmp(a, "--out") == 0 && v) {
            out_path = argv[++i];
        } else if (strcmp(a, "--trades") == 0 && v) {
            trades_path = argv[++i];
        } else if (strcmp(a, "--weight") == 0 && v) {
            status = cli_parse_number("replay", a, argv[++i], 1e-12, 1e12, &weight);
        } else {
            fprintf(stderr, "botcopier replay: unknown option or missing value '%s'\n%s", a,
                    usage_text);
            status = CLI_EXIT_USAGE;
        }
    }
    if (status != 0)
        return status;
    if (!decisions_path || !model_path || !out_path) {
        fprintf(stderr, "botcopier replay: --decisions, --model and --out are required\n%s",
                usage_text);
        return CLI_EXIT_USAGE;
    }
    cli_progress(quiet);
    bc_model *model = NULL;
    bc_decisions *decisions = NULL;
    bc_trades *trades = NULL;
    bc_rejects *rejects = NULL;
    int32_t n = 0;
    int32_t rc = bc_model_load(model_path, &model);
    if (rc != BC_OK)
        return cli_fail("replay", model_path, rc);
    rc = bc_decisions_read_csv(decisions_path, &decisions, &rejects);
    if (rc != BC_OK)
        status = cli_fail("replay", decisions_path, rc);
    else if (bc_rejects_count(rejects) > 0)
        fprintf(stderr, "botcopier replay: %s: %lld rows rejected and skipped\n", decisions_path,
                (long long)bc_rejects_total(rejects));
    if (status == 0 && trades_path)
        status = cli_read_trades("replay", trades_path, NULL, &trades);
    if (status == 0 &&
        (rc = bc_replay_decisions(model, decisions, trades, weight, out_path, &n)) != BC_OK)
        status = cli_fail("replay", decisions_path, rc);
    if (status == 0)
        printf("replay: %d of %d decisions diverge; written to %s\n", n,
               bc_decisions_count(decisions), out_path);
    bc_rejects_free(rejects);
    bc_trades_free(trades);
    bc_decisions_free(decisions);
    bc_model_free(model);
    return status;
}
