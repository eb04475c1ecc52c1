/*
 * cog.c - Ehlers' center of gravity oscillator (nineteenth session):
 *   cog(n)   n >= 2: cog = -sum_{i=0..n-1} (i+1) close@i / sum_{i=0..n-1}
 *            close@i, the close's "center of gravity" over the last n bars
 *            (Ehlers, "The CG Oscillator", on the close as most platforms
 *            compute it; his paper takes (high+low)/2). Its value sits
 *            near -(n+1)/2 and rises when recent closes outweigh older
 *            ones; the customary signal line is mean(cog(10),3)
 *            (cross(cog(10),mean(cog(10),3))). Both
 *            sums are taken afresh every bar over the window, newest first
 *            (no drift); NaN where the sum of the closes is 0. Lookback n-1.
 * A bar with a NaN close is skipped (NaN out, state untouched), as ema's.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ring.h"

typedef struct cog_state {
    bc_ring r;
    double ring[];      /* the last n closes */
} cog_state;

static int32_t cog_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t cog_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(cog_state, node->iarg[0]);
}

static void cog_reset(bc_feature_node *node)
{
    cog_state *s = node->state;
    bc_ring_init(&s->r, node->iarg[0], s->ring);
}

static BC_FEATURE_KERNEL void cog_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    cog_state *s = node->state;
    bc_ring *ring = &s->r;
    const int32_t p = ring->n;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        if (isnan(x[i])) { /* a missing bar is skipped, as ema's */
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        int32_t at = ring->pos; /* the slot this close goes to */
        bc_ring_push(ring, x[i]);
        if (!bc_ring_full(ring)) {
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        double num = 0.0, den = 0.0;
        for (int32_t k = 0; k < p; k++) { /* k bars ago, the newest first */
            double v = bc_ring_ago(ring, at, k);
            num += (double)(k + 1) * v;
            den += v;
        }
        BC_FEATURE_PUT(out, i, den != 0.0 ? -num / den : NAN);
    }
}

const bc_feature_kind bc_feature_kind_cog = {
    .name = "cog", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = cog_lookback,
    .state_size = cog_state_size, .reset = cog_reset, .run = cog_run,
};
