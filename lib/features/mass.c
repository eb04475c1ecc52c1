/*
 * mass.c - mass(e,n): Dorsey's mass index (TA-Lib has none; Dorsey, 1992):
 * the sum over the last n bars of ema(e)(high - low) / ema(e)(ema(e)(high -
 * low)), each EMA ema.h's step (TA-Lib EMA, seeded with the mean of its
 * first e values; the inner EMA runs on the outer's values from its first
 * one), the sum TA-Lib SUM's running sum (add the newest, read, drop the
 * oldest); a ratio is 1 where the double EMA is 0 (flat bars: both are 0).
 * Customary mass(9,25), Dorsey's "reversal bulge" above 27 and back under
 * 26.5. Lookback 2(e-1) + n-1. Must not allocate after create.
 */
#include "feature_internal.h"
#include "ema.h"
#include "ring.h"

typedef struct mass_state {
    bc_ema single, twice;
    bc_ring r;               /* the last n ratios */
    double sum;
    double ring[];           /* the last n ratios */
} mass_state;

static inline double mass_step(mass_state *s, double high, double low)
{
    double single = bc_ema_step(&s->single, high - low);
    if (isnan(single))
        return NAN;
    double twice = bc_ema_step(&s->twice, single);
    if (isnan(twice))
        return NAN;
    double ratio = twice != 0.0 ? single / twice : 1.0;
    bc_ring_push(&s->r, ratio);
    s->sum += ratio;
    if (!bc_ring_full(&s->r))
        return NAN;
    double value = s->sum;
    s->sum -= bc_ring_oldest(&s->r); /* the ratio n-1 bars back leaves: the next slot */
    return value;
}

static int32_t mass_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 2 * (node->iarg[0] - 1) + node->iarg[1] - 1;
}

static int64_t mass_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(mass_state, node->iarg[1]);
}

static void mass_reset(bc_feature_node *node)
{
    mass_state *s = node->state;
    bc_ema_init(&s->single, node->iarg[0]);
    bc_ema_init(&s->twice, node->iarg[0]);
    bc_ring_init(&s->r, node->iarg[1], s->ring);
    s->sum = 0.0;
}

static BC_FEATURE_KERNEL void mass_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    mass_state *s = node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, mass_step(s, in->high[i], in->low[i]));
}

const bc_feature_kind bc_feature_kind_mass = {
    .name = "mass", .args = "ii", .arg_min = {2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = mass_lookback, .state_size = mass_state_size, .reset = mass_reset,
    .run = mass_run,
};
