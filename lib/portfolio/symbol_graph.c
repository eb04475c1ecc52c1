/*
 * symbol_graph.c - the correlation structure between symbols as a weighted
 * graph: edge weights are rolling Pearson correlations averaged over every
 * full window, then weighted degree, PageRank and node2vec embeddings
 * (biased second-order random walks + skip-gram with negative sampling).
 * Deterministic per seed (Philox streams keyed by purpose and walk); one
 * thread, so the same seed gives the same bits everywhere.
 */
#include "portfolio/portfolio.h"
#include "core/internal.h"
#include "core/rng.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct bc_symbol_graph {
    int32_t n;
    int32_t window;
    int64_t n_windows;
    double min_weight;
    double *weight; /* [n x n], 0 = no edge, diagonal 0 */
    /* node2vec options */
    int32_t dimensions, walk_length, walks_per_node, context, negative, epochs;
    double p, q, learning_rate;
    uint64_t seed;
};

enum { STREAM_WALK = 1, STREAM_INIT = 2, STREAM_NEGATIVE = 3 };

BC_API int32_t bc_symbol_graph_create(const double *returns, int64_t n_obs, int32_t n_assets,
                                      int32_t window, double min_weight,
                                      bc_symbol_graph **out)
{
    if (out)
        *out = NULL;
    if (!returns || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_create: %s is NULL",
                       !returns ? "returns" : "out");
    if (n_assets < 2)
        return bc_fail(BC_E_SHAPE, "bc_symbol_graph_create: n_assets is %d, expected >= 2",
                       n_assets);
    if (window < 3 || window > n_obs)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_create: window is %d, expected "
                       "3..n_obs (%lld)", window, (long long)n_obs);
    if (!(min_weight >= -1 && min_weight < 1))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_create: min_weight is %g, "
                       "expected a value in [-1, 1)", min_weight);
    const int32_t p = n_assets;
    for (int64_t i = 0; i < n_obs * p; i++)
        if (!isfinite(returns[i]))
            return bc_fail(BC_E_NUMERIC, "bc_symbol_graph_create: return of asset %d at row %lld "
                           "is %g, expected a finite number", (int32_t)(i % p),
                           (long long)(i / p), returns[i]);
    bc_symbol_graph *g = calloc(1, sizeof *g);
    double *sum = calloc((size_t)p * (size_t)p, sizeof *sum);
    if (!g || !sum || !(g->weight = calloc((size_t)p * (size_t)p, sizeof *g->weight))) {
        free(sum);
        if (g)
            free(g->weight);
        free(g);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_symbol_graph_create: %d x %d matrices", p, p);
    }
    g->n = p;
    g->window = window;
    g->min_weight = min_weight;
    g->n_windows = n_obs - window + 1;
    g->dimensions = 8;
    g->walk_length = 40;
    g->walks_per_node = 20;
    g->context = 5;
    g->negative = 5;
    g->epochs = 5;
    g->p = 1.0;
    g->q = 1.0;
    g->learning_rate = 0.025;
    g->seed = 1;
    /* Each window's correlation from scratch (two passes over w rows:
     * mean, then centred products): exact, O(n_windows * w * p^2), fine for
     * the tens of symbols a graph holds; windows with a flat series are
     * skipped for the pairs they touch. */
    double *mean = malloc((size_t)p * sizeof *mean);
    double *cross = malloc((size_t)p * (size_t)p * sizeof *cross);
    int64_t *count = calloc((size_t)p * (size_t)p, sizeof *count);
    if (!mean || !cross || !count) {
        free(mean);
        free(cross);
        free(count);
        free(sum);
        bc_symbol_graph_free(g);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_symbol_graph_create: work space");
    }
    for (int64_t start = 0; start + window <= n_obs; start++) {
        const double *rows = returns + start * p;
        for (int32_t j = 0; j < p; j++) {
            double s = 0;
            for (int32_t t = 0; t < window; t++)
                s += rows[(int64_t)t * p + j];
            mean[j] = s / window;
        }
        memset(cross, 0, (size_t)p * (size_t)p * sizeof *cross);
        for (int32_t t = 0; t < window; t++) {
            const double *r = rows + (int64_t)t * p;
            for (int32_t i = 0; i < p; i++) {
                double xi = r[i] - mean[i];
                for (int32_t j = i; j < p; j++)
                    cross[(size_t)i * p + j] += xi * (r[j] - mean[j]);
            }
        }
        for (int32_t i = 0; i < p; i++)
            for (int32_t j = i + 1; j < p; j++) {
                double d = cross[(size_t)i * p + i] * cross[(size_t)j * p + j];
                if (d > 0) {
                    sum[(size_t)i * p + j] += cross[(size_t)i * p + j] / sqrt(d);
                    count[(size_t)i * p + j]++;
                }
            }
    }
    for (int32_t i = 0; i < p; i++)
        for (int32_t j = i + 1; j < p; j++) {
            int64_t c = count[(size_t)i * p + j];
            double w = c > 0 ? sum[(size_t)i * p + j] / (double)c : 0.0;
            if (!(w > min_weight) || w <= 0)
                w = 0.0;
            g->weight[(size_t)i * p + j] = g->weight[(size_t)j * p + i] = w;
        }
    free(mean);
    free(cross);
    free(count);
    free(sum);
    *out = g;
    return BC_OK;
}

