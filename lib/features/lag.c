/*
 * lag.c - x@k: the value column x had k bars earlier (NaN for the first k
 * bars); lookback = x's lookback + k. A ring of k+1 values sized at create.
 */
#include "feature_internal.h"
#include "step.h"


/* core first: the streaming engine steps the state as a bc_lag_core. */
typedef struct lag_state {
    bc_lag_core core;
    double ring[];
} lag_state;


static int32_t lag_lookback(const bc_feature_node *node, const int32_t *src)
{
    int64_t lb = (int64_t)src[0] + node->iarg[0];
    return lb > INT32_MAX ? INT32_MAX : (int32_t)lb;
}

static int64_t lag_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(lag_state, node->iarg[0] + 1);
}

static void lag_reset(bc_feature_node *node)
{
    lag_state *s = node->state;
    bc_ring_init(&s->core, node->iarg[0] + 1, s->ring);
}

BC_FEATURE_LOOP void lag_loop(bc_lag_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    bc_feature_column x = cols[node->source[0]], out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_lag_step(s, BC_FEATURE_GET(x, i)));
}

static BC_FEATURE_KERNEL void lag_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    (void)in;
    lag_state *state = node->state;
    bc_lag_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        lag_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_lag_core local = *shared;
    lag_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_lag = {
    .name = "lag", .args = "fi", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = 0, .lookback = lag_lookback, .state_size = lag_state_size,
    .reset = lag_reset, .run = lag_run,
};
