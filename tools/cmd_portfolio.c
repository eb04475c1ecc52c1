/*
 * cmd_portfolio.c - `botcopier risk` (risk-parity weights) and `botcopier
 * graph` (symbol graph) over a wide price table. Thin: reading, options
 * and messages here; every number and file comes from lib/portfolio.
 */
#include "tools/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char risk_usage[] =
    "usage: botcopier risk --prices FILE.csv --out weights.json [options]\n"
    "\n"
    "Long-only risk-parity weights from a wide price table (a time column and one close\n"
    "column per asset): returns over the last N rows, their covariance, then the weights.\n"
    "Writes weights.json (risk_parity_symbols, risk_parity_weights, risk_contributions,\n"
    "volatility, covariance) and prints the table.\n"
    "\n"
    "options:\n"
    "  --window N            returns used, from the end, 2.. [all rows]\n"
    "  --method M            erc | hrp | invvol [erc]\n"
    "  --estimator E         ledoit-wolf | sample [ledoit-wolf]\n"
    "  --cap X               largest weight, (0, 1] [none]\n"
    "  --log-returns         log returns instead of simple ones\n"
    "  --quiet               print nothing but errors\n";

static const char graph_usage[] =
    "usage: botcopier graph --prices FILE.csv --out graph.json [options]\n"
    "\n"
    "The symbol graph of a wide price table: edge weights are rolling return\n"
    "correlations averaged over every window, then weighted degree, PageRank (0.85)\n"
    "and node2vec embeddings. Writes graph.json (nodes, edges, adjacency,\n"
    "symbol_embeddings) and prints the nodes.\n"
    "\n"
    "options:\n"
    "  --window N            rolling correlation window in returns, 3.. [60]\n"
    "  --min-weight W        drop edges whose mean correlation is <= W [0.0]\n"
    "  --dimensions D        embedding size [8]\n"
    "  --set KEY=VALUE       any other node2vec option (walk_length, walks_per_node,\n"
    "                        context, negative, epochs, p, q, learning_rate, seed)\n"
    "  --quiet               print nothing but errors\n";

/* A price table and its returns, the input of both commands. */
typedef struct returns_table {
    bc_prices *prices;
    int64_t rows;
    int32_t n;
    double *rets;       /* [(rows - 1) x n] */
    const char **names; /* [n], owned by prices */
} returns_table;

static void returns_free(returns_table *t)
{
    free(t->rets);
    free(t->names);
    bc_prices_free(t->prices);
}

/* Reads path and computes its returns (log_returns 0/1); 0 or an exit code
 * after saying why. */
static int returns_load(const char *command, const char *path, int32_t log_returns,
                        returns_table *t)
{
    memset(t, 0, sizeof *t);
    bc_rejects *rejects = NULL;
    int32_t rc = bc_prices_read_csv(path, &t->prices, &rejects);
    int64_t rejected = rejects ? bc_rejects_count(rejects) : 0;
    bc_rejects_free(rejects);
    if (rc != BC_OK)
        return cli_fail(command, path, rc);
    if (rejected > 0)
        fprintf(stderr, "botcopier %s: %s: %lld rows rejected (a missing or bad price)\n",
                command, path, (long long)rejected);
    t->rows = bc_prices_length(t->prices);
    t->n = bc_prices_assets(t->prices);
    t->rets = malloc((size_t)(t->rows > 1 ? t->rows - 1 : 1) * (size_t)t->n * sizeof *t->rets);
    t->names = malloc((size_t)t->n * sizeof *t->names);
    rc = t->rets && t->names ? BC_OK : BC_E_OUT_OF_MEMORY;
    for (int32_t j = 0; t->names && j < t->n; j++)
        t->names[j] = bc_prices_asset_name(t->prices, j);
    if (rc == BC_OK)
        rc = bc_portfolio_returns(bc_prices_close(t->prices), t->rows, t->n, log_returns,
                                  t->rets);
    if (rc != BC_OK) {
        returns_free(t);
        return cli_fail(command, path, rc);
    }
    return 0;
}

static int usage_error(const char *command, const char *usage, const char *what)
{
    fprintf(stderr, "botcopier %s: %s\n%s", command, what, usage);
    return CLI_EXIT_USAGE;
}

struct risk_args {
    const char *prices_path, *out_path;
    double window, cap;
    int32_t method, estimator, log_returns, quiet;
};

