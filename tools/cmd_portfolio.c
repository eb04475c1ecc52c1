/*
 * cmd_portfolio.c - `botcopier risk` (risk-parity weights) and `botcopier
 * graph` (symbol graph) over a wide price table. Thin: reading, options
 * and messages here; every number and file comes from lib/portfolio.
 */
#include "tools/cli.h"

#include <errno.h>
#include <getopt.h>
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

static int read_prices(const char *command, const char *path, bc_prices **out)
{
    bc_rejects *rejects = NULL;
    int32_t rc = bc_prices_read_csv(path, out, &rejects);
    int64_t rejected = rejects ? bc_rejects_count(rejects) : 0;
    bc_rejects_free(rejects);
    if (rc != BC_OK)
        return cli_fail(command, path, rc);
    if (rejected > 0)
        fprintf(stderr, "botcopier %s: %s: %lld rows rejected (a missing or bad price)\n",
                command, path, (long long)rejected);
    return 0;
}

static int usage_error(const char *command, const char *usage, const char *what)
{
    fprintf(stderr, "botcopier %s: %s\n%s", command, what, usage);
    return CLI_EXIT_USAGE;
}

int cli_risk(int argc, char **argv)
{
    static const struct option options[] = {
        {"prices", required_argument, NULL, 'p'}, {"out", required_argument, NULL, 'o'},
        {"window", required_argument, NULL, 'w'}, {"method", required_argument, NULL, 'm'},
        {"estimator", required_argument, NULL, 'e'}, {"cap", required_argument, NULL, 'c'},
        {"log-returns", no_argument, NULL, 'l'},  {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *prices_path = NULL, *out_path = NULL;
    double window = 0, cap = NAN;
    int32_t method = BC_RISK_PARITY_ERC, estimator = BC_COVARIANCE_LEDOIT_WOLF;
    int log_returns = 0, quiet = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'p': prices_path = optarg; break;
        case 'o': out_path = optarg; break;
        case 'w':
            if (cli_parse_number("risk", "--window", optarg, 2, 1e9, &window) ||
                window != floor(window))
                return usage_error("risk", risk_usage, "--window must be an integer >= 2");
            break;
        case 'm':
            method = !strcmp(optarg, "erc") ? BC_RISK_PARITY_ERC
                     : !strcmp(optarg, "hrp") ? BC_RISK_PARITY_HRP
                     : !strcmp(optarg, "invvol") ? BC_RISK_PARITY_INVERSE_VOLATILITY : -1;
            if (method < 0)
                return usage_error("risk", risk_usage, "--method must be erc, hrp or invvol");
            break;
        case 'e':
            estimator = !strcmp(optarg, "ledoit-wolf") ? BC_COVARIANCE_LEDOIT_WOLF
                        : !strcmp(optarg, "sample") ? BC_COVARIANCE_SAMPLE : -1;
            if (estimator < 0)
                return usage_error("risk", risk_usage, "--estimator must be ledoit-wolf or sample");
            break;
        case 'c':
            if (cli_parse_number("risk", "--cap", optarg, 1e-9, 1, &cap))
                return CLI_EXIT_USAGE;
            break;
        case 'l': log_returns = 1; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(risk_usage, stdout); return CLI_EXIT_OK;
        default:
            return cli_option_problem("risk", argv[optind - 1], optopt != 0, risk_usage);
        }
    }
    if (optind < argc || !prices_path || !out_path)
        return usage_error("risk", risk_usage, optind < argc ? "unexpected argument"
                                                             : "--prices and --out are required");
    bc_prices *prices = NULL;
    int status = read_prices("risk", prices_path, &prices);
    if (status)
        return status;
    int64_t rows = bc_prices_length(prices);
    int32_t n = bc_prices_assets(prices);
    int64_t n_ret = rows - 1;
    if (window > 0 && (int64_t)window < n_ret)
        n_ret = (int64_t)window;
    double *rets = malloc((size_t)(rows > 1 ? rows - 1 : 1) * (size_t)n * sizeof *rets);
    double *cov = malloc((size_t)n * (size_t)n * sizeof *cov);
    double *w = malloc((size_t)n * sizeof *w);
    const char **names = malloc((size_t)n * sizeof *names);
    double shrinkage = 0;
    int32_t rc = rets && cov && w && names ? BC_OK : BC_E_OUT_OF_MEMORY;
    for (int32_t j = 0; names && j < n; j++)
        names[j] = bc_prices_asset_name(prices, j);
    if (rc == BC_OK)
        rc = bc_portfolio_returns(bc_prices_close(prices), rows, n, log_returns, rets);
    const double *tail = rets ? rets + (rows - 1 - n_ret) * n : NULL;
    if (rc == BC_OK)
        rc = bc_portfolio_covariance(tail, n_ret, n, estimator, cov, &shrinkage);
    if (rc == BC_OK)
        rc = bc_portfolio_weights(cov, n, method, cap, w);
    if (rc == BC_OK)
        rc = bc_portfolio_write_json(out_path, n, names, method, estimator, shrinkage, cov, w);
    if (rc == BC_OK && !quiet) {
        char from[32], to[32];
        cli_format_time(bc_prices_time(prices)[rows - 1 - n_ret], from, sizeof from);
        cli_format_time(bc_prices_time(prices)[rows - 1], to, sizeof to);
        printf("%s weights of %d assets from %lld returns (%s .. %s), covariance shrinkage %.4f\n",
               method == BC_RISK_PARITY_ERC ? "ERC" : method == BC_RISK_PARITY_HRP ? "HRP"
                                                                                  : "inverse-volatility",
               n, (long long)n_ret, from, to, shrinkage);
        printf("  %-12s %10s %12s\n", "symbol", "weight", "volatility");
        for (int32_t j = 0; j < n; j++)
            printf("  %-12s %10.4f %12.6f\n", names[j], w[j], sqrt(cov[(size_t)j * n + j]));
        printf("wrote %s\n", out_path);
    }
    free(rets);
    free(cov);
    free(w);
    free(names);
    bc_prices_free(prices);
    return rc == BC_OK ? CLI_EXIT_OK : cli_fail("risk", "weights", rc);
}

