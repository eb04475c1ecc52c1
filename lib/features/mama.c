/*
 * mama.c - mama(fast,slow) -> .mama .fama: Ehlers' MESA adaptive moving
 * average and its following average as TA-Lib's MAMA computes them (the
 * same operations in the same order, no contraction), on the close:
 *
 *   smoother, Hilbert steps and period: hilbert.h (TA-Lib's WMA(4) sums,
 *                   the even/odd filter banks, I1 Q1 I2 Q2, Re Im and the
 *                   period's clamps), the Hilbert steps from bar 12 on;
 *   phase           atan(Q1 / I1) in degrees (0 where I1 is 0); delta =
 *                   phase@1 - phase, at least 1; alpha = fast / delta when
 *                   delta > 1, at least slow; fast when delta is 1;
 *   averages        mama = alpha x + (1 - alpha) mama@1, fama = (alpha / 2)
 *                   mama + (1 - alpha / 2) fama@1, both from 0 at bar 12;
 *
 * Lookback 32 (TA-Lib's: NaN before bar 32). Missing bars never reach the
 * kernel (the engine skips them), so the bars are the bars with a close
 * and the parity counts them, as TA-Lib counts its input from the first
 * finite value. fast and slow are TA-Lib's limits, each within [0.01, 0.99]
 * (TA-Lib's range; its defaults 0.5 and 0.05). Must not allocate.
 */
#include "feature_internal.h"
#include "core/internal.h"

#include "hilbert.h"

#define MAMA_LOOKBACK 32
#define MAMA_HILBERT_START 12 /* 3 bars of WMA start, 9 of WMA warm-up */

typedef struct mama_state {
    int32_t seen;           /* bars so far, up to MAMA_LOOKBACK + 1 */
    bc_hilbert h;
    double fast, slow, prev_phase;
    double mama, fama;
} mama_state;

/* One bar: NaN until bar MAMA_LOOKBACK. */
static inline void mama_step(mama_state *s, double x, double *mama, double *fama)
{
    *mama = *fama = NAN;
    int32_t k = s->seen;
    if (k < MAMA_LOOKBACK)
        s->seen++;
    double smooth = bc_hilbert_smooth(&s->h, k, x);
    if (k < MAMA_HILBERT_START)
        return;
    double i1, q1;
    bc_hilbert_step(&s->h, smooth, &i1, &q1);
    double phase = i1 != 0.0 ? atan(q1 / i1) * s->h.rad2deg : 0.0;

    double alpha = s->prev_phase - phase; /* the delta phase, at least 1 */
    s->prev_phase = phase;
    if (alpha < 1.0)
        alpha = 1.0;
    if (alpha > 1.0) {
        alpha = s->fast / alpha;
        if (alpha < s->slow)
            alpha = s->slow;
    } else {
        alpha = s->fast;
    }
    s->mama = alpha * x + (1 - alpha) * s->mama;
    alpha *= 0.5;
    s->fama = alpha * s->mama + (1 - alpha) * s->fama;
    if (k >= MAMA_LOOKBACK) {
        *mama = s->mama;
        *fama = s->fama;
    }
}

/* TA-Lib's range for both limits. */
static int32_t mama_check(const bc_feature_node *node, const char *text)
{
    static const char *const what[2] = {"fast", "slow"};
    double v[2] = {node->darg, node->darg2};
    for (int j = 0; j < 2; j++)
        if (!(v[j] >= 0.01 && v[j] <= 0.99))
            return bc_fail(BC_E_PARSE,
                           "feature spec: %s: the %s limit %.15g is outside [0.01, 0.99]", text,
                           what[j], v[j]);
    return BC_OK;
}

static int32_t mama_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return MAMA_LOOKBACK;
}

static int64_t mama_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(mama_state);
}

static void mama_reset(bc_feature_node *node)
{
    mama_state *s = node->state;
    memset(s, 0, sizeof *s);
    bc_hilbert_reset(&s->h);
    s->fast = node->darg;
    s->slow = node->darg2;
}

static BC_FEATURE_KERNEL void mama_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    mama_state *s = node->state;
    const double *c = in->close;
    bc_feature_column om = cols[node->slot], of = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double m, f;
        mama_step(s, c[i], &m, &f);
        BC_FEATURE_PUT(om, i, m);
        BC_FEATURE_PUT(of, i, f);
    }
}

const bc_feature_kind bc_feature_kind_mama = {
    .name = "mama", .args = "dd", .n_outputs = 2, .outputs = {"mama", "fama"},
    .needs = BC_FEATURE_IN_CLOSE, .check = mama_check, .lookback = mama_lookback,
    .state_size = mama_state_size, .reset = mama_reset, .run = mama_run,
};
