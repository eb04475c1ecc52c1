/*
 * kvo.c - two items of the sixteenth session's second helper:
 *   kvo(fast,slow,signal) -> .line .signal  the Klinger volume oscillator
 *            (Stephen Klinger; Stockcharts' definition): tp = high + low +
 *            close; trend = +1 on a bar whose tp is above the previous bar's,
 *            else -1 (an equal tp is -1); dm = high - low; cm = cm@1 + dm
 *            while the trend holds, dm@1 + dm on a bar where it turns (the
 *            trend before bar 1 is 0, so bar 1 always starts cm at dm@0 +
 *            dm@1); the volume force vf = volume x |2 (dm / cm - 1)| x trend
 *            x 100, 0 where cm is 0 (a flat run of bars). The first bar has
 *            no previous tp: vf starts on bar 1. line = ema(vf,fast) -
 *            ema(vf,slow), both TA-Lib EMAs (ema.h: seeded on the mean of
 *            their first n values) from bar 1's vf; signal = the TA-Lib
 *            EMA(signal) of the line from its first value. Both NaN until
 *            the signal exists, as macd and pvo: lookback slow + signal - 1
 *            (slow below fast is refused, as macd's). A missing bar (the
 *            engine skips it) moves no state: the next bar's tp, dm and
 *            trend compare with the last bar that came.
 *   correl(n) Pearson's r of the last n closes against time (the bar
 *            number), TA-Lib CORREL(close, bar index, n): r = sxy /
 *            sqrt(sxx syy) with x the closes, y = 0..n-1 oldest to newest
 *            (r does not depend on where y starts), computed each bar from
 *            the window itself (the mean, then the centred sums, summed
 *            oldest to newest; syy = n (n^2 - 1) / 12 exactly) rather than
 *            TA-Lib's running sums of the global bar number, whose y^2 grow
 *            with the series and cancel; 0 where sxx syy is below 1e-14
 *            (TA-Lib's TA_IS_ZERO_OR_NEG: flat closes), clamped to [-1, 1].
 *            Lookback n-1; a missing bar is skipped (it is not a time step).
 *            O(n) per bar.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ema.h"
#include "ring.h"
#include "core/internal.h"

/* ---- kvo: the Klinger volume oscillator ---------------------------------- */

typedef struct kvo_state {
    int32_t seen;        /* 0 before the first bar, then 1 */
    int32_t trend;       /* +1 / -1, 0 before bar 1 */
    double prev_tp, prev_dm, cm;
    bc_ema fast, slow, signal;
} kvo_state;

static int32_t kvo_check(const bc_feature_node *node, const char *text)
{
    if (node->iarg[1] < node->iarg[0])
        return bc_fail(BC_E_PARSE,
                       "feature spec: '%s': slow period %d is below fast period %d",
                       text, node->iarg[1], node->iarg[0]);
    return BC_OK;
}

static int32_t kvo_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[1] + node->iarg[2] - 1;
}

static int64_t kvo_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(kvo_state);
}

static void kvo_reset(bc_feature_node *node)
{
    kvo_state *s = node->state;
    s->seen = 0;
    s->trend = 0;
    s->prev_tp = s->prev_dm = s->cm = 0.0;
    bc_ema_init(&s->fast, node->iarg[0]);
    bc_ema_init(&s->slow, node->iarg[1]);
    bc_ema_init(&s->signal, node->iarg[2]);
}

/* One bar: the volume force (NaN on the first bar). */
static inline double kvo_force(kvo_state *s, double h, double l, double c, double v)
{
    double tp = h + l + c, dm = h - l, vf = NAN;
    if (s->seen) {
        int32_t tr = tp > s->prev_tp ? 1 : -1;
        s->cm = tr == s->trend ? s->cm + dm : s->prev_dm + dm;
        s->trend = tr;
        vf = s->cm != 0.0 ? v * fabs(2.0 * (dm / s->cm - 1.0)) * (double)tr * 100.0 : 0.0;
    }
    s->seen = 1;
    s->prev_tp = tp;
    s->prev_dm = dm;
    return vf;
}

static BC_FEATURE_KERNEL void kvo_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    kvo_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close, *v = in->volume;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double vf = kvo_force(s, h[i], l[i], c[i], v[i]), line = NAN, signal = NAN;
        if (!isnan(vf)) {
            double f = bc_ema_step(&s->fast, vf), sl = bc_ema_step(&s->slow, vf);
            if (bc_ema_seeded(&s->slow) && bc_ema_seeded(&s->fast)) {
                double x = f - sl;
                signal = bc_ema_step(&s->signal, x);
                if (!isnan(signal))
                    line = x; /* NaN until the signal exists */
            }
        }
        BC_FEATURE_PUT(ol, i, line);
        BC_FEATURE_PUT(os, i, signal);
    }
}

const bc_feature_kind bc_feature_kind_kvo = {
    .name = "kvo", .args = "iii", .arg_min = {1, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"line", "signal"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_VOLUME,
    .check = kvo_check, .lookback = kvo_lookback, .state_size = kvo_state_size,
    .reset = kvo_reset, .run = kvo_run,
};

/* ---- correl: Pearson's r of the close against time ------------------------ */

typedef struct correl_state {
    bc_ring r;
    double syy;          /* n (n^2 - 1) / 12 */
    double ring[];
} correl_state;

static int32_t correl_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t correl_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(correl_state, node->iarg[0]);
}

static void correl_reset(bc_feature_node *node)
{
    correl_state *s = node->state;
    double n = (double)node->iarg[0];
    bc_ring_init(&s->r, node->iarg[0], s->ring);
    s->syy = n * (n * n - 1.0) / 12.0;
}

static BC_FEATURE_KERNEL void correl_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    correl_state *s = node->state;
    bc_ring *ring = &s->r;
    const int32_t len = node->iarg[0];
    const double *c = in->close, half = (double)(len - 1) / 2.0;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        bc_ring_push(ring, c[i]);
        if (!bc_ring_full(ring)) {
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        /* oldest at pos */
        double sum = 0.0;
        for (int32_t j = 0, k = ring->pos; j < len; j++, k = bc_ring_next(ring, k))
            sum += ring->slot[k];
        double mean = sum / (double)len, sxx = 0.0, sxy = 0.0;
        for (int32_t j = 0, k = ring->pos; j < len; j++, k = bc_ring_next(ring, k)) {
            double d = ring->slot[k] - mean;
            sxx += d * d;
            sxy += d * ((double)j - half);
        }
        double q = sxx * s->syy, r = 0.0;
        if (q >= 0.00000000000001) {
            r = sxy / sqrt(q);
            r = r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
        }
        BC_FEATURE_PUT(out, i, r);
    }
}

const bc_feature_kind bc_feature_kind_correl = {
    .name = "correl", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = correl_lookback, .state_size = correl_state_size,
    .reset = correl_reset, .run = correl_run,
};