BC_API void bc_symbol_graph_free(bc_symbol_graph *g)
{
    if (!g)
        return;
    free(g->weight);
    free(g);
}

BC_API int32_t bc_symbol_graph_size(const bc_symbol_graph *g)
{
    return g ? g->n : 0;
}

BC_API int32_t bc_symbol_graph_adjacency(const bc_symbol_graph *g, double *adjacency)
{
    if (!g || !adjacency)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_adjacency: %s is NULL",
                       !g ? "graph" : "adjacency");
    memcpy(adjacency, g->weight, (size_t)g->n * (size_t)g->n * sizeof *adjacency);
    return BC_OK;
}

BC_API int32_t bc_symbol_graph_degree(const bc_symbol_graph *g, double *degree)
{
    if (!g || !degree)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_degree: %s is NULL",
                       !g ? "graph" : "degree");
    for (int32_t i = 0; i < g->n; i++) {
        double s = 0;
        for (int32_t j = 0; j < g->n; j++)
            s += g->weight[(size_t)i * g->n + j];
        degree[i] = s;
    }
    return BC_OK;
}

BC_API int32_t bc_symbol_graph_pagerank(const bc_symbol_graph *g, double alpha, double *rank)
{
    if (!g || !rank)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_pagerank: %s is NULL",
                       !g ? "graph" : "rank");
    if (!(alpha > 0 && alpha < 1))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_pagerank: alpha is %g, expected "
                       "a value in (0, 1) (0.85 is usual)", alpha);
    const int32_t n = g->n;
    double *out_weight = malloc((size_t)n * sizeof *out_weight);
    double *next = malloc((size_t)n * sizeof *next);
    if (!out_weight || !next) {
        free(out_weight);
        free(next);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_symbol_graph_pagerank: %d nodes", n);
    }
    bc_symbol_graph_degree(g, out_weight);
    for (int32_t i = 0; i < n; i++)
        rank[i] = 1.0 / n;
    /* Power iteration of x = alpha (x P + dangling mass / n) + (1 - alpha) / n,
     * P the row-normalized weights: networkx.pagerank's model with uniform
     * personalization and dangling distribution. */
    int32_t converged = 0;
    for (int32_t it = 0; it < 10000; it++) {
        double dangling = 0;
        for (int32_t i = 0; i < n; i++)
            if (out_weight[i] <= 0)
                dangling += rank[i];
        for (int32_t j = 0; j < n; j++)
            next[j] = (1.0 - alpha) / n + alpha * dangling / n;
        for (int32_t i = 0; i < n; i++) {
            if (out_weight[i] <= 0)
                continue;
            double share = alpha * rank[i] / out_weight[i];
            const double *row = g->weight + (size_t)i * n;
            for (int32_t j = 0; j < n; j++)
                next[j] += share * row[j];
        }
        double err = 0;
        for (int32_t j = 0; j < n; j++) {
            err += fabs(next[j] - rank[j]);
            rank[j] = next[j];
        }
        if (err < 1e-15 * n) {
            converged = 1;
            break;
        }
    }
    free(out_weight);
    free(next);
    return converged ? BC_OK
                     : bc_fail(BC_E_NUMERIC, "bc_symbol_graph_pagerank: no convergence in "
                               "10000 iterations");
}

