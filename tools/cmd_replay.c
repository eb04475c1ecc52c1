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

struct replay_args {
    const char *decisions_path, *model_path, *out_path, *trades_path;
    double weight;
    int quiet;
};

static int replay_option(void *ctx, const char *name, const char *value)
{
    struct replay_args *a = ctx;
    if (strcmp(name, "decisions") == 0)
        a->decisions_path = value;
    else if (strcmp(name, "model") == 0)
        a->model_path = value;
    else if (strcmp(name, "out") == 0)
        a->out_path = value;
    else if (strcmp(name, "trades") == 0)
        a->trades_path = value;
    else if (strcmp(name, "weight") == 0)
        return cli_parse_number("replay", "--weight", value, 1e-12, 1e12, &a->weight);
    else
        a->quiet = 1;
    return 0;
}

int cli_replay(int argc, char **argv)
{
    static const cli_option replay_options[] = {{"decisions", 1}, {"model", 1}, {"out", 1},
                                                {"trades", 1},    {"weight", 1}, {"quiet", 0},
                                                {NULL, 0}};
    struct replay_args a = {.weight = 1.0};
    int status = cli_parse_options("replay", argc, argv, replay_options, usage_text,
                                   replay_option, &a);
    if (status != 0)
        return status < 0 ? CLI_EXIT_OK : status;
    const char *decisions_path = a.decisions_path, *model_path = a.model_path;
    const char *out_path = a.out_path, *trades_path = a.trades_path;
    double weight = a.weight;
    int quiet = a.quiet;
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
