/*
 * sma.c - sma(n): TA-Lib SMA of the close, lookback n-1 (kernel in sma.h).
 * dpo(n): the detrended price oscillator, close - sma(n) of m = n/2 + 1
 * bars earlier (n/2 rounded down; the common definition, TA-Lib has none):
 * sma.h's step, its values through a lag ring of m + 1 (step.h); lookback
 * (n - 1) + m.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "sma.h"
#include "step.h"

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

/* ---- dpo: the close against the average of m bars earlier -------------- */

typedef struct dpo_state {
    bc_sma sma;
    bc_lag_core lag;  /* the last m + 1 sma values */
    double ring[];    /* n slots for the sma, m + 1 for the lag */
} dpo_state;

int32_t bc_feature_dpo_shift(int32_t n)
{
    return n / 2 + 1;
}

static int32_t dpo_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1 + bc_feature_dpo_shift(node->iarg[0]);
}

static int64_t dpo_state_size(const bc_feature_node *node)
{
    int32_t n = node->iarg[0];
    return (int64_t)sizeof(dpo_state) + (int64_t)sizeof(double) * (n + bc_feature_dpo_shift(n) + 1);
}

static void dpo_reset(bc_feature_node *node)
{
    dpo_state *s = node->state;
    int32_t n = node->iarg[0];
    bc_sma_init(&s->sma, n, s->ring);
    bc_ring_init(&s->lag, bc_feature_dpo_shift(n) + 1, s->ring + n);
}

static BC_FEATURE_KERNEL void dpo_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    dpo_state *s = node->state;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double then = bc_lag_step(&s->lag, bc_sma_step(&s->sma, x[i]));
        BC_FEATURE_PUT(out, i, x[i] - then); /* NaN while the lagged sma is */
    }
}

const bc_feature_kind bc_feature_kind_dpo = {
    .name = "dpo", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = dpo_lookback,
    .state_size = dpo_state_size, .reset = dpo_reset, .run = dpo_run,
};