BC_API int32_t bc_symbol_graph_set(bc_symbol_graph *g, const char *key, const char *value)
{
    if (!g || !key || !value)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_set: %s is NULL",
                       !g ? "graph" : !key ? "key" : "value");
    static const struct {
        const char *name;
        int is_int;
        double lo, hi;
        size_t offset;
    } keys[] = {
        {"dimensions", 1, 1, 256, offsetof(bc_symbol_graph, dimensions)},
        {"walk_length", 1, 2, 10000, offsetof(bc_symbol_graph, walk_length)},
        {"walks_per_node", 1, 1, 10000, offsetof(bc_symbol_graph, walks_per_node)},
        {"context", 1, 1, 100, offsetof(bc_symbol_graph, context)},
        {"negative", 1, 1, 100, offsetof(bc_symbol_graph, negative)},
        {"epochs", 1, 1, 1000, offsetof(bc_symbol_graph, epochs)},
        {"p", 0, 1e-6, 1e6, offsetof(bc_symbol_graph, p)},
        {"q", 0, 1e-6, 1e6, offsetof(bc_symbol_graph, q)},
        {"learning_rate", 0, 1e-9, 10, offsetof(bc_symbol_graph, learning_rate)},
        {"seed", 2, 0, 0, offsetof(bc_symbol_graph, seed)},
    };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        if (strcmp(key, keys[k].name) != 0)
            continue;
        char *end = NULL;
        if (keys[k].is_int == 2) {
            unsigned long long v = strtoull(value, &end, 10);
            if (end == value || *end || value[0] == '-')
                return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_set: seed is '%s', "
                               "expected an unsigned integer", value);
            g->seed = (uint64_t)v;
            return BC_OK;
        }
        double v = strtod(value, &end);
        if (end == value || *end || !(v >= keys[k].lo && v <= keys[k].hi) ||
            (keys[k].is_int && v != floor(v)))
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_set: %s is '%s', expected %s "
                           "in %g..%g", key, value, keys[k].is_int ? "an integer" : "a number",
                           keys[k].lo, keys[k].hi);
        if (keys[k].is_int)
            *(int32_t *)((char *)g + keys[k].offset) = (int32_t)v;
        else
            *(double *)((char *)g + keys[k].offset) = v;
        return BC_OK;
    }
    return bc_fail(BC_E_UNKNOWN_KEY, "bc_symbol_graph_set: unknown key '%s' (dimensions, "
                   "walk_length, walks_per_node, context, negative, epochs, p, q, "
                   "learning_rate, seed)", key);
}

BC_API int32_t bc_symbol_graph_dimensions(const bc_symbol_graph *g)
{
    return g ? g->dimensions : 0;
}

/* Uniform double in [0, 1) from the counter-th draw of a stream. */
static double uniform_at(uint64_t seed, uint64_t stream, uint64_t counter)
{
    uint32_t out[4];
    bc_philox_block(seed, stream, counter, out);
    uint64_t bits = ((uint64_t)out[0] << 21) ^ (uint64_t)out[1];
    return (double)(bits & ((1ULL << 53) - 1)) * (1.0 / 9007199254740992.0);
}

/* Index i with probability weight[i] / sum (weights >= 0, sum > 0). */
static int32_t draw(const double *weight, int32_t n, double sum, double u)
{
    double target = u * sum, acc = 0;
    int32_t last = -1;
    for (int32_t i = 0; i < n; i++) {
        if (weight[i] <= 0)
            continue;
        acc += weight[i];
        last = i;
        if (target < acc)
            return i;
    }
    return last;
}

