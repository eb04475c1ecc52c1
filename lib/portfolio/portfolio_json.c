/*
 * portfolio_json.c - the JSON documents of the portfolio layer: risk-parity
 * weights (weights.json, the keys model.json uses: risk_parity_symbols,
 * risk_parity_weights, covariance) and the symbol graph (graph.json). One
 * writer each, atomic; the CLI and bindings call these, never their own.
 */
#include "portfolio/portfolio.h"
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#include "core/json_file.h"

static json_t *vector(const double *v, int32_t n)
{
    json_t *a = json_array();
    for (int32_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_real(v[i]));
    return a;
}

static json_t *matrix(const double *m, int32_t rows, int32_t cols)
{
    json_t *a = json_array();
    for (int32_t i = 0; a && i < rows; i++)
        json_array_append_new(a, vector(m + (size_t)i * cols, cols));
    return a;
}

static json_t *names_array(const char *const *names, int32_t n)
{
    json_t *a = json_array();
    for (int32_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(names[i]));
    return a;
}

static int32_t check_names(const char *fn, const char *const *names, int32_t n)
{
    if (!names)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: names is NULL", fn);
    for (int32_t i = 0; i < n; i++)
        if (!names[i] || !*names[i])
            return bc_fail(BC_E_INVALID_ARGUMENT, "%s: names[%d] is %s", fn, i,
                           names[i] ? "empty" : "NULL");
    return BC_OK;
}

static int32_t write_json(const char *path, json_t *root)
{
    int32_t rc = bc_json_write_file(path, root, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
    json_decref(root);
    return rc;
}

static const char *const method_names[] = {"erc", "invvol", "hrp"};
static const char *const estimator_names[] = {"sample", "ledoit_wolf"};

BC_API int32_t bc_portfolio_write_json(const char *path, int32_t n_assets,
                                       const char *const *names, int32_t method,
                                       int32_t estimator, double shrinkage, const double *cov,
                                       const double *weights)
{
    const char *fn = "bc_portfolio_write_json";
    if (!path || !weights)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: %s is NULL", fn, !path ? "path" : "weights");
    int32_t st = bc_portfolio_check_covariance(fn, cov, n_assets);
    if (st == BC_OK)
        st = check_names(fn, names, n_assets);
    if (st != BC_OK)
        return st;
    if (method < 0 || method > 2 || estimator < 0 || estimator > 1)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: method %d / estimator %d out of range", fn,
                       method, estimator);
    double *rc = malloc((size_t)n_assets * sizeof *rc), *vol = malloc((size_t)n_assets * sizeof *vol);
    if (!rc || !vol) {
        free(rc);
        free(vol);
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: %d assets", fn, n_assets);
    }
    st = bc_portfolio_risk_contributions(cov, weights, n_assets, rc);
    for (int32_t i = 0; i < n_assets; i++)
        vol[i] = sqrt(cov[(size_t)i * n_assets + i]);
    json_t *root = NULL;
    if (st == BC_OK) {
        root = json_object();
        json_object_set_new(root, "method", json_string(method_names[method]));
        json_object_set_new(root, "estimator", json_string(estimator_names[estimator]));
        json_object_set_new(root, "shrinkage", json_real(shrinkage));
        json_object_set_new(root, "risk_parity_symbols", names_array(names, n_assets));
        json_object_set_new(root, "risk_parity_weights", vector(weights, n_assets));
        json_object_set_new(root, "risk_contributions", vector(rc, n_assets));
        json_object_set_new(root, "volatility", vector(vol, n_assets));
        json_object_set_new(root, "covariance", matrix(cov, n_assets, n_assets));
    }
    free(rc);
    free(vol);
    return st == BC_OK ? write_json(path, root) : st;
}

BC_API int32_t bc_symbol_graph_write_json(const bc_symbol_graph *g, const char *const *names,
                                          const char *path)
{
    const char *fn = "bc_symbol_graph_write_json";
    if (!g || !path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: %s is NULL", fn, !g ? "graph" : "path");
    int32_t n = bc_symbol_graph_size(g), d = bc_symbol_graph_dimensions(g);
    int32_t st = check_names(fn, names, n);
    if (st != BC_OK)
        return st;
    double *adj = malloc((size_t)n * (size_t)n * sizeof *adj);
    double *degree = malloc((size_t)n * sizeof *degree);
    double *rank = malloc((size_t)n * sizeof *rank);
    double *emb = malloc((size_t)n * (size_t)d * sizeof *emb);
    if (!adj || !degree || !rank || !emb)
        st = bc_fail(BC_E_OUT_OF_MEMORY, "%s: %d nodes", fn, n);
    if (st == BC_OK)
        st = bc_symbol_graph_adjacency(g, adj);
    if (st == BC_OK)
        st = bc_symbol_graph_degree(g, degree);
    if (st == BC_OK)
        st = bc_symbol_graph_pagerank(g, 0.85, rank);
    if (st == BC_OK)
        st = bc_symbol_graph_node2vec(g, emb, (int64_t)n * d);
    json_t *root = NULL;
    if (st == BC_OK) {
        root = json_object();
        json_t *edges = json_array(), *emb_obj = json_object(), *nodes = json_array();
        json_object_set_new(root, "symbols", names_array(names, n));
        for (int32_t i = 0; i < n; i++) {
            json_array_append_new(nodes, json_pack("{s:s, s:f, s:f}", "symbol", names[i],
                                                   "degree", degree[i], "pagerank", rank[i]));
            json_object_set_new(emb_obj, names[i], vector(emb + (size_t)i * d, d));
            for (int32_t j = i + 1; j < n; j++)
                if (adj[(size_t)i * n + j] > 0)
                    json_array_append_new(edges, json_pack("{s:s, s:s, s:f}", "source", names[i],
                                                           "target", names[j], "weight",
                                                           adj[(size_t)i * n + j]));
        }
        json_object_set_new(root, "nodes", nodes);
        json_object_set_new(root, "edges", edges);
        json_object_set_new(root, "adjacency", matrix(adj, n, n));
        json_object_set_new(root, "pagerank_alpha", json_real(0.85));
        json_object_set_new(root, "embedding_dimensions", json_integer(d));
        json_object_set_new(root, "symbol_embeddings", emb_obj);
    }
    free(adj);
    free(degree);
    free(rank);
    free(emb);
    return st == BC_OK ? write_json(path, root) : st;
}
#else
BC_API int32_t bc_portfolio_write_json(const char *path, int32_t n_assets,
                                       const char *const *names, int32_t method,
                                       int32_t estimator, double shrinkage, const double *cov,
                                       const double *weights)
{
    (void)path, (void)n_assets, (void)names, (void)method, (void)estimator, (void)shrinkage;
    (void)cov, (void)weights;
    return bc_fail(BC_E_UNSUPPORTED, "bc_portfolio_write_json: not in this build (no JSON library)");
}

BC_API int32_t bc_symbol_graph_write_json(const bc_symbol_graph *g, const char *const *names,
                                          const char *path)
{
    (void)g, (void)names, (void)path;
    return bc_fail(BC_E_UNSUPPORTED, "bc_symbol_graph_write_json: not in this build (no JSON library)");
}
#endif
