/*
 * sma.c - sma(n): TA-Lib SMA of the close, lookback n-1 (kernel in sma.h).
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "sma.h"

#include <stddef.h>

/* bc_sma first: the streaming engine steps the state as a bc_sma. */
typedef struct sma_state {
    bc_sma sma;
    double ring[];
} sma_state;

static int32_t sma_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t sma_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(sma_state) + (int64_t)sizeof(double) * node->iarg[0];
}

static void sma_reset(bc_feature_node *node)
{
    sma_state *s = node->state;
    bc_sma_init(&s->sma, node->iarg[0], s->ring);
}

BC_FEATURE_LOOP void sma_loop(bc_sma *k, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && !bc_sma_full(k); i++)
        BC_FEATURE_PUT(out, i, bc_sma_step(k, x[i]));
    for (; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_sma_next(k, x[i]));
}

static BC_FEATURE_KERNEL void sma_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    sma_state *s = node->state;
    bc_sma *shared = &s->sma;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        sma_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_sma local = *shared;
    sma_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_sma = {
    .name = "sma", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = sma_lookback,
    .state_size = sma_state_size, .reset = sma_reset, .run = sma_run,
};
