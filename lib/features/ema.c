/*
 * ema.c - ema(n): TA-Lib EMA of the close (SMA seed, k = 2/(n+1), lookback
 * n-1; see ema.h). Must not allocate after create.
 */
#include "feature_internal.h"
#include "ema.h"

static int32_t ema_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

/* The state is a bc_ema (the streaming engine steps it as one). */
static int64_t ema_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(bc_ema);
}

static void ema_reset(bc_feature_node *node)
{
    bc_ema_init(node->state, node->iarg[0]);
}

BC_FEATURE_LOOP void ema_loop(bc_ema *e, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && !bc_ema_seeded(e); i++)
        BC_FEATURE_PUT(out, i, bc_ema_step(e, x[i]));
    for (; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_ema_next(e, x[i]));
}

static BC_FEATURE_KERNEL void ema_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    bc_ema *state = node->state;
    bc_ema *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        ema_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_ema local = *shared;
    ema_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_ema = {
    .name = "ema", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = ema_lookback,
    .state_size = ema_state_size, .reset = ema_reset, .run = ema_run,
};