static int risk_option(void *ctx, const char *name, const char *value)
{
    struct risk_args *a = ctx;
    if (strcmp(name, "prices") == 0) {
        a->prices_path = value;
    } else if (strcmp(name, "out") == 0) {
        a->out_path = value;
    } else if (strcmp(name, "window") == 0) {
        if (cli_parse_number("risk", "--window", value, 2, 1e9, &a->window) ||
            a->window != floor(a->window))
            return usage_error("risk", risk_usage, "--window must be an integer >= 2");
    } else if (strcmp(name, "method") == 0) {
        a->method = !strcmp(value, "erc") ? BC_RISK_PARITY_ERC
                    : !strcmp(value, "hrp") ? BC_RISK_PARITY_HRP
                    : !strcmp(value, "invvol") ? BC_RISK_PARITY_INVERSE_VOLATILITY : -1;
        if (a->method < 0)
            return usage_error("risk", risk_usage, "--method must be erc, hrp or invvol");
    } else if (strcmp(name, "estimator") == 0) {
        a->estimator = !strcmp(value, "ledoit-wolf") ? BC_COVARIANCE_LEDOIT_WOLF
                       : !strcmp(value, "sample") ? BC_COVARIANCE_SAMPLE : -1;
        if (a->estimator < 0)
            return usage_error("risk", risk_usage, "--estimator must be ledoit-wolf or sample");
    } else if (strcmp(name, "cap") == 0) {
        if (cli_parse_number("risk", "--cap", value, 1e-9, 1, &a->cap))
            return CLI_EXIT_USAGE;
    } else if (strcmp(name, "log-returns") == 0) {
        a->log_returns = 1;
    } else {
        a->quiet = 1;
    }
    return 0;
}

int cli_risk(int argc, char **argv)
{
    static const cli_option risk_options[] = {
        {"prices", 1}, {"out", 1}, {"window", 1},      {"method", 1}, {"estimator", 1},
        {"cap", 1},    {"log-returns", 0}, {"quiet", 0}, {NULL, 0}};
    struct risk_args a = {.cap = NAN, .method = BC_RISK_PARITY_ERC,
                          .estimator = BC_COVARIANCE_LEDOIT_WOLF};
    int status = cli_parse_options("risk", argc, argv, risk_options, risk_usage, risk_option, &a);
    if (status != 0)
        return status < 0 ? CLI_EXIT_OK : status;
    if (!a.prices_path || !a.out_path)
        return usage_error("risk", risk_usage, "--prices and --out are required");
    returns_table t;
    if ((status = returns_load("risk", a.prices_path, a.log_returns, &t)) != 0)
        return status;
    const int32_t n = t.n;
    int64_t n_ret = t.rows - 1;
    if (a.window > 0 && (int64_t)a.window < n_ret)
        n_ret = (int64_t)a.window;
    double *cov = malloc((size_t)n * (size_t)n * sizeof *cov);
    double *w = malloc((size_t)n * sizeof *w);
    double shrinkage = 0;
    int32_t rc = cov && w ? BC_OK : BC_E_OUT_OF_MEMORY;
    const double *tail = t.rets + (t.rows - 1 - n_ret) * n;
    if (rc == BC_OK)
        rc = bc_portfolio_covariance(tail, n_ret, n, a.estimator, cov, &shrinkage);
    if (rc == BC_OK)
        rc = bc_portfolio_weights(cov, n, a.method, a.cap, w);
    if (rc == BC_OK)
        rc = bc_portfolio_write_json(a.out_path, n, t.names, a.method, a.estimator, shrinkage,
                                     cov, w);
    if (rc == BC_OK && !a.quiet) {
        char from[32], to[32];
        cli_format_time(bc_prices_time(t.prices)[t.rows - 1 - n_ret], from, sizeof from);
        cli_format_time(bc_prices_time(t.prices)[t.rows - 1], to, sizeof to);
        printf("%s weights of %d assets from %lld returns (%s .. %s), covariance shrinkage %.4f\n",
               a.method == BC_RISK_PARITY_ERC   ? "ERC"
               : a.method == BC_RISK_PARITY_HRP ? "HRP"
                                                : "inverse-volatility",
               n, (long long)n_ret, from, to, shrinkage);
        printf("  %-12s %10s %12s\n", "symbol", "weight", "volatility");
        for (int32_t j = 0; j < n; j++)
            printf("  %-12s %10.4f %12.6f\n", t.names[j], w[j], sqrt(cov[(size_t)j * n + j]));
        printf("wrote %s\n", a.out_path);
    }
    free(cov);
    free(w);
    returns_free(&t);
    return rc == BC_OK ? CLI_EXIT_OK : cli_fail("risk", "weights", rc);
}

