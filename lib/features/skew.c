/*
 * skew.c - a level item of the twenty-second session:
 *   skew(n)   the population skewness of the last n one-bar returns r =
 *             close / close@1 - 1 (ret(1)): with mean = sum(r) / n, d = r -
 *             mean, m2 = sum(d^2) / n and m3 = sum(d^3) / n, skew = m3 /
 *             (m2 x sqrt(m2)) (m3 / m2^1.5, scipy.stats.skew(bias=True),
 *             pandas' biased moment ratio); the lopsidedness of the recent
 *             moves, scale-free (a fade of a skewed tape: levels +-0.5,
 *             +-0.75, +-1). 0 where m2 = 0 (a window of equal returns: no
 *             asymmetry). n >= 3; NaN until n returns exist: lookback n. The
 *             n returns are kept in a ring and the mean, then the second and
 *             third central moments summed afresh each bar in slot order
 *             (two passes, O(n) per bar, no drift).
 * The engine passes no bar with a non-finite close: such a bar is missing
 * and moves no state.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ret_window.h"

typedef struct skew_state {
    bc_ret_window w;    /* the ring's place, fill and previous close */
    double ring[];      /* n returns */
} skew_state;

static int32_t skew_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t skew_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(skew_state) + (int64_t)sizeof(double) * node->iarg[0];
}

static void skew_reset(bc_feature_node *node)
{
    skew_state *s = node->state;
    bc_ret_window_reset(&s->w, node->iarg[0]);
}

static inline double skew_step(skew_state *s, double close)
{
    double mean;
    if (!bc_ret_window_push(&s->w, s->ring, close, &mean))
        return NAN;
    const int32_t n = s->w.n;
    double s2 = 0.0, s3 = 0.0;
    for (int32_t k = 0; k < n; k++) {
        double d = s->ring[k] - mean;
        double d2 = d * d;
        s2 += d2;
        s3 += d2 * d;
    }
    double m2 = s2 / n, m3 = s3 / n;
    return m2 > 0.0 ? m3 / (m2 * sqrt(m2)) : 0.0;
}

static BC_FEATURE_KERNEL void skew_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    skew_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, skew_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_skew = {
    .name = "skew", .args = "i", .arg_min = {3}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = skew_lookback, .state_size = skew_state_size,
    .reset = skew_reset, .run = skew_run,
};