int cli_graph(int argc, char **argv)
{
    static const struct option options[] = {
        {"prices", required_argument, NULL, 'p'},  {"out", required_argument, NULL, 'o'},
        {"window", required_argument, NULL, 'w'},  {"min-weight", required_argument, NULL, 'm'},
        {"dimensions", required_argument, NULL, 'd'}, {"set", required_argument, NULL, 's'},
        {"quiet", no_argument, NULL, 'q'},         {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *prices_path = NULL, *out_path = NULL, *dimensions = NULL;
    const char *sets[32];
    int n_sets = 0, quiet = 0, c;
    double window = 60, min_weight = 0.0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'p': prices_path = optarg; break;
        case 'o': out_path = optarg; break;
        case 'w':
            if (cli_parse_number("graph", "--window", optarg, 3, 1e9, &window) ||
                window != floor(window))
                return usage_error("graph", graph_usage, "--window must be an integer >= 3");
            break;
        case 'm':
            if (cli_parse_number("graph", "--min-weight", optarg, -1, 0.999999, &min_weight))
                return CLI_EXIT_USAGE;
            break;
        case 'd': dimensions = optarg; break;
        case 's':
            if (n_sets == 32 || !strchr(optarg, '='))
                return usage_error("graph", graph_usage, "--set takes KEY=VALUE (at most 32)");
            sets[n_sets++] = optarg;
            break;
        case 'q': quiet = 1; break;
        case 'h': fputs(graph_usage, stdout); return CLI_EXIT_OK;
        default:
            return cli_option_problem("graph", argv[optind - 1], optopt != 0, graph_usage);
        }
    }
    if (optind < argc || !prices_path || !out_path)
        return usage_error("graph", graph_usage, optind < argc ? "unexpected argument"
                                                               : "--prices and --out are required");
    bc_prices *prices = NULL;
    int status = read_prices("graph", prices_path, &prices);
    if (status)
        return status;
    int64_t rows = bc_prices_length(prices);
    int32_t n = bc_prices_assets(prices);
    double *rets = malloc((size_t)(rows > 1 ? rows - 1 : 1) * (size_t)n * sizeof *rets);
    const char **names = malloc((size_t)n * sizeof *names);
    bc_symbol_graph *g = NULL;
    int32_t rc = rets && names ? BC_OK : BC_E_OUT_OF_MEMORY;
    for (int32_t j = 0; names && j < n; j++)
        names[j] = bc_prices_asset_name(prices, j);
    if (rc == BC_OK)
        rc = bc_portfolio_returns(bc_prices_close(prices), rows, n, 1, rets);
    if (rc == BC_OK)
        rc = bc_symbol_graph_create(rets, rows - 1, n, (int32_t)window, min_weight, &g);
    if (rc == BC_OK && dimensions)
        rc = bc_symbol_graph_set(g, "dimensions", dimensions);
    for (int i = 0; rc == BC_OK && i < n_sets; i++) {
        char key[64];
        size_t k = (size_t)(strchr(sets[i], '=') - sets[i]);
        snprintf(key, sizeof key, "%.*s", (int)(k < 63 ? k : 63), sets[i]);
        rc = bc_symbol_graph_set(g, key, strchr(sets[i], '=') + 1);
    }
    if (rc == BC_OK)
        rc = bc_symbol_graph_write_json(g, names, out_path);
    if (rc == BC_OK && !quiet) {
        double *degree = malloc((size_t)n * sizeof *degree), *rank = malloc((size_t)n * sizeof *rank);
        if (degree && rank && bc_symbol_graph_degree(g, degree) == BC_OK &&
            bc_symbol_graph_pagerank(g, 0.85, rank) == BC_OK) {
            printf("symbol graph of %d symbols, %lld returns, window %d\n", n,
                   (long long)(rows - 1), (int)window);
            printf("  %-12s %10s %10s\n", "symbol", "degree", "pagerank");
            for (int32_t j = 0; j < n; j++)
                printf("  %-12s %10.4f %10.4f\n", names[j], degree[j], rank[j]);
        }
        free(degree);
        free(rank);
        printf("wrote %s\n", out_path);
    }
    bc_symbol_graph_free(g);
    free(rets);
    free(names);
    bc_prices_free(prices);
    return rc == BC_OK ? CLI_EXIT_OK : cli_fail("graph", "symbol graph", rc);
}
