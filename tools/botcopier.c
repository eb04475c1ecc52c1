/*
 * botcopier.c - the command-line tool: one binary, one subcommand per job.
 * Thin by design: every subcommand parses its options and calls the public
 * library API; no computation lives here.
 */
#include "tools/cli.h"

#include <stdio.h>
#include <string.h>

static const struct cli_command commands[] = {
    {"version", "print the library version and build info", cli_version},
    {"gemm-smoke", "run a small GEMM on a backend and check it", cli_gemm_smoke},
    /* data and features */

    /* cloning */
    {"clone", "learn a clone of a bot from its trade log and bars", cli_clone},
    {"run", "run a clone as a bot over bars, writing its trade log", cli_run},
    {"replay", "replay logged decisions through a model, writing divergences", cli_replay},
    {"explain", "print the cloned bot's behaviour as readable rules per decision", cli_explain},
    {"hwinfo", "show the machine's resources and the training mode chosen", cli_hwinfo},
    {"features", "compute a feature spec over bars into a CSV", cli_features},

    /* export */
    {"export", "write a model as ONNX (classes or decisions), MQL5 or model.json", cli_export},
    {"risk", "risk-parity weights (ERC, HRP, inverse volatility) from a price table", cli_risk},
    {"graph", "symbol graph (correlations, PageRank, node2vec) from a price table", cli_graph},
    {"serve", "serve a bandit router over K models on HTTP (choose, reward, metrics)", cli_serve},
    {"monitor", "check a model's drift, data quality and decisions; say when to retrain",
     cli_monitor},
    /* model lifecycle */
    {"daemon", "the training service: scheduled jobs, queue, registry, validation gate", cli_daemon},
    {"train-job", "one attempt of a daemon's training job (the daemon runs it)", cli_train_job},
    {"status", "the training service's daemons, jobs and active models", cli_status},
    {"metrics", "training and gate metrics of the daemon's jobs (--export CSV)", cli_metrics},
    {"models", "model versions in the registry: list, activate VERSION", cli_models},
    {"retrain", "queue a training run of the defined jobs now (--full: all data)", cli_retrain},
    {"rl-train", "train a GRU policy with PPO on the portfolio environment", cli_rl_train},
    {"rl-eval", "evaluate a trained policy against equal-weight and buy-and-hold", cli_rl_eval},
    {"report", "draw a clone's or an RL run's output folder as one HTML file", cli_report},

};

static void usage(FILE *out)
{
    fprintf(out, "usage: botcopier <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'botcopier <command> --help' describes a command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cli_version(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "botcopier: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