struct graph_args {
    const char *prices_path, *out_path, *dimensions;
    const char *sets[32];
    int n_sets, quiet;
    double window, min_weight;
};

static int graph_option(void *ctx, const char *name, const char *value)
{
    struct graph_args *a = ctx;
    if (strcmp(name, "prices") == 0) {
        a->prices_path = value;
    } else if (strcmp(name, "out") == 0) {
        a->out_path = value;
    } else if (strcmp(name, "window") == 0) {
        if (cli_parse_number("graph", "--window", value, 3, 1e9, &a->window) ||
            a->window != floor(a->window))
            return usage_error("graph", graph_usage, "--window must be an integer >= 3");
    } else if (strcmp(name, "min-weight") == 0) {
        if (cli_parse_number("graph", "--min-weight", value, -1, 0.999999, &a->min_weight))
            return CLI_EXIT_USAGE;
    } else if (strcmp(name, "dimensions") == 0) {
        a->dimensions = value;
    } else if (strcmp(name, "set") == 0) {
        if (a->n_sets == 32 || !strchr(value, '='))
            return usage_error("graph", graph_usage, "--set takes KEY=VALUE (at most 32)");
        a->sets[a->n_sets++] = value;
    } else {
        a->quiet = 1;
    }
    return 0;
}

int cli_graph(int argc, char **argv)
{
    static const cli_option graph_options[] = {
        {"prices", 1}, {"out", 1}, {"window", 1}, {"min-weight", 1}, {"dimensions", 1},
        {"set", 1},    {"quiet", 0}, {NULL, 0}};
    struct graph_args a = {.window = 60, .min_weight = 0.0};
    int status = cli_parse_options("graph", argc, argv, graph_options, graph_usage, graph_option,
                                   &a);
    if (status != 0)
        return status < 0 ? CLI_EXIT_OK : status;
    if (!a.prices_path || !a.out_path)
        return usage_error("graph", graph_usage, "--prices and --out are required");
    returns_table t;
    if ((status = returns_load("graph", a.prices_path, 1, &t)) != 0)
        return status;
    const int32_t n = t.n;
    bc_symbol_graph *g = NULL;
    int32_t rc = bc_symbol_graph_create(t.rets, t.rows - 1, n, (int32_t)a.window, a.min_weight,
                                        &g);
    if (rc == BC_OK && a.dimensions)
        rc = bc_symbol_graph_set(g, "dimensions", a.dimensions);
    for (int i = 0; rc == BC_OK && i < a.n_sets; i++) {
        char key[64];
        size_t k = (size_t)(strchr(a.sets[i], '=') - a.sets[i]);
        snprintf(key, sizeof key, "%.*s", (int)(k < 63 ? k : 63), a.sets[i]);
        rc = bc_symbol_graph_set(g, key, strchr(a.sets[i], '=') + 1);
    }
    if (rc == BC_OK)
        rc = bc_symbol_graph_write_json(g, t.names, a.out_path);
    if (rc == BC_OK && !a.quiet) {
        double *degree = malloc((size_t)n * sizeof *degree), *rank = malloc((size_t)n * sizeof *rank);
        if (degree && rank && bc_symbol_graph_degree(g, degree) == BC_OK &&
            bc_symbol_graph_pagerank(g, 0.85, rank) == BC_OK) {
            printf("symbol graph of %d symbols, %lld returns, window %d\n", n,
                   (long long)(t.rows - 1), (int)a.window);
            printf("  %-12s %10s %10s\n", "symbol", "degree", "pagerank");
            for (int32_t j = 0; j < n; j++)
                printf("  %-12s %10.4f %10.4f\n", t.names[j], degree[j], rank[j]);
        }
        free(degree);
        free(rank);
        printf("wrote %s\n", a.out_path);
    }
    bc_symbol_graph_free(g);
    returns_free(&t);
    return rc == BC_OK ? CLI_EXIT_OK : cli_fail("graph", "symbol graph", rc);
}
