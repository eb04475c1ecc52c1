/*
 * hrp.c - hierarchical risk parity (Lopez de Prado 2016): single-linkage
 * clustering of the correlation distance sqrt((1 - rho) / 2), assets
 * ordered as the dendrogram's leaves (scipy's linkage/to_tree order: at
 * each merge the cluster with the smaller id first), then recursive
 * bisection of that order with inverse-variance cluster weights. Owns only
 * the clustering and the bisection; the cap is applied by the caller.
 */
#include "portfolio/portfolio.h"
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>

typedef struct hrp_edge {
    double dist;
    int32_t a, b;
} hrp_edge;

static int edge_cmp(const void *x, const void *y)
{
    const hrp_edge *e = x, *f = y;
    if (e->dist != f->dist)
        return e->dist < f->dist ? -1 : 1;
    if (e->a != f->a)
        return e->a < f->a ? -1 : 1;
    return (e->b > f->b) - (e->b < f->b);
}

static int32_t find_root(int32_t *parent, int32_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* Cluster variance of the assets order[lo..hi) under inverse-variance
 * weights: w = (1/s_ii) / sum(1/s_jj), var = w' S w. */
static double cluster_variance(const double *cov, int32_t n, const int32_t *order,
                               int32_t lo, int32_t hi)
{
    double norm = 0, var = 0;
    for (int32_t a = lo; a < hi; a++)
        norm += 1.0 / cov[(size_t)order[a] * n + order[a]];
    for (int32_t a = lo; a < hi; a++) {
        double wa = 1.0 / cov[(size_t)order[a] * n + order[a]] / norm;
        for (int32_t b = lo; b < hi; b++) {
            double wb = 1.0 / cov[(size_t)order[b] * n + order[b]] / norm;
            var += wa * wb * cov[(size_t)order[a] * n + order[b]];
        }
    }
    return var;
}

int32_t bc_portfolio_hrp(const double *cov, int32_t n, double *weights)
{
    if (n == 1) {
        weights[0] = 1.0;
        return BC_OK;
    }
    size_t ne = (size_t)n * (size_t)(n - 1) / 2;
    hrp_edge *mst = malloc((size_t)n * sizeof *mst);
    double *best = malloc((size_t)n * sizeof *best);
    int32_t *from = malloc((size_t)n * sizeof *from);
    unsigned char *in_tree = calloc((size_t)n, 1);
    /* Merge tree: node ids 0..n-1 are leaves, n..2n-2 merges. */
    int32_t *left = malloc((size_t)(2 * n) * sizeof *left);
    int32_t *right = malloc((size_t)(2 * n) * sizeof *right);
    int32_t *parent = malloc((size_t)(2 * n) * sizeof *parent);
    int32_t *cluster_of = malloc((size_t)(2 * n) * sizeof *cluster_of);
    int32_t *order = malloc((size_t)n * sizeof *order);
    int32_t *stack = malloc((size_t)(2 * n) * sizeof *stack);
    int32_t *ranges = malloc((size_t)(4 * n) * sizeof *ranges);
    (void)ne;
    int32_t st = BC_OK;
    if (!mst || !best || !from || !in_tree || !left || !right || !parent || !cluster_of ||
        !order || !stack || !ranges) {
        st = bc_fail(BC_E_OUT_OF_MEMORY, "bc_portfolio_weights: HRP work space for %d assets", n);
        goto done;
    }
#define DIST(i, j)                                                                        \
    sqrt(fmin(fmax(0.5 * (1.0 - cov[(size_t)(i) * n + (j)] /                              \
                               sqrt(cov[(size_t)(i) * n + (i)] * cov[(size_t)(j) * n + (j)])), \
                   0.0), 1.0))
    /* Single linkage = Kruskal order of the minimum spanning tree's edges;
     * the tree itself by Prim (O(n^2), no n^2 edge list). */
    for (int32_t i = 0; i < n; i++)
        best[i] = INFINITY, from[i] = -1;
    best[0] = 0;
    for (int32_t k = 0; k < n; k++) {
        int32_t u = -1;
        for (int32_t i = 0; i < n; i++)
            if (!in_tree[i] && (u < 0 || best[i] < best[u]))
                u = i;
        in_tree[u] = 1;
        if (from[u] >= 0)
            mst[k - 1] = (hrp_edge){best[u], from[u] < u ? from[u] : u, from[u] < u ? u : from[u]};
        for (int32_t i = 0; i < n; i++)
            if (!in_tree[i]) {
                double d = DIST(u, i);
                if (d < best[i])
                    best[i] = d, from[i] = u;
            }
    }
#undef DIST
    qsort(mst, (size_t)(n - 1), sizeof *mst, edge_cmp);
    for (int32_t i = 0; i < 2 * n; i++)
        parent[i] = i, cluster_of[i] = i;
    for (int32_t k = 0; k < n - 1; k++) {
        int32_t ra = find_root(parent, mst[k].a), rb = find_root(parent, mst[k].b);
        int32_t ca = cluster_of[ra], cb = cluster_of[rb];
        int32_t node = n + k;
        left[node] = ca < cb ? ca : cb;
        right[node] = ca < cb ? cb : ca;
        parent[ra] = rb;
        cluster_of[rb] = node;
    }
    /* Leaves in pre-order from the root (left child first). */
    int32_t sp = 0, nleaf = 0;
    stack[sp++] = 2 * n - 2;
    while (sp > 0) {
        int32_t node = stack[--sp];
        if (node < n) {
            order[nleaf++] = node;
        } else {
            stack[sp++] = right[node];
            stack[sp++] = left[node];
        }
    }
    /* Recursive bisection, breadth-first like the reference algorithm. */
    for (int32_t i = 0; i < n; i++)
        weights[i] = 1.0;
    int32_t nr = 0, nnext;
    ranges[nr++] = 0;
    ranges[nr++] = n;
    while (nr > 0) {
        nnext = 0;
        int32_t *next = ranges + 2 * n;
        for (int32_t r = 0; r < nr; r += 2) {
            int32_t lo = ranges[r], hi = ranges[r + 1];
            if (hi - lo < 2)
                continue;
            int32_t mid = lo + (hi - lo) / 2;
            double v1 = cluster_variance(cov, n, order, lo, mid);
            double v2 = cluster_variance(cov, n, order, mid, hi);
            double alpha = 1.0 - v1 / (v1 + v2);
            for (int32_t a = lo; a < mid; a++)
                weights[order[a]] *= alpha;
            for (int32_t a = mid; a < hi; a++)
                weights[order[a]] *= 1.0 - alpha;
            next[nnext++] = lo;
            next[nnext++] = mid;
            next[nnext++] = mid;
            next[nnext++] = hi;
        }
        for (int32_t r = 0; r < nnext; r++)
            ranges[r] = next[r];
        nr = nnext;
    }
done:
    free(mst);
    free(best);
    free(from);
    free(in_tree);
    free(left);
    free(right);
    free(parent);
    free(cluster_of);
    free(order);
    free(stack);
    free(ranges);
    return st;
}
