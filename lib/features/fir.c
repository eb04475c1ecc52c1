/*
 * fir.c - a learned moving average: a finite linear filter of the last n
 * closes whose weights are a cubic polynomial of the lag, so a clone can
 * fit an average the grammar does not name (lib/clone/lagfilter.c):
 *   fir(n,c0,c1,c2,c3) = sum_{i=0}^{n-1} w_i * close[t-i],
 *   p_i = ((c3 * u + c2) * u + c1) * u + c0,  u = (double)i / (double)(n-1),
 *   w_i = p_i / P,  P = p_0 + p_1 + ... + p_{n-1} (summed in that order),
 * so the weights sum to 1 and the item is unchanged when every c is scaled
 * by the same nonzero factor; i bars ago (i = 0: this bar). fir(n,1,0,0,0)
 * is sma(n) and fir(n,1,-1,0,0) a linear-weighted average ending at 0 on
 * the oldest bar. The weights are computed once at reset; each bar sums
 * w_i * close[t-i] newest first with separate multiplies and adds (no fma),
 * so batch, streaming and the exported template agree bit for bit.
 * n in 2..1000; the coefficients are any finite numbers whose P is not
 * zero (|P| >= 1e-9 * sum |p_i|, else a parse error); lookback n-1 (NaN
 * until n closes). Usable wherever sma is: above(close,fir(...)),
 * cross(close,fir(...)).
 */
#include "feature_internal.h"
#include "core/internal.h"

typedef struct fir_state {
    int32_t n, pos, filled;
    double slots[]; /* n weights (w_0 first), then the ring of the last n closes */
} fir_state;

void bc_feature_cubic_lags(const bc_feature_node *node, double *p, double *total, double *mass)
{
    const int32_t n = node->iarg[0];
    const double c0 = node->darg, c1 = node->darg2, c2 = node->darg3, c3 = node->darg4;
    *total = 0.0;
    *mass = 0.0;
    for (int32_t i = 0; i < n; i++) {
        double u = (double)i / (double)(n - 1);
        double v = ((c3 * u + c2) * u + c1) * u + c0;
        p[i] = v;
        *total += v;
        *mass += fabs(v);
    }
}

/* The weights of node into w (n of them); 0 when P is zero or not finite. */
int32_t bc_feature_fir_weights(const bc_feature_node *node, double *w)
{
    const int32_t n = node->iarg[0];
    double total, mass;
    bc_feature_cubic_lags(node, w, &total, &mass);
    if (!(total - total == 0.0) || !(fabs(total) >= 1e-9 * mass) || total == 0.0)
        return 0;
    for (int32_t i = 0; i < n; i++)
        w[i] = w[i] / total;
    return 1;
}

static int32_t fir_check(const bc_feature_node *node, const char *text)
{
    double w[1000];
    if (!bc_feature_fir_weights(node, w))
        return bc_fail(BC_E_PARSE,
                       "feature spec: %s: the weights sum to zero (the polynomial's values "
                       "over the window must not cancel)", text);
    return BC_OK;
}

static int32_t fir_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t fir_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(fir_state) + (int64_t)sizeof(double) * 2 * node->iarg[0];
}

static void fir_reset(bc_feature_node *node)
{
    fir_state *s = node->state;
    s->n = node->iarg[0];
    s->pos = 0;
    s->filled = 0;
    (void)bc_feature_fir_weights(node, s->slots); /* checked at parse */
}

static BC_FEATURE_KERNEL void fir_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    fir_state *s = node->state;
    const int32_t len = s->n;
    const double *w = s->slots;
    double *ring = s->slots + len;
    int32_t pos = s->pos, filled = s->filled;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t t = 0; t < n; t++) {
        ring[pos] = x[t];
        int32_t at = pos; /* the newest close */
        if (++pos == len)
            pos = 0;
        if (filled < len)
            filled++;
        if (filled < len) {
            BC_FEATURE_PUT(out, t, NAN);
            continue;
        }
        double acc = 0.0;
        for (int32_t i = 0; i < len; i++) {
            acc += w[i] * ring[at];
            if (--at < 0)
                at = len - 1;
        }
        BC_FEATURE_PUT(out, t, acc);
    }
    s->pos = pos;
    s->filled = filled;
}

const bc_feature_kind bc_feature_kind_fir = {
    .name = "fir", .args = "idddd", .arg_min = {2}, .arg_max = {1000},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .check = fir_check, .lookback = fir_lookback,
    .state_size = fir_state_size, .reset = fir_reset, .run = fir_run,
};