BC_API int32_t bc_symbol_graph_node2vec(const bc_symbol_graph *g, double *embeddings,
                                        int64_t capacity)
{
    if (!g || !embeddings)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_symbol_graph_node2vec: %s is NULL",
                       !g ? "graph" : "embeddings");
    const int32_t n = g->n, d = g->dimensions, len = g->walk_length;
    if (capacity < (int64_t)n * d)
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_symbol_graph_node2vec: capacity is %lld, "
                       "needs %d nodes x %d dimensions = %lld", (long long)capacity, n, d,
                       (long long)n * d);
    int64_t n_walks = (int64_t)n * g->walks_per_node;
    int32_t *walks = malloc((size_t)n_walks * (size_t)len * sizeof *walks);
    int32_t *walk_len = malloc((size_t)n_walks * sizeof *walk_len);
    double *prob = malloc((size_t)n * sizeof *prob);
    double *ctx = calloc((size_t)n * (size_t)d, sizeof *ctx);
    double *grad = malloc((size_t)d * sizeof *grad);
    double *noise = calloc((size_t)n, sizeof *noise);
    if (!walks || !walk_len || !prob || !ctx || !grad || !noise) {
        free(walks);
        free(walk_len);
        free(prob);
        free(ctx);
        free(grad);
        free(noise);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_symbol_graph_node2vec: %lld walks of %d steps",
                       (long long)n_walks, len);
    }
    /* Walks: walk k starts at node k % n; draw s of walk k is counter
     * k * len + s of the walk stream. Second-order bias (Grover & Leskovec
     * 2016): from prev t at v, neighbour x weighs w_vx / p when x = t, w_vx
     * when x is also t's neighbour, w_vx / q otherwise. */
    for (int64_t k = 0; k < n_walks; k++) {
        int32_t *walk = walks + k * len;
        walk[0] = (int32_t)(k % n);
        int32_t steps = 1;
        for (int32_t s = 1; s < len; s++) {
            int32_t v = walk[s - 1], t = s >= 2 ? walk[s - 2] : -1;
            const double *row = g->weight + (size_t)v * n;
            double sum = 0;
            for (int32_t x = 0; x < n; x++) {
                double w = row[x];
                if (w > 0 && t >= 0) {
                    if (x == t)
                        w /= g->p;
                    else if (!(g->weight[(size_t)t * n + x] > 0))
                        w /= g->q;
                }
                prob[x] = w;
                sum += w;
            }
            if (!(sum > 0))
                break; /* an isolated node ends its walk */
            walk[s] = draw(prob, n, sum, uniform_at(g->seed, STREAM_WALK, (uint64_t)(k * len + s)));
            steps++;
        }
        walk_len[k] = steps;
        for (int32_t s = 0; s < steps; s++)
            noise[walk[s]] += 1.0;
    }
    /* Negative samples from the unigram distribution to the 3/4 power. */
    double noise_sum = 0;
    for (int32_t i = 0; i < n; i++)
        noise_sum += noise[i] = pow(noise[i], 0.75);
    for (int64_t i = 0; i < (int64_t)n * d; i++)
        embeddings[i] = (uniform_at(g->seed, STREAM_INIT, (uint64_t)i) - 0.5) / d;
    /* Skip-gram with negative sampling (Mikolov et al. 2013), plain SGD with
     * the learning rate decaying linearly to 1e-4 of its start. */
    int64_t total = (int64_t)g->epochs * n_walks, done_walks = 0;
    uint64_t neg_counter = 0;
    for (int32_t e = 0; e < g->epochs; e++)
        for (int64_t k = 0; k < n_walks; k++, done_walks++) {
            double lr = g->learning_rate * fmax(1e-4, 1.0 - (double)done_walks / (double)total);
            const int32_t *walk = walks + k * len;
            for (int32_t i = 0; i < walk_len[k]; i++) {
                double *in = embeddings + (size_t)walk[i] * d;
                for (int32_t j = i - g->context; j <= i + g->context; j++) {
                    if (j < 0 || j >= walk_len[k] || j == i)
                        continue;
                    memset(grad, 0, (size_t)d * sizeof *grad);
                    for (int32_t m = 0; m <= g->negative; m++) {
                        int32_t target = walk[j], label = 1;
                        if (m > 0) {
                            target = draw(noise, n, noise_sum,
                                          uniform_at(g->seed, STREAM_NEGATIVE, neg_counter++));
                            if (target == walk[j])
                                continue;
                            label = 0;
                        }
                        double *out = ctx + (size_t)target * d, dot = 0;
                        for (int32_t c = 0; c < d; c++)
                            dot += in[c] * out[c];
                        double step = lr * (label - 1.0 / (1.0 + exp(-dot)));
                        for (int32_t c = 0; c < d; c++) {
                            grad[c] += step * out[c];
                            out[c] += step * in[c];
                        }
                    }
                    for (int32_t c = 0; c < d; c++)
                        in[c] += grad[c];
                }
            }
        }
    free(walks);
    free(walk_len);
    free(prob);
    free(ctx);
    free(grad);
    free(noise);
    return BC_OK;
}
