/*
 * firosc.c - a learned oscillator: a finite linear filter of the last n
 * one-bar close changes whose weights are a cubic polynomial of the lag, in
 * percent of the close, so a clone can fit a momentum indicator the grammar
 * does not name (ROC, MACD and its histogram, PPO, TRIX, KST, Coppock, DPO
 * and whatever a user's bot runs are such filters to a good approximation;
 * lib/clone/oscfilter.c fits it):
 *   firosc(n,c0,c1,c2,c3) = 100 * (A / close[t]),
 *   A = sum_{i=0}^{n-1} v_i * (close[t-i] - close[t-i-1]),
 *   p_i = ((c3 * u + c2) * u + c1) * u + c0,  u = (double)i / (double)(n-1),
 *   v_i = p_i / M,  M = |p_0| + |p_1| + ... + |p_{n-1}| (summed in order),
 * i bars ago (i = 0: this bar's change). The item is unchanged when every c
 * is scaled by the same positive factor and changes sign with a negative
 * one; firosc(n,1,0,0,0) is 100 (close - close@n) / (n close), the
 * momentum of n bars per bar in percent of the close. The weights are
 * computed once at reset; each bar sums v_i * (change) newest first with
 * separate multiplies and adds (no fma), so batch, streaming and the
 * exported template agree bit for bit.
 * n in 2..1000; the coefficients are any finite numbers whose M is not
 * zero (else a parse error); lookback n (NaN until n + 1 closes); NaN where
 * the close is 0. Usable wherever an oscillator is: above(firosc(...),x),
 * cross(firosc(...),x), cross(firosc(...),ema(firosc(...),9)).
 */
#include "feature_internal.h"
#include "core/internal.h"

typedef struct firosc_state {
    int32_t n, pos, filled;
    double slots[]; /* n weights (v_0 first), then the ring of the last n + 1 closes */
} firosc_state;

/* The weights of node into v (n of them); 0 when M is zero or not finite. */
int32_t bc_feature_firosc_weights(const bc_feature_node *node, double *v)
{
    const int32_t n = node->iarg[0];
    double total, mass;
    bc_feature_cubic_lags(node, v, &total, &mass);
    if (!(mass - mass == 0.0) || !(mass > 0.0))
        return 0;
    for (int32_t i = 0; i < n; i++)
        v[i] = v[i] / mass;
    return 1;
}

static int32_t firosc_check(const bc_feature_node *node, const char *text)
{
    double v[1000];
    if (!bc_feature_firosc_weights(node, v))
        return bc_fail(BC_E_PARSE,
                       "feature spec: %s: the weights are all zero or not finite (the "
                       "polynomial must not vanish over the window)", text);
    return BC_OK;
}

static int32_t firosc_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t firosc_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(firosc_state) + (int64_t)sizeof(double) * (2 * node->iarg[0] + 1);
}

static void firosc_reset(bc_feature_node *node)
{
    firosc_state *s = node->state;
    s->n = node->iarg[0];
    s->pos = 0;
    s->filled = 0;
    (void)bc_feature_firosc_weights(node, s->slots); /* checked at parse */
}

static BC_FEATURE_KERNEL void firosc_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    firosc_state *s = node->state;
    const int32_t len = s->n, size = s->n + 1;
    const double *v = s->slots;
    double *ring = s->slots + len;
    int32_t pos = s->pos, filled = s->filled;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t t = 0; t < n; t++) {
        ring[pos] = x[t];
        int32_t at = pos; /* the newest close */
        if (++pos == size)
            pos = 0;
        if (filled < size)
            filled++;
        if (filled < size || x[t] == 0.0) {
            BC_FEATURE_PUT(out, t, NAN);
            continue;
        }
        double acc = 0.0;
        for (int32_t i = 0; i < len; i++) {
            int32_t before = at == 0 ? size - 1 : at - 1;
            acc += v[i] * (ring[at] - ring[before]);
            at = before;
        }
        BC_FEATURE_PUT(out, t, 100.0 * (acc / x[t]));
    }
    s->pos = pos;
    s->filled = filled;
}

const bc_feature_kind bc_feature_kind_firosc = {
    .name = "firosc", .args = "idddd", .arg_min = {2}, .arg_max = {1000},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .check = firosc_check,
    .lookback = firosc_lookback, .state_size = firosc_state_size, .reset = firosc_reset,
    .run = firosc_run,
};
